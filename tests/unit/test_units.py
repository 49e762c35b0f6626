"""Units: the exact conversions the language promises, and the decimals it reads."""

import math
import time
from fractions import Fraction

import pytest

from icpdsl.units import (
    UNITS,
    Unit,
    convert_fraction,
    describe_dimension,
    get_unit,
    parse_decimal,
    suggest_unit,
    to_plain,
)


def convert(text: str, dst: str) -> int | float:
    """Read "NUMBER UNIT" and convert it to ``dst`` the way literals are converted."""
    number, unit = text.rsplit(" ", 1)
    return to_plain(convert_fraction(parse_decimal(number), UNITS[unit], UNITS[dst]))


class TestExactConversions:
    """Values equal as a person reads them are equal after conversion."""

    @pytest.mark.parametrize(
        ("text", "dst", "expected"),
        [
            ("1.1 um", "nm", 1100),
            ("1.7 um", "nm", 1700),
            ("185 degF", "degC", 85),
            ("100 ps", "ns", 0.1),
            ("0.5 W", "mW", 500),
            ("500 mW", "W", 0.5),
            ("-40 degC", "K", 233.15),
            ("-40 degC", "degF", -40),
            ("20 %", "%", 20),
            ("2.5 GHz", "MHz", 2500),
            ("10 Gbps", "Mbps", 10000),
            ("3 months", "days", 90),
            ("1 year", "days", 365),
            ("2 weeks", "days", 14),
            ("1.5 MUSD", "kUSD", 1500),
            ("250 kEUR", "EUR", 250000),
            ("3 mJ", "uJ", 3000),
            ("1 \u00b5m", "nm", 1000),
            ("1 \u03bcm", "nm", 1000),
            ("1 \u00b0F", "degF", 1),
        ],
    )
    def test_conversion_is_exact(self, text: str, dst: str, expected: float) -> None:
        """Each conversion gives exactly the value a person expects, no float noise."""
        result = convert(text, dst)
        assert result == expected
        assert repr(result) == repr(expected)

    def test_185_degf_is_exactly_85_degc(self) -> None:
        """The affine temperature conversion stays exact as a Fraction."""
        assert convert_fraction(Fraction(185), UNITS["degF"], UNITS["degC"]) == Fraction(85)

    def test_minus_40_degc_is_233_15_k_exactly(self) -> None:
        """-40 degC is 233.15 K exactly, not approximately."""
        assert convert_fraction(Fraction(-40), UNITS["degC"], UNITS["K"]) == Fraction("233.15")

    def test_percent_is_a_hundredth_of_the_ratio_base(self) -> None:
        """20 % is the ratio 0.2 in the base unit of ratios."""
        percent = UNITS["%"]
        assert percent.dimension == "ratio"
        assert 20 * percent.scale == Fraction(1, 5)

    def test_integral_results_are_ints(self) -> None:
        """Whole results are ints, so repr() shows "1100", not "1100.0"."""
        assert type(convert("1.1 um", "nm")) is int


class TestLogarithmicPower:
    """dBm converts to and from linear power; only non-decade levels are inexact."""

    @pytest.mark.parametrize(
        ("text", "dst", "expected"),
        [
            ("10 dBm", "mW", 10),
            ("0 dBm", "mW", 1),
            ("20 dBm", "W", 0.1),
            ("-10 dBm", "mW", 0.1),
            ("10 mW", "dBm", 10),
            ("1 W", "dBm", 30),
            ("1 mW", "dBm", 0),
        ],
    )
    def test_whole_decades(self, text: str, dst: str, expected: float) -> None:
        """Whole decades convert to the exact value."""
        assert convert(text, dst) == expected

    def test_3_dbm_is_about_2_mw(self) -> None:
        """Between decades the value is the nearest float of 10 ** (x / 10)."""
        assert convert("3 dBm", "mW") == pytest.approx(1.9952623149688795)

    def test_zero_power_has_no_dbm(self) -> None:
        """0 W cannot be written in dBm: a ValueError, not a math domain crash."""
        with pytest.raises(ValueError, match="above zero"):
            convert("0 W", "dBm")

    def test_huge_dbm_overflows_cleanly(self) -> None:
        """A level far beyond the float range raises OverflowError, promptly."""
        with pytest.raises(OverflowError):
            convert("12345.5 dBm", "W")


