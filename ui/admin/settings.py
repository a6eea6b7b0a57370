"""Settings: the organisation-wide values every laptop uses offline — the complaint SLA, the
visit-review thresholds, the company profile on printed quotes, the app versions (latest
and minimum, for the update channel), the time zone, the laptop security rules and how
photos are prepared before they are attached.

Each section is read from and saved to the server (``/settings/sla``, ``/settings/review``,
``/settings/company``, …, ``/settings/attachments``) on its own: one Save is one request, one
transaction on the server, so a section is either saved whole or not at all, and a failure leaves the form as
the admin typed it with the reason in the banner. After a save the form shows what the
server stored. Laptops receive the change with their next sync.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from domain.attachments import MAX_FILE_MB, MAX_QUALITY, MAX_SIDE_PX, MIN_FILE_MB, MIN_QUALITY, MIN_SIDE_PX
from domain.enums import Severity, ValueTier
from domain.org_settings import COMPANY_FIELDS, MAX_LEASE_DAYS, MAX_LOCK_MINUTES
from ui.admin.base import AdminTab
from ui.admin.common import parse_time
from ui.formatting import fmt_datetime
from ui.i18n import fill
from ui.labels import label

SLA, REVIEW, COMPANY, RELEASE, TIME_ZONE, SECURITY, ATTACHMENTS = (
    "sla",
    "review",
    "company",
    "client-release",
    "time-zone",
    "security",
    "attachments",
)
SECTIONS = (SLA, REVIEW, COMPANY, RELEASE, TIME_ZONE, SECURITY, ATTACHMENTS)
#: Offered first in the time-zone list (any IANA name can be typed).
COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)
MAX_HOURS = 24 * 366


def _text(value: float, places: int) -> str:
    """A spin box's value as the exact decimal text the API takes (no float noise)."""
    return format(Decimal(str(round(value, places))).normalize(), "f")


def _hours(maximum: float = MAX_HOURS) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(2)
    box.setRange(0.01, maximum)
    box.setSingleStep(1)
    box.setMinimumWidth(110)
    box.setMaximumWidth(160)  # a number, not a line of text: a wide box reads as a text field
    return box


