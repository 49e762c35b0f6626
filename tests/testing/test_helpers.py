"""`check_account`, `check_profile`, `assert_monotone` and `account_pairs`."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from hypothesis import Phase, given, settings

import icpdsl
from icpdsl.interpreter import interpret
from icpdsl.model import ChoiceT
from icpdsl.runtime import Verdict
from icpdsl.testing import account_pairs, assert_monotone, check_account, check_profile
from tests.conftest import EXAMPLE

PHOTONICS = icpdsl.load(EXAMPLE)
AS_OF = datetime.date(2026, 12, 4)
# For tests that expect a failure and only read its message: no shrinking, fixed seed.
QUICK_FAILURE = settings(max_examples=200, derandomize=True, database=None, phases=[Phase.generate])


class TestCheckAccount:
    """The per-account invariants hold for real profiles and catch a lying profile."""

    def test_photonics_examples_pass(self) -> None:
        for example in PHOTONICS.checked.examples:
            check_account(PHOTONICS, example.given, as_of=AS_OF)
        check_account(PHOTONICS, {}, as_of=AS_OF)

    def test_a_value_both_sides_refuse_is_fine(self) -> None:
        check_account(PHOTONICS, {"employees": "many"}, as_of=AS_OF)

    def test_a_wrong_fast_path_is_caught(self) -> None:
        liar = icpdsl.load(EXAMPLE)
        liar.score = lambda account, as_of=None: (Verdict.QUALIFIED, 999, "A")
        with pytest.raises(AssertionError, match=r"score\(\) gives"):
            check_account(liar, {}, as_of=AS_OF)

    def test_a_wrong_rule_is_caught(self) -> None:
        liar = icpdsl.load(EXAMPLE)
        real = liar._evaluate

        def evaluate(account: object, as_of: datetime.date | None = None) -> dict[str, Any]:
            result = real(account, as_of)
            result["outcomes"][0]["result"] = True
            return result

        liar._evaluate = evaluate
        with pytest.raises(AssertionError, match='rule "Supported wavelength band": evaluate'):
            check_account(liar, {}, as_of=AS_OF)


class TestCheckProfile:
    """The whole-profile check: examples, tiers, then Hypothesis over every target."""

    def test_photonics_passes(self) -> None:
        check_profile(PHOTONICS, as_of=AS_OF, settings=settings(max_examples=60))

    def test_a_failing_example_is_reported(self) -> None:
        text = EXAMPLE.read_text(encoding="utf-8").replace("score 85", "score 86")
        with pytest.raises(
            AssertionError,
            match=r'example "Medical OEM in qualification" .*expected score 86, got 85',
        ):
            check_profile(icpdsl.loads(text), as_of=AS_OF)

    def test_an_unreachable_tier_is_reported(self) -> None:
        text = EXAMPLE.read_text(encoding="utf-8").replace("score >= 70", "score >= 200")
        with pytest.raises(
            AssertionError, match="tier A needs score >= 200 but the maximum score is 120"
        ):
            check_profile(icpdsl.loads(text), as_of=AS_OF)

    def test_tiers_out_of_order_are_reported(self) -> None:
        profile = icpdsl.loads(
            "fields\n    x: yes/no\n    y: yes/no\n"
            'nice to have "X" weight 10: x\nnice to have "Y" weight 20: y\n'
            "tier Low when score <= 10\ntier High when score >= 20\ntier Rest otherwise\n"
        )
        with pytest.raises(AssertionError) as caught:
            check_profile(profile, as_of=AS_OF)
        assert (
            "tiers are out of order: score 20 lands in High but the lower score 10 lands in Low"
            in str(caught.value)
        )
        assert (
            "tier Rest is never reached: every score the nice-to-haves can add up to (0 to 30)"
            in str(caught.value)
        )


class TestAssertMonotone:
    """One-line monotonicity properties, with counterexamples that say what changed."""

    @pytest.mark.parametrize(
        ("field", "by"),
        [("stage", "score"), ("docs", "score"), ("docs", "verdict"), ("iso_13485", "score")],
    )
    def test_holds_on_photonics(self, field: str, by: str) -> None:
        assert_monotone(PHOTONICS, field, by=by, as_of=AS_OF, settings=settings(max_examples=60))  # type: ignore[arg-type]

    def test_a_counterexample_names_values_and_rules(self) -> None:
        with pytest.raises(AssertionError) as caught:
            assert_monotone(PHOTONICS, "employees", as_of=AS_OF, settings=QUICK_FAILURE)
        message = str(caught.value)
        found = re.match(
            r"raising employees from (\d+) to (\d+) lowered the score from (\d+) to (\d+)\n",
            message,
        )
        assert found, message
        low, high, before, after = map(int, found.groups())
        assert 50 <= low <= 5000 < high and before - after == 10
        assert message.endswith(
            'rules whose result changed:\n  "Mid-size engineering org": yes -> no'
        )

    def test_verdict_decreasing(self) -> None:
        """More optical power never makes an account better (past 10 W it is not a fit)."""
        assert_monotone(PHOTONICS, "optical_power", by="verdict", decreasing=True, as_of=AS_OF,
                        settings=settings(max_examples=60))  # fmt: skip
        with pytest.raises(AssertionError, match="lowered the verdict from"):
            assert_monotone(
                PHOTONICS, "optical_power", by="verdict", as_of=AS_OF, settings=QUICK_FAILURE
            )

    def test_by_a_function(self) -> None:
        def points_of_use_case(ev: Any) -> float:
            return float(sum(o.points for o in ev.outcomes if o.category == "Use case match"))

        assert_monotone(PHOTONICS, "applications", by=points_of_use_case, as_of=AS_OF,
                        settings=settings(max_examples=60))  # fmt: skip

    def test_tier_order(self) -> None:
        assert_monotone(
            PHOTONICS, "stage", by="tier", as_of=AS_OF, settings=settings(max_examples=60)
        )

    def test_bad_arguments(self) -> None:
        with pytest.raises(ValueError, match="no field 'stages'; did you mean 'stage'"):
            assert_monotone(PHOTONICS, "stages")
        with pytest.raises(
            TypeError, match="region is one of na, eu, apac, other, which has no order"
        ):
            assert_monotone(PHOTONICS, "region")
        with pytest.raises(ValueError, match="by= takes"):
            assert_monotone(PHOTONICS, "stage", by="points")  # type: ignore[arg-type]


class TestAccountPairs:
    """Pairs differ in one field only, and the second is never smaller."""

    @pytest.mark.parametrize("field", ["stage", "employees", "docs", "last_contact", "iso_13485"])
    def test_pairs(self, field: str) -> None:
        f = PHOTONICS.checked.field(field)

        @settings(max_examples=40)
        @given(account_pairs(PHOTONICS, field, as_of=AS_OF, raw_spellings=True))
        def check(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
            lower, higher = pair
            low = interpret(PHOTONICS.checked, lower, AS_OF)["values"]
            high = interpret(PHOTONICS.checked, higher, AS_OF)["values"]
            assert {k for k in low if low[k] != high[k]} <= {field}
            assert low[field] is not None and high[field] is not None
            if field == "docs":
                assert low[field] <= high[field]
            elif field == "stage":
                assert isinstance(f.type, ChoiceT)
                order = f.type.values
                assert order.index(low[field]) <= order.index(high[field])
            else:
                assert low[field] <= high[field]

        check()

    def test_by_input_key(self) -> None:
        with pytest.raises(TypeError, match="wavelength is a range in nm, which has no order"):
            account_pairs(PHOTONICS, "Wavelength band")
