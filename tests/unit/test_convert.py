"""Reading input values (JSON, CSV cells, Python objects) as canonical values."""

import datetime
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest

from icpdsl.convert import (
    DataError,
    ICPError,
    normalize_name,
    show_value,
    to_choice,
    to_date,
    to_number,
    to_range,
    to_set,
    to_text,
    to_yes_no,
)
from icpdsl.units import UNITS

W, NM, DEGC, USD = UNITS["W"], UNITS["nm"], UNITS["degC"], UNITS["USD"]

INDUSTRY = {
    value: value for value in ("oem", "system_integrator", "medical_device", "research")
} | {"Medical Device": "medical_device"}
INDUSTRY_LOOKUP = {normalize_name(value): value for value in INDUSTRY.values()} | {
    value: value for value in INDUSTRY.values()
}
DOCS = ("test_reports", "traceability", "reliability_data")
DOCS_LOOKUP = {value: value for value in DOCS}


class Unprintable:
    """An object whose str() and repr() both fail, as hostile input might."""

    def __str__(self) -> str:
        raise RuntimeError("no str")

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class TestDataError:
    """Errors name the field, show the value and say what was expected."""

    def test_message(self) -> None:
        """The message reads like the documented example."""
        error = DataError("optical_power", "12 furlongs", "a power in W")
        assert str(error) == "field 'optical_power': cannot read '12 furlongs' as a power in W"

    def test_detail_is_appended(self) -> None:
        """A detail says why, after the main message."""
        error = DataError("employees", "many", "a whole number", "write digits")
        assert str(error).endswith("as a whole number; write digits")

    def test_attributes(self) -> None:
        """Callers can read field, value, expected and detail."""
        error = DataError("f", 1, "x", "y")
        assert (error.field, error.value, error.expected, error.detail) == ("f", 1, "x", "y")

    def test_is_an_icp_error_and_a_value_error(self) -> None:
        """One clause catches every icpdsl error; generic validation catches it too."""
        error = DataError("f", 1, "x")
        assert isinstance(error, ICPError)
        assert isinstance(error, ValueError)

    def test_pickles(self) -> None:
        """Errors survive being sent back from a worker process."""
        error = pickle.loads(pickle.dumps(DataError("f", [1, 2], "x", "y")))
        assert (error.field, error.value, str(error)) == (
            "f",
            [1, 2],
            "field 'f': cannot read [1, 2] as x; y",
        )

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ("x" * 10_000, None),
            (10**5000, "<an integer of about 5000 digits>"),
            (Unprintable(), None),
            ([Unprintable()], None),
            (list(range(1000)), None),
        ],
        ids=["long-text", "huge-int", "unprintable", "unprintable-in-list", "long-list"],
    )
    def test_value_is_shown_short_and_safely(self, value: object, shown: str | None) -> None:
        """Huge or hostile values are shown in about 80 characters, never raising."""
        text = show_value(value)
        assert len(text) <= 100
        if shown is not None:
            assert text == shown


def number_error(value: object, unit: object = None, integer: bool = False) -> DataError:
    """The DataError that to_number raises for ``value`` on the field "f"."""
    with pytest.raises(DataError) as info:
        to_number(value, "f", unit, integer)  # type: ignore[arg-type]
    assert info.value.field == "f"
    return info.value