class SettingsTab(AdminTab):
    """The organisation settings, each section with Save and Restore defaults."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: dict[str, dict[str, Any]] = {}
        self.stamps: dict[str, QLabel] = {}
        self.save_buttons = {}
        self.reset_buttons = {}

        intro = QLabel(
            self.tr(
                "These values apply on every laptop, offline too, from its next sync. "
                "Each section is saved on its own."
            ),
            objectName="PageSubtitle",
            wordWrap=True,
        )
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.button(self.tr("Reload"), self.load, "Ctrl+Shift+R"))

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self._sla_box())
        column.addWidget(self._review_box())
        column.addWidget(self._company_box())
        column.addWidget(self._release_box())
        column.addWidget(self._time_zone_box())
        column.addWidget(self._security_box())
        column.addWidget(self._attachments_box())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.frame(top, scroll)
        self._set_enabled(False)

    # -- the sections ----------------------------------------------------------------------

    @staticmethod
    def _hint(form: QFormLayout, text: str) -> None:
        """A note under a section's fields: what the values do."""
        hint = QLabel(text, objectName="PageSubtitle", wordWrap=True)
        form.addRow(hint)

    def _section(self, key: str, title: str, save_text: str, shortcut: str, content) -> QGroupBox:
        box = QGroupBox(title)
        v = QVBoxLayout(box)
        v.addLayout(content)
        bar = QHBoxLayout()
        stamp = QLabel(objectName="PageSubtitle")
        self.stamps[key] = stamp
        bar.addWidget(stamp, 1)
        self.reset_buttons[key] = self.button(
            self.tr("Restore defaults…"),
            lambda: self.reset(key),
            tip=self.tr("Go back to the built-in values for this section"),
        )
        self.save_buttons[key] = self.button(save_text, lambda: self.save(key), shortcut, primary=True)
        bar.addWidget(self.reset_buttons[key])
        bar.addWidget(self.save_buttons[key])
        v.addLayout(bar)
        return box

    def _sla_box(self) -> QGroupBox:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Severity")), 0, 0)
        grid.addWidget(QLabel(self.tr("First response within (hours)")), 0, 1)
        grid.addWidget(QLabel(self.tr("Resolution within (hours)")), 0, 2)
        self.first_response: dict[str, QDoubleSpinBox] = {}
        self.resolution: dict[str, QDoubleSpinBox] = {}
        grid.setColumnStretch(3, 1)  # the boxes stay next to their labels; the slack goes right
        for row, severity in enumerate(reversed(list(Severity)), start=1):
            grid.addWidget(QLabel(label(Severity, severity.value)), row, 0)
            self.first_response[severity.value] = _hours()
            self.resolution[severity.value] = _hours()
            grid.addWidget(self.first_response[severity.value], row, 1)
            grid.addWidget(self.resolution[severity.value], row, 2)
        factors = QFormLayout()
        self.tier_factors: dict[str, QDoubleSpinBox] = {}
        for tier in ValueTier:
            box = QDoubleSpinBox()
            box.setDecimals(2)
            box.setRange(0.01, 10)
            box.setSingleStep(0.1)
            box.setMinimumWidth(90)
            box.setMaximumWidth(120)
            box.setToolTip(
                self.tr("Multiplies both durations for these customers: 0.5 halves them, 1 keeps them")
            )
            self.tier_factors[tier.value] = box
            factors.addRow(label(ValueTier, tier.value), box)
        content = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(grid)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Factor per customer tier")))
        right.addLayout(factors)
        right.addStretch(1)
        content.addLayout(left)
        content.addSpacing(48)
        content.addLayout(right)
        content.addStretch(1)
        return self._section(SLA, self.tr("Complaint SLA"), self.tr("Save SLA"), "Ctrl+Alt+S", content)

    def _review_box(self) -> QGroupBox:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.min_minutes = QSpinBox()
        self.min_minutes.setRange(0, 24 * 60)
        self.min_minutes.setSuffix(self.tr(" min"))
        self.max_distance = QDoubleSpinBox()
        self.max_distance.setDecimals(2)
        self.max_distance.setRange(0.01, 1000)
        self.max_distance.setSuffix(self.tr(" km"))
        self.max_delay = QSpinBox()
        self.max_delay.setRange(1, MAX_HOURS)
        self.max_delay.setSuffix(self.tr(" h"))
        self.in_person_only = QCheckBox(
            self.tr("Judge only in-person visits as too short (not phone or video)")
        )
        form.addRow(self.tr("A visit is too short under"), self.min_minutes)
        form.addRow(self.tr("Check-in is far from the customer beyond"), self.max_distance)
        form.addRow(self.tr("A log is late when it reaches the server after"), self.max_delay)
        form.addRow("", self.in_person_only)
        return self._section(
            REVIEW, self.tr("Visit review exceptions"), self.tr("Save thresholds"), "Ctrl+Alt+V", form
        )

    def _company_box(self) -> QGroupBox:
        titles = {
            "name_zh": self.tr("Company name (Chinese)"),
            "name_en": self.tr("Company name (English)"),
            "address_zh": self.tr("Address (Chinese)"),
            "address_en": self.tr("Address (English)"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
            "website": self.tr("Website"),
            "tax_id": self.tr("Tax ID"),
            "bank_zh": self.tr("Bank account (Chinese)"),
            "bank_en": self.tr("Bank account (English)"),
        }
        limits = {"phone": 40, "tax_id": 40}
        form = QFormLayout()
        self.company: dict[str, QLineEdit] = {}
        for name in COMPANY_FIELDS:
            edit = QLineEdit()
            edit.setMaxLength(limits.get(name, 200))
            self.company[name] = edit
            form.addRow(titles[name], edit)
        self._hint(
            form,
            self.tr(
                "Printed as the letterhead of quotes. Both names are required; empty lines are left off."
            ),
        )
        return self._section(COMPANY, self.tr("Company profile"), self.tr("Save profile"), "Ctrl+Alt+P", form)

    def _release_box(self) -> QGroupBox:
        form = QFormLayout()
        self.release: dict[str, QLineEdit] = {}
        for name, title, placeholder in (
            ("latest", self.tr("Latest version"), "1.4.2"),
            ("minimum", self.tr("Minimum version"), "1.3"),
            ("url", self.tr("Download address"), "https://intranet.example.cn/fieldsales/"),
        ):
            edit = QLineEdit(placeholderText=placeholder)
            edit.setMaxLength(500 if name == "url" else 40)
            self.release[name] = edit
            form.addRow(title, edit)
        self._hint(
            form,
            self.tr(
                "Apps older than the latest version say that an update is available. Apps older "
                "than the minimum cannot sync until they are updated; their work stays on the "
                "laptop and is sent after the update."
            ),
        )
        return self._section(RELEASE, self.tr("App updates"), self.tr("Save versions"), "Ctrl+Alt+U", form)

    def _time_zone_box(self) -> QGroupBox:
        form = QFormLayout()
        self.zone = QComboBox()
        self.zone.setEditable(True)  # any IANA name; the server refuses one it does not know
        known = [bytes(z.data()).decode() for z in QTimeZone.availableTimeZoneIds()]
        self.zone.addItems(list(COMMON_ZONES) + [z for z in known if z not in COMMON_ZONES and "/" in z])
        self.zone.setMinimumWidth(260)
        form.addRow(self.tr("Time zone"), self.zone)
        self._hint(
            form,
            self.tr(
                "Business days (visits per day, KPIs) follow this zone. A laptop set to another zone "
                "shows its own times and names its zone beside them."
            ),
        )
        return self._section(TIME_ZONE, self.tr("Time zone"), self.tr("Save time zone"), "Ctrl+Alt+T", form)

    def _security_box(self) -> QGroupBox:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.lock_after = QSpinBox()
        self.lock_after.setRange(0, MAX_LOCK_MINUTES)
        self.lock_after.setSuffix(self.tr(" min"))
        self.lock_after.setSpecialValueText(self.tr("never"))
        self.lease_days = QSpinBox()
        self.lease_days.setRange(0, MAX_LEASE_DAYS)
        self.lease_days.setSuffix(self.tr(" days"))
        self.lease_days.setSpecialValueText(self.tr("never"))
        form.addRow(self.tr("Lock the app after this long without input"), self.lock_after)
        form.addRow(self.tr("Lock local data when a laptop has not synced for"), self.lease_days)
        self._hint(
            form,
            self.tr(
                "The password unlocks the app offline; sync keeps running while it is locked. "
                "Data locked by the lease unlocks at the laptop's next sync."
            ),
        )
        return self._section(
            SECURITY, self.tr("Laptop security"), self.tr("Save security"), "Ctrl+Alt+L", form
        )

    def _attachments_box(self) -> QGroupBox:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.max_side = QSpinBox()
        self.max_side.setRange(MIN_SIDE_PX, MAX_SIDE_PX)
        self.max_side.setSingleStep(256)
        self.max_side.setSuffix(self.tr(" px"))
        self.jpeg_quality = QSpinBox()
        self.jpeg_quality.setRange(MIN_QUALITY, MAX_QUALITY)
        self.max_file_mb = QSpinBox()
        self.max_file_mb.setRange(MIN_FILE_MB, MAX_FILE_MB)
        self.max_file_mb.setSuffix(self.tr(" MB"))
        self.keep_originals = QCheckBox(
            self.tr("Keep original photos (upload them as taken, not downscaled)")
        )
        self.keep_location = QCheckBox(self.tr("Keep the location (GPS) of photos"))
        form.addRow(self.tr("Longest side of a photo"), self.max_side)
        form.addRow(self.tr("JPEG quality"), self.jpeg_quality)
        form.addRow(self.tr("Largest file"), self.max_file_mb)
        form.addRow("", self.keep_originals)
        form.addRow("", self.keep_location)
        self._hint(
            form,
            self.tr(
                "Laptops turn photos upright, downscale them and save them as JPEG at this quality "
                "before they are stored and uploaded, and remove the location unless it is kept. "
                "A file larger than the limit (after that) cannot be attached."
            ),
        )
        return self._section(
            ATTACHMENTS, self.tr("Photos and files"), self.tr("Save photo settings"), "Ctrl+Alt+F", form
        )

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        super().load()
        for key in SECTIONS:
            self.call("GET", f"/settings/{key}", done=lambda data, k=key: self.show_values(k, data))

    def show_values(self, key: str, data: dict[str, Any]) -> None:
        """Fill one section from the server's answer."""
        self.data[key] = data
        if key == SLA:
            for severity, target in data["targets"].items():
                if severity in self.first_response:
                    self.first_response[severity].setValue(float(target["first_response_hours"]))
                    self.resolution[severity].setValue(float(target["resolution_hours"]))
            for tier, factor in data.get("tier_factors", {}).items():
                if tier in self.tier_factors:
                    self.tier_factors[tier].setValue(float(factor))
        elif key == REVIEW:
            self.min_minutes.setValue(int(data["min_minutes"]))
            self.max_distance.setValue(float(data["max_distance_km"]))
            self.max_delay.setValue(int(data["max_delay_hours"]))
            self.in_person_only.setChecked(bool(data["short_in_person_only"]))
        elif key == RELEASE:
            for name, edit in self.release.items():
                edit.setText(data.get(name) or "")
        elif key == TIME_ZONE:
            self.zone.setCurrentText(data["zone"])
        elif key == SECURITY:
            self.lock_after.setValue(int(data["lock_after_minutes"]))
            self.lease_days.setValue(int(data["lease_days"]))
        elif key == ATTACHMENTS:
            self.max_side.setValue(int(data["max_side_px"]))
            self.jpeg_quality.setValue(int(data["jpeg_quality"]))
            self.max_file_mb.setValue(int(data["max_file_mb"]))
            self.keep_originals.setChecked(bool(data["keep_originals"]))
            self.keep_location.setChecked(bool(data["keep_location"]))
        else:
            for name, edit in self.company.items():
                edit.setText(data.get(name) or "")
        if data.get("is_default"):
            self.stamps[key].setText(self.tr("The built-in defaults are in use."))
        else:
            when = parse_time(data["updated_at"]) if data.get("updated_at") else None
            self.stamps[key].setText(
                self.tr("Set by an administrator, last changed %1.").replace(
                    "%1", fmt_datetime(when) if when else "—"
                )
            )
        self._set_enabled(True, key)

    def _set_enabled(self, enabled: bool, key: str | None = None) -> None:
        for k in (key,) if key else SECTIONS:
            self.save_buttons[k].setEnabled(enabled)
            self.reset_buttons[k].setEnabled(enabled)

    # -- writing ---------------------------------------------------------------------------

    def body(self, key: str) -> dict[str, Any]:
        """The request body of one section, from the form."""
        if key == SLA:
            return {
                "targets": {
                    s: {
                        "first_response_hours": _text(self.first_response[s].value(), 2),
                        "resolution_hours": _text(self.resolution[s].value(), 2),
                    }
                    for s in self.first_response
                },
                "tier_factors": {t: _text(box.value(), 2) for t, box in self.tier_factors.items()},
            }
        if key == REVIEW:
            return {
                "min_minutes": self.min_minutes.value(),
                "max_distance_km": _text(self.max_distance.value(), 2),
                "max_delay_hours": self.max_delay.value(),
                "short_in_person_only": self.in_person_only.isChecked(),
            }
        if key == RELEASE:
            values = {name: edit.text().strip() for name, edit in self.release.items()}
            return {
                "latest": values["latest"] or None,
                "minimum": values["minimum"] or None,
                "url": values["url"],
            }
        if key == TIME_ZONE:
            return {"zone": self.zone.currentText().strip()}
        if key == SECURITY:
            return {"lock_after_minutes": self.lock_after.value(), "lease_days": self.lease_days.value()}
        if key == ATTACHMENTS:
            return {
                "max_side_px": self.max_side.value(),
                "jpeg_quality": self.jpeg_quality.value(),
                "max_file_mb": self.max_file_mb.value(),
                "keep_originals": self.keep_originals.isChecked(),
                "keep_location": self.keep_location.isChecked(),
            }
        return {name: edit.text().strip() for name, edit in self.company.items()}

    def _titles(self) -> dict[str, str]:
        return {
            SLA: self.tr("The complaint SLA"),
            REVIEW: self.tr("The visit review thresholds"),
            COMPANY: self.tr("The company profile"),
            RELEASE: self.tr("The app versions"),
            TIME_ZONE: self.tr("The time zone"),
            SECURITY: self.tr("The laptop security rules"),
            ATTACHMENTS: self.tr("The photo and file settings"),
        }

    def save(self, key: str) -> None:
        if key == COMPANY and not all(self.company[n].text().strip() for n in ("name_zh", "name_en")):
            self.banner.show_message(self.tr("Enter the company's name in Chinese and in English."), "warn")
            return
        self._send(key, "PUT", self.tr("%1 is saved. Laptops use it from their next sync."), self.body(key))

    def reset(self, key: str) -> None:
        if not self.confirm(
            self.tr("Restore defaults"),
            self.tr("Replace %1 with the built-in defaults on every laptop?").replace(
                "%1", self._titles()[key]
            ),
        ):
            return
        self._send(
            key, "DELETE", self.tr("%1 is back to the defaults. Laptops use them from their next sync.")
        )

    def _send(self, key: str, method: str, done_text: str, body: dict | None = None) -> None:
        """``method`` the section ``key`` (its buttons off meanwhile); ``done_text``, with %1 the
        section's title, says it went through."""
        self._set_enabled(False, key)
        self.call(
            method,
            f"/settings/{key}",
            body,
            done=lambda data: self.show_values(key, data),
            failed=lambda exc: self._failed(key, exc),
            success=fill(done_text, self._titles()[key]),
        )

    def _failed(self, key: str, exc: BaseException) -> None:
        from ui.errors import admin_error

        self._set_enabled(key in self.data, key)
        self.banner.show_message(admin_error(exc), "error")
