"""Field validators shared by the forms (instant feedback) and the server (the rule).

Each validator returns ``None`` when the value is acceptable or a message a user can
read. Format validators (phone, email) accept a blank value — whether the field is
required is a separate check (:func:`required`) — so an optional field stays optional.

Phones: accepted forms, with spaces, dashes, dots and parentheses tolerated anywhere and
full-width digits converted:

* Chinese mobile: ``1[3-9]`` + 9 digits, optionally prefixed ``+86``/``0086``/``86``;
* Chinese landline with area code: ``010``/``02x`` + 8 digits, or ``0xxx`` + 7–8 digits
  (``0571-88886666``, ``021-12345678``); with ``+86`` the trunk ``0`` is dropped
  (``+86 571 8888 6666``, a kept 0 is tolerated); an extension may follow after
  ``转``/``ext``/``x``/``#`` or a final dash (``0571-88886666-801``);
* national service numbers ``400``/``800`` + 7 digits;
* international: ``+`` or ``00``, country code and number, 8–15 digits in all (E.164).

:func:`normalise_phone` turns all of these into one canonical form (``+8613812345678``,
``+8657188886666``, ``+442079460958``; extension as ``;ext=801``) so the same number
typed two ways is recognised as a duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidValue

# --------------------------------------------------------------------------- basics


def is_blank(value: object) -> bool:
    """``None``, or a string of only whitespace (full-width spaces included)."""
    return value is None or (isinstance(value, str) and not value.strip())


def required(value: object, label: str = "This field") -> str | None:
    """Message when a required value is missing or blank."""
    if is_blank(value):
        return f"{label} is required."
    return None


def max_length(value: str | None, limit: int, label: str = "This field") -> str | None:
    """Message when text is longer than ``limit`` characters (a Chinese character is one)."""
    if value is None:
        return None
    length = len(value)
    if length > limit:
        return f"{label} must be at most {limit} characters (it has {length})."
    return None


def first_error(*messages: str | None) -> str | None:
    """The first non-``None`` message, to chain checks: ``first_error(required(v), ...)``."""
    return next((m for m in messages if m is not None), None)


# --------------------------------------------------------------------------- email

_EMAIL = re.compile(
    r"^(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$"
)


def validate_email(value: str | None) -> str | None:
    """Pragmatic email check: ``local@domain.tld``, no spaces, one ``@``, a dotted
    domain with a 2+ letter top-level part, at most 254 characters. It does not try to
    accept every address RFC 5322 allows (quoted local parts, IP literals); it catches
    the typos people make in a form."""
    if is_blank(value):
        return None
    text = str(value).strip()
    if len(text) > 254:
        return "The email address is too long (at most 254 characters)."
    match = _EMAIL.match(text)
    if match is None or len(match["local"]) > 64:
        return f"“{text}” is not a valid email address (expected something like name@example.com)."
    return None


# --------------------------------------------------------------------------- phone

_ALLOWED = re.compile(r"^\+?[\d\s\-.()/]*$")
_EXTENSION = re.compile(r"\s*(?:转|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-.()/]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})$")
_SERVICE = re.compile(r"^[48]00\d{7}$")

PHONE_EXAMPLE = "138 1234 5678, 0571-88886666 or +44 20 7946 0958"


@dataclass(frozen=True)
class ParsedPhone:
    """A recognised phone number: its kind, canonical E.164 form and extension."""

    kind: str  # "mobile", "landline", "service" or "international"
    e164: str
    extension: str | None = None

    @property
    def canonical(self) -> str:
        """E.164 plus ``;ext=…`` when there is an extension."""
        return self.e164 + (f";ext={self.extension}" if self.extension else "")


class _PhoneProblem(Exception):
    """Internal: a phone number that cannot be recognised, with the user's message."""


def _national(digits: str) -> tuple[str, str] | None:
    """Classify Chinese national digits (trunk 0 included for landlines)."""
    if _MOBILE.match(digits):
        return "mobile", "+86" + digits
    if _LANDLINE.match(digits):
        return "landline", "+86" + digits[1:]
    if _SERVICE.match(digits):
        return "service", "+86" + digits
    return None


