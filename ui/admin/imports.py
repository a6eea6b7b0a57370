"""The import wizard: customers and contacts from a CSV or Excel file.

1. Choose the file (and the territory for rows that name none): the server parses it.
2. Map the columns (guessed from their names) and look at the preview: each row's status —
   new customer, added contact, possible duplicate, or cannot be imported — with its
   problems. New customers and contacts are ticked; duplicates only when the admin ticks
   them; rows with problems cannot be ticked.
3. Import: exactly the ticked rows are stored, all or none, and the report lists what was
   left out and why, by row.

The file is read on the task runner and sent with each step; the server keeps nothing
between them.
"""

from __future__ import annotations

import csv
from html import escape as esc
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from domain.enums import NodeKind
from ui.admin.base import AdminTab
from ui.admin.common import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR, WARN_COLOUR, table_view
from ui.i18n import fill
from ui.tables import Col, RowsModel

translate = QCoreApplication.translate

FIELD_LABELS = {
    "code": QT_TRANSLATE_NOOP("ImportFields", "Customer code"),
    "name": QT_TRANSLATE_NOOP("ImportFields", "Customer name"),
    "customer_type": QT_TRANSLATE_NOOP("ImportFields", "Customer type"),
    "industry": QT_TRANSLATE_NOOP("ImportFields", "Industry"),
    "address": QT_TRANSLATE_NOOP("ImportFields", "Address"),
    "city": QT_TRANSLATE_NOOP("ImportFields", "City"),
    "phone": QT_TRANSLATE_NOOP("ImportFields", "Phone"),
    "fax": QT_TRANSLATE_NOOP("ImportFields", "Fax"),
    "email": QT_TRANSLATE_NOOP("ImportFields", "Email"),
    "website": QT_TRANSLATE_NOOP("ImportFields", "Website"),
    "latitude": QT_TRANSLATE_NOOP("ImportFields", "Latitude"),
    "longitude": QT_TRANSLATE_NOOP("ImportFields", "Longitude"),
    "territory": QT_TRANSLATE_NOOP("ImportFields", "Territory"),
    "owner": QT_TRANSLATE_NOOP("ImportFields", "Sales rep"),
    "notes": QT_TRANSLATE_NOOP("ImportFields", "Notes"),
    "contact_name": QT_TRANSLATE_NOOP("ImportFields", "Contact name"),
    "contact_title": QT_TRANSLATE_NOOP("ImportFields", "Contact title"),
    "contact_phone": QT_TRANSLATE_NOOP("ImportFields", "Contact phone"),
    "contact_mobile": QT_TRANSLATE_NOOP("ImportFields", "Contact mobile"),
    "contact_email": QT_TRANSLATE_NOOP("ImportFields", "Contact email"),
    "contact_im": QT_TRANSLATE_NOOP("ImportFields", "WeChat / QQ"),
    "contact_role": QT_TRANSLATE_NOOP("ImportFields", "Decision role"),
}

