"""`accounts()`: accounts that fit the schema, and accounts built to reach a verdict or tier."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import icpdsl
from icpdsl.accounts import read_account
from icpdsl.interpreter import interpret
from icpdsl.testing import VERDICTS, UnreachableTarget, account_pairs, accounts
from tests.conftest import EXAMPLE

PHOTONICS = icpdsl.load(EXAMPLE)
AS_OF = datetime.date(2026, 12, 4)

# Built once: building runs the reachability search, drawing reuses it.
BY_VERDICT = {v: accounts(PHOTONICS, verdict=v, as_of=AS_OF) for v in VERDICTS}
BY_TIER = {t: accounts(PHOTONICS, tier=t, as_of=AS_OF) for t in ("A", "B", "C")}
RAW_QUALIFIED = accounts(PHOTONICS, verdict="qualified", raw_spellings=True, as_of=AS_OF)
QUALIFIED_A = accounts(PHOTONICS, verdict="qualified", tier="A", as_of=AS_OF)
RESEARCH_A = accounts(
    PHOTONICS, verdict="needs_research", tier="A", raw_spellings=True, as_of=AS_OF
)


def collect(strategy: st.SearchStrategy[Any], count: int = 300) -> list[Any]:
    """Draw `count` examples with a fixed seed: for tests about what the strategy covers."""
    drawn: list[Any] = []

    @settings(max_examples=count, derandomize=True, database=None)
    @given(strategy)
    def draw(value: Any) -> None:
        drawn.append(value)

    draw()
    return drawn


class TestTargets:
    """Every verdict and tier of the photonics example is reached under default settings."""

    @pytest.mark.parametrize("verdict", VERDICTS)
    @given(data=st.data())
    def test_every_verdict_is_reached(self, verdict: str, data: st.DataObject) -> None:
        account = data.draw(BY_VERDICT[verdict])
        assert PHOTONICS.evaluate(account, as_of=AS_OF).verdict == verdict

    @pytest.mark.parametrize("tier", ["A", "B", "C"])
    @given(data=st.data())
    def test_every_tier_is_reached(self, tier: str, data: st.DataObject) -> None:
        ev = PHOTONICS.evaluate(data.draw(BY_TIER[tier]), as_of=AS_OF)
        assert ev.tier == tier
        assert ev.verdict in ("qualified", "needs_research")

    @given(RAW_QUALIFIED)
    def test_raw_spellings_reach_the_target_too(self, account: dict[str, Any]) -> None:
        assert PHOTONICS.score(account, AS_OF)[0] == "qualified"

    @given(QUALIFIED_A)
    def test_verdict_and_tier_together(self, account: dict[str, Any]) -> None:
        verdict, score, tier = PHOTONICS.score(account, AS_OF)
        assert (verdict, tier) == ("qualified", "A")
        assert score >= 70

    @given(RESEARCH_A)
    def test_needs_research_in_the_top_tier(self, account: dict[str, Any]) -> None:
        """The rarest corner: a must-have still unknown, yet already 70 points."""
        ev = PHOTONICS.evaluate(account, as_of=AS_OF)
        assert (ev.verdict, ev.tier) == ("needs_research", "A")
        assert any(o.kind == "must_have" and o.result is None for o in ev.outcomes)

    def test_generated_not_filtered(self) -> None:
        """Reaching a rare target costs no rejected examples: Hypothesis' health checks
        (on in every test of this class) would fail otherwise.  Here, directly: a
        whole run of tier A draws without a single discarded example."""
        seen: list[Any] = []

        @settings(max_examples=50, database=None)
        @given(BY_TIER["A"])
        def run(account: dict[str, Any]) -> None:
            seen.append(account)

        run()
        assert len(seen) >= 50


class TestUnreachable:
    """A target no account can reach fails when the strategy is built, saying why."""

    SMALL = """
        fields
            x: integer
            y: yes/no
        must have "Big": x > 10
        nice to have "Yes" weight 10: y
        nice to have "Huge" weight 20: x > 100
        nice to have "Penalty" weight -5: not y
    """

    def profile(self, extra: str = "", base: str | None = None) -> icpdsl.Profile:
        return icpdsl.loads((base if base is not None else self.SMALL) + extra)

    def test_tier_threshold_above_the_maximum_score(self) -> None:
        p = self.profile("tier A when score >= 70\ntier B otherwise")
        with pytest.raises(
            UnreachableTarget, match=r"tier A needs score >= 70 but the maximum score is 30"
        ):
            accounts(p, tier="A")

    def test_tier_threshold_below_the_minimum_score(self) -> None:
        p = self.profile("tier Low when score < -5\ntier B otherwise")
        with pytest.raises(
            UnreachableTarget, match=r"needs score < -5 but the minimum score is -5"
        ):
            accounts(p, tier="Low")

    def test_tier_shadowed_by_an_earlier_one(self) -> None:
        p = self.profile("tier A when score >= 10\ntier B when score >= 20\ntier C otherwise")
        with pytest.raises(
            UnreachableTarget, match=r"tier B is never reached: .*earlier tier \(A\)"
        ):
            accounts(p, tier="B")

    def test_score_the_weights_cannot_add_up_to(self) -> None:
        p = self.profile("tier Odd when score = 7\ntier B otherwise")
        with pytest.raises(UnreachableTarget, match=r"no score the nice-to-haves can add up to"):
            accounts(p, tier="Odd")

    def test_no_disqualifiers(self) -> None:
        with pytest.raises(UnreachableTarget, match="the profile has no disqualifiers"):
            accounts(self.profile(), verdict="disqualified")

    def test_no_must_haves(self) -> None:
        p = self.profile(base="fields\n    y: yes/no\n")
        with pytest.raises(UnreachableTarget, match="the profile has no must-haves"):
            accounts(p, verdict="not_a_fit")
        with pytest.raises(UnreachableTarget, match="the profile has no must-haves"):
            accounts(p, verdict="needs_research")

    def test_every_must_have_says_unknown_means(self) -> None:
        p = icpdsl.loads('fields\n    x: integer\nmust have "Big" unknown means no: x > 10')
        with pytest.raises(UnreachableTarget, match="every must-have says 'unknown means'"):
            accounts(p, verdict="needs_research")

    def test_a_must_have_that_is_never_true(self) -> None:
        p = self.profile('must have "Small": x < 5')
        with pytest.raises(
            UnreachableTarget,
            match=r'verdict qualified: the must-have "Big" cannot be true while the must-have "Small" is true',
        ):
            accounts(p, verdict="qualified")

    def test_a_disqualifier_that_always_holds(self) -> None:
        p = self.profile('disqualify "Always": x is known or x is not known')
        with pytest.raises(UnreachableTarget, match=r'the disqualifier "Always" is always true'):
            accounts(p, verdict="qualified")

    def test_a_tier_needs_a_ranked_verdict(self) -> None:
        with pytest.raises(UnreachableTarget, match="a not_a_fit account has no tier"):
            accounts(PHOTONICS, verdict="not_a_fit", tier="A")

    def test_it_is_also_a_value_error_and_an_icp_error(self) -> None:
        with pytest.raises(ValueError):
            accounts(self.profile(), verdict="disqualified")
        with pytest.raises(icpdsl.ICPError):
            accounts(self.profile(), verdict="disqualified")

    def test_misspelled_names(self) -> None:
        with pytest.raises(ValueError, match="did you mean 'qualified'"):
            accounts(PHOTONICS, verdict="qualifed")
        with pytest.raises(ValueError, match="no tier 'D'; its tiers are A, B, C"):
            accounts(PHOTONICS, tier="D")
        with pytest.raises(ValueError, match="unknown_rate is a probability"):
            accounts(PHOTONICS, unknown_rate=1.5)
        with pytest.raises(TypeError, match=r"expected an icpdsl\.Profile"):
            accounts("photonics.icp")  # type: ignore[arg-type]


class TestSearch:
    """Corners of the search that once went wrong."""

    def test_a_field_compared_with_a_later_field(self) -> None:
        """`count of s > n` with `n >= 2`: s must be chosen big before n is known."""
        p = icpdsl.loads(
            "fields\n    s: set of a, b, c\n    n: integer\n"
            'must have "More than n": count of s > n\nmust have "n at least 2": n >= 2\n'
        )
        for account in collect(accounts(p, verdict="qualified"), 20):
            assert account["s"] == {"a", "b", "c"} and account["n"] == 2

    def test_two_fields_read_from_one_column(self) -> None:
        p = icpdsl.loads(
            'fields\n    a: integer from "X"\n    b: number in W from "X"\n'
            'must have "A": a > 5\nmust have "B": b < 3\n'
        )
        with pytest.raises(UnreachableTarget, match='"A" cannot be true while the must-have "B"'):
            accounts(p, verdict="qualified")
        for account in collect(accounts(p, verdict="not_a_fit", raw_spellings=True), 30):
            assert p.score(account)[0] == "not_a_fit"
        with pytest.raises(ValueError, match="read from the same column as b"):
            account_pairs(p, "a")

    def test_a_tier_on_a_field_and_the_score(self) -> None:
        p = icpdsl.loads(
            "fields\n    r: one of eu, na\n    y: yes/no\n"
            'nice to have "Y" weight 2.5: y\n'
            "tier A when score > 2 and r is eu\ntier B when r is na\ntier C otherwise\n"
        )
        assert collect(accounts(p, tier="A"), 5)[0] == {"r": "eu", "y": True}
        for account in collect(accounts(p, tier="C"), 20):
            assert p.score(account)[2] == "C"


class TestShape:
    """Accounts look like the data users pass: input keys, plain values, some unknown."""

    def test_keyed_by_input_key(self) -> None:
        keys = {f.key for f in PHOTONICS.fields}
        for account in collect(accounts(PHOTONICS, unknown_rate=0), 30):
            assert set(account) == keys
        assert "Wavelength band" in keys and "wavelength" not in keys

    def test_plain_values_are_canonical(self) -> None:
        """Without raw spellings a value reads back as itself (the compiled fast path)."""
        for account in collect(accounts(PHOTONICS, unknown_rate=0.3), 100):
            values = read_account(account, PHOTONICS.fields)
            for f in PHOTONICS.fields:
                if account.get(f.key) is not None:
                    assert values[f.name] == account[f.key]
                    assert type(values[f.name]) is type(account[f.key])

    def test_unknown_rate(self) -> None:
        def unknown_share(rate: float) -> float:
            drawn = collect(accounts(PHOTONICS, unknown_rate=rate), 100)
            total = len(drawn) * len(PHOTONICS.fields)
            return (
                sum(account.get(f.key) is None for account in drawn for f in PHOTONICS.fields)
                / total
            )

        assert unknown_share(0) == 0
        assert unknown_share(1) == 1
        assert 0.1 < unknown_share(0.25) < 0.5

    def test_unknown_rate_zero_still_reaches_needs_research(self) -> None:
        for account in collect(accounts(PHOTONICS, verdict="needs_research", unknown_rate=0), 30):
            assert PHOTONICS.score(account, AS_OF)[0] == "needs_research"

    def test_raw_spellings_cover_section_4(self) -> None:
        """Strings with units, odd casing, split sets, range text, ISO datetimes ..."""
        drawn = collect(accounts(PHOTONICS, raw_spellings=True, unknown_rate=0.2), 300)
        seen: dict[str, set[str]] = {}
        for account in drawn:
            for key, value in account.items():
                seen.setdefault(key, set()).add(type(value).__name__)
            interpret(PHOTONICS.checked, account, AS_OF)  # every spelling reads
        assert {"str", "list", "frozenset"} <= seen["applications"]
        assert {"str", "list", "dict", "tuple"} <= seen["Wavelength band"]
        assert {"str", "int", "bool"} <= seen["iso_13485"]
        assert {"str", "date", "datetime"} <= seen["last_contact"]
        texts = {a["optical_power"] for a in drawn if isinstance(a.get("optical_power"), str)}
        assert any(t.endswith("mW") for t in texts)
        assert any(account.get("notes (not a field)") for account in drawn)
        assert any(account.get("region") == "" for account in drawn)

    def test_values_land_on_every_boundary(self) -> None:
        """Both sides of, and exactly on, each constant a rule compares with."""
        drawn = collect(accounts(PHOTONICS, unknown_rate=0), 300)
        employees = {a["employees"] for a in drawn}
        assert {20, 50, 5000} <= employees
        assert any(e < 20 for e in employees) and any(e > 5000 for e in employees)
        bands = [a["Wavelength band"] for a in drawn]
        assert any(lo == 350 for lo, _ in bands) and any(hi == 1700 for _, hi in bands)
        assert any(lo < 350 for lo, _ in bands) and any(hi > 1700 for _, hi in bands)
        assert {a["optical_power"] for a in drawn} >= {10}
        days = {(AS_OF - a["last_contact"]).days for a in drawn}
        assert {0, 90} <= days and any(d > 90 for d in days) and any(d < 0 for d in days)

    def test_shrinks_to_the_smallest_account(self) -> None:
        """A failure shrinks toward unknown fields and simple values."""
        found: list[dict[str, Any]] = []

        @settings(database=None, derandomize=True)
        @given(BY_VERDICT["disqualified"])
        def fails(account: dict[str, Any]) -> None:
            found.append(account)
            raise AssertionError

        with pytest.raises(AssertionError):
            fails()
        smallest = found[-1]
        known = {k: v for k, v in smallest.items() if v is not None}
        assert len(known) <= 6, smallest

    def test_in_the_last_days_follows_as_of(self) -> None:
        p = icpdsl.loads('fields\n    seen: date\nmust have "Recent": seen in the last 30 days')
        day = datetime.date(2030, 1, 31)
        for account in collect(accounts(p, verdict="qualified", as_of=day), 30):
            assert datetime.date(2030, 1, 1) <= account["seen"] <= day

    def test_accepts_trees_and_checked_profiles(self) -> None:
        for source in (PHOTONICS.tree, PHOTONICS.checked):
            account = collect(accounts(source, verdict="disqualified", as_of=AS_OF), 1)[0]
            assert PHOTONICS.score(account, AS_OF)[0] == "disqualified"

    def test_strategy_repr_is_short(self) -> None:
        shown = repr(BY_TIER["A"])
        assert "tier='A'" in shown and len(shown) < 200
