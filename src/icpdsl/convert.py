"""Read input values (JSON, CSV cells, Python objects) as the canonical values rules compare.

Each ``to_*`` function serves one type of the language (LANGUAGE.md section 4) and
returns ``None`` for an unknown value: ``None``, or a string that is empty or only
whitespace. Anything it cannot read raises ``DataError`` naming the field, the value
and what was expected; no input, however odd, raises anything else. Values that are
already canonical (a float for a number, a frozenset of declared values for a set)
are checked by exact class first and returned as they are, because compiled profiles
call these functions once per field per account.

``Profile.to_python()`` pastes this file after units.py into a standalone generated
module, dropping the lines that start with ``from .``: it imports the standard
library only, and units.py's names only on those lines.
"""

import datetime
import difflib
import math
import numbers
import re
import reprlib
import sys
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from .units import (
    UNITS,
    Unit,
    convert_fraction,
    get_unit,
    parse_decimal,
    to_plain,
)  # standalone: stripped


class ICPError(Exception):
    """Base of every error icpdsl raises, so callers can catch them all with one clause."""


class DataError(ICPError, ValueError):
    """An input value that cannot be read as its field's type.

    It is also a ValueError, so code that validates input generically catches it.
    ``value`` is the offending value itself (for an array, the element or range end
    that failed); the message shows it shortened, since data can be huge.
    """

    def __init__(self, field: str, value: object, expected: str, detail: str | None = None) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.detail = detail
        message = f"field '{field}': cannot read {show_value(value)} as {expected}"
        super().__init__(f"{message}; {detail}" if detail else message)

    def __reduce__(self) -> tuple[type["DataError"], tuple[str, object, str, str | None]]:
        """Pickle by the constructor's arguments (worker processes send errors back)."""
        return (type(self), (self.field, self.value, self.expected, self.detail))


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = 80
_SHORT_REPR.maxother = 80
_SHORT_REPR.maxlong = 40
_SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = _SHORT_REPR.maxdict = 6
_SHORT_REPR.maxset = _SHORT_REPR.maxfrozenset = 6
_SHORT_REPR.maxlevel = 3


def show_value(value: object) -> str:
    """``repr(value)`` cut to about 80 characters; never raises, even for hostile objects."""
    if isinstance(value, int) and value.bit_length() > 4000:
        # str() refuses ints this long (sys.int_info.default_max_str_digits).
        return f"<an integer of about {int(value.bit_length() * 0.30103)} digits>"
    try:
        return _SHORT_REPR.repr(value)
    except Exception:  # e.g. a broken __repr__ inside a container
        try:
            return f"<{type(value).__name__} object>"
        except Exception:
            return "<object>"


# Finite floats lie within +-_FLOAT_LIMIT; chained comparisons with it reject NaN,
# the infinities and ints too large for a float in one step.
_FLOAT_LIMIT = sys.float_info.max
# Input text longer than this is refused before any parsing: no number, range or
# date is written with more, and it keeps hostile text cheap to reject.
_MAX_VALUE_TEXT = 200

# A number as it may appear in text, followed by an optional unit. The strict check
# of the digits is parse_decimal's; this only finds where the number ends.
_UNSIGNED_NUMBER = r"(?:[0-9]+(?:[.,_][0-9]+)*|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+)?"
_NUMBER = r"[+-]?" + _UNSIGNED_NUMBER
_UNIT_TEXT = r"%|\u00b0?[^\W\d_]+(?:/[^\W\d_]+)?"
_QUANTITY_RE = re.compile(rf"\s*(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT_TEXT})?\s*")

_EXAMPLES = {
    "length": "1.55 um",
    "power": "500 mW",
    "energy": "2 mJ",
    "frequency": "2.4 GHz",
    "data rate": "10 Gbps",
    "time": "6 weeks",
    "temperature": "-40 degC",
    "ratio": "20 %",
    "money (USD)": "1.5 MUSD",
    "money (EUR)": "250 kEUR",
}


def _number_expected(unit: Unit | None, integer: bool) -> str:
    """What a number field accepts, in words, for DataError messages."""
    kind = "whole number" if integer else "number"
    if unit is None:
        example = '"800" or "1,200"' if integer else '"12.5" or "1,200"'
        return f"a {kind} (such as {example})"
    example = _EXAMPLES.get(unit.dimension, f"12 {unit.name}")
    return f'{unit.kind} in {unit.name} ({kind} with an optional unit such as "{example}")'