PROBLEMS = {
    "required": QT_TRANSLATE_NOOP("ImportProblems", "%1 is required."),
    "too_long": QT_TRANSLATE_NOOP("ImportProblems", "%1 is too long."),
    "invalid_phone": QT_TRANSLATE_NOOP("ImportProblems", "%1 is not a phone number we recognise."),
    "invalid_email": QT_TRANSLATE_NOOP("ImportProblems", "%1 is not a valid email address."),
    "invalid_choice": QT_TRANSLATE_NOOP("ImportProblems", "%1 is not one of the allowed values."),
    "invalid_number": QT_TRANSLATE_NOOP("ImportProblems", "%1 is not a number."),
    "out_of_range": QT_TRANSLATE_NOOP("ImportProblems", "%1 is out of range."),
    "unknown_territory": QT_TRANSLATE_NOOP("ImportProblems", "No such territory."),
    "region_not_allowed": QT_TRANSLATE_NOOP(
        "ImportProblems", "That is a region; customers go into a territory or grid cell."
    ),
    "no_territory": QT_TRANSLATE_NOOP(
        "ImportProblems", "No territory: fill the Territory column or choose one for the import."
    ),
    "unknown_user": QT_TRANSLATE_NOOP("ImportProblems", "No such user."),
    "not_a_rep": QT_TRANSLATE_NOOP("ImportProblems", "The sales rep is not an active rep."),
    "code_exists": QT_TRANSLATE_NOOP("ImportProblems", "A customer with this code already exists."),
    "code_twice": QT_TRANSLATE_NOOP("ImportProblems", "An earlier row already uses this code."),
    "contact_name_required": QT_TRANSLATE_NOOP(
        "ImportProblems", "Contact name is required when contact details are given."
    ),
    "parent_not_imported": QT_TRANSLATE_NOOP(
        "ImportProblems", "The row of its customer is not being imported."
    ),
    "no_such_row": QT_TRANSLATE_NOOP("ImportProblems", "There is no such row in the file."),
    "mapped_twice": QT_TRANSLATE_NOOP("ImportProblems", "Two columns are mapped to %1; map each field once."),
    "name_not_mapped": QT_TRANSLATE_NOOP(
        "ImportProblems", "Map a column to Customer name (or Customer code)."
    ),
    "unknown_column": QT_TRANSLATE_NOOP(
        "ImportProblems", "The mapping names a column the file does not have."
    ),
    "unknown_field": QT_TRANSLATE_NOOP("ImportProblems", "The mapping names an unknown field."),
}

STATUS = {
    "new": (QT_TRANSLATE_NOOP("ImportStatus", "New customer"), OK_COLOUR),
    "contact": (QT_TRANSLATE_NOOP("ImportStatus", "Adds a contact"), OK_COLOUR),
    "duplicate": (QT_TRANSLATE_NOOP("ImportStatus", "Possible duplicate"), WARN_COLOUR),
    "error": (QT_TRANSLATE_NOOP("ImportStatus", "Cannot import"), ERROR_COLOUR),
}


#: What each column holds, for the list of expected columns (context "ImportFields").
FIELD_NOTES = {
    "name": QT_TRANSLATE_NOOP(
        "ImportFields", "required, unless the row only adds a contact to the customer above"
    ),
    "code": QT_TRANSLATE_NOOP("ImportFields", "empty: a new code is given"),
    "customer_type": QT_TRANSLATE_NOOP("ImportFields", "organisation, household or individual"),
    "territory": QT_TRANSLATE_NOOP("ImportFields", "a territory's or grid cell's code"),
    "owner": QT_TRANSLATE_NOOP("ImportFields", "a rep's username; empty: the territory's rep"),
    "latitude": QT_TRANSLATE_NOOP("ImportFields", "decimal degrees"),
    "longitude": QT_TRANSLATE_NOOP("ImportFields", "decimal degrees"),
}


def field_label(key: str | None) -> str:
    return translate("ImportFields", FIELD_LABELS[key]) if key in FIELD_LABELS else (key or "")


def problem_text(issue: dict) -> str:
    template = PROBLEMS.get(issue.get("code"))
    if template is None:
        return issue.get("message", "")
    return translate("ImportProblems", template).replace("%1", field_label(issue.get("field")))


def duplicate_text(d: dict) -> str:
    reasons = " + ".join(
        translate("ImportWizard", "same phone") if r == "phone" else translate("ImportWizard", "same name")
        for r in d["reasons"]
    )
    if d["kind"] == "existing":
        return (
            translate("ImportWizard", "Looks like customer %1 “%2” (%3)")
            .replace("%1", d.get("code") or "")
            .replace("%2", d["name"])
            .replace("%3", reasons)
        )
    return (
        translate("ImportWizard", "Looks like row %1 (%2)")
        .replace("%1", str(d["row"]))
        .replace("%2", reasons)
    )


