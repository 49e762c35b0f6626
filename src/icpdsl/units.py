"""Units of measure, their dimensions, and exact conversions between them.

The language promises that values a person reads as equal compare equal: ``1.1 um``
is 1100 nm, ``100 ps`` is 0.1 ns, ``185 degF`` is 85 degC. Binary floats cannot keep
that promise (``1.1 * 1000`` is ``1100.0000000000002``), so numbers are read into
``Fraction``s, converted exactly, and rounded to a float only once, by ``to_plain``.

``Profile.to_python()`` pastes this file into a standalone generated module, so it
imports the standard library only and nothing from icpdsl.
"""

import difflib
import math
import re
import sys
from dataclasses import dataclass
from fractions import Fraction

# The exponent written in a decimal ("2.5e3") is bounded so that "1e999999999" is
# refused at once instead of building a billion-digit integer.
MAX_DECIMAL_EXPONENT = 400
# Longer than any number a person writes; keeps every parse cheap.
MAX_DECIMAL_LENGTH = 100

# Magnitudes beyond this cannot be rounded to a float: ``to_plain`` refuses them.
_LARGEST_FLOAT_INT = int(sys.float_info.max)
# Every int up to this is exactly a float, so an int result equals the float it stands for.
_LARGEST_EXACT_FLOAT_INT = 2**53


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of one dimension: ``value_in_base = value * scale + offset``.

    The base unit of each dimension is m, W, J, Hz, bps, s, K, 1 (ratio), USD or EUR.
    For a logarithmic unit (dBm) ``scale`` is the level of 0 dB in the base unit, and
    ``value_in_base = scale * 10 ** (value / 10)``.
    """

    name: str
    dimension: str
    scale: Fraction
    offset: Fraction = Fraction(0)
    logarithmic: bool = False

    @property
    def kind(self) -> str:
        """The dimension as messages say it: "a length", "an amount of money (USD)"."""
        return describe_dimension(self.dimension)


def _linear_units(dimension: str, scales: dict[str, Fraction]) -> dict[str, Unit]:
    """One ``Unit`` per name; each keeps the name it was written with."""
    return {name: Unit(name, dimension, scale) for name, scale in scales.items()}


def _decimal_prefixes(base: str, exponents: dict[str, int]) -> dict[str, Fraction]:
    """Scales of ``base`` with SI prefixes, e.g. ``{"k": 3}`` -> ``{"kHz": 1000}``."""
    return {prefix + base: Fraction(10) ** exponent for prefix, exponent in exponents.items()}


# "u" and both spellings of the micro sign (U+00B5 MICRO SIGN, U+03BC GREEK SMALL MU).
_MICRO = {"u": -6, "\u00b5": -6, "\u03bc": -6}
_DAY = Fraction(86400)

UNITS: dict[str, Unit] = {
    **_linear_units(
        "length",
        _decimal_prefixes("m", {"p": -12, "n": -9, **_MICRO, "m": -3, "c": -2, "": 0, "k": 3}),
    ),
    **_linear_units("power", _decimal_prefixes("W", {"n": -9, **_MICRO, "m": -3, "": 0, "k": 3})),
    "dBm": Unit("dBm", "power", Fraction(1, 1000), logarithmic=True),
    **_linear_units("energy", _decimal_prefixes("J", {"n": -9, **_MICRO, "m": -3, "": 0})),
    **_linear_units("frequency", _decimal_prefixes("Hz", {"": 0, "k": 3, "M": 6, "G": 9, "T": 12})),
    **_linear_units(
        "data rate", _decimal_prefixes("bps", {"": 0, "k": 3, "M": 6, "G": 9, "T": 12})
    ),
    **_linear_units(
        "time",
        {
            **_decimal_prefixes("s", {"f": -15, "p": -12, "n": -9, **_MICRO, "m": -3, "": 0}),
            "min": Fraction(60),
            "h": Fraction(3600),
            "day": _DAY,
            "days": _DAY,
            "week": 7 * _DAY,
            "weeks": 7 * _DAY,
            "month": 30 * _DAY,
            "months": 30 * _DAY,
            "year": 365 * _DAY,
            "years": 365 * _DAY,
        },
    ),
    # Affine: K = degC + 273.15 and K = (degF - 32) * 5/9 + 273.15.
    "K": Unit("K", "temperature", Fraction(1)),
    "degC": Unit("degC", "temperature", Fraction(1), Fraction("273.15")),
    "degF": Unit("degF", "temperature", Fraction(5, 9), Fraction("273.15") - Fraction(160, 9)),
    "\u00b0C": Unit("\u00b0C", "temperature", Fraction(1), Fraction("273.15")),
    "\u00b0F": Unit(
        "\u00b0F", "temperature", Fraction(5, 9), Fraction("273.15") - Fraction(160, 9)
    ),
    "%": Unit("%", "ratio", Fraction(1, 100)),
    # USD and EUR are separate dimensions: no exchange rate is ever assumed.
    **_linear_units("money (USD)", _decimal_prefixes("USD", {"": 0, "k": 3, "M": 6, "B": 9})),
    **_linear_units("money (EUR)", _decimal_prefixes("EUR", {"": 0, "k": 3, "M": 6, "B": 9})),
}


def convert_fraction(value: Fraction, src: Unit, dst: Unit) -> Fraction | float:
    """Convert ``value`` from ``src`` to ``dst``, exactly unless a unit is logarithmic.

    Raises ValueError when the dimensions differ (a length is never a power) or a
    logarithmic conversion has no answer (0 W in dBm), and OverflowError when a dBm
    value is beyond the float range. The result is currently always a Fraction: an
    inexact dBm step is a float turned back into a Fraction, so that ``to_plain``
    still rounds only once.
    """
    if src.dimension != dst.dimension:
        raise ValueError(f'"{src.name}" is {src.kind}, not {dst.kind} like "{dst.name}"')
    if src == dst:
        return value
    if src.logarithmic or dst.logarithmic:
        return _convert_logarithmic(value, src, dst)
    return (value * src.scale + src.offset - dst.offset) / dst.scale


def _convert_logarithmic(value: Fraction, src: Unit, dst: Unit) -> Fraction:
    """Go through the linear base unit; only the logarithm itself is inexact."""
    linear = _from_decibels(value) if src.logarithmic else value
    base = linear * src.scale + src.offset  # a logarithmic unit's offset is 0
    if dst.logarithmic:
        return _to_decibels(base / dst.scale)
    return (base - dst.offset) / dst.scale


def _from_decibels(level: Fraction) -> Fraction:
    """The linear ratio of a level in dB: exact for whole decades (10 dB is 10 times)."""
    tenths = level / 10
    if tenths.denominator == 1 and abs(tenths) <= MAX_DECIMAL_EXPONENT:
        return Fraction(10) ** tenths.numerator
    try:
        return Fraction(10.0 ** float(tenths))
    except OverflowError:
        raise OverflowError("the power is too large") from None


def _to_decibels(ratio: Fraction) -> Fraction:
    """The level in dB of a linear ratio; a power of zero or below has none."""
    if ratio <= 0:
        raise ValueError("only a power above zero can be written in dB")
    try:
        as_float = ratio.numerator / ratio.denominator
    except OverflowError:
        as_float = math.inf
    if 0.0 < as_float < math.inf:
        return Fraction(10 * math.log10(as_float))
    # Beyond the float range: log10 of Python ints is exact enough at any size.
    return Fraction(10 * (math.log10(ratio.numerator) - math.log10(ratio.denominator)))


def to_plain(value: Fraction | float) -> int | float:
    """Round an exact value once to the nearest float, giving an int when that is whole.

    The result is an int when the value is integral and at most 2**53 in magnitude
    (where every int is exactly a float): ``repr()`` stays "1100", not "1100.0", and an
    int result always equals the float it stands for, so "4.791270734857874e16" and
    the float 4.791270734857874e16 compare equal. Raises ValueError for a NaN or
    infinite float, and OverflowError beyond the float range (about 1.8e308).
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        return value
    if value.denominator == 1:
        if abs(value.numerator) <= _LARGEST_EXACT_FLOAT_INT:
            return int(value.numerator)
        if abs(value.numerator) > _LARGEST_FLOAT_INT:
            raise OverflowError("the number is too large")
    try:
        # int / int is correctly rounded: this is the single rounding step.
        return value.numerator / value.denominator
    except OverflowError:
        raise OverflowError("the number is too large") from None


