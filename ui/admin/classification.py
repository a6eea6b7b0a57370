"""Classification: when it last ran, run it now, the overrides with their reasons, and the
at-risk list (customers most likely to churn) that drives priority visits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from domain.enums import LifecycleStage, ValueTier, VisitGrade
from ui.admin.base import AdminTab
from ui.admin.common import ERROR_COLOUR, WARN_COLOUR, decimal_key, parse_time, part, table_view
from ui.admin.dialogs import ChoiceDialog, OverrideDialog
from ui.formatting import fmt_date, fmt_datetime
from ui.i18n import fill
from ui.labels import label
from ui.tables import Col, RowsModel

FIELDS = {"tier": ValueTier, "visit_grade": VisitGrade, "lifecycle_stage": LifecycleStage}


class ClassificationTab(AdminTab):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.last = QLabel(objectName="PageSubtitle", wordWrap=True)
        self.run_button = self.button(
            self.tr("Run classification now"),
            self.run_now,
            "Ctrl+Alt+R",
            self.tr(
                "Recompute value tiers, lifecycle stages, churn risk, visit grades and "
                "credit ratings from the history"
            ),
        )
        self.overrides = RowsModel(
            [
                Col("code", self.tr("Code"), width=9),
                Col("name", self.tr("Customer")),
                Col("fields", self.tr("Fixed values"), self._fixed, width=24),
                Col("reason", self.tr("Reason")),
                Col("by", self.tr("By"), width=8),
            ],
            parent=self,
        )
        self.override_view = table_view(self.overrides)
        self.no_overrides = QLabel(
            self.tr(
                "No overrides: every customer's classification comes from the rules. "
                "Supervisors (and you) can fix a value with a reason."
            )
        )
        self.no_overrides.setObjectName("PageSubtitle")
        self.no_overrides.setWordWrap(True)
        self.overrides.modelReset.connect(lambda: self.no_overrides.setVisible(not self.overrides.rows))
        self.risk = RowsModel(
            [
                Col("code", self.tr("Code"), width=9),
                Col("name", self.tr("Customer")),
                Col(
                    "churn_risk",
                    self.tr("Churn risk"),
                    lambda r: f"{decimal_key(r['churn_risk']) * 100:.0f} %",
                    sort=lambda r: decimal_key(r["churn_risk"]),
                    width=8,
                    right=True,
                    colour=lambda r: (
                        ERROR_COLOUR if decimal_key(r["churn_risk"]) >= decimal_key("0.8") else WARN_COLOUR
                    ),
                ),
                Col(
                    "stage",
                    self.tr("Lifecycle"),
                    lambda r: label(LifecycleStage, r["lifecycle_stage"]) if r.get("lifecycle_stage") else "",
                    width=9,
                ),
                Col(
                    "tier",
                    self.tr("Tier"),
                    lambda r: label(ValueTier, r["tier"]) if r.get("tier") else "",
                    width=7,
                ),
                Col(
                    "last_order",
                    self.tr("Last order"),
                    lambda r: fmt_date(_day(r.get("last_order"))),
                    sort=lambda r: r.get("last_order") or "",
                    width=10,
                ),
                Col("owner", self.tr("Rep"), lambda r: r.get("owner_name") or r.get("owner") or "", width=9),
                Col("phone", self.tr("Phone"), width=13),
            ],
            parent=self,
        )
        self.risk_view = table_view(self.risk)
        self.export_menu(self.override_view, self.overrides, "overrides")
        self.export_menu(self.risk_view, self.risk, "at-risk")

        top = QHBoxLayout()
        top.addWidget(self.last, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"))
        obar = QHBoxLayout()
        obar.addWidget(QLabel(self.tr("Overrides (kept by every run until cleared)")))
        obar.addStretch(1)
        obar.addWidget(
            self.button(
                self.tr("Override…"),
                self.ask_override,
                "Ctrl+Alt+O",
                self.tr("Fix the classification of the selected at-risk customer"),
            )
        )
        obar.addWidget(self.button(self.tr("Clear override"), self.clear_selected, "Ctrl+Alt+C"))
        rbar = QHBoxLayout()
        rbar.addWidget(
            QLabel(self.tr("At risk of churning (most likely first) — these drive priority visits"))
        )
        rbar.addStretch(1)
        rbar.addWidget(
            self.button(self.tr("Export…"), lambda: self.export_model(self.risk, "at-risk"), "Ctrl+Shift+E")
        )
        upper, lower = QWidget(), QWidget()
        uv, lv = QVBoxLayout(upper), QVBoxLayout(lower)
        uv.setContentsMargins(0, 0, 0, 0)
        lv.setContentsMargins(0, 0, 0, 0)
        uv.addLayout(obar)
        uv.addWidget(self.no_overrides)
        uv.addWidget(self.override_view)
        lv.addLayout(rbar)
        lv.addWidget(self.risk_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(1, 2)
        self.frame(top, split)

    def _fixed(self, r: dict) -> str:
        parts = []
        for key, value in r["fields"].items():
            enum = FIELDS.get(key)
            parts.append(label(enum, value) if enum else str(value))
        return ", ".join(parts)

    def load(self) -> None:
        super().load()
        self.call("GET", "/admin/classification/config", done=self._got_config)
        self.call("GET", "/admin/classification/overrides", done=self.overrides.set_rows)
        self.call("GET", "/classification/at-risk?limit=200", done=self.risk.set_rows)

    def _got_config(self, data: dict) -> None:
        last, cfg = data.get("last_run"), data["config"]
        every = cfg["schedule_hours"]
        schedule = (
            self.tr("Runs automatically every %n hour(s).", None, every)
            if every
            else self.tr("Scheduled runs are off.")
        )
        if last:
            self.last.setText(
                self.tr("Last run %1: %2 customers, %3 changed.")
                .replace("%1", fmt_datetime(parse_time(last["at"])))
                .replace("%2", str(last["customers"]))
                .replace("%3", str(last["changed"]))
                + " "
                + schedule
            )
        else:
            self.last.setText(self.tr("Not run yet.") + " " + schedule)

    def run_now(self) -> None:
        self.run_button.setEnabled(False)

        def done(summary: dict) -> None:
            self.run_button.setEnabled(True)
            text = self.tr(
                "Classified %1 customers: %2 changed, %3 at risk. Laptops get the new "
                "values at their next sync."
            )
            self.banner.show_message(
                fill(text, summary["customers"], summary["changed"], summary["at_risk"]), "ok"
            )
            self.load()

        def failed(exc: BaseException) -> None:
            from ui.errors import admin_error

            self.run_button.setEnabled(True)
            self.banner.show_message(admin_error(exc), "error")

        self.call("POST", "/admin/classification/run", {}, done=done, failed=failed)

    def ask_override(self) -> None:
        rows = self.risk_view.selectionModel().selectedRows()
        if rows:
            customer = self.risk.row(rows[0].row())
        else:
            choices = [(f"{r['name']} ({r['code']})", r) for r in self.risk.rows]
            dialog = ChoiceDialog(
                self.tr("Override"),
                self.tr("Choose the customer."),
                self.tr("Customer"),
                choices,
                parent=self,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value() is None:
                return
            customer = dialog.value()
        dialog = OverrideDialog(customer["name"], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.call(
                "PUT",
                f"/classification/overrides/{part(customer['id'])}",
                dialog.body(),
                done=lambda _r: self.load(),
                success=self.tr("Saved the override of %1.").replace("%1", customer["name"]),
            )

    def clear_selected(self) -> None:
        rows = self.override_view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.overrides.row(rows[0].row())
        self.call(
            "DELETE",
            f"/classification/overrides/{part(row['customer_id'])}",
            done=lambda _r: self.load(),
            success=self.tr("Cleared the override of %1; the computed values apply again.").replace(
                "%1", row["name"]
            ),
        )


def _day(text: str | None):
    from datetime import date

    return date.fromisoformat(text) if text else None
