"""Form building blocks of the rep workspace: fields with their message beside them, drafts.

Every form of the customer file and of the visit log is built from these, so they behave
the same: a message appears under the field as soon as what was typed is wrong (never in a
dialog box), nothing typed is lost when saving fails, and what the rep types is kept in
the local ``drafts`` table while they type, so it survives a crash or a closed lid.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from local_db import queries
from ui.formatting import to_local_qdatetime, translate, zone_note
from ui.labels import label
from ui.operations import DRAFT, LocalOp
from ui.widgets import label_grid

ERROR_STYLE = "color: #dc2626;"
WARNING_STYLE = "color: #b45309;"
INVALID_EDIT = "border: 1px solid #dc2626; border-radius: 3px;"


def fmt_time(value: datetime | None) -> str:
    """The local time of day of an instant, in the language's short format (09:30, 上午9:30)."""
    if value is None:
        return ""
    from PySide6.QtCore import QLocale

    return QLocale().toString(to_local_qdatetime(value).time(), QLocale.FormatType.ShortFormat) + zone_note(
        value
    )


def fmt_weekday(value: date) -> str:
    """Weekday and day without the year: "Mon 2 Mar" / "3月2日 周一" (the pattern is translated)."""
    from PySide6.QtCore import QLocale

    return QLocale().toString(QDate(value.year, value.month, value.day), translate("Fields", "ddd d MMM"))


def fmt_long_date(value: date) -> str:
    from PySide6.QtCore import QLocale

    return QLocale().toString(QDate(value.year, value.month, value.day), QLocale.FormatType.LongFormat)


# -- parsing what people type ------------------------------------------------------------------


class ParseError(ValueError):
    """Text that is not a value of the field's kind; the message is for the rep."""


def parse_money(text: str, *, allow_negative: bool = False) -> Decimal | None:
    """An amount typed by a person: ``1234.5``, ``1,234.50``, ``¥ 1 234``, full-width digits.

    Blank is ``None``. Raises ``ParseError`` with a translated sentence otherwise.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    for symbol in ("¥", "￥", "$", "€", "£", "CNY", "RMB", "元", ",", " ", "\u00a0", "'"):
        cleaned = cleaned.replace(symbol, "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ParseError(translate("Fields", "Enter an amount, for example 1280.50.")) from None
    if not value.is_finite():
        raise ParseError(translate("Fields", "Enter an amount, for example 1280.50."))
    if value < 0 and not allow_negative:
        raise ParseError(translate("Fields", "The amount cannot be negative."))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ParseError(translate("Fields", "Use at most two decimal places."))
    if abs(value) >= Decimal("1e15"):
        raise ParseError(translate("Fields", "This amount is too large."))
    return value


# -- a labelled field with its message ---------------------------------------------------------


class Field(QObject):
    """One input of a form: its label, its editor and the message line under it."""

    edited = Signal()

    def __init__(
        self,
        name: str,
        label_text: str,
        editor: QWidget,
        *,
        required: bool = False,
        hint: str = "",
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.name = name
        self.editor = editor
        self.required = required
        self.label = QLabel(label_text + (" *" if required else ""))
        self.label.setBuddy(editor)
        self.message = QLabel(objectName="FieldMessage", wordWrap=True)
        self.message.setVisible(False)
        self.hint = hint
        if hint:
            self._show_hint()
        editor.setObjectName(f"field_{name}")
        _connect_edits(editor, self.edited.emit)

    def _show_hint(self) -> None:
        self.message.setText(self.hint)
        self.message.setStyleSheet("color: #64748b;")
        self.message.setVisible(True)

    def set_error(self, text: str | None, *, warning: bool = False) -> None:
        if text:
            self.message.setText(text)
            self.message.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
            self.message.setVisible(True)
            if not warning:
                self.editor.setStyleSheet(INVALID_EDIT if not isinstance(self.editor, QCheckBox) else "")
            else:
                self.editor.setStyleSheet("")
        else:
            self.editor.setStyleSheet("")
            if self.hint:
                self._show_hint()
            else:
                self.message.clear()
                self.message.setVisible(False)

    @property
    def error(self) -> str:
        return self.message.text() if self.message.isVisible() and self.message.text() != self.hint else ""

    # -- values ------------------------------------------------------------------------------

    def text(self) -> str:
        e = self.editor
        if isinstance(e, QLineEdit):
            return e.text()
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        if isinstance(e, QComboBox):
            return e.currentText()
        return ""

    def value(self) -> Any:
        """The editor's value as stored in a draft (text, data of a combo, bool, ISO date)."""
        e = self.editor
        if isinstance(e, QComboBox):
            return e.currentData()
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, OptionalDate):
            d = e.date_value()
            return d.isoformat() if d else None
        return self.text()

    def set_value(self, value: Any) -> None:
        e = self.editor
        if isinstance(e, QLineEdit):
            e.setText("" if value is None else str(value))
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText("" if value is None else str(value))
        elif isinstance(e, QComboBox):
            i = e.findData(value)
            e.setCurrentIndex(i if i >= 0 else 0)
        elif isinstance(e, QCheckBox):
            e.setChecked(bool(value))
        elif isinstance(e, OptionalDate):
            e.set_date_value(
                date.fromisoformat(value)
                if isinstance(value, str) and value
                else value
                if isinstance(value, date)
                else None
            )


