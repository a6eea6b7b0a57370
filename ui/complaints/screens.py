"""The complaint screens for ``fieldsales demo --screenshots`` (called by desktop/screenshots.py).

The capture form (from the latest visit), the rep's list, the supervisor's team view, one
complaint with its clocks, and the report — in the window's current language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from local_db import complaints as cx
from local_db.tables import TABLES
from ui.complaints.area import ComplaintsArea
from ui.support.settling import settle_until

Shot = Callable[[QWidget, str], None]


def _latest_visit(db) -> str | None:
    visits = TABLES["visit"]
    with db.session() as s:
        return s.scalar(
            select(visits.c.id)
            .where(~visits.c.deleted, visits.c.check_in_at.is_not(None))
            .order_by(visits.c.check_in_at.desc())
            .limit(1)
        )


def capture(window, shot: Shot, settle: Callable[[int], None], timeout_s: float = 30) -> None:
    area = window.pages.get("complaints")
    if not isinstance(area, ComplaintsArea):
        return
    window.show_area("complaints")

    visit = _latest_visit(window.db)
    form = area.new_complaint(visit_id=visit) if visit else area.new_complaint()
    form.severity.setCurrentIndex(form.severity.findData("high"))
    form.category.setCurrentIndex(form.category.findData("delivery"))
    form.description.setPlainText(
        QCoreApplication.translate(
            "Screenshots",
            "The last two deliveries arrived three days late; the shop ran out of stock over the "
            "weekend. The customer expects a fixed delivery day.",
        )
    )
    shot(form, "50-complaint-form")
    form.reject()

    area.show_tab("mine")
    area.mine.set_view(cx.MINE)
    if not area.mine.model.total:  # a supervisor rarely owns complaints: show the customers' open ones
        area.mine.set_view(cx.ACTIVE)
    shot(window, "51-complaints-mine")
    if area.team is not None:
        area.show_tab("team")
        shot(window, "52-complaints-team")
    lst = area.current_list
    if lst.model.rowCount():
        lst.table.selectRow(0)
        dialog = area.open_complaint(lst.model.row(0)["id"])
        shot(dialog, "53-complaint-detail")
        dialog.reject()
    area.show_tab("report")
    settle_until(settle, lambda: area.report.data is not None, timeout_s)
    shot(window, "54-complaints-report")
    area.show_tab("team" if area.team is not None else "mine")