class TestToNumber:
    """Numbers and integers, with units converted exactly to the field's unit."""

    @pytest.mark.parametrize(
        ("value", "unit", "expected"),
        [
            (1.5, None, 1.5),
            (3, None, 3),
            (-0.0, None, -0.0),
            ("1200", None, 1200),
            ("1,200", None, 1200),
            (" -40 ", None, -40),
            ("2.5e3", None, 2500),
            ("1_000", None, 1000),
            (Decimal("0.1"), None, 0.1),
            (Fraction(1, 4), None, 0.25),
            ("500 mW", W, 0.5),
            ("500mW", W, 0.5),
            ("0.5 W", UNITS["mW"], 500),
            ("1.55 um", NM, 1550),
            ("1.1 um", NM, 1100),
            ("100 ps", UNITS["ns"], 0.1),
            ("-40 degC", UNITS["K"], 233.15),
            ("185 degF", DEGC, 85),
            ("-40 \u00b0C", DEGC, -40),
            ("20 %", UNITS["%"], 20),
            ("10 dBm", UNITS["mW"], 10),
            ("1.5 MUSD", UNITS["kUSD"], 1500),
            ("12", W, 12),
            (12, UNITS["mW"], 12),
        ],
    )
    def test_reads(self, value: object, unit: object, expected: float) -> None:
        """Each input reads as the value a person means, in the field's unit."""
        result = to_number(value, "f", unit)  # type: ignore[arg-type]
        assert result == expected
        assert repr(result) == repr(expected)

    @pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
    def test_unknown(self, value: object) -> None:
        """Missing values and blank strings are unknown (None), not zero."""
        assert to_number(value, "f") is None

    @pytest.mark.parametrize("value", [1.5, 7, -3.25])
    def test_plain_numbers_are_returned_as_they_are(self, value: float) -> None:
        """Canonical input takes the fast path and comes back untouched."""
        assert to_number(value, "f", W) is value

    @pytest.mark.parametrize(
        ("value", "integer", "expected"),
        [(800, True, 800), ("1,200", True, 1200), (800.0, True, 800), ("1.5e3", True, 1500)],
    )
    def test_integer_fields_give_ints(self, value: object, integer: bool, expected: int) -> None:
        """An integer field always gives an int, even from 800.0."""
        result = to_number(value, "f", None, integer)
        assert result == expected
        assert type(result) is int

    def test_integer_field_with_unit(self) -> None:
        """An integer field in USD reads "1.5 kUSD" as 1500."""
        assert to_number("1.5 kUSD", "f", USD, True) == 1500

    @pytest.mark.parametrize(
        ("value", "unit", "integer", "detail"),
        [
            ("12 furlongs", W, False, '"furlongs" is not a unit I know'),
            ("5 mw", W, False, 'did you mean "mW"?'),
            ("5 nm", W, False, '"nm" is a length, but f is a power (W)'),
            ("5 USD", UNITS["EUR"], False, "money (USD)"),
            ("5 mW", None, False, "f has no unit"),
            ("1,2", None, False, "by three"),
            ("1e999999999", None, False, "exponent"),
            ("1e400", None, False, "too large"),
            (10**400, None, False, "too large"),
            (float("nan"), None, False, "not a finite number"),
            (float("inf"), None, False, None),
            ("nan", None, False, None),
            ("inf", None, False, None),
            ("0x10", None, False, None),
            (True, None, False, "yes/no is not a number"),
            (False, W, False, "yes/no is not a number"),
            (1.5, None, True, "not a whole number"),
            ("1.5", None, True, "not a whole number"),
            ("0 W", UNITS["dBm"], False, "above zero"),
            ("4000.5 dBm", W, False, "too large"),
            ([1], None, False, None),
            ({"value": 1}, None, False, None),
            (b"12", None, False, None),
            (Decimal("NaN"), None, False, None),
            (Decimal("sNaN"), None, False, None),
            (Decimal("Infinity"), None, False, None),
            ("405-1064", None, False, None),
            ("12" * 200, None, False, "too long"),
            (Unprintable(), None, False, None),
        ],
    )
    def test_errors(self, value: object, unit: object, integer: bool, detail: str | None) -> None:
        """Unreadable values are DataErrors that name the value and say why."""
        error = number_error(value, unit, integer)
        assert error.value is value
        assert show_value(value)[:40] in str(error)
        assert "number" in error.expected
        if detail is not None:
            assert detail in str(error)

    def test_error_names_the_expected_type(self) -> None:
        """The message says "a power in W" and gives an example with a unit."""
        error = number_error("12 furlongs", W)
        assert str(error).startswith(
            "field 'f': cannot read '12 furlongs' as a power in W"
            ' (number with an optional unit such as "500 mW")'
        )


