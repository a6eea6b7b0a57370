"""Amounts in words, as cheques, contracts and invoices print them.

Chinese capital numerals (人民币大写, 中文大写金额) follow the People's Bank of China
payment-settlement rules (《支付结算办法》附件一):

* digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿; "10" is written 壹拾 (never bare 拾),
  because a bare 拾 could be altered by prefixing a digit;
* an amount that ends at 元 ends with 整 (``100`` → 壹佰元整); after 角 整 is optional
  and omitted here (``0.50`` → 伍角); after 分 it is never written;
* zeros in the middle are read as one 零 (``1005`` → 壹仟零伍元整; ``100010`` →
  壹拾万零壹拾元整); when the 角 digit is zero and 分 is not, 零 is written between 元
  and 分 (``10.05`` → 壹拾元零伍分); a zero 元-digit before a non-zero 角 needs no 零
  (``1230.45`` → 壹仟贰佰叁拾元肆角伍分), which the rules allow;
* amounts below one yuan start at 角/分 (``0.56`` → 伍角陆分); zero is 零元整;
  negative amounts are prefixed with 负.

English words follow cheque style: ``1234.56`` → "one thousand two hundred thirty-four
and 56/100" (American usage: no "and" inside the whole part; the cents as a fraction).
"""

from __future__ import annotations

from decimal import Decimal

from domain.errors import InvalidValue
from domain.money import money

_CN_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = ("", "拾", "佰", "仟")
#: Above this the words would need 万亿/兆, which no Fieldsales document will carry.
MAX_AMOUNT = Decimal("9999999999999999.99")


def _checked(amount: object) -> tuple[bool, int, int, int]:
    value = money(amount, "amount")
    if abs(value) > MAX_AMOUNT:
        raise InvalidValue(f"The amount {value} is too large to write in words.", field="amount")
    negative = value < 0
    cents = int(abs(value) * 100)
    return negative, cents // 100, (cents // 10) % 10, cents % 10


def _cn_below_10000(number: int) -> str:
    """1 ≤ number ≤ 9999, with inner zeros read as a single 零 and trailing zeros silent."""
    out: list[str] = []
    zero_pending = False
    for position in (3, 2, 1, 0):
        digit = (number // 10**position) % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_CN_DIGITS[digit] + _CN_UNITS[position])
    return "".join(out)


def _cn_integer(number: int) -> str:
    """A positive integer in capital numerals, grouping by 万 (10⁴) and 亿 (10⁸)."""
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if number >= size:
            high, low = divmod(number, size)
            words = _cn_integer(high) + unit
            if low:
                # A gap below the group (e.g. 1,0000,0001) is read as one 零.
                if low < size // 10:
                    words += "零"
                words += _cn_integer(low)
            return words
    return _cn_below_10000(number)


def chinese_capital_amount(amount: object) -> str:
    """The amount in Chinese capital numerals (人民币大写), e.g. 1234.56 → 壹仟贰佰叁拾肆元伍角陆分.

    ``amount`` is a Decimal, int or numeric string with at most two decimals.
    """
    negative, yuan, jiao, fen = _checked(amount)
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    parts: list[str] = []
    if yuan:
        parts.append(_cn_integer(yuan) + "元")
    if jiao:
        parts.append(_CN_DIGITS[jiao] + "角")
    if fen:
        if yuan and not jiao:
            parts.append("零")
        parts.append(_CN_DIGITS[fen] + "分")
    if not jiao and not fen:
        parts.append("整")
    return ("负" if negative else "") + "".join(parts)


_EN_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_SCALES = ("", "thousand", "million", "billion", "trillion", "quadrillion")


def _en_below_1000(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    words: list[str] = []
    if hundreds:
        words.append(f"{_EN_ONES[hundreds]} hundred")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    elif rest:
        words.append(_EN_ONES[rest])
    return " ".join(words)


def english_integer_words(number: int) -> str:
    """A non-negative integer in English words: 1234 → "one thousand two hundred thirty-four"."""
    if number < 0:
        raise InvalidValue(f"Cannot write the negative number {number} as a count.")
    if number == 0:
        return "zero"
    groups: list[str] = []
    scale = 0
    while number:
        number, group = divmod(number, 1000)
        if group:
            words = _en_below_1000(group)
            groups.append(f"{words} {_EN_SCALES[scale]}".strip())
        scale += 1
    return " ".join(reversed(groups))


def english_amount_words(amount: object) -> str:
    """Cheque-style English words: 1234.56 → "one thousand two hundred thirty-four and 56/100".

    Whole amounts end in "and 00/100"; amounts below one are "zero and 50/100";
    negative amounts start with "minus".
    """
    negative, whole, jiao, fen = _checked(amount)
    words = f"{english_integer_words(whole)} and {jiao}{fen}/100"
    return ("minus " if negative else "") + words
