"""Form/server validators: phones, emails, required, length, duplicate customers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from domain.errors import InvalidValue
from domain.validation import (
    first_error,
    likely_duplicates,
    max_length,
    normalise_company_name,
    normalise_phone,
    parse_phone,
    required,
    validate_email,
    validate_phone,
)

# --------------------------------------------------------------------------- required / length


@pytest.mark.parametrize("blank", [None, "", "   ", "\t\n", "\u3000"])
def test_required_rejects_blank(blank: str | None) -> None:
    assert required(blank, "Customer name") == "Customer name is required."


def test_required_accepts_text() -> None:
    assert required("杭州西湖茶叶", "Customer name") is None
    assert required(0, "Quantity") is None  # 0 is a value, not a blank


def test_max_length_counts_characters_not_bytes() -> None:
    assert max_length("杭州西湖", 4, "Name") is None  # 4 characters, 12 UTF-8 bytes
    assert max_length("杭州西湖茶", 4, "Name") == "Name must be at most 4 characters (it has 5)."
    assert max_length(None, 4) is None


def test_first_error() -> None:
    assert first_error(None, "b", "c") == "b"
    assert first_error(None, None) is None
    assert first_error(required(" ", "Email"), validate_email(" ")) == "Email is required."


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # Chinese mobiles, any spacing or prefix
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+86-13812345678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("19912345678", "+8619912345678"),
        ("１３８１２３４５６７８", "+8613812345678"),  # full-width digits
        # landlines with area code
        ("0571-88886666", "+8657188886666"),
        ("021-12345678", "+862112345678"),
        ("010 12345678", "+861012345678"),
        ("(0571) 8888-6666", "+8657188886666"),
        ("0571-8888666", "+865718888666"),  # 7-digit local number
        ("+86 571 8888 6666", "+8657188886666"),
        ("+86-21-12345678", "+862112345678"),
        ("+86 (0)571 88886666", "+8657188886666"),
        ("+86 0571 88886666", "+8657188886666"),  # trunk 0 kept by mistake
        # extensions
        ("0571-88886666-801", "+8657188886666;ext=801"),
        ("0571-88886666 转 801", "+8657188886666;ext=801"),
        ("021 1234 5678 ext. 12", "+862112345678;ext=12"),
        # service numbers
        ("400-123-4567", "+864001234567"),
        ("800 123 4567", "+868001234567"),
        # international
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+852 2123 4567", "+85221234567"),
    ],
)
def test_valid_phones_normalise_to_one_form(raw: str, canonical: str) -> None:
    assert validate_phone(raw) is None
    assert normalise_phone(raw) == canonical
    assert parse_phone(raw).canonical == canonical


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("12812345678", "not a valid Chinese mobile number"),  # 12x is not a mobile prefix
        ("1381234567", "not a phone number we recognise"),  # 10 digits
        ("138123456789", "not a phone number we recognise"),  # 12 digits
        ("88886666", "Add the area code"),
        ("abc", "may only contain digits"),
        ("138 1234 5678!", "may only contain digits"),
        ("13+812345678", "may only contain digits"),
        ("+86 123", "+86 123 is not a valid Chinese"),
        ("+44 12", "8–15 digits"),
        ("+1234567890123456", "8–15 digits"),  # 16 digits, longer than E.164
        ("---", "Enter a phone number"),
    ],
)
def test_invalid_phones_get_readable_messages(raw: str, fragment: str) -> None:
    message = validate_phone(raw)
    assert message is not None and fragment in message
    with pytest.raises(InvalidValue) as caught:
        parse_phone(raw)
    assert caught.value.code == "invalid_phone"


def test_blank_phone_is_not_a_format_error() -> None:
    assert validate_phone(None) is None
    assert validate_phone("  ") is None
    assert normalise_phone("") is None


def test_normalise_falls_back_to_digits_for_unrecognised_numbers() -> None:
    assert normalise_phone("138-1234-567") == "1381234567"
    assert normalise_phone("+99 1") == "+991"


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    "email",
    [
        "a@b.co",
        "li.lei@example.com.cn",
        "sales+cn@example.com",
        "o'brien@example.ie",
        "x_y-z@sub.example.org",
        "  padded@example.com  ",
    ],
)
def test_valid_emails(email: str) -> None:
    assert validate_email(email) is None


@pytest.mark.parametrize(
    "email",
    [
        "plainaddress",
        "a@b",
        "a@b.c",
        "a b@c.com",
        "a..b@c.com",
        ".a@c.com",
        "a.@c.com",
        "@c.com",
        "a@",
        "a@@b.com",
        "a@-b.com",
        "a@b-.com",
        "a@b..com",
        "张三@example.com",
        "a@b.com.",
        "a@b.c0m",
    ],
)
def test_invalid_emails(email: str) -> None:
    message = validate_email(email)
    assert message is not None and "not a valid email address" in message


def test_blank_email_is_not_a_format_error_and_overlong_is() -> None:
    assert validate_email("") is None
    assert validate_email(None) is None
    too_long = "a" * 250 + "@b.com"
    assert validate_email(too_long) == "The email address is too long (at most 254 characters)."
    assert validate_email("a" * 65 + "@b.com") is not None  # local part over 64


# --------------------------------------------------------------------------- names & duplicates


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("杭州西湖茶叶有限公司", "杭州西湖茶叶"),
        ("杭州西湖茶叶有限责任公司", "杭州西湖茶叶"),
        ("杭州西湖茶叶股份有限公司", "杭州西湖茶叶"),
        ("杭州西湖茶叶公司", "杭州西湖茶叶"),
        ("杭州 西湖茶叶", "杭州西湖茶叶"),
        ("杭州·西湖（茶叶）", "杭州西湖茶叶"),
        ("ABC Trading Co., Ltd.", "abctrading"),
        ("abc trading co.,ltd", "abctrading"),
        ("ABC TRADING LIMITED", "abctrading"),
        ("ＡＢＣ　Trading Inc.", "abctrading"),  # full-width letters and space
        ("Costco", "costco"),  # "co" is only removed as a whole word
        ("有限公司", "有限公司"),  # nothing but a legal form: kept, not emptied
        ("", ""),
    ],
)
def test_normalise_company_name(name: str, key: str) -> None:
    assert normalise_company_name(name) == key


@dataclass
class Existing:
    id: str
    name: str
    phone: str | None


EXISTING = [
    Existing("c1", "杭州西湖茶叶有限公司", "0571-88886666"),
    Existing("c2", "宁波港贸易公司", "138 1234 5678"),
    Existing("c3", "ABC Trading Co., Ltd.", None),
    Existing("c4", "Unrelated Ltd", "021-12345678"),
]


def test_duplicate_by_normalised_phone() -> None:
    found = likely_duplicates("New name", "+86 571 8888 6666", EXISTING)
    assert [(f.customer_id, f.reasons) for f in found] == [("c1", ("phone",))]


def test_duplicate_by_phone_ignores_the_extension() -> None:
    found = likely_duplicates("Someone", "0571-88886666 转 802", EXISTING)
    assert [f.customer_id for f in found] == ["c1"]


def test_duplicate_by_name_without_legal_form() -> None:
    found = likely_duplicates("杭州西湖茶叶", None, EXISTING)
    assert [(f.customer_id, f.name, f.reasons) for f in found] == [("c1", "杭州西湖茶叶有限公司", ("name",))]
    found = likely_duplicates("abc trading limited", "", EXISTING)
    assert [f.customer_id for f in found] == ["c3"]


def test_duplicate_by_both() -> None:
    found = likely_duplicates("宁波港贸易有限公司", "13812345678", EXISTING)
    assert [(f.customer_id, f.reasons) for f in found] == [("c2", ("phone", "name"))]


def test_no_duplicates_and_blanks_never_match() -> None:
    assert likely_duplicates("全新客户", "13900000000", EXISTING) == []
    # blank name and phone must not match customers with blank phones
    assert likely_duplicates("", None, EXISTING) == []


def test_existing_may_be_mappings() -> None:
    found = likely_duplicates("X", "021 1234 5678", [{"id": "m1", "name": "Y", "phone": "+86-21-12345678"}])
    assert [f.customer_id for f in found] == ["m1"]


def test_fields_are_found_by_name_and_unknown_names_are_refused():
    from domain.schema import BY_NAME
    from domain.values import WireError, decode_fields

    visit = BY_NAME["visit"]
    assert [visit.field(f.name) for f in visit.fields] == list(visit.fields)
    assert visit.field_name_set == set(visit.field_names)
    with pytest.raises(KeyError, match="visit has no field 'nope'"):
        visit.field("nope")
    with pytest.raises(WireError, match="nope"):
        decode_fields(visit, {"notes": "x", "nope": 1})
    assert decode_fields(visit, {"notes": "x"}) == {"notes": "x"}