class TestToText:
    """Text compares ignoring case and surrounding whitespace."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (" Optical Engineer ", "optical engineer"),
            ("STRASSE", "strasse"),
            ("Stra\u00dfe", "strasse"),
            (12345, "12345"),
            (12345.0, "12345"),
            (1.5, "1.5"),
        ],
    )
    def test_reads(self, value: object, expected: str) -> None:
        """Strings are stripped and casefolded; numbers become their digits."""
        assert to_text(value, "f") == expected

    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_unknown(self, value: object) -> None:
        """Blank text is unknown."""
        assert to_text(value, "f") is None

    @pytest.mark.parametrize("value", [True, b"x", ["a"], {"a": 1}, float("nan"), Unprintable()])
    def test_errors(self, value: object) -> None:
        """Booleans, bytes and containers are not text."""
        with pytest.raises(DataError) as info:
            to_text(value, "notes")
        assert info.value.field == "notes"
        assert "as text" in str(info.value)


class TestToYesNo:
    """Yes/no from booleans, 1/0 and the usual words."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (True, True),
            (False, False),
            (1, True),
            (0, False),
            (1.0, True),
            ("yes", True),
            ("YES", True),
            (" y ", True),
            ("True", True),
            ("1", True),
            ("no", False),
            ("N", False),
            ("false", False),
            ("0", False),
        ],
    )
    def test_reads(self, value: object, expected: bool) -> None:
        """Each spelling reads as the boolean a person means."""
        assert to_yes_no(value, "f") is expected

    @pytest.mark.parametrize("value", [None, "", " "])
    def test_unknown(self, value: object) -> None:
        """Blank is unknown, not no."""
        assert to_yes_no(value, "f") is None

    @pytest.mark.parametrize("value", ["maybe", 2, -1, 0.5, "yes please", [True], b"yes"])
    def test_errors(self, value: object) -> None:
        """Anything else is a DataError listing the accepted spellings."""
        with pytest.raises(DataError) as info:
            to_yes_no(value, "iso_13485")
        assert info.value.field == "iso_13485"
        assert "yes, no, y, n, true, false, 1 or 0" in str(info.value)


class TestNormalizeName:
    """The matching key for enumeration values."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Medical Device", "medical_device"),
            (" medical-device ", "medical_device"),
            ("MEDICAL__DEVICE", "medical_device"),
            ("medical - device", "medical_device"),
            ("oem", "oem"),
        ],
    )
    def test_normalizes(self, text: str, expected: str) -> None:
        """Case, spaces, hyphens and underscores do not matter."""
        assert normalize_name(text) == expected


def choice(value: object) -> str | None:
    """to_choice on the industry field."""
    return to_choice(value, "industry", INDUSTRY_LOOKUP, "an industry")


class TestToChoice:
    """Enumeration and ordered values match their declared spelling."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("oem", "oem"),
            ("OEM", "oem"),
            ("Medical Device", "medical_device"),
            ("medical-device", "medical_device"),
            (" system integrator ", "system_integrator"),
        ],
    )
    def test_reads(self, value: object, expected: str) -> None:
        """Spellings that differ only in case and separators match."""
        assert choice(value) == expected

    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_unknown(self, value: object) -> None:
        """Blank is unknown."""
        assert choice(value) is None

    def test_int_reads_as_its_digits(self) -> None:
        """A value declared as the string "2" matches the number 2 from JSON."""
        assert to_choice(2, "f", {"1": "1", "2": "2"}, "a grade") == "2"

    def test_unknown_value_suggests(self) -> None:
        """A typo names the field, the value, a suggestion and the allowed values."""
        with pytest.raises(DataError) as info:
            choice("medcal device")
        message = str(info.value)
        assert info.value.field == "industry"
        assert message.startswith("field 'industry': cannot read 'medcal device' as an industry")
        assert 'did you mean "medical_device"?' in message
        assert "oem, system_integrator, medical_device, research" in message

    @pytest.mark.parametrize("value", [True, 1.5, ["oem"], b"oem", "x" * 100_000, Unprintable()])
    def test_errors(self, value: object) -> None:
        """Non-text values and unknown text are DataErrors."""
        with pytest.raises(DataError) as info:
            choice(value)
        assert "as an industry" in str(info.value)


def docs(value: object) -> frozenset[str] | None:
    """to_set on a set-of-enumeration field."""
    return to_set(value, "docs", DOCS_LOOKUP, "a set of documents")


