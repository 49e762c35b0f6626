"""Converters never raise anything but DataError, and canonical values round-trip."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icpdsl.convert import (
    DataError,
    normalize_name,
    to_choice,
    to_date,
    to_number,
    to_range,
    to_set,
    to_text,
    to_yes_no,
)
from icpdsl.units import UNITS, Unit, convert_fraction, to_plain

DECLARED = ("oem", "medical_device", "system_integrator", "New Fab", "2")
LOOKUP = {normalize_name(value): value for value in DECLARED} | {v: v for v in DECLARED}
FIELD_UNITS: list[Unit | None] = [None, UNITS["W"], UNITS["nm"], UNITS["degC"], UNITS["dBm"]]


class Hostile:
    """An object whose every dunder a converter might call raises."""

    def __str__(self) -> str:
        raise RuntimeError("str")

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        return 0

    def __float__(self) -> float:
        raise RuntimeError("float")


# Pieces of the syntax converters parse, glued together in random orders: this finds
# parser corners far more often than uniformly random text.
TOKENS = [
    "1", "0", "-", "+", ".", "..", ",", "_", "e", "E", "e400", "e-400", "999999999",
    "1,200", " ", "  ", "\t", "to", " to ", "nm", "um", "\u00b5m", "mW", "W", "dBm", "degC",
    "\u00b0C", "%", "USD", "furlongs", "/", ";", "|", "nan", "inf", "0x10", "\u2013",
    "2026", "-06", "-01", "T", ":", "Z", "+02:00", "yes", "no", "oem", "Medical Device",
    "\u0663", "\x00", "\ud7ff",
]  # fmt: skip

token_text = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)
# Built lazily: Hypothesis would repr() a sampled 10**5000, which str() refuses.
huge_ints = st.sampled_from([5000, 1100, 309, 400]).flatmap(
    lambda digits: st.sampled_from([10**digits, -(10**digits), 10**digits + 1])
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    token_text,
    st.binary(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.dates(),
    st.datetimes(),
    st.builds(Hostile),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.sampled_from(["min", "max", "low", "high", "unit", "x"]), children),
        st.dictionaries(st.text(max_size=3), children, max_size=3),
        st.frozensets(st.one_of(st.text(), st.integers(), huge_ints), max_size=4),
    ),
    max_leaves=10,
)

CONVERTERS: list[Callable[[object], object]] = [
    *(lambda v, u=u: to_number(v, "f", u, False) for u in FIELD_UNITS),
    *(lambda v, u=u: to_number(v, "f", u, True) for u in FIELD_UNITS),
    *(lambda v, u=u: to_range(v, "f", u) for u in FIELD_UNITS),
    lambda v: to_text(v, "f"),
    lambda v: to_yes_no(v, "f"),
    lambda v: to_choice(v, "f", LOOKUP, "a kind"),
    lambda v: to_set(v, "f", LOOKUP, "a set of kinds"),
    lambda v: to_set(v, "f", None, "a set of text"),
    lambda v: to_date(v, "f"),
]


def only_data_errors(value: object) -> None:
    """Run every converter on ``value``; anything but a DataError fails the test."""
    for convert in CONVERTERS:
        try:
            convert(value)
        except DataError as error:
            assert error.field == "f"
            assert str(error).startswith("field 'f': cannot read ")


class TestNeverCrash:
    """Whatever the input, converters return or raise DataError, and do so quickly."""

    @given(json_like)
    @settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
    def test_json_like_values(self, value: object) -> None:
        """Random nested JSON-like values and odd Python objects."""
        only_data_errors(value)

    @given(st.one_of(st.text(), token_text))
    @settings(max_examples=600)
    def test_strings(self, value: str) -> None:
        """Random text and random arrangements of the syntax's own pieces."""
        only_data_errors(value)

    @given(token_text, st.integers(min_value=0, max_value=20))
    def test_padded_and_repeated_strings(self, value: str, repeat: int) -> None:
        """Long repetitions of syntax pieces (regex backtracking bait) stay fast."""
        only_data_errors(value * repeat + "x")
        only_data_errors(" " * 10_000 + value)

    @given(st.binary())
    def test_bytes(self, value: bytes) -> None:
        """Bytes are never text, numbers or dates."""
        only_data_errors(value)
        only_data_errors(value.decode("latin-1"))


finite_floats = st.floats(allow_nan=False, allow_infinity=False)


