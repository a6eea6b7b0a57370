"""Both languages ship complete: every string translated, catalogues compiled and loadable."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from domain import enums as E
from ui import i18n_tool
from ui.i18n import qm_path
from ui.labels import LABELS, label


def messages(ts) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (c.findtext("name"), m.findtext("source")) for c in root.iter("context") for m in c.iter("message")
    }


@pytest.mark.parametrize("language", i18n_tool.LANGUAGES)
def test_every_message_is_translated_and_compiled(qapp, language):
    ts = i18n_tool.ts_path(language)
    assert i18n_tool.unfinished(ts) == []
    translator = QTranslator()
    assert translator.load(str(qm_path(language))), f"{qm_path(language)} is missing or unreadable"
    assert not translator.isEmpty()


def test_catalogue_is_up_to_date_with_the_code(tmp_path):
    """Every string in ui/ and desktop/ is in the catalogue (run `make translations` if not)."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            i18n_tool._tool("pyside6-lupdate"),
            *i18n_tool.sources(),
            "-ts",
            str(fresh),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
        ],
        cwd=i18n_tool.ROOT,
        check=True,
    )
    missing = messages(fresh) - messages(i18n_tool.ts_path("zh_CN"))
    assert not missing, f"not in fieldsales_zh_CN.ts: {sorted(missing)}"


def test_every_enum_value_has_a_label():
    for enum in vars(E).values():
        if isinstance(enum, type) and issubclass(enum, E.StrEnum) and enum is not E.StrEnum:
            assert set(LABELS[enum]) == set(enum), enum.__name__


def test_chinese_users_read_their_business_terms(chinese):
    assert label(E.LifecycleStage, "prospect") == "潜在客户期"
    assert label(E.ValueTier, "vip") == "VIP客户"
    assert label(E.VisitPurpose, "relationship") == "客情维护"
    assert label(E.ComplaintStatus, "in_progress") == "处理中"
    assert label(E.VisitStatus, "in_progress") == "进行中"
    assert label(E.QuoteStatus, "accepted") == "已成交"
    assert label(E.ValueTier, "unknown-from-a-newer-server") == "unknown-from-a-newer-server"
    assert QCoreApplication.translate("Formatting", "%n min ago", None, 5) == "5 分钟前"


def test_english_plurals(english):
    assert QCoreApplication.translate("Formatting", "%n min ago", None, 1) == "1 min ago"
    assert (
        QCoreApplication.translate("CustomersPage", "%n customer(s) on this computer", "", 1)
        == "1 customer on this computer"
    )
    assert (
        QCoreApplication.translate("CustomersPage", "%n customer(s) on this computer", "", 7)
        == "7 customers on this computer"
    )