class ImportWizard(AdminTab):
    previewed = Signal(dict)
    committed = Signal(object)  # the report, or the refusal's problems (list)

    SHOW_ALL, SHOW_PROBLEMS, SHOW_TICKED = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path: Path | None = None
        self.result: dict | None = None  # the last preview
        self.mapping: dict[str, str | None] = {}
        self.territories: list[tuple[str, str]] = []
        self.report: dict | None = None

        # step 1: the file
        self.file_label = QLabel(
            self.tr(
                "No file chosen. CSV (UTF-8 or GBK) or Excel .xlsx; the first row holds the column names."
            )
        )
        self.file_label.setObjectName("PageSubtitle")
        self.file_label.setWordWrap(True)
        self.territory = QComboBox()
        self.territory.setMinimumWidth(220)
        self.territory.currentIndexChanged.connect(lambda _i: self.result and self.preview())
        self.sheet = QComboBox()
        self.sheet.setVisible(False)
        self.sheet.activated.connect(lambda _i: self.preview())
        self.choose_button = self.button(self.tr("Choose file…"), self.ask_file, "Ctrl+O")
        self.template_button = self.button(
            self.tr("Download template…"),
            self.ask_template,
            "Ctrl+Alt+T",
            self.tr("Save an empty customer list with every column the import understands"),
        )
        self.columns_label = QLabel(self.expected_columns())
        self.columns_label.setObjectName("PageSubtitle")
        self.columns_label.setWordWrap(True)
        self.columns_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_button = self.button(
            self.tr("Preview again"),
            self.preview,
            "Ctrl+Alt+P",
            self.tr("Read the file again with the current mapping"),
        )
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.sheet)
        top.addWidget(QLabel(self.tr("Territory for rows without one")))
        top.addWidget(self.territory)
        top.addWidget(self.preview_button)
        top.addWidget(self.template_button)

        # step 2: the mapping and the preview
        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_grid.setContentsMargins(0, 0, 0, 0)
        self.mapping_grid.setHorizontalSpacing(10)
        self.mapping_grid.setVerticalSpacing(3)
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidget(self.mapping_box)
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setFrameShape(QFrame.Shape.NoFrame)
        self.mapping_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.mapping_area.setFixedHeight(96)
        self.mapping_title = QLabel(self.tr("Columns → fields (guessed from the column names; change any)"))
        self.mapping_title.setStyleSheet("font-weight: 600; color: #334155;")

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.show_box = QComboBox()
        self.show_box.addItems([self.tr("All rows"), self.tr("Rows with problems"), self.tr("Ticked rows")])
        self.show_box.currentIndexChanged.connect(lambda _i: self._fill_rows())
        self.model = RowsModel(
            [
                Col(
                    "row",
                    self.tr("Row"),
                    lambda r: str(r["row"]),
                    sort=lambda r: r["row"],
                    width=5,
                    right=True,
                ),
                Col(
                    "status",
                    self.tr("Status"),
                    lambda r: translate("ImportStatus", STATUS[r["status"]][0]),
                    width=12,
                    colour=lambda r: STATUS[r["status"]][1],
                    sort=lambda r: ("error", "duplicate", "contact", "new").index(r["status"]),
                ),
                Col(
                    "name",
                    self.tr("Customer"),
                    lambda r: (
                        r["cells"].get("name")
                        or (
                            self.tr("contact of %1").replace("%1", r["customer"]) if r.get("customer") else ""
                        )
                    ),
                    width=18,
                ),
                Col("phone", self.tr("Phone"), lambda r: r["cells"].get("phone") or "", width=13),
                Col("territory", self.tr("Territory"), lambda r: r["cells"].get("territory") or "", width=8),
                Col(
                    "contact",
                    self.tr("Contact"),
                    lambda r: " ".join(
                        x for x in (r["cells"].get("contact_name"), r["cells"].get("contact_mobile")) if x
                    ),
                    width=16,
                ),
                Col(
                    "problems",
                    self.tr("Problems and possible duplicates"),
                    self._problems,
                    colour=lambda r: (
                        ERROR_COLOUR if r["errors"] else WARN_COLOUR if r["duplicates"] else MUTED_COLOUR
                    ),
                ),
            ],
            checkable=True,
            parent=self,
        )
        self.model.can_check = lambda r: r["status"] != "error"
        self.ticked: set[int] = set()  # row numbers ticked, shown or not
        self.model.checkedChanged.connect(self._sync_ticks)
        self.view = table_view(self.model, multi=True)
        self.view.setObjectName("ImportPreview")
        self.view.setSortingEnabled(False)
        self.export_menu(self.view, self.model, "import")
        self.all_button = self.button(
            self.tr("Tick new customers and contacts"), self.tick_default, "Ctrl+Alt+A"
        )
        self.dup_button = self.button(
            self.tr("Tick duplicates too"),
            self.tick_duplicates,
            "Ctrl+Alt+U",
            self.tr("Import the rows that look like existing customers as well"),
        )
        self.none_button = self.button(
            self.tr("Untick all"), lambda: self.model.set_checked(set()), "Ctrl+Alt+Z"
        )
        self.import_button = self.button(self.tr("Import"), self.commit, "Ctrl+Alt+I")
        self.import_button.setStyleSheet("font-weight: 600;")
        self.export_button = self.button(
            self.tr("Export…"),
            lambda: self.export_model(self.model, "import-preview"),
            "Ctrl+Shift+E",
            self.tr("Export the preview or the report with its problems"),
        )
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.show_box)
        actions = QHBoxLayout()
        for b in (self.all_button, self.dup_button, self.none_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)

        self.frame(
            top,
            self.columns_label,
            self.mapping_title,
            self.mapping_area,
            bar,
            self.view,
            actions,
            stretch=self.view,
        )
        self._set_stage()

    # -- the steps ----------------------------------------------------------------------------------

    def load(self) -> None:
        super().load()
        self.call("GET", "/admin/territories", done=self._got_tree)

    def _got_tree(self, tree: dict) -> None:
        current = self.territory.currentData()
        self.territory.blockSignals(True)
        self.territory.clear()
        self.territory.addItem(self.tr("(only from the file)"), None)
        for n in sorted(tree["nodes"], key=lambda n: n["code"]):
            if n["kind"] != NodeKind.REGION.value:
                self.territory.addItem(f"{n['name']} ({n['code']})", n["code"])
        i = self.territory.findData(current)
        self.territory.setCurrentIndex(max(i, 0))
        self.territory.blockSignals(False)

    # -- what the file should look like --------------------------------------------------------

    def expected_columns(self) -> str:
        """The columns the import understands, in the order of the template, with what they hold."""
        parts = []
        for key in FIELD_LABELS:
            text = esc(field_label(key))
            if key in FIELD_NOTES:
                note = esc(translate("ImportFields", FIELD_NOTES[key]))
                text += f" <span style='color:#94a3b8'>({note})</span>"
            parts.append(f"<b>{text}</b>" if key == "name" else text)
        return (
            esc(self.tr("Columns, in any order, named in Chinese or English (the template has them all):"))
            + " "
            + " · ".join(parts)
        )

    def template_headers(self) -> list[str]:
        return [field_label(key) for key in FIELD_LABELS]

    def ask_template(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the import template"),
            self.tr("customer-import-template.csv"),
            self.tr("CSV (*.csv)"),
        )
        if path:
            self.save_template(Path(path))

    def save_template(self, path: Path) -> None:
        """A CSV with the column names only (UTF-8 with a BOM, so Excel shows the Chinese)."""
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                csv.writer(out).writerow(self.template_headers())
        except OSError as exc:
            self.banner.show_message(
                self.tr("Could not save the template: %1").replace("%1", str(exc)), "error"
            )
            return
        self.banner.show_message(
            self.tr("Saved the template to %1. Fill in one customer per row, then choose it here.").replace(
                "%1", str(path)
            ),
            "ok",
        )

    def ask_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self,
            self.tr("Import customers"),
            "",
            self.tr("Customer lists (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.choose_file(path)

    def choose_file(self, path: str | Path, territory: str | None = None) -> None:
        """Take a file (and optionally the default territory's code) and preview it."""
        self.path = Path(path)
        self.mapping = {}
        self.result = None
        self.report = None
        self.sheet.clear()
        if territory is not None:
            i = self.territory.findData(territory)
            if i < 0:
                self.territory.addItem(territory, territory)
                i = self.territory.count() - 1
            self.territory.blockSignals(True)
            self.territory.setCurrentIndex(i)
            self.territory.blockSignals(False)
        self.file_label.setText(str(self.path))
        self.preview()

    def _body(self) -> dict:
        body: dict = {"territory": self.territory.currentData()}
        if self.mapping:
            body["mapping"] = self.mapping
        if self.sheet.count() and self.sheet.currentText():
            body["sheet"] = self.sheet.currentText()
        return body

    def preview(self) -> None:
        if self.path is None:
            self.banner.show_message(self.tr("Choose a file first."), "info")
            return
        self.report = None
        self.banner.show_message(self.tr("Reading %1…").replace("%1", self.path.name), "info")
        self.call("POST", "/admin/import/preview", self._body(), file=str(self.path), done=self._previewed)

    def _previewed(self, result: dict) -> None:
        self.result = result
        self.mapping = dict(result["mapping"])
        if result["sheets"] and self.sheet.count() != len(result["sheets"]):
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(result["sheets"])
            self.sheet.setCurrentText(result["sheet"] or "")
            self.sheet.blockSignals(False)
        self.sheet.setVisible(len(result["sheets"]) > 1)
        self._fill_mapping()
        if result["problems"]:
            self.banner.show_message(" ".join(problem_text(p) for p in result["problems"]), "error")
        else:
            self.banner.hide()
        self._fill_rows(initial=True)
        self._set_stage()
        self.previewed.emit(result)

    def _fill_mapping(self) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        result = self.result
        first = result["rows"][0]["cells"] if result["rows"] else {}
        fields = [(self.tr("(ignore)"), None)] + [(field_label(f["key"]), f["key"]) for f in result["fields"]]
        for col, header in enumerate(result["headers"]):
            title = QLabel(header)
            title.setStyleSheet("font-weight: 600;")
            box = QComboBox()
            box.setObjectName(f"map:{header}")
            for text, key in fields:
                box.addItem(text, key)
            box.setCurrentIndex(max(0, box.findData(self.mapping.get(header))))
            box.activated.connect(lambda _i, h=header, b=box: self.set_mapping(h, b.currentData()))
            sample = QLabel(first.get(self.mapping.get(header) or "") or "")
            sample.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.mapping_grid.addWidget(title, 0, col)
            self.mapping_grid.addWidget(box, 1, col)
            self.mapping_grid.addWidget(sample, 2, col)

    def set_mapping(self, header: str, key: str | None) -> None:
        """Map a column to a field (None: ignore it) and preview again."""
        if key:
            for other, k in self.mapping.items():
                if k == key and other != header:
                    self.mapping[other] = None  # a field comes from one column
        self.mapping[header] = key
        self.preview()

    def _problems(self, r: dict) -> str:
        parts = [problem_text(i) for i in r["errors"]] + [duplicate_text(d) for d in r["duplicates"]]
        return " ".join(parts)

    def _fill_rows(self, initial: bool = False) -> None:
        if self.result is None:
            self.model.set_rows([])
            return
        if initial:
            self.ticked = {r["row"] for r in self.result["rows"] if r["preselected"]}
        ticked = set(self.ticked)
        mode = self.show_box.currentIndex()
        rows = [
            r
            for r in self.result["rows"]
            if mode == self.SHOW_ALL
            or (mode == self.SHOW_PROBLEMS and (r["errors"] or r["duplicates"]))
            or (mode == self.SHOW_TICKED and r["row"] in ticked)
        ]
        self.model.set_rows(rows, {i for i, r in enumerate(rows) if r["row"] in ticked})
        counts = self.result["counts"]
        self.summary.setText(
            self.tr(
                "<b>%1</b> rows: <span style='color:%2'>%3 new customers</span> · "
                "<span style='color:%2'>%4 added contacts</span> · <span style='color:%5'>%6 possible "
                "duplicates</span> · <span style='color:%7'>%8 cannot be imported</span>"
            )
            .replace("%1", str(counts["rows"]))
            .replace("%2", OK_COLOUR)
            .replace("%3", str(counts["new"]))
            .replace("%4", str(counts["contact"]))
            .replace("%5", WARN_COLOUR)
            .replace("%6", str(counts["duplicate"]))
            .replace("%7", ERROR_COLOUR)
            .replace("%8", str(counts["error"]))
        )
        self._update_import_button()

    def _sync_ticks(self) -> None:
        shown = {r["row"] for r in self.model.rows}
        checked = {self.model.row(i)["row"] for i in self.model.checked}
        self.ticked = (self.ticked - shown) | checked
        self._update_import_button()

    def ticked_rows(self) -> set[int]:
        return set(self.ticked)

    def tick(self, rows: set[int]) -> None:
        """Tick exactly these rows (those that can be imported)."""
        self.ticked = set(rows)
        self.model.set_checked({i for i, r in enumerate(self.model.rows) if r["row"] in rows})

    def tick_default(self) -> None:
        self.tick(
            {r["row"] for r in (self.result or {}).get("rows", []) if r["status"] in ("new", "contact")}
        )

    def tick_duplicates(self) -> None:
        self.tick(
            self.ticked_rows()
            | {r["row"] for r in (self.result or {}).get("rows", []) if r["status"] == "duplicate"}
        )

    def _update_import_button(self) -> None:
        n = len(self.ticked_rows()) if self.result else 0
        self.import_button.setText(self.tr("Import %n ticked row(s)", None, n))
        self.import_button.setEnabled(n > 0 and self.report is None)

    def _set_stage(self) -> None:
        has = self.result is not None
        for w in (self.mapping_title, self.mapping_area, self.summary, self.show_box):
            w.setVisible(has)
        for b in (self.all_button, self.dup_button, self.none_button, self.preview_button):
            b.setEnabled(has)
        self._update_import_button()

    # -- step 3: import ------------------------------------------------------------------------------

    def commit(self) -> None:
        if self.result is None or self.path is None:
            return
        rows = sorted(self.ticked_rows())
        if not rows:
            return
        body = {**self._body(), "mapping": self.mapping, "rows": rows, "sha256": self.result["sha256"]}
        self.import_button.setEnabled(False)
        self.banner.show_message(self.tr("Importing %n row(s)…", None, len(rows)), "info")
        self.call(
            "POST",
            "/admin/import/commit",
            body,
            file=str(self.path),
            done=self._committed,
            failed=self._refused,
        )

    def _committed(self, report: dict) -> None:
        self.report = report
        left = len(report["skipped"])
        text = self.tr(
            "Imported %1 new customers and %2 contacts (%3 confirmed duplicates). %4 rows were left out; "
            "the list below shows why. New customers reach their reps' laptops at the next sync."
        )
        counts = (report["customers"], report["contacts"], report["duplicates_confirmed"], left)
        self.banner.show_message(fill(text, *counts), "ok")
        skipped = set(report["skipped"])
        rows = [r for r in self.result["rows"] if r["row"] in skipped]
        self.show_box.blockSignals(True)
        self.show_box.setCurrentIndex(self.SHOW_ALL)
        self.show_box.blockSignals(False)
        self.ticked = set()
        self.model.set_rows(rows)
        self.summary.setText(self.tr("<b>Report</b>: rows left out, and why"))
        self._update_import_button()
        self.committed.emit(report)

    def _refused(self, exc: BaseException) -> None:
        from sync.transport import ServerRefused
        from ui.errors import admin_error

        details = getattr(exc, "details", None) if isinstance(exc, ServerRefused) else None
        if not details:
            self.banner.show_message(admin_error(exc), "error")
            self._update_import_button()
            self.committed.emit([])
            return
        by_row: dict[int, list[dict]] = {}
        for d in details:
            by_row.setdefault(d.get("row"), []).append(d)
        self.banner.show_message(
            self.tr(
                "Nothing was imported: %n ticked row(s) cannot be imported as they are (marked below).",
                None,
                len(by_row),
            ),
            "error",
        )
        for r in self.result["rows"]:
            if r["row"] in by_row:
                r["errors"] = r["errors"] + [d for d in by_row[r["row"]] if d not in r["errors"]]
        self._fill_rows()
        self.committed.emit(details)
