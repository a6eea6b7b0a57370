"""Exact decimal helpers shared by the money, rate and score rules.

Money is never a ``float``: binary floating point cannot represent 0.10 exactly, and a
quote whose lines add up differently on the laptop and the server would be rejected at
sync. Inputs arrive as ``Decimal``, ``int`` or numeric strings (forms, JSON); anything
else — floats and bools included — is refused with a readable error instead of being
silently converted.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.errors import InvalidValue

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

DecimalLike = Decimal | int | str


def to_decimal(value: object, label: str = "value") -> Decimal:
    """Return ``value`` as a finite ``Decimal``.

    Accepts ``Decimal``, ``int`` and numeric strings (surrounding blanks ignored).
    Refuses ``float`` (inexact), ``bool`` (almost always a bug), NaN and infinities.
    ``label`` names the value in the error message, e.g. ``"unit price"``.
    """
    if isinstance(value, bool):
        raise InvalidValue(f"The {label} must be a number, not {value!r}.", field=label)
    if isinstance(value, float):
        raise InvalidValue(
            f"The {label} must be an exact decimal, not a float ({value!r}); "
            f"pass Decimal('{value!r}') or a string.",
            code="float_not_allowed",
            field=label,
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValue(f"The {label} {value!r} is not a number.", field=label) from None
    else:
        raise InvalidValue(f"The {label} must be a number, not {type(value).__name__}.", field=label)
    if not result.is_finite():
        raise InvalidValue(f"The {label} must be a finite number (got {value}).", field=label)
    return result


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to ``places`` decimals, halves away from zero (四舍五入).

    This is the commercial rounding people do by hand and that Chinese invoices use;
    Python's default ``round`` is banker's rounding (half to even), which surprises them.
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: object, label: str = "amount") -> Decimal:
    """Coerce ``value`` to a Decimal amount with at most two decimal places.

    An amount with sub-cent digits (``1.005``) is refused rather than rounded: it means
    the caller computed something the wrong way, and silently rounding would hide it.
    """
    amount = to_decimal(value, label)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidValue(f"The {label} {amount} has more than two decimal places.", field=label)
    return amount.quantize(CENT)


def safe_ratio(numerator: Decimal, denominator: Decimal, places: int = 4) -> Decimal | None:
    """``numerator ÷ denominator`` rounded half-up, or ``None`` when the denominator is 0.

    A rate with nothing to divide by is *undefined*, not zero: the UI shows "—" for
    ``None``. Reporting 0 would tell a supervisor a rep collected nothing when the rep
    simply sold nothing.
    """
    if denominator == 0:
        return None
    return round_half_up(numerator / denominator, places)
