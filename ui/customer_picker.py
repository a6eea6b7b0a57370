"""The one customer picker of every form (quote, complaint, …).

It is the customer list's search in a field: name, code, address, city, phone digits and
contacts, Chinese names also by pinyin or initials (``local_db.queries.search_customers``
over the full-text index). The list under the field says so when nothing matches, and
Enter takes the highlighted customer (the best match unless the rep moved the highlight).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from local_db import queries
from ui.find_field import FindField, Found


class CustomerPicker(FindField):
    """``chosen(customer_id)`` when a customer is taken; ``customer_id`` is then set."""

    cleared = Signal()  # the rep typed over a chosen customer: none is chosen any more

    LIMIT = 12

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(self._find, parent, empty_text=self._no_match)
        self.db = db
        self.customer_id: str | None = None
        self.setPlaceholderText(self.tr("Type a customer's name, pinyin, code or phone, Enter to choose"))
        self.chosen.connect(self._remember)
        self.textEdited.connect(self._typed)

    def _find(self, text: str) -> list[Found]:
        with self.db.session() as s:
            rows = queries.search_customers(s, text, limit=self.LIMIT)
        return [
            Found(r["id"], r["name"], " · ".join(v for v in (r["code"], r["city"], r["phone"]) if v))
            for r in rows
        ]

    def _no_match(self, text: str) -> str:
        return self.tr("No customer matches “%1” (name, pinyin, code or phone)").replace("%1", text)

    def _remember(self, customer_id: str) -> None:
        self.customer_id = customer_id

    def _typed(self, _text: str) -> None:
        if self.customer_id is not None:
            self.customer_id = None
            self.cleared.emit()

    def show_customer(self, customer_id: str | None, name: str) -> None:
        """Show a customer chosen elsewhere (a draft reopened, a form opened for one)."""
        self.customer_id = customer_id
        self.setText(name)
        self.hide_results()
