"""Importing customers and contacts: a file with good rows, bad rows and duplicates.

The preview lists each problem by row and writes nothing; the commit stores exactly the
rows the admin confirmed, all or nothing; the CLI uses the same importer.
"""

from __future__ import annotations

import base64
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from server import cli, importer
from server.store.tables import TABLES
from tests.factories import build_org
from tests.server.test_admin_territories import Api
from tests.sync.helpers import Laptop

HEADER = ["客户名称", "电话", "邮箱", "客户类型", "片区", "联系人", "手机", "客户编号", "备注"]
# build_org: customer C00001 is "N1 客户 0" with phone 0571-88000001.
ROWS = [
    [
        "杭州西湖茶叶有限公司",
        "0571-87654321",
        "info@xihutea.cn",
        "企业",
        "",
        "王经理",
        "13812345678",
        "",
        "good",
    ],  # 2
    ["", "0571-87650000", "", "", "", "", "", "", "no name"],  # 3: error
    ["宁波海鲜批发", "12345", "not-an-email", "", "", "", "", "", "bad phone and email"],  # 4: errors
    ["n1 客户 0", "", "", "", "", "", "", "", "same name as C00001"],  # 5: duplicate (existing, name)
    [
        "温州鞋业",
        "0571 8800 0002",
        "",
        "个人",
        "N2",
        "",
        "",
        "",
        "same phone as C00002",
    ],  # 6: duplicate (phone)
    ["杭州 西湖茶叶公司", "", "", "", "", "", "", "", "same name as row 2"],  # 7: duplicate (file)
    ["", "", "", "", "", "李会计", "13900001111", "C00001", "a contact for C00001"],  # 8: contact
    ["绍兴黄酒坊", "0575-85551234", "", "家庭", "S1", "", "", "IMP-9", "good, own code"],  # 9
    ["", "", "", "", "", "赵总", "", "IMP-9", "a contact for row 9"],  # 10: contact of row 9
    ["嘉兴粽子厂", "", "", "外星人", "ZZ", "", "", "", "bad type and territory"],  # 11: errors
    ["", "", "", "", "", "", "", "", ""],  # 12: blank, skipped
    ["台州模具", "", "", "", "N", "", "", "", "a region"],  # 13: error
]


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8") -> bytes:
    out = io.StringIO()
    import csv

    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows=ROWS, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(header)
    for r in rows:
        ws.append([int(c) if c.isdigit() and len(c) == 11 else (c or None) for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_utf16_files_with_a_byte_order_mark_read_like_utf8():
    # Excel's "Unicode Text" save: UTF-16 little-endian with a BOM, tab-separated.
    out = io.StringIO()
    import csv

    csv.writer(out, dialect="excel-tab").writerows([HEADER, *ROWS])
    utf8 = importer.read_table("customers.csv", csv_bytes())
    for encoding in ("utf-16", "utf-16-be"):
        content = out.getvalue().encode(encoding)
        if encoding == "utf-16-be":
            content = b"\xfe\xff" + content
        table = importer.read_table("customers.txt", content)
        assert table.headers == HEADER
        assert table.rows == utf8.rows


def test_a_damaged_utf16_file_is_refused_in_words():
    content = "客户名称,电话\n".encode("utf-16") + b"\x00"  # odd length: a byte is missing
    with pytest.raises(importer.ImportFileError, match="UTF-16 but is damaged"):
        importer.read_table("customers.csv", content)


def count(store, entity: str) -> int:
    with store.session() as s:
        t = TABLES[entity]
        return s.scalar(select(func.count()).select_from(t).where(~t.c.deleted))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_preview_reports_each_problem_by_row_and_stores_nothing(sqlite_store, kind):
    build_org(sqlite_store)
    content = csv_bytes() if kind == "csv" else xlsx_bytes()
    table = importer.read_table(f"customers.{kind}", content)
    assert table.headers == HEADER
    with sqlite_store.session() as s:
        a = importer.analyse(s, table, None, "N1")
    assert a.problems == []
    assert (
        a.mapping["客户名称"] == "name"
        and a.mapping["手机"] == "contact_mobile"
        and a.mapping["备注"] == "notes"
    )
    status = {r.row: r.status for r in a.rows}
    assert status == {
        2: "new",
        3: "error",
        4: "error",
        5: "duplicate",
        6: "duplicate",
        7: "duplicate",
        8: "contact",
        9: "new",
        10: "contact",
        11: "error",
        13: "error",
    }
    rows = a.by_row()
    assert [(i.field, i.code) for i in rows[3].errors] == [("name", "required")]
    assert [(i.field, i.code) for i in rows[4].errors] == [
        ("phone", "invalid_phone"),
        ("email", "invalid_email"),
    ]
    assert {(i.field, i.code) for i in rows[11].errors} == {
        ("customer_type", "invalid_choice"),
        ("territory", "unknown_territory"),
    }
    assert [(i.field, i.code) for i in rows[13].errors] == [("territory", "region_not_allowed")]
    assert [(d.kind, d.code, d.reasons) for d in rows[5].duplicates] == [("existing", "C00001", ("name",))]
    assert [(d.kind, d.code, d.reasons) for d in rows[6].duplicates] == [("existing", "C00002", ("phone",))]
    assert [(d.kind, d.row, d.reasons) for d in rows[7].duplicates] == [("file", 2, ("name",))]
    assert rows[8].customer_ref == "C00001" and rows[10].customer_ref == "row 9"
    assert count(sqlite_store, "customer") == 12 and count(sqlite_store, "contact") == 24


def test_import_stores_only_what_the_admin_confirmed(any_store, live_server, tmp_path):
    o = build_org(any_store)
    srv = live_server(any_store)
    rep = Laptop(tmp_path / "a.sqlite3", srv.url, "rep_a").login()
    rep.sync()
    admin = Api(srv.url, "admin")
    body = {
        "filename": "客户.csv",
        "content": base64.b64encode(csv_bytes(encoding="gb18030")).decode(),
        "territory": "N1",
    }
    preview = admin("POST", "/admin/import/preview", body)
    assert preview["counts"] == {"new": 2, "contact": 2, "duplicate": 3, "error": 4, "rows": 11}
    by_row = {r["row"]: r for r in preview["rows"]}
    assert [e["message"] for e in by_row[3]["errors"]] == ["Customer name is required."]
    assert by_row[6]["duplicates"][0]["reasons"] == ["phone"] and by_row[6]["preselected"] is False
    assert by_row[2]["cells"]["name"] == "杭州西湖茶叶有限公司"
    before = count(any_store, "customer"), count(any_store, "contact")

    # A confirmed row with errors: nothing is stored, every problem is listed by row.
    r = admin(
        "POST",
        "/admin/import/commit",
        {**body, "rows": [2, 4, 6, 11], "sha256": preview["sha256"]},
        expect=422,
    )
    assert r["error"]["code"] == "import_refused"
    assert sorted({(p["row"], p["field"]) for p in r["error"]["details"]}) == [
        (4, "email"),
        (4, "phone"),
        (11, "customer_type"),
        (11, "territory"),
    ]
    # A contact whose customer row is not confirmed cannot be imported either.
    r = admin("POST", "/admin/import/commit", {**body, "rows": [2, 10]}, expect=422)
    assert [(p["row"], p["code"]) for p in r["error"]["details"]] == [(10, "parent_not_imported")]
    assert (count(any_store, "customer"), count(any_store, "contact")) == before

    # The admin confirms the good rows and one duplicate (row 6 is really another company).
    report = admin(
        "POST", "/admin/import/commit", {**body, "rows": [2, 6, 8, 9, 10], "sha256": preview["sha256"]}
    )
    assert (report["customers"], report["contacts"], report["duplicates_confirmed"]) == (3, 3, 1)
    assert report["skipped"] == [3, 4, 5, 7, 11, 13]
    assert sorted({p["row"] for p in report["problems"]}) == [3, 4, 11, 13]
    assert (count(any_store, "customer"), count(any_store, "contact")) == (before[0] + 3, before[1] + 3)
    c, ct, t = TABLES["customer"], TABLES["contact"], TABLES["territory"]
    with any_store.session() as s:
        made = {
            r.name: r
            for r in s.execute(
                select(
                    c.c.name, c.c.code, c.c.customer_type, c.c.owner_id, t.c.code.label("territory"), c.c.id
                )
                .join(t, t.c.id == c.c.territory_id)
                .where(c.c.code.in_(list(report["customer_codes"].values())))
            )
        }
        assert set(made) == {"杭州西湖茶叶有限公司", "温州鞋业", "绍兴黄酒坊"}
        assert made["绍兴黄酒坊"].code == "IMP-9" and made["绍兴黄酒坊"].customer_type == "household"
        assert made["温州鞋业"].territory == "N2" and made["温州鞋业"].owner_id == o.users["rep_b"]
        assert made["杭州西湖茶叶有限公司"].owner_id == o.users["rep_a"]
        assert made["杭州西湖茶叶有限公司"].code == report["customer_codes"]["2"]
        primary = s.execute(
            select(ct.c.name, ct.c.mobile, ct.c.is_primary).where(
                ct.c.customer_id == made["杭州西湖茶叶有限公司"].id
            )
        ).one()
        assert tuple(primary) == ("王经理", "13812345678", True)
        assert s.scalar(
            select(ct.c.name).where(ct.c.customer_id == o.customers["N1"][0], ct.c.name == "李会计")
        )
        assert s.scalar(select(ct.c.name).where(ct.c.customer_id == made["绍兴黄酒坊"].id)) == "赵总"
    rep.sync()  # the new N1 customer reaches rep A's laptop
    assert made["杭州西湖茶叶有限公司"].id in rep.ids("customer")

    # Importing the same file again: the new rows are now duplicates or taken codes.
    again = admin("POST", "/admin/import/preview", body)
    assert {r["row"]: r["status"] for r in again["rows"]}[2] == "duplicate"
    assert {r["row"]: r["status"] for r in again["rows"]}[10] == "contact"  # IMP-9 exists now


def test_mapping_and_file_problems_are_readable(sqlite_store, live_server):
    build_org(sqlite_store, per_territory=1)
    srv = live_server(sqlite_store)
    admin = Api(srv.url, "admin")

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    good = b64(csv_bytes())

    def refused(filename: str, content: str) -> str:
        """The words of the preview's 400 for a file it cannot read."""
        r = admin("POST", "/admin/import/preview", {"filename": filename, "content": content}, expect=400)
        return r["error"]["message"]

    def problems(**more) -> dict:
        """The preview of the good file with ``more`` in its request."""
        return admin("POST", "/admin/import/preview", {"filename": "x.csv", "content": good, **more})

    assert "base64" in refused("x.csv", "%%%")
    assert ".xlsx" in refused("x.xls", b64(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    assert "Excel" in refused("x.xlsx", b64(b"PK\x03\x04 broken"))
    assert "empty" in refused("x.csv", b64(b"\n\n"))
    p = problems(mapping={"客户名称": "name", "电话": "name"})
    assert [i["code"] for i in p["problems"]] == ["mapped_twice"] and p["rows"] == []
    p = problems(mapping={"电话": "phone"})
    assert [i["code"] for i in p["problems"]] == ["name_not_mapped"]
    p = problems(territory="N")
    assert [i["code"] for i in p["problems"]] == ["region_not_allowed"]
    r = admin(
        "POST",
        "/admin/import/commit",
        {"filename": "x.csv", "content": good, "territory": "N1", "rows": [2], "sha256": "0" * 64},
        expect=409,
    )
    assert "previewed" in r["error"]["message"]
    r = admin(
        "POST",
        "/admin/import/commit",
        {"filename": "x.csv", "content": good, "territory": "N1", "rows": [99]},
        expect=422,
    )
    assert r["error"]["details"][0]["code"] == "no_such_row"


def test_cli_imports_with_the_same_importer(sqlite_store, tmp_path, capsys):
    build_org(sqlite_store)
    url = str(sqlite_store.engine.url)
    path = tmp_path / "customers.xlsx"
    path.write_bytes(xlsx_bytes())
    before = count(sqlite_store, "customer")

    def import_n1(*options: str) -> int:
        """``fieldsales-server import-customers`` of the file into N1; its exit code."""
        return cli.main(["--database-url", url, "import-customers", str(path), "--territory", "N1", *options])

    code = import_n1()
    out = capsys.readouterr().out
    assert code == 1 and "Nothing was imported" in out
    assert "row 4: Phone:" in out and "row 11: Customer type" in out and "row 7: looks like row 2" in out
    assert count(sqlite_store, "customer") == before
    code = import_n1("--skip-invalid", "--dry-run")
    assert code == 0 and "would import 2 customers and 3 contacts" in capsys.readouterr().out
    assert count(sqlite_store, "customer") == before
    code = import_n1("--skip-invalid", "--mapping", "备注=")
    out = capsys.readouterr().out
    assert code == 0 and "备注 → (ignored)" in out and "Imported 2 customers and 3 contacts" in out
    assert count(sqlite_store, "customer") == before + 2
