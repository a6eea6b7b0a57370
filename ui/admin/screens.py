"""Screenshots of the administration area (``fieldsales demo --screenshots DIR --role admin``):
the territory editor, the import preview of a small file with good rows, bad rows and
likely duplicates, the users, the classification, price lists, targets and the settings.
Nothing is changed on the server.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from domain.enums import NodeKind
from ui.support.settling import settle_until

translate = QCoreApplication.translate


def _wait(settle: Callable[[int], None], ready: Callable[[], bool], timeout_s: float = 30) -> bool:
    settle_until(settle, ready, timeout_s)
    settle(200)
    return ready()


def demo_file(directory: Path, customers: list[dict], territory: str) -> Path:
    """A small customer list as an admin might get it: mostly good, some mistakes, two duplicates."""
    known = (
        customers[0]
        if customers
        else {"name": "杭州西湖茶叶有限公司", "phone": "0571-87654321", "code": "C000001"}
    )
    other = customers[1] if len(customers) > 1 else known
    rows = [
        ["客户名称", "联系电话", "邮箱", "客户类型", "片区", "联系人", "手机", "客户编号", "备注"],
        [
            "杭州明远科技有限公司",
            "0571-86012345",
            "info@mingyuan-tech.cn",
            "企业",
            "",
            "陈明",
            "13805712345",
            "",
            "",
        ],
        ["西湖区天天便利店", "0571-87001122", "", "个人", "", "周丽", "13906541234", "", "社区门店"],
        [known["name"], "", "", "企业", "", "", "", "", ""],
        ["滨江云杉贸易", known.get("phone") or "0571-80000000", "", "企业", "", "", "", "", ""],
        ["", "0571-85551234", "", "", "", "", "", "", "没有名称"],
        ["拱墅区鑫达五金", "12345", "sales@xinda", "企业", "", "", "", "", ""],
        ["", "", "", "", "", "吴会计", "13700001111", other.get("code", ""), "补充联系人"],
        ["余杭良品超市", "0571-88223344", "", "超市", "", "", "", "", ""],
        ["临平百汇商行", "0571-89112233", "", "企业", "NO-SUCH", "", "", "", ""],
        [
            "萧山华丰食品有限公司",
            "0571-82661234",
            "hf@huafengfood.cn",
            "企业",
            "",
            "郑华",
            "13588776655",
            "",
            "",
        ],
    ]
    path = directory / "客户导入-示例.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)
    return path


def capture(window, shot: Callable[[object, str], None], settle: Callable[[int], None]) -> None:
    from ui.main_window import ADMIN

    page = window.pages.get(ADMIN)
    if page is None or page.client is None:
        return
    window.show_area(ADMIN)
    editor = page.show_tab("territories")
    editor.load()
    _wait(settle, lambda: editor.busy == 0 and editor.tree_model.rowCount() > 0)
    territory = next(
        (
            n
            for n in sorted(editor.nodes.values(), key=lambda n: n["code"])
            if n["kind"] == NodeKind.TERRITORY.value and n["assignees"] and n["customers"]
        ),
        None,
    )
    if territory is not None:
        editor.select_node(territory["id"])
        _wait(settle, lambda: editor.busy == 0 and editor.customer_model.rowCount() > 0)
        editor.customer_view.selectRow(0)
    shot(window, "41-admin-territories")

    wizard = page.show_tab("import")
    _wait(settle, lambda: wizard.busy == 0 and wizard.territory.count() > 1)
    directory = Path(tempfile.mkdtemp(prefix="fieldsales-shots-"))
    code = territory["code"] if territory else None
    path = demo_file(directory, editor.customer_model.rows[:2], code or "")
    wizard.choose_file(path, territory=code)
    _wait(settle, lambda: wizard.busy == 0 and wizard.result is not None)
    shot(window, "42-admin-import-preview")
    wizard.show_box.setCurrentIndex(wizard.SHOW_PROBLEMS)
    settle(100)
    shot(window, "43-admin-import-problems")
    wizard.show_box.setCurrentIndex(wizard.SHOW_ALL)

    users = page.show_tab("users")
    _wait(settle, lambda: users.busy == 0 and users.model.rowCount() > 0)
    shot(window, "44-admin-users")
    classification = page.show_tab("classification")
    _wait(settle, lambda: classification.busy == 0)
    shot(window, "45-admin-classification")
    lists = page.show_tab("price_lists")
    _wait(settle, lambda: lists.busy == 0 and lists.lists.rowCount() > 0)
    shot(window, "46-admin-price-lists")
    targets = page.show_tab("targets")
    _wait(settle, lambda: targets.busy == 0 and targets.model.rowCount() > 0)
    shot(window, "47-admin-targets")
    settings = page.show_tab("settings")
    settings.load()
    _wait(settle, lambda: settings.busy == 0)
    shot(window, "48-admin-settings")
    page.show_tab("territories")
