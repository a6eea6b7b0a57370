"""Screenshots of the attachments (called by ``desktop/screenshots.py``): a visit log and a
complaint with their photos, the photo viewer, and the customer file's "Photos and files"
tab — in the window's current language. The demo seed puts photos on some visits
and complaints (``server.demo_photos``); without them there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QScrollArea, QWidget

from local_db import attachments as attachments_db
from ui.support.settling import settle_until

Shot = Callable[[QWidget, str], None]


def _wait_for_thumbnails(panel, settle: Callable[[int], None], timeout_s: float = 10) -> None:
    wanted = [v.sha256 for v in panel.views() if v.is_photo and v.sha256 in panel.model.here]
    settle_until(settle, lambda: all(panel.loader.get(sha) is not None for sha in wanted), timeout_s)
    settle(100)


def _scroll_to(widget: QWidget, settle: Callable[[int], None]) -> None:
    """Scroll the form so the panel shows in full (laid out first: sizes are known then)."""
    settle(150)
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        bar = parent.verticalScrollBar()
        bottom = widget.mapTo(parent.widget(), widget.rect().bottomLeft()).y()
        bar.setValue(min(bar.maximum(), max(0, bottom - parent.viewport().height() + 16)))


def capture(window, shot: Shot, settle: Callable[[int], None]) -> None:
    from ui.complaints.detail import ComplaintDialog
    from ui.customer_file.view import ATTACHMENTS_TAB
    from ui.main_window import CUSTOMERS
    from ui.visits.form import VisitForm

    def photos_of(dialog, box, panel, name: str) -> None:
        """Show ``dialog`` scrolled to its photos (``box``), once ``panel`` has drawn them."""
        dialog.show()
        _scroll_to(box, settle)
        _wait_for_thumbnails(panel, settle)
        shot(dialog, name)

    db = window.db
    visit = attachments_db.showcase_record(db, "visit")
    if visit is not None:
        form = VisitForm(db, visit, window, runner=window.runner)
        photos_of(form, form.attachments, form.attachments, "55-visit-photos")
        panel = form.attachments
        flagged = next((i for i, v in enumerate(panel.views()) if v.flags), 0)
        panel.open_row(flagged)
        viewer = panel.viewer
        if viewer is not None:
            settle_until(
                settle,
                lambda: (
                    viewer.current is None
                    or viewer.current.sha256 not in panel.model.here
                    or viewer.current.sha256 in viewer._decoded
                ),
            )
            shot(viewer, "56-photo-viewer")
            viewer.close()
        form.draft.enabled = False  # looking leaves no draft behind
        form.close()
        form.deleteLater()

    complaint = attachments_db.showcase_record(db, "complaint")
    if complaint is not None:
        dialog = ComplaintDialog(db, complaint, window, runner=window.runner)
        photos_of(dialog, dialog.attachments_box, dialog.attachments, "57-complaint-photos")
        dialog.reject()
        dialog.deleteLater()

    customers = window.pages.get(CUSTOMERS)
    shown = getattr(customers, "file", None)
    if shown is not None and shown.customer_id and customers.open_customer(shown.customer_id):
        window.show_area(CUSTOMERS)
        shown.tabs.setCurrentIndex(ATTACHMENTS_TAB)
        _wait_for_thumbnails(shown.attachments, settle)
        shot(window, "58-customer-file-photos")
        shown.tabs.setCurrentIndex(0)
        customers.show_list()