# Digits may be grouped by thousands commas (in proper groups of three) or by
# underscores between digits, never both. A leading "." (".5") is accepted because
# spreadsheets write it; a trailing one ("5.") is not, so "5..7" stays a range.
_DECIMAL_RE = re.compile(
    r"(?P<sign>[+-]?)"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)?"
    r"(?:\.(?P<fraction>[0-9]+(?:_[0-9]+)*))?"
    r"(?:[eE](?P<exponent>[+-]?[0-9]+))?"
)


def parse_decimal(text: str) -> Fraction:
    """Read a plain decimal as written in data or in .icp files, exactly.

    Accepts "1200", "1,200", "-40", "+5", "3.5", ".5", "2.5e3", "1_000", with
    surrounding whitespace. Raises ValueError for anything else: "nan", "inf", "0x10",
    "1,2", "5.", "", an exponent beyond +-400 or text longer than 100 characters, so
    hostile input can neither hang nor exhaust memory.
    """
    text = text.strip()
    if len(text) > MAX_DECIMAL_LENGTH:
        raise ValueError(f"a number has at most {MAX_DECIMAL_LENGTH} characters")
    match = _DECIMAL_RE.fullmatch(text)
    if match is None or not (match["whole"] or match["fraction"]):
        if "," in text:
            raise ValueError("commas group digits by three, as in 1,200")
        raise ValueError(f"{text!r} is not a number")
    exponent = int(match["exponent"] or "0")
    if abs(exponent) > MAX_DECIMAL_EXPONENT:
        raise ValueError(f"the exponent of a number is at most {MAX_DECIMAL_EXPONENT}")
    whole = (match["whole"] or "").replace(",", "").replace("_", "")
    fraction = (match["fraction"] or "").replace("_", "")
    digits = int((whole + fraction) or "0")
    if match["sign"] == "-":
        digits = -digits
    return Fraction(digits) * Fraction(10) ** (exponent - len(fraction))