def _read_quantity(text: str) -> tuple[Fraction, Unit | None]:
    """Read "1.55 um", "500mW", "-40 degC" or "1,200" into an exact number and its unit."""
    match = _QUANTITY_RE.fullmatch(text)
    if match is None:
        raise ValueError  # nothing to add to "cannot read ... as a number"
    unit_text = match["unit"]
    return parse_decimal(match["number"]), get_unit(unit_text) if unit_text else None


def _in_field_unit(
    number: Fraction, written: Unit | None, unit: Unit | None, field: str
) -> Fraction | float:
    """``number`` (written in ``written``, or in the field's unit if None) in the field's unit."""
    if written is None:
        return number
    if unit is None:
        raise ValueError(f"{field} has no unit, so write the number alone")
    if written.dimension != unit.dimension:
        raise ValueError(
            f'"{written.name}" is {written.kind}, but {field} is {unit.kind} ({unit.name})'
        )
    return convert_fraction(number, written, unit)


def _plain(exact: Fraction | float, integer: bool) -> int | float:
    """An exact number as a plain one: an integer field gets the exact int, other
    fields the nearest float (``to_plain``); ValueError when an integer is not whole.
    """
    if integer and isinstance(exact, Fraction) and exact.denominator == 1:
        if not -_FLOAT_LIMIT <= exact.numerator <= _FLOAT_LIMIT:
            raise OverflowError("the number is too large")
        return exact.numerator
    result = to_plain(exact)
    if integer and isinstance(result, float):
        if not result.is_integer():
            raise ValueError(f"{result} is not a whole number")
        return int(result)
    return result


def _exact_number(value: object) -> Fraction | float:
    """A numeric object other than str as an exact Fraction (or its float), else ValueError."""
    if isinstance(value, bool):
        raise ValueError("yes/no is not a number")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number")
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Real):
        return float(value)
    raise ValueError  # a list, bytes, ...: the message says what a number looks like


_QUICK_NUMBER = re.compile(
    r"(-?(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15}))(?:\.([0-9]{1,15}))? ?([A-Za-z%\u00b5\u03bc]{1,6})?"
)
"""What a CSV cell most often holds: "1200", "1,200", "-40", "3.25", "500 mW"."""

_QUICK_RATIOS: dict[tuple[str, str | None], tuple[int, int] | None] = {}


def _quick_ratio(written: str, unit: Unit | None) -> tuple[int, int] | None:
    """p/q with value_in_field_unit = value * p / q, for linear units of one dimension."""
    key = (written, unit.name if unit is not None else None)
    if key not in _QUICK_RATIOS:
        source = UNITS.get(written)
        linear = (
            unit is not None
            and source is not None
            and source.dimension == unit.dimension
            and not (source.offset or unit.offset or source.logarithmic or unit.logarithmic)
        )
        ratio = source.scale / unit.scale if linear else None  # type: ignore[union-attr]
        _QUICK_RATIOS[key] = (ratio.numerator, ratio.denominator) if ratio is not None else None
    return _QUICK_RATIOS[key]


def _quick_number(text: str, unit: Unit | None) -> int | float | None:
    """The common cells, read exactly with int arithmetic; None sends the rest to the
    exact Fraction path (which also gives the errors).

    `int / int` is correctly rounded, so the one rounding is the same as ``to_plain``'s.
    """
    match = _QUICK_NUMBER.fullmatch(text)
    if match is None:
        return None
    whole, fraction, written = match.groups()
    p, q = 1, 1
    if written is not None:
        ratio = _quick_ratio(written, unit)
        if ratio is None:
            return None
        p, q = ratio
    fraction = fraction or ""
    numerator = int(whole.replace(",", "") + fraction) * p
    denominator: int = q * 10 ** len(fraction)
    if numerator % denominator:
        return numerator / denominator
    result = numerator // denominator
    return result if abs(result) <= _LARGEST_QUICK_INT else None


_LARGEST_QUICK_INT = 2**53


