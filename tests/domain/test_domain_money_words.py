"""Amounts in words: 人民币大写 by the PBoC rules, and cheque-style English."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import InvalidValue
from domain.money_words import chinese_capital_amount, english_amount_words, english_integer_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # the brief's examples
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("100", "壹佰元整"),
        ("1005.00", "壹仟零伍元整"),
        ("0.5", "伍角"),
        ("10.05", "壹拾元零伍分"),
        # zero and below one yuan
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.05", "伍分"),
        ("0.56", "伍角陆分"),
        ("0.50", "伍角"),
        # tens are always written with 壹拾
        ("10", "壹拾元整"),
        ("11", "壹拾壹元整"),
        ("110", "壹佰壹拾元整"),
        ("210000", "贰拾壹万元整"),
        # inner zeros are a single 零, trailing zeros are silent
        ("101", "壹佰零壹元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1050", "壹仟零伍拾元整"),
        ("1230.45", "壹仟贰佰叁拾元肆角伍分"),
        ("20.5", "贰拾元伍角"),
        ("100.05", "壹佰元零伍分"),
        ("100.50", "壹佰元伍角"),
        # 万 and 亿 groups
        ("10000", "壹万元整"),
        ("10001", "壹万零壹元整"),
        ("10100", "壹万零壹佰元整"),
        ("11000", "壹万壹仟元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("1000000", "壹佰万元整"),
        ("1001000", "壹佰万壹仟元整"),
        ("10000000", "壹仟万元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("100100000", "壹亿零壹拾万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("123456789.01", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分"),
        ("1000000000000", "壹万亿元整"),
        ("1234567890123.45", "壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"),
        # negative
        ("-12.30", "负壹拾贰元叁角"),
    ],
)
def test_chinese_capital_amount(amount: str, words: str) -> None:
    assert chinese_capital_amount(D(amount)) == words


def test_chinese_accepts_int_and_string() -> None:
    assert chinese_capital_amount(100) == "壹佰元整"
    assert chinese_capital_amount("1234.56") == "壹仟贰佰叁拾肆元伍角陆分"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.56", "one thousand two hundred thirty-four and 56/100"),
        ("100", "one hundred and 00/100"),
        ("1005", "one thousand five and 00/100"),
        ("0.5", "zero and 50/100"),
        ("0.05", "zero and 05/100"),
        ("10.05", "ten and 05/100"),
        ("13", "thirteen and 00/100"),
        ("20", "twenty and 00/100"),
        ("21", "twenty-one and 00/100"),
        ("99.99", "ninety-nine and 99/100"),
        ("110", "one hundred ten and 00/100"),
        ("1000000", "one million and 00/100"),
        ("1000001", "one million one and 00/100"),
        ("2000300.10", "two million three hundred and 10/100"),
        (
            "123456789",
            "one hundred twenty-three million four hundred fifty-six thousand "
            "seven hundred eighty-nine and 00/100",
        ),
        ("-5", "minus five and 00/100"),
    ],
)
def test_english_amount_words(amount: str, words: str) -> None:
    assert english_amount_words(D(amount)) == words


def test_english_integer_words_zero_and_scales() -> None:
    assert english_integer_words(0) == "zero"
    assert english_integer_words(1_000_000_000) == "one billion"
    assert english_integer_words(1_002_003) == "one million two thousand three"


@pytest.mark.parametrize("bad", [D("1.005"), "abc", D("NaN")])
def test_bad_amounts_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValue):
        chinese_capital_amount(bad)
    with pytest.raises(InvalidValue):
        english_amount_words(bad)


def test_float_is_refused() -> None:
    with pytest.raises(InvalidValue, match="not a float"):
        chinese_capital_amount(1.5)


def test_too_large_is_refused() -> None:
    with pytest.raises(InvalidValue, match="too large"):
        chinese_capital_amount(D("10000000000000000"))


def test_trailing_zero_decimals_are_fine() -> None:
    # 1234.560 has a third decimal, but it is zero: not a sub-cent amount
    assert chinese_capital_amount(D("1234.560")) == "壹仟贰佰叁拾肆元伍角陆分"
