"""Quotes on the laptop: the list and approvals, the editor, the catalogue, the printed PDF."""

from ui.quotes.catalog import CatalogDialog
from ui.quotes.editor import QuoteEditor
from ui.quotes.page import QuotesPage, new_quote_action

__all__ = ["CatalogDialog", "QuoteEditor", "QuotesPage", "new_quote_action"]