def _read_number(value: object, field: str, unit: Unit | None, integer: bool) -> int | float | None:
    """The slow path of ``to_number``: strings, numeric types, unknowns."""
    if value is None:
        return None
    if isinstance(value, str):
        text = str.__str__(value).strip()
        if not text:
            return None
        if len(text) > _MAX_VALUE_TEXT:
            raise ValueError("the text is too long to be a number")
        number, written = _read_quantity(text)
        return _plain(_in_field_unit(number, written, unit, field), integer)
    return _plain(_exact_number(value), integer)


def to_number(
    value: object, field: str, unit: Unit | None = None, integer: bool = False
) -> int | float | None:
    """Read a number or integer field's value, in the field's unit.

    ints and floats are taken as written in the field's unit; Decimals and Fractions
    are rounded once; strings may carry a unit ("1.55 um", "500 mW", "-40 degC",
    "20 %") and are converted to the field's unit exactly. An integer field returns
    an int (800.0 is 800); a value that is not whole is a DataError, and so are
    booleans, NaN, infinities and magnitudes beyond the float range.
    """
    if type(value) is float and -_FLOAT_LIMIT <= value <= _FLOAT_LIMIT and not integer:
        return value
    if type(value) is int and -_FLOAT_LIMIT <= value <= _FLOAT_LIMIT:
        return value
    if type(value) is str:
        quick = _quick_number(value, unit)
        if quick is not None and (not integer or type(quick) is int):
            return quick
    try:
        return _read_number(value, field, unit, integer)
    except DataError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DataError(field, value, _number_expected(unit, integer), str(exc) or None) from exc
    except Exception as exc:
        raise DataError(field, value, _number_expected(unit, integer)) from exc


_TEXT_EXPECTED = "text"


def _read_text(value: object) -> str | None:
    """The slow path of ``to_text``: str subclasses, numbers, unknowns."""
    if value is None:
        return None
    if isinstance(value, str):
        return str.__str__(value).strip().casefold() or None
    if isinstance(value, bool):
        raise ValueError("yes/no is not text")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{number} is not a finite number")
        return str(int(number)) if number.is_integer() else repr(number)
    raise ValueError  # a list, bytes, ...: nothing to add


def to_text(value: object, field: str) -> str | None:
    """Read a text value as it compares: stripped and casefolded.

    Text compares ignoring case and surrounding whitespace, so the canonical form is
    ``value.strip().casefold()``; whitespace only is unknown. A number becomes its
    decimal spelling (a JSON id or zip code read as a number; 12345.0 gives "12345");
    booleans and other objects are DataErrors.
    """
    if type(value) is str:
        return value.strip().casefold() or None
    try:
        return _read_text(value)
    except (ValueError, OverflowError) as exc:
        raise DataError(field, value, _TEXT_EXPECTED, str(exc) or None) from exc
    except Exception as exc:
        raise DataError(field, value, _TEXT_EXPECTED) from exc


_YES_NO = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}
_YES_NO_EXPECTED = "yes or no (yes, no, y, n, true, false, 1 or 0)"


def _read_yes_no(value: object) -> bool | None:
    """The slow path of ``to_yes_no``: strings, the numbers 1 and 0, unknowns."""
    if value is None:
        return None
    if isinstance(value, str):
        key = str.__str__(value).strip().casefold()
        if not key:
            return None
        if key in _YES_NO:
            return _YES_NO[key]
        raise ValueError("write yes or no")
    if isinstance(value, (numbers.Real, Decimal)) and value in (0, 1):
        return bool(value == 1)
    raise ValueError("write yes or no")


def to_yes_no(value: object, field: str) -> bool | None:
    """Read a yes/no value: True/False, the numbers 1 and 0 (1.0 too, as spreadsheets
    export them), or yes no y n true false 1 0 in any case, surrounding spaces ignored.
    """
    if type(value) is bool:
        return value
    try:
        return _read_yes_no(value)
    except Exception as exc:
        raise DataError(field, value, _YES_NO_EXPECTED) from exc


_NAME_SEPARATORS_RE = re.compile(r"[\s_-]+")


def normalize_name(text: str) -> str:
    """The key enumeration values match by: "Medical Device" and "medical-device" are
    both "medical_device" (stripped, casefolded, runs of spaces/hyphens/underscores
    made one "_").
    """
    return _NAME_SEPARATORS_RE.sub("_", text.strip().casefold())