def _parse(value: str) -> ParsedPhone:
    text = unicodedata.normalize("NFKC", value).strip()
    extension = None
    ext_match = _EXTENSION.search(text)
    if ext_match:
        extension = ext_match.group(1)
        text = text[: ext_match.start()].strip()
    if not _ALLOWED.match(text):
        raise _PhoneProblem(
            "A phone number may only contain digits, spaces, dashes, parentheses and a "
            f"leading +; for example {PHONE_EXAMPLE}."
        )
    international = text.startswith("+")
    groups = [g for g in _SEPARATORS.split(text.lstrip("+")) if g]
    digits = "".join(groups)
    if not digits:
        raise _PhoneProblem(f"Enter a phone number, for example {PHONE_EXAMPLE}.")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]

    if international:
        if digits.startswith("86"):
            rest = digits[2:]
            found = _national(rest) or _national("0" + rest)
            if found is None:
                raise _PhoneProblem(f"+86 {rest} is not a valid Chinese mobile or landline number.")
            return ParsedPhone(found[0], found[1], extension)
        if digits.startswith("0") or not 8 <= len(digits) <= 15:
            raise _PhoneProblem(
                "An international number needs the country code and 8–15 digits in all, "
                "e.g. +44 20 7946 0958."
            )
        return ParsedPhone("international", "+" + digits, extension)

    if digits.startswith("86") and _MOBILE.match(digits[2:]):
        return ParsedPhone("mobile", "+" + digits, extension)
    found = _national(digits)
    if found is None and extension is None and len(groups) >= 3 and len(groups[-1]) <= 6:
        # 0571-88886666-801: the last group is an extension.
        found = _national("".join(groups[:-1])) if digits.startswith("0") else None
        if found is not None and found[0] == "landline":
            extension = groups[-1]
        else:
            found = None
    if found is not None:
        return ParsedPhone(found[0], found[1], extension)
    if digits.startswith("1") and len(digits) == 11:
        raise _PhoneProblem(
            f"{digits} is not a valid Chinese mobile number: it has 11 digits and starts with 13–19."
        )
    if not digits.startswith(("0", "1")) and 7 <= len(digits) <= 8:
        raise _PhoneProblem("Add the area code to the landline number, e.g. 0571-88886666.")
    raise _PhoneProblem(f"“{value.strip()}” is not a phone number we recognise; use e.g. {PHONE_EXAMPLE}.")


def parse_phone(value: str) -> ParsedPhone:
    """Recognise a phone number or raise :class:`domain.errors.InvalidValue`."""
    try:
        return _parse(value)
    except _PhoneProblem as problem:
        raise InvalidValue(str(problem), code="invalid_phone", field="phone") from None


def validate_phone(value: str | None) -> str | None:
    """Message when a (non-blank) phone number is not a recognisable number."""
    if is_blank(value):
        return None
    try:
        _parse(str(value))
    except _PhoneProblem as problem:
        return str(problem)
    return None


def normalise_phone(value: str | None) -> str | None:
    """Canonical form of a phone number for comparison; ``None`` when blank.

    A valid number becomes E.164 (``+8657188886666``, extension as ``;ext=801``); an
    unrecognised one falls back to its digits (with a leading ``+`` if it had one) so
    that two identical typos still match.
    """
    if is_blank(value):
        return None
    text = str(value)
    try:
        return _parse(text).canonical
    except _PhoneProblem:
        cleaned = unicodedata.normalize("NFKC", text).strip()
        digits = re.sub(r"\D", "", cleaned)
        if not digits:
            return None
        return ("+" if cleaned.startswith("+") else "") + digits


def _main_number(normalised: str | None) -> str | None:
    return None if normalised is None else normalised.split(";ext=", 1)[0]


# --------------------------------------------------------------------------- duplicates

#: Legal-form suffixes removed before comparing names, longest first.
CHINESE_SUFFIXES: tuple[str, ...] = ("股份有限公司", "有限责任公司", "有限公司", "公司")
ENGLISH_SUFFIX_WORDS: frozenset[str] = frozenset(
    {"co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "plc"}
)


def normalise_company_name(name: str | None) -> str:
    """A comparison key for a customer name.

    Full-width forms are folded (NFKC), case is ignored, whitespace and punctuation are
    removed, and trailing legal forms are dropped: 股份有限公司, 有限责任公司, 有限公司,
    公司 and English "Co., Ltd.", "Limited", "Inc." and the like. So "杭州西湖茶叶有限公司",
    "杭州 西湖茶叶公司" and "杭州西湖茶叶" share the key "杭州西湖茶叶". English suffixes are
    removed as whole words only ("Costco" keeps its "co").
    """
    if name is None:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    words = re.findall(r"[^\W_]+", text)
    while words and words[-1] in ENGLISH_SUFFIX_WORDS:
        words.pop()
    key = "".join(words)
    while True:
        suffix = next((s for s in CHINESE_SUFFIXES if key.endswith(s)), None)
        if suffix is None or len(key) == len(suffix):
            break
        key = key[: -len(suffix)]
    return key


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing customer that looks like the one being entered, and why."""

    customer_id: str
    name: str
    reasons: tuple[str, ...]  # "phone" and/or "name"


def _get(record: Any, key: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(key)
    return getattr(record, key, None)


def likely_duplicates(
    name: str | None, phone: str | None, existing: Iterable[Any]
) -> list[DuplicateCandidate]:
    """Existing customers with the same normalised phone or the same normalised name.

    ``existing`` holds objects or mappings with ``id``, ``name`` and ``phone``. The
    extension is ignored for the phone comparison (same switchboard, same company).
    This drives a *warning*: the user may still save a genuinely different customer.
    """
    name_key = normalise_company_name(name)
    phone_key = _main_number(normalise_phone(phone))
    matches: list[DuplicateCandidate] = []
    for record in existing:
        reasons: list[str] = []
        other_phone = _main_number(normalise_phone(_get(record, "phone")))
        if phone_key and other_phone == phone_key:
            reasons.append("phone")
        if name_key and normalise_company_name(_get(record, "name")) == name_key:
            reasons.append("name")
        if reasons:
            matches.append(
                DuplicateCandidate(
                    customer_id=str(_get(record, "id")),
                    name=str(_get(record, "name") or ""),
                    reasons=tuple(reasons),
                )
            )
    return matches
