"""The lazy table model: one count and one page to open, more pages as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from local_db.queries import Sort
from ui.table_model import Column, LazyTableModel


class FakeSource:
    def __init__(self, n: int):
        self.rows = [{"id": f"{i:05d}", "n": i} for i in range(n)]
        self.fetches: list[tuple[int, int]] = []

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, sort, offset, limit):
        self.fetches.append((offset, limit))
        rows = sorted(self.rows, key=lambda r: r["n"], reverse=bool(sort and sort.descending))
        return rows[offset : offset + limit]


COLUMNS = [Column("n", "Number", lambda r: str(r["n"]), align=Qt.AlignmentFlag.AlignRight)]


def test_pages_are_fetched_only_when_asked(qtbot):
    source = FakeSource(450)
    model = LazyTableModel(COLUMNS, source, Sort("n"))
    model.reload()
    assert model.total == 450 and model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450 and not model.canFetchMore(QModelIndex())
    assert source.fetches == [(0, 200), (200, 200), (400, 200)]


def test_sort_reloads_from_the_first_page(qtbot):
    source = FakeSource(300)
    model = LazyTableModel(COLUMNS, source, Sort("n"))
    model.reload()
    model.fetchMore(QModelIndex())
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 200
    assert model.data(model.index(0, 0)) == "299"
    assert model.data(model.index(0, 0), LazyTableModel.ID_ROLE) == "00299"