def _choice_detail(key: str, lookup: Mapping[str, str]) -> str:
    """The allowed values, led by a "did you mean" when one is close to ``key``."""
    allowed = list(dict.fromkeys(lookup.values()))
    listed = ", ".join(allowed[:20]) + (", ..." if len(allowed) > 20 else "")
    guesses = difflib.get_close_matches(key, list(lookup), n=1) if len(key) <= 100 else []
    if guesses:
        return f'did you mean "{lookup[guesses[0]]}"? Allowed values: {listed}'
    return f"allowed values: {listed}"


def _read_choice(value: object, field: str, lookup: Mapping[str, str], expected: str) -> str | None:
    """The slow path of ``to_choice``: spellings that differ from the declared one."""
    if value is None:
        return None
    if isinstance(value, str):
        text = str.__str__(value)
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        text = str(int(value))
    else:
        raise DataError(field, value, expected, "write one of the values as text")
    found = lookup.get(text)
    if found is not None:
        return found
    key = normalize_name(text)
    if not key:
        return None
    found = lookup.get(key)
    if found is not None:
        return found
    raise DataError(field, value, expected, _choice_detail(key, lookup))


def to_choice(value: object, field: str, lookup: Mapping[str, str], expected: str) -> str | None:
    """Read an enumeration or ordered value as its declared spelling.

    ``lookup`` maps each declared value and its ``normalize_name`` to the declared
    value, so "Medical Device" reads as medical_device. An int is read as its digits
    (for values declared as strings such as "2"). An unknown value is a DataError
    listing the allowed values, with a "did you mean" when one is close.
    """
    if type(value) is str:
        found = lookup.get(value)
        if found is not None:
            return found
    try:
        return _read_choice(value, field, lookup, expected)
    except DataError:
        raise
    except Exception as exc:
        raise DataError(field, value, expected) from exc


_SET_SEPARATORS_RE = re.compile(r"[;,|]")


def _set_items(value: object) -> list[object] | None:
    """The elements of a set value, or None when it is unknown; ValueError otherwise.

    A string is split on ";" "," or "|" with empty pieces dropped, and a string with
    no pieces is unknown: only an empty array is a known empty set. In an array,
    unknown elements (None, blank strings) are dropped.
    """
    if isinstance(value, str):
        pieces = [piece.strip() for piece in _SET_SEPARATORS_RE.split(str.__str__(value))]
        return [piece for piece in pieces if piece] or None
    if isinstance(value, (list, tuple, set, frozenset)):
        return [
            item
            for item in value
            if item is not None and not (isinstance(item, str) and not item.strip())
        ]
    raise ValueError("write a list of values, or text separated by ; , or |")


def _read_set(
    value: object, field: str, lookup: Mapping[str, str] | None, expected: str
) -> frozenset[str] | None:
    """The slow path of ``to_set``: every element read by its own type's rules."""
    if value is None:
        return None
    items = _set_items(value)
    if items is None:
        return None
    result: set[str] = set()
    for item in items:
        if lookup is not None:
            text = to_choice(item, field, lookup, expected)
        else:
            text = to_text(item, field)
        if text is not None:
            result.add(text)
    canonical = frozenset(result)
    return value if value == canonical and type(value) is frozenset else canonical


def _canonical_set(
    items: frozenset[object] | list[object] | tuple[object, ...] | set[object],
    lookup: Mapping[str, str] | None,
) -> frozenset[str] | None:
    """The fast path of ``to_set`` for arrays that need no more than a frozenset().

    Declared values written exactly as declared, or non-blank texts, are the common
    case from JSON and from Python; anything else (None items, blanks, other
    spellings) returns None and takes the slow path, which reports errors properly.
    """
    if lookup is not None:
        for item in items:
            if type(item) is not str or lookup.get(item) != item:
                return None
        return items if type(items) is frozenset else frozenset(items)  # type: ignore[return-value,arg-type]
    texts: list[str] = []
    for item in items:
        if type(item) is not str:
            return None
        text = item.strip().casefold()
        if not text:
            return None
        texts.append(text)
    return frozenset(texts)