class TestDimensions:
    """Units convert only within one dimension."""

    @pytest.mark.parametrize(
        ("src", "dst"),
        [("nm", "W"), ("USD", "EUR"), ("kUSD", "MEUR"), ("degC", "%"), ("s", "Hz"), ("dBm", "J")],
    )
    def test_mismatch_raises(self, src: str, dst: str) -> None:
        """A length is never a power, and dollars are never euros."""
        with pytest.raises(ValueError, match=r"is an? "):
            convert_fraction(Fraction(1), UNITS[src], UNITS[dst])

    def test_mismatch_message_names_both_dimensions(self) -> None:
        """The message says what each unit measures."""
        with pytest.raises(ValueError, match='"nm" is a length, not a power like "W"'):
            convert_fraction(Fraction(1), UNITS["nm"], UNITS["W"])

    @pytest.mark.parametrize(
        ("unit", "dimension"),
        [
            ("pm", "length"),
            ("kW", "power"),
            ("dBm", "power"),
            ("nJ", "energy"),
            ("THz", "frequency"),
            ("Tbps", "data rate"),
            ("fs", "time"),
            ("years", "time"),
            ("day", "time"),
            ("K", "temperature"),
            ("%", "ratio"),
            ("BUSD", "money (USD)"),
            ("BEUR", "money (EUR)"),
        ],
    )
    def test_dimension_names(self, unit: str, dimension: str) -> None:
        """Dimension names are the words error messages use."""
        assert UNITS[unit].dimension == dimension

    def test_required_units_exist(self) -> None:
        """Every unit the language reference lists is known."""
        listed = (
            "pm nm um µm mm cm m nW uW µW mW W kW dBm nJ uJ mJ J Hz kHz MHz GHz THz "
            "bps kbps Mbps Gbps Tbps fs ps ns us µs ms s days weeks months years "
            "day week month year degC degF K % USD kUSD MUSD BUSD EUR kEUR MEUR BEUR"
        )
        required = listed.split()
        assert [name for name in required if name not in UNITS] == []

    def test_each_unit_is_named_as_written(self) -> None:
        """A unit's name is its key, so messages echo what the user wrote."""
        assert all(unit.name == name for name, unit in UNITS.items())

    def test_units_are_immutable(self) -> None:
        """Units are frozen: a profile cannot corrupt the shared table."""
        with pytest.raises(AttributeError):
            UNITS["nm"].scale = Fraction(1)  # type: ignore[misc]

    def test_describe_dimension(self) -> None:
        """Messages say "an energy" and "an amount of money (USD)"."""
        assert describe_dimension("energy") == "an energy"
        assert describe_dimension("length") == "a length"
        assert UNITS["kUSD"].kind == "an amount of money (USD)"


class TestToPlain:
    """Exact values become plain Python numbers, rounded once."""

    def test_integral_fraction_is_int(self) -> None:
        """Fraction(1100) becomes the int 1100."""
        assert to_plain(Fraction(1100)) == 1100
        assert type(to_plain(Fraction(1100))) is int

    def test_fraction_rounds_to_nearest_float(self) -> None:
        """1/10 becomes the float 0.1, the nearest one."""
        assert to_plain(Fraction(1, 10)) == 0.1

    def test_float_passes_through(self) -> None:
        """A float is already plain."""
        assert to_plain(2.5) == 2.5

    def test_non_finite_float_raises(self) -> None:
        """NaN is not a number a rule can compare."""
        with pytest.raises(ValueError):
            to_plain(math.nan)

    @pytest.mark.parametrize(
        "value", [Fraction(10) ** 400, -(Fraction(10) ** 400), Fraction(10**400 + 1, 3)]
    )
    def test_beyond_float_range_overflows(self, value: Fraction) -> None:
        """Integral or not, a magnitude no float can hold raises OverflowError."""
        with pytest.raises(OverflowError):
            to_plain(value)