class TestToSet:
    """Sets from arrays, or from strings split on ; , or |."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (["test_reports", "traceability"], {"test_reports", "traceability"}),
            (("Test Reports",), {"test_reports"}),
            ({"traceability"}, {"traceability"}),
            ("test_reports; traceability", {"test_reports", "traceability"}),
            ("test reports, Traceability", {"test_reports", "traceability"}),
            ("test_reports|reliability-data", {"test_reports", "reliability_data"}),
            ("test_reports;;traceability;", {"test_reports", "traceability"}),
            (["test_reports", None, ""], {"test_reports"}),
            ([], set()),
            ((), set()),
        ],
    )
    def test_reads(self, value: object, expected: set[str]) -> None:
        """Every element reads as a declared value."""
        assert docs(value) == frozenset(expected)

    @pytest.mark.parametrize("value", [None, "", "  ", ";", " , | "])
    def test_unknown(self, value: object) -> None:
        """Blank strings are unknown; only an empty array is a known empty set."""
        assert docs(value) is None

    def test_canonical_frozenset_is_returned_as_it_is(self) -> None:
        """A frozenset of declared values takes the fast path."""
        value = frozenset({"test_reports", "traceability"})
        assert docs(value) is value

    def test_set_of_text(self) -> None:
        """Without a lookup, elements are stripped and casefolded text."""
        result = to_set(" New Fab | LIDAR ", "triggers", None, "a set of text")
        assert result == frozenset({"new fab", "lidar"})
        assert to_set(["A", 7], "triggers", None, "a set of text") == frozenset({"a", "7"})

    def test_unknown_element_names_it(self) -> None:
        """A bad element is reported by itself, with a suggestion."""
        with pytest.raises(DataError) as info:
            docs("test_reports; tracability")
        assert info.value.value == "tracability"
        assert 'did you mean "traceability"?' in str(info.value)

    @pytest.mark.parametrize(
        "value", [{"a": 1}, b"x", 5, True, [["test_reports"]], [{"a": 1}], Unprintable()]
    )
    def test_errors(self, value: object) -> None:
        """Non-collections and nested collections are DataErrors."""
        with pytest.raises(DataError) as info:
            docs(value)
        assert info.value.field == "docs"


def wavelength(value: object) -> tuple[float, float] | None:
    """to_range on a range field in nm."""
    return to_range(value, "wavelength", NM)


class TestToRange:
    """Ranges from arrays, objects and text, in the field's unit."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ((405, 1064), (405, 1064)),
            ([405, 1064], (405, 1064)),
            ([405.5, 1064], (405.5, 1064)),
            ({"min": 405, "max": 1064}, (405, 1064)),
            ({"low": 405, "high": 1064}, (405, 1064)),
            ("405-1064 nm", (405, 1064)),
            ("405 - 1064", (405, 1064)),
            ("405\u20131064 nm", (405, 1064)),
            ("405 .. 1064", (405, 1064)),
            ("405..1064", (405, 1064)),
            ("450 nm .. 650 nm", (450, 650)),
            ("1.1 um - 1.6 um", (1100, 1600)),
            ("0.4 .. 1.7 um", (400, 1700)),
            ("350 nm .. 1.7 um", (350, 1700)),
            ("400 to 700", (400, 700)),
            ("532", (532, 532)),
            ("532 nm", (532, 532)),
            ("1.55 um", (1550, 1550)),
            (532, (532, 532)),
            (["400", "1700 nm"], (400, 1700)),
            ([400, "1.7 um"], (400, 1700)),
            ({"min": "0.4 um", "max": 1700}, (400, 1700)),
        ],
    )
    def test_reads(self, value: object, expected: tuple[float, float]) -> None:
        """Each spelling reads as the range a person means."""
        assert wavelength(value) == expected

    def test_negative_ends(self) -> None:
        """A negative low end is read with "to" or "..", never with a hyphen."""
        assert to_range("-40 to 85 degC", "t", DEGC) == (-40, 85)
        assert to_range("-40 .. 85", "t", DEGC) == (-40, 85)
        assert to_range("-40 degF to 185 degF", "t", DEGC) == (-40, 85)
        assert to_range("-10 .. -5", "t", DEGC) == (-10, -5)

    def test_units_are_converted(self) -> None:
        """Ends in other units convert exactly, dBm included."""
        assert to_range("0 .. 10 dBm", "p", UNITS["mW"]) == (1, 10)
        assert to_range("100 ps .. 1 ns", "d", UNITS["ns"]) == (0.1, 1)

    def test_no_unit_field(self) -> None:
        """A field without a unit reads plain numbers."""
        assert to_range("1,000 - 5,000", "employees", None) == (1000, 5000)

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_unknown(self, value: object) -> None:
        """Blank is unknown."""
        assert wavelength(value) is None

    def test_canonical_tuple_is_fast(self) -> None:
        """A (lo, hi) tuple of plain numbers comes back equal."""
        assert wavelength((1.5, 2)) == (1.5, 2)

    @pytest.mark.parametrize(
        ("value", "detail"),
        [
            ("-40-85", '"-40 to 85"'),
            ((1064, 405), "the low end 1064 is above the high end 405"),
            ("400 .. 1.7 um", "above"),  # the low end takes um: 400 um
            ("5 ..", "both ends"),
            (".. 5", "both ends"),
            ("1 .. 2 .. 3", "two ends"),
            ([None, 5], "both ends"),
            (["", 5], "both ends"),
            ([1, 2, 3], "two ends"),
            ([1], "two ends"),
            ({"min": 1}, "both ends"),
            ({}, "both ends"),
            ({"min": 1, "max": 2, "unit": "um"}, '"min" and "max"'),
            ({"min": 1, "low": 1, "max": 2}, '"min" and "max"'),
            ("400 .. 700 W", "is a power, but wavelength is a length (nm)"),
            ("1 .. 2 furlongs", "not a unit"),
            ([float("nan"), 1], "not a finite number"),
            ([0, float("inf")], None),
            ((float("nan"), 1.0), None),
            ((0, 10**400), None),
            ("nan .. 1", None),
            ("1e999999 .. 2", "exponent"),
            ([True, 5], "yes/no"),
            (b"1-2", None),
            ([[1, 2], 3], None),
            ("1-2-3", None),
            ("x" * 1000, "too long"),
            (Unprintable(), None),
        ],
    )
    def test_errors(self, value: object, detail: str | None) -> None:
        """Unreadable ranges are DataErrors that say why."""
        with pytest.raises(DataError) as info:
            wavelength(value)
        assert info.value.field == "wavelength"
        if detail is not None:
            assert detail in str(info.value)

    def test_error_names_value_and_type(self) -> None:
        """The message shows the value and what a range looks like."""
        with pytest.raises(DataError) as info:
            wavelength("-40-85")
        assert str(info.value).startswith(
            "field 'wavelength': cannot read '-40-85' as a range of length values in nm"
        )