def to_set(
    value: object, field: str, lookup: Mapping[str, str] | None, expected: str
) -> frozenset[str] | None:
    """Read a set of enumeration (``lookup`` given) or a set of text (``lookup`` None).

    Arrays (list, tuple, set, frozenset) give their elements; a string, from any
    source, is split on ";" "," or "|". Elements follow ``to_choice`` or ``to_text``.
    An empty array is a known empty set; a blank string is unknown. A frozenset of
    declared values is returned as it is.
    """
    kind = type(value)
    try:
        if kind is frozenset or kind is list or kind is tuple or kind is set:
            canonical = _canonical_set(value, lookup)  # type: ignore[arg-type]
            if canonical is not None:
                return canonical
        return _read_set(value, field, lookup, expected)
    except DataError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DataError(field, value, expected, str(exc) or None) from exc
    except Exception as exc:
        raise DataError(field, value, expected) from exc


def _range_expected(unit: Unit | None) -> str:
    """What a range field accepts, in words, for DataError messages."""
    if unit is None:
        return 'a range of numbers (such as "10 .. 20", "10-20" or [10, 20])'
    example = f'"10 .. 20 {unit.name}" or [10, 20]'
    return f"a range of {unit.dimension} values in {unit.name} (such as {example})"


# One end of a range as read: a number already in the field's unit (from a JSON
# number), or an exact number with the unit written beside it (from text).
_RangeEnd = int | float | tuple[Fraction, Unit | None]

_RANGE_TO_RE = re.compile(r"\s+to\s+", re.IGNORECASE)
# "405-1064 nm", "1.1 um - 1.6 um": a hyphen (or en dash) joins two ends only when
# the low end carries no minus sign, so "-40-85" is never read as -40 .. 85.
_RANGE_DASH_RE = re.compile(
    rf"\s*(?P<low>\+?{_UNSIGNED_NUMBER}\s*(?:{_UNIT_TEXT})?)\s*[-\u2013]"
    rf"\s*(?P<high>{_NUMBER}\s*(?:{_UNIT_TEXT})?)\s*"
)
_BOTH_ENDS = "a range needs both ends; for a single point write one number"


def _split_range_text(text: str) -> list[str]:
    """The ends of "a .. b", "a to b", "a-b" (low end not negative), or [text] alone."""
    if ".." in text:
        return text.split("..")
    parts = _RANGE_TO_RE.split(text)
    if len(parts) > 1:
        return parts
    dash = _RANGE_DASH_RE.fullmatch(text)
    if dash is not None:
        return [dash["low"], dash["high"]]
    return [text]


def _range_text_ends(text: str) -> tuple[_RangeEnd, _RangeEnd] | None:
    """Read a range written as text; None when blank."""
    text = text.strip()
    if not text:
        return None
    if len(text) > _MAX_VALUE_TEXT:
        raise ValueError("the text is too long to be a range")
    parts = _split_range_text(text)
    if len(parts) == 1:
        try:
            point = _read_quantity(text)
        except ValueError:
            if "-" in text[1:]:
                raise ValueError(
                    'with a negative low end, write the range with "to" or "..": "-40 to 85"'
                ) from None
            raise
        return point, point
    if len(parts) != 2:
        raise ValueError("a range has two ends: low .. high")
    if not parts[0].strip() or not parts[1].strip():
        raise ValueError(_BOTH_ENDS)
    return _read_quantity(parts[0]), _read_quantity(parts[1])


def _range_end(end: object, field: str, unit: Unit | None) -> _RangeEnd:
    """One end given in an array or object: text keeps its unit, a number is plain."""
    if isinstance(end, str):
        text = str.__str__(end).strip()
        if not text:
            raise ValueError(_BOTH_ENDS)
        if len(text) > _MAX_VALUE_TEXT:
            raise ValueError("the text is too long to be a number")
        return _read_quantity(text)
    number = to_number(end, field, unit)
    if number is None:
        raise ValueError(_BOTH_ENDS)
    return number


_RANGE_KEYS = {"min": "low", "max": "high", "low": "low", "high": "high"}


def _range_object_ends(
    value: Mapping[object, object], field: str, unit: Unit | None
) -> tuple[_RangeEnd, _RangeEnd]:
    """Read {"min": lo, "max": hi} (or "low"/"high"); other keys are refused, not ignored,
    so that {"min": 1, "max": 2, "unit": "um"} is not silently read in the field's unit.
    """
    ends: dict[str, object] = {}
    for key, end in value.items():
        side = _RANGE_KEYS.get(key) if isinstance(key, str) else None
        if side is None or side in ends:
            raise ValueError('a range object has the keys "min" and "max" (or "low" and "high")')
        ends[side] = end
    if len(ends) != 2:
        raise ValueError(_BOTH_ENDS)
    return _range_end(ends["low"], field, unit), _range_end(ends["high"], field, unit)