def _connect_edits(editor: QWidget, slot: Callable[[], None]) -> None:
    if isinstance(editor, QLineEdit):
        editor.textEdited.connect(lambda _t: slot())
    elif isinstance(editor, QPlainTextEdit):
        editor.textChanged.connect(slot)
    elif isinstance(editor, QComboBox):
        editor.currentIndexChanged.connect(lambda _i: slot())
    elif isinstance(editor, QCheckBox):
        editor.toggled.connect(lambda _b: slot())
    elif isinstance(editor, OptionalDate):
        editor.changed.connect(slot)


class OptionalDate(QWidget):
    """A date that may be left empty: a check box that switches a date editor on."""

    changed = Signal()

    def __init__(self, check_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(check_text)
        self.edit = QDateEdit(calendarPopup=True)
        self.edit.setDisplayFormat(_date_format())
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        row = QGridLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check, 0, 0)
        row.addWidget(self.edit, 0, 1)
        row.setColumnStretch(2, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _b: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.setFocusProxy(self.check)

    def date_value(self) -> date | None:
        if not self.check.isChecked():
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())

    def set_date_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


def _date_format() -> str:
    from PySide6.QtCore import QLocale

    return (
        QLocale().dateFormat(QLocale.FormatType.ShortFormat).replace("yy", "yyyy").replace("yyyyyyyy", "yyyy")
    )


def enum_combo(enum: type[Enum], *, blank: str | None = None, values: list[Enum] | None = None) -> QComboBox:
    """A combo box of an enum's labels in the current language; ``blank`` adds an empty first entry."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for member in values or list(enum):
        combo.addItem(label(enum, member), member.value)
    return combo


class FormLayout(QWidget):
    """Fields in rows: label on the left, editor and its message on the right."""

    def __init__(self, parent: QWidget | None = None, label_width: int = 0):
        super().__init__(parent)
        self.grid = label_grid(self, 12, 2)
        self._row = 0
        if label_width:
            self.grid.setColumnMinimumWidth(0, label_width)

    def add(self, field: Field) -> Field:
        field.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(field.label, self._row, 0)
        self.grid.addWidget(field.editor, self._row, 1)
        self.grid.addWidget(field.message, self._row + 1, 1)
        self.grid.setRowMinimumHeight(self._row + 1, 6)
        self._row += 2
        return field

    def add_widget(self, widget: QWidget, label_widget: QWidget | None = None) -> None:
        if label_widget is not None:
            self.grid.addWidget(
                label_widget, self._row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            )
        self.grid.addWidget(widget, self._row, 1)
        self._row += 1


# -- drafts ------------------------------------------------------------------------------------


class FieldsMixin:
    """For a form dialog: its fields by name (``self.fields``), each added with :meth:`add`
    and reported to the dialog's ``_edited(name)`` when the user changes it."""

    fields: dict[str, Field]

    def add(
        self,
        form: FormLayout,
        name: str,
        text: str,
        editor: QWidget,
        *,
        required: bool = False,
        hint: str = "",
        max_length: int | None = None,
    ) -> Field:
        if isinstance(editor, QLineEdit) and max_length:
            editor.setMaxLength(max_length)
        field = Field(name, text, editor, required=required, hint=hint, parent=self)
        field.edited.connect(lambda n=name: self._edited(n))
        self.fields[name] = form.add(field)
        return field


class DraftKeeper(QObject):
    """Keeps what a form holds in the local drafts table while the rep types.

    ``collect`` returns the form's values (JSON-able); every change schedules a save a
    moment later (typing is one write per pause, not per key), and ``flush`` saves at once
    (when the form closes or the app quits). ``discard`` removes the draft once the form's
    content was saved for real.
    """

    DELAY_MS = 400

    saved = Signal()

    def __init__(
        self,
        db,
        key: str,
        kind: str,
        collect: Callable[[], dict[str, Any]],
        customer_id: str | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.db, self.key, self.kind, self.collect, self.customer_id = db, key, kind, collect, customer_id
        self._timer = QTimer(self, singleShot=True, interval=self.DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.enabled = True

    def load(self) -> dict[str, Any] | None:
        with self.db.session() as s:
            return queries.load_draft(s, self.key)

    def changed(self) -> None:
        if self.enabled:
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        self._timer.stop()
        if not self.enabled:
            return
        key, kind, customer_id = self.key, self.kind, self.customer_id
        LocalOp.in_session(
            self, self.db, lambda s: queries.save_draft(s, key, kind, self.collect(), customer_id)
        ).local_only(DRAFT).run()
        self.saved.emit()

    def discard(self) -> None:
        self._timer.stop()
        self.enabled = False
        key = self.key
        LocalOp.in_session(self, self.db, lambda s: queries.delete_draft(s, key)).local_only(DRAFT).run()
