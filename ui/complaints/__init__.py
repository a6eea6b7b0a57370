"""Complaints (客户投诉): capture, workflow, the rep's and the team's lists, the report.

Entry points for other pages
----------------------------

``open_complaint_form(parent, db, customer_id=None, visit_id=None) -> ComplaintForm``
    Record a complaint. Non-modal; returns the dialog, whose ``recorded(str)`` signal
    carries the new complaint's id once the local write committed (the main window's
    ``localChanged`` is emitted too). Pass ``customer_id`` from the customer file, and
    ``visit_id`` when it is raised during a visit (the customer is then taken from the
    visit if not given, the channel defaults to "during a visit" and the visit's contact
    is preselected). Works offline; the recorder owns the complaint (首问负责制).

``open_complaint(parent, db, complaint_id, runner) -> ComplaintDialog``
    Show one complaint with its clocks and its next workflow step (``changed(str)``
    after each step) — e.g. from the customer file's history or the supervisor inbox.

``ComplaintsArea`` is the main window's Complaints page; ``new_complaint_action(window)``
the File menu's "New complaint" action (Ctrl+Shift+C).
"""

from ui.complaints.area import ComplaintsArea, new_complaint_action
from ui.complaints.detail import ComplaintDialog, open_complaint
from ui.complaints.form import ComplaintForm, open_complaint_form

__all__ = [
    "ComplaintDialog",
    "ComplaintForm",
    "ComplaintsArea",
    "new_complaint_action",
    "open_complaint",
    "open_complaint_form",
]