def _range_ends(value: object, field: str, unit: Unit | None) -> tuple[_RangeEnd, _RangeEnd] | None:
    """The two ends of a range value as read, before units are applied."""
    if value is None:
        return None
    if isinstance(value, str):
        return _range_text_ends(str.__str__(value))
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError("a range has exactly two ends: [low, high]")
        return _range_end(value[0], field, unit), _range_end(value[1], field, unit)
    if isinstance(value, Mapping):
        return _range_object_ends(value, field, unit)
    point = to_number(value, field, unit)
    if point is None:
        return None
    return point, point


def _settle_end(end: _RangeEnd, other: _RangeEnd, field: str, unit: Unit | None) -> int | float:
    """One end in the field's unit; text without a unit takes the other end's unit."""
    if not isinstance(end, tuple):
        return end
    number, written = end
    if written is None and isinstance(other, tuple):
        written = other[1]
    return to_plain(_in_field_unit(number, written, unit, field))


def _read_range(
    value: object, field: str, unit: Unit | None
) -> tuple[int | float, int | float] | None:
    """The slow path of ``to_range``."""
    ends = _range_ends(value, field, unit)
    if ends is None:
        return None
    low = _settle_end(ends[0], ends[1], field, unit)
    high = _settle_end(ends[1], ends[0], field, unit)
    if not low <= high:
        raise ValueError(f"the low end {low} is above the high end {high}")
    return low, high


def to_range(
    value: object, field: str, unit: Unit | None = None
) -> tuple[int | float, int | float] | None:
    """Read a range field's value as ``(low, high)`` in the field's unit.

    Accepts [lo, hi], (lo, hi), {"min": lo, "max": hi} (or "low"/"high"), text such
    as "405-1064 nm", "405 .. 1064", "-40 to 85 degC", "1.1 um - 1.6 um", or one
    number or quantity (a range of one point). A hyphen joins two ends only when the
    low end is not negative: "-40-85" is a DataError that says to write "-40 to 85".
    Text without a unit takes the other text end's unit; a JSON number is always in
    the field's unit. An end missing, low above high, NaN or infinity is a DataError.
    """
    if (type(value) is tuple or type(value) is list) and len(value) == 2:
        low, high = value
        if (
            (type(low) is int or type(low) is float)
            and (type(high) is int or type(high) is float)
            and -_FLOAT_LIMIT <= low <= high <= _FLOAT_LIMIT
        ):
            return low, high
    try:
        return _read_range(value, field, unit)
    except DataError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DataError(field, value, _range_expected(unit), str(exc) or None) from exc
    except Exception as exc:
        raise DataError(field, value, _range_expected(unit)) from exc


_DATE_EXPECTED = 'a date (such as "2026-06-01")'
# ISO 8601 extended form only: "20260601" and week dates are refused as ambiguous.
_DATE_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
    r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)


def _read_date(value: object) -> datetime.date | None:
    """The slow path of ``to_date``: datetimes, date subclasses, ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError  # numbers are not dates: epoch seconds or days is anyone's guess
    text = str.__str__(value).strip()
    if not text:
        return None
    match = _DATE_RE.fullmatch(text) if len(text) <= _MAX_VALUE_TEXT else None
    if match is None:
        raise ValueError("write the date as YYYY-MM-DD")
    if len(text) > 10:
        # Validates the time part too ("25:00" is refused); the date counts as written,
        # in the time zone it was written in.
        datetime.datetime.fromisoformat(text)
    return datetime.date.fromisoformat(match["date"])


def to_date(value: object, field: str) -> datetime.date | None:
    """Read a date: a ``date``, a ``datetime`` (by its date, in its own time zone),
    or ISO text "2026-06-01", "2026-06-01T10:00:00", "2026-06-01 10:00", with an
    optional "Z" or UTC offset. Numbers are not dates (epoch seconds or days? unclear).
    """
    if type(value) is datetime.date:
        return value
    try:
        return _read_date(value)
    except (ValueError, OverflowError) as exc:
        raise DataError(field, value, _DATE_EXPECTED, str(exc) or None) from exc
    except Exception as exc:
        raise DataError(field, value, _DATE_EXPECTED) from exc