class TestParseDecimal:
    """Plain decimals as written in data and in .icp files."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1200", Fraction(1200)),
            ("1,200", Fraction(1200)),
            ("1,234,567.25", Fraction("1234567.25")),
            ("-40", Fraction(-40)),
            ("+5", Fraction(5)),
            ("3.5", Fraction(7, 2)),
            (".5", Fraction(1, 2)),
            ("-.5", Fraction(-1, 2)),
            ("2.5e3", Fraction(2500)),
            ("1E-3", Fraction(1, 1000)),
            ("1e+2", Fraction(100)),
            ("1_000", Fraction(1000)),
            ("0.000_1", Fraction(1, 10000)),
            (" 42 ", Fraction(42)),
            ("1.1", Fraction(11, 10)),
            ("1e400", Fraction(10) ** 400),
            ("1e-400", Fraction(1, 10**400)),
        ],
    )
    def test_accepts(self, text: str, expected: Fraction) -> None:
        """Each spelling reads as the exact value."""
        assert parse_decimal(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "  ",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "Infinity",
            "0x10",
            "0b1",
            "1,2",
            "12,00",
            "1234,567",
            "1,200_000",
            "1__0",
            "_1",
            "1_",
            "5.",
            "1.2.3",
            "1e",
            "e5",
            "1e1_0",
            "1e1.5",
            "--1",
            "+-1",
            "1 000",
            "\u0663",  # ARABIC-INDIC DIGIT THREE
            "\uff11",  # FULLWIDTH DIGIT ONE
            "1\x00",
            "5 mW",
        ],
    )
    def test_rejects(self, text: str) -> None:
        """Anything that is not a plain decimal is a ValueError."""
        with pytest.raises(ValueError):
            parse_decimal(text)

    def test_comma_error_explains_grouping(self) -> None:
        """A misplaced thousands comma gets a message about grouping by three."""
        with pytest.raises(ValueError, match="by three"):
            parse_decimal("1,2")

    @pytest.mark.parametrize("text", ["1e401", "1e-401", "1e999999999", "1e" + "9" * 90])
    def test_exponent_is_bounded(self, text: str) -> None:
        """A huge exponent is refused at once instead of building a huge number."""
        start = time.perf_counter()
        with pytest.raises(ValueError, match="exponent"):
            parse_decimal(text)
        assert time.perf_counter() - start < 0.1

    def test_length_is_bounded(self) -> None:
        """Text far longer than any number is refused without parsing it."""
        with pytest.raises(ValueError, match="at most"):
            parse_decimal("1" * 10_000)


class TestUnitNames:
    """Looking up units by name, with a "did you mean" for typos."""

    @pytest.mark.parametrize(
        ("typo", "expected"),
        [
            ("mw", "mW"),
            ("NM", "nm"),
            ("Ghz", "GHz"),
            ("celsius", "degC"),
            ("microns", "um"),
            ("Gb/s", "Gbps"),
            ("degc", "degC"),
            ("kUSd", "kUSD"),
            ("nm", "nm"),
        ],
    )
    def test_suggestion(self, typo: str, expected: str) -> None:
        """Common misspellings suggest the intended unit."""
        assert suggest_unit(typo) == expected

    @pytest.mark.parametrize("name", ["furlongs", "", "x" * 10_000])
    def test_no_suggestion(self, name: str) -> None:
        """Nothing close means no suggestion, quickly."""
        assert suggest_unit(name) is None

    def test_get_unit(self) -> None:
        """A known name gives its Unit."""
        assert get_unit("mW") == Unit("mW", "power", Fraction(1, 1000))

    def test_get_unknown_unit_suggests(self) -> None:
        """An unknown name is a ValueError that carries the suggestion."""
        with pytest.raises(ValueError, match='"Mhz" is not a unit I know; did you mean "MHz"'):
            get_unit("Mhz")
