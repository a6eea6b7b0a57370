"""The supervisor's visit-log review queue (稽查)."""

from ui.review.page import ReviewPage

__all__ = ["ReviewPage"]