class TestCanonicalRoundTrip:
    """Values that are already canonical come back as they are."""

    @given(finite_floats, st.sampled_from(FIELD_UNITS))
    def test_float_is_itself(self, value: float, unit: Unit | None) -> None:
        """A finite float in the field's unit is returned untouched."""
        assert to_number(value, "f", unit) is value

    @given(st.integers(min_value=-(2**1000), max_value=2**1000))
    def test_int_is_itself(self, value: int) -> None:
        """An int within the float range is returned untouched."""
        assert to_number(value, "f", None, True) is value

    @given(finite_floats)
    def test_repr_of_float_reads_back(self, value: float) -> None:
        """The text of a float reads as that float, rounded once."""
        assert to_number(repr(value), "f") == value

    @given(st.frozensets(st.sampled_from(DECLARED)))
    def test_set_of_declared_values_is_itself(self, value: frozenset[str]) -> None:
        """A frozenset of declared values is returned untouched."""
        assert to_set(value, "f", LOOKUP, "a set of kinds") is value

    @given(st.lists(st.sampled_from(DECLARED)))
    def test_set_from_joined_text(self, values: list[str]) -> None:
        """A set written as "a; b" reads like the same set as an array."""
        from_list = to_set(values, "f", LOOKUP, "a set of kinds")
        from_text = to_set("; ".join(values), "f", LOOKUP, "a set of kinds")
        assert from_text == (from_list or None)

    @given(finite_floats, finite_floats)
    def test_range_tuple_is_itself(self, a: float, b: float) -> None:
        """A (lo, hi) tuple with lo <= hi comes back equal."""
        low, high = min(a, b), max(a, b)
        assert to_range((low, high), "f", UNITS["nm"]) == (low, high)

    @given(st.sampled_from(DECLARED))
    def test_choice_spellings(self, value: str) -> None:
        """Upper case, spaces and hyphens still match the declared value."""
        for spelling in (value, value.upper(), f" {value.replace('_', ' ')} "):
            assert to_choice(spelling, "f", LOOKUP, "a kind") == value
        assert to_choice(value.replace("_", "-"), "f", LOOKUP, "a kind") == value


decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12
)


def exactly(value: Decimal | Fraction, src: str, dst: str) -> int | float:
    """The expected value, computed with Fractions independently of the parser."""
    return to_plain(convert_fraction(Fraction(value), UNITS[src], UNITS[dst]))


class TestStringsAgreeWithNumbers:
    """A quantity written as text reads as the exact conversion of its number."""

    @given(decimals)
    def test_milliwatts_in_watts(self, value: Decimal) -> None:
        """ "x mW" on a W field is exactly x / 1000, rounded once."""
        assert to_number(f"{value} mW", "f", UNITS["W"]) == to_plain(Fraction(value) / 1000)

    @given(decimals)
    def test_micrometres_in_nanometres(self, value: Decimal) -> None:
        """ "x um" on an nm field is exactly x * 1000."""
        assert to_number(f"{value}um", "f", UNITS["nm"]) == to_plain(Fraction(value) * 1000)

    @given(decimals)
    def test_fahrenheit_in_celsius(self, value: Decimal) -> None:
        """ "x degF" on a degC field is exactly (x - 32) * 5 / 9."""
        expected = to_plain((Fraction(value) - 32) * Fraction(5, 9))
        assert to_number(f"{value} degF", "f", UNITS["degC"]) == expected

    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_thousands_commas(self, value: int) -> None:
        """ "1,234,567" reads as 1234567."""
        assert to_number(f"{value:,}", "f") == value

    @given(decimals, decimals)
    def test_range_text_agrees_with_ends(self, a: Decimal, b: Decimal) -> None:
        """ "lo .. hi um" on an nm field is the two ends converted exactly."""
        low, high = min(a, b), max(a, b)
        expected = (exactly(low, "um", "nm"), exactly(high, "um", "nm"))
        assert to_range(f"{low} .. {high} um", "f", UNITS["nm"]) == expected
        assert to_range(f"{low} to {high} um", "f", UNITS["nm"]) == expected
        assert to_range([f"{low} um", f"{high}um"], "f", UNITS["nm"]) == expected
        if not str(low).startswith("-"):  # a hyphen joins ends only after a non-negative low
            assert to_range(f"{low}-{high} um", "f", UNITS["nm"]) == expected

    @given(st.dates())
    def test_iso_dates(self, value: datetime.date) -> None:
        """A date's ISO text, with or without a time, reads as that date."""
        assert to_date(value.isoformat(), "f") == value
        assert to_date(f"{value.isoformat()}T12:30:00Z", "f") == value


@given(
    st.from_regex(r"-?([0-9]{1,3}(,[0-9]{3}){1,4}|[0-9]{1,15})(\.[0-9]{1,15})?", fullmatch=True),
    st.sampled_from(["", " ", " mW", "mW", " W", " kW", " nm", " um", " degC", " degF", " dBm", " %",
                     " kUSD", " EUR", " furlongs"]),
    st.sampled_from([None, "W", "mW", "nm", "degC", "K", "USD", "dBm"]),
    st.booleans(),
)  # fmt: skip
def test_quick_number_path_matches_exact_path(
    number: str, unit_text: str, unit_name: str | None, integer: bool
) -> None:
    """The shortcut for common cells gives what the exact Fraction path gives, or its error."""
    from icpdsl.convert import _read_number

    text = number + unit_text
    unit = UNITS[unit_name] if unit_name else None
    try:
        expected = _read_number(text, "x", unit, integer)
    except (ValueError, OverflowError):
        with pytest.raises(DataError):
            to_number(text, "x", unit, integer)
        return
    got = to_number(text, "x", unit, integer)
    assert got == expected and type(got) is type(expected)