# Words people write for units that are not unit names themselves (casefolded).
_UNIT_HINTS = {
    "c": "degC",
    "celsius": "degC",
    "f": "degF",
    "fahrenheit": "degF",
    "kelvin": "K",
    "micron": "um",
    "microns": "um",
    "nanometer": "nm",
    "nanometers": "nm",
    "nanometre": "nm",
    "nanometres": "nm",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "watt": "W",
    "watts": "W",
    "milliwatt": "mW",
    "milliwatts": "mW",
    "percent": "%",
    "pct": "%",
    "$": "USD",
    "\u20ac": "EUR",
    "sec": "s",
    "second": "s",
    "seconds": "s",
    "hr": "h",
    "hour": "h",
    "hours": "h",
    "minute": "min",
    "minutes": "min",
    "yr": "years",
    "yrs": "years",
    "b/s": "bps",
    "kb/s": "kbps",
    "mb/s": "Mbps",
    "gb/s": "Gbps",
    "tb/s": "Tbps",
}
# Unit names by their casefolded spelling ("mw" -> "mW"); no two names collide.
_UNITS_BY_FOLDED = {name.casefold(): name for name in UNITS}


def suggest_unit(name: str) -> str | None:
    """The known unit name closest to ``name``, for a "did you mean" hint, or None."""
    text = name.strip()
    if text in UNITS:
        return text
    if not text or len(text) > 32:
        return None
    folded = text.casefold()
    hint = _UNITS_BY_FOLDED.get(folded) or _UNIT_HINTS.get(folded)
    if hint is not None:
        return hint
    close = difflib.get_close_matches(text, list(UNITS), n=1, cutoff=0.6)
    return close[0] if close else None


def get_unit(name: str) -> Unit:
    """The unit called ``name``; ValueError with a "did you mean" when there is none."""
    found = UNITS.get(name)
    if found is not None:
        return found
    suggestion = suggest_unit(name)
    hint = f'; did you mean "{suggestion}"?' if suggestion else ""
    raise ValueError(f'"{name}" is not a unit I know{hint}')


def describe_dimension(dimension: str) -> str:
    """A dimension as a message says it: "a length", "an energy", "an amount of money (USD)"."""
    if dimension.startswith("money"):
        return "an amount of " + dimension
    return ("an " if dimension[:1] in ("a", "e", "i", "o", "u") else "a ") + dimension