class TestToDate:
    """Dates from date objects and ISO text."""

    @pytest.mark.parametrize(
        "value",
        [
            datetime.date(2026, 6, 1),
            datetime.datetime(2026, 6, 1, 23, 59),
            datetime.datetime(2026, 6, 1, 23, 59, tzinfo=datetime.UTC),
            "2026-06-01",
            " 2026-06-01 ",
            "2026-06-01T10:00:00",
            "2026-06-01 10:00",
            "2026-06-01T10:00:00Z",
            "2026-06-01T10:00:00.123456Z",
            "2026-06-01T23:30:00+02:00",
            "2026-06-01T23:30-0500",
        ],
    )
    def test_reads(self, value: object) -> None:
        """A datetime counts by its date, as written, in its own time zone."""
        assert to_date(value, "f") == datetime.date(2026, 6, 1)

    def test_date_is_returned_as_it_is(self) -> None:
        """A date takes the fast path."""
        value = datetime.date(2026, 6, 1)
        assert to_date(value, "f") is value

    def test_result_is_a_plain_date(self) -> None:
        """A datetime never leaks through as a date (it would compare unequal)."""
        assert type(to_date(datetime.datetime(2026, 6, 1, 12), "f")) is datetime.date

    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_unknown(self, value: object) -> None:
        """Blank is unknown."""
        assert to_date(value, "f") is None

    @pytest.mark.parametrize(
        ("value", "detail"),
        [
            ("2026-02-30", "day is out of range"),
            ("2026-13-01", "month"),
            ("2026-06-01T25:00", "hour"),
            ("20260601", "YYYY-MM-DD"),
            ("2026-W23-1", "YYYY-MM-DD"),
            ("06/01/2026", "YYYY-MM-DD"),
            ("yesterday", "YYYY-MM-DD"),
            ("2026-06-01T", "YYYY-MM-DD"),
            (1780000000, None),
            (True, None),
            ([2026, 6, 1], None),
            ("2" * 10_000, None),
        ],
    )
    def test_errors(self, value: object, detail: str | None) -> None:
        """Unreadable dates are DataErrors that give the expected format."""
        with pytest.raises(DataError) as info:
            to_date(value, "last_contact")
        assert info.value.field == "last_contact"
        assert 'as a date (such as "2026-06-01")' in str(info.value)
        if detail is not None:
            assert detail in str(info.value)
