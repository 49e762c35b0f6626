"""LANGUAGE.md section 6, rule by rule: unknowns, verdict order, caps, potential, tiers.

Each check runs through the compiled functions and the interpreter, which must agree.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import icpdsl
from icpdsl.interpreter import interpret
from tests.property.strategies import FIELDS

AS_OF = datetime.date(2026, 12, 4)


def profile(rules: str) -> icpdsl.Profile:
    return icpdsl.loads(FIELDS + rules, name="t.icp")


def result(p: icpdsl.Profile, account: dict[str, Any]) -> dict[str, Any]:
    """The compiled evaluation, after checking that the interpreter agrees."""
    compiled = p.evaluate(account, as_of=AS_OF)
    oracle = interpret(p.checked, account, AS_OF)
    assert (compiled.verdict, compiled.score, compiled.potential, compiled.tier) == (
        oracle["verdict"], oracle["score"], oracle["potential"], oracle["tier"],
    )  # fmt: skip
    assert p.score(account, as_of=AS_OF) == (compiled.verdict, compiled.score, compiled.tier)
    return {"verdict": str(compiled.verdict), "score": compiled.score, "potential": compiled.potential,
            "tier": compiled.tier, "by": compiled.decided_by, "ev": compiled}  # fmt: skip


def truth(condition: str, account: dict[str, Any]) -> bool | None:
    p = profile(f'must have "c": {condition}')
    verdict = result(p, account)["verdict"]
    return {"qualified": True, "not_a_fit": False, "needs_research": None}[verdict]


class TestPredicates:
    """Each predicate of section 5 on known values, and unknown on a missing field."""

    @pytest.mark.parametrize(
        ("condition", "account", "expected"),
        [
            ("power <= 10 W", {"power": 10}, True),
            ("power <= 10 W", {"power": 10.0001}, False),
            ("power <= 10 W", {"power": "500 mW"}, True),
            ("power < 500 mW", {"power": 0.5}, False),
            ("power <= max_power", {"power": 0.4, "max_power": 500}, True),
            ("power <= max_power", {"power": 0.6, "max_power": 500}, False),
            ("band within 350 nm .. 1.7 um", {"band": [350, 1700]}, True),
            ("band within 350 nm .. 1.7 um", {"band": "1.1 um - 1.8 um"}, False),
            ("band overlaps 1600 .. 2000 nm", {"band": "405-1650 nm"}, True),
            ("band overlaps 1700 .. 2000 nm", {"band": "405-1650 nm"}, False),
            ("band covers 532 nm", {"band": {"min": 400, "max": 700}}, True),
            ("band covers 300 nm .. 500 nm", {"band": [400, 700]}, False),
            ("power within 1 .. 2 W", {"power": 1500}, False),
            ("power within 1 W .. 2000 W", {"power": 1500}, True),
            ("stage >= qualification", {"stage": "Production"}, True),
            ("stage >= qualification", {"stage": "evaluation"}, False),
            ("stage between evaluation and qualification", {"stage": "discovery"}, False),
            ("stage is not discovery", {"stage": "discovery"}, False),
            ("industry is medical_device", {"industry": "Medical Device"}, True),
            ('industry is "medical-device"', {"industry": "medical_device"}, True),
            ("industry is one of oem, research", {"industry": "research"}, True),
            ("industry is not one of {oem, research}", {"industry": "research"}, False),
            ("apps contains imaging", {"apps": "sensing; imaging"}, True),
            ("apps contains any of metrology, imaging", {"apps": ["sensing"]}, False),
            ("apps contains all of sensing, imaging", {"apps": "imaging|sensing|metrology"}, True),
            ("apps contains none of metrology", {"apps": []}, True),
            ("apps is empty", {"apps": []}, True),
            ("apps is not empty", {"apps": []}, False),
            ("count of apps >= 2", {"apps": "imaging, sensing"}, True),
            ('triggers contains "New Fab"', {"triggers": [" new fab "]}, True),
            (
                'triggers mentions "optical eng"',
                {"triggers": "Hiring Optical Engineers; fab"},
                True,
            ),
            ('triggers mentions any of "x", "fab"', {"triggers": "Hiring"}, False),
            ('note starts with "urgent"', {"note": "  URGENT: call back"}, True),
            ('note mentions "call"', {"note": "URGENT: Call back"}, True),
            ('note is "hello"', {"note": " Hello "}, True),
            ("iso", {"iso": "Y"}, True),
            ("iso", {"iso": "no"}, False),
            ("not iso", {"iso": False}, True),
            ("iso is no", {"iso": 0}, True),
            ("employees between 50 and 5000", {"employees": "5,000"}, True),
            ("employees not between 50 and 5000", {"employees": 49}, True),
            ("employees is 800", {"employees": 800}, True),
            ("contact in the last 90 days", {"contact": "2026-09-05"}, True),
            ("contact in the last 90 days", {"contact": "2026-09-04"}, False),
            ("contact in the last 90 days", {"contact": "2026-12-05"}, False),
            ("contact in the last 2 weeks", {"contact": datetime.date(2026, 11, 20)}, True),
            ("contact >= 2026-06-01", {"contact": "2026-06-01T10:00:00"}, True),
            ("budget >= 1.5 MUSD", {"budget": "1,500 kUSD"}, True),
            ("power is known", {}, False),
            ("power is not known", {"power": ""}, True),
            ("power <= 10 W", {}, None),
            ("apps contains imaging", {"apps": None}, None),
            ("iso", {}, None),
            ("band within 1 .. 2 nm", {"band": " "}, None),
        ],
    )
    def test_predicate(
        self, condition: str, account: dict[str, Any], expected: bool | None
    ) -> None:
        assert truth(condition, account) is expected


class TestKleeneLogic:
    """and/or/not and the quantifiers follow Kleene's three-valued tables."""

    @pytest.mark.parametrize("a", [True, False, None])
    @pytest.mark.parametrize("b", [True, False, None])
    def test_and_or_tables(self, a: bool | None, b: bool | None) -> None:
        account = {
            **({"iso": a} if a is not None else {}),
            **({"note": "x" if b else "y"} if b is not None else {}),
        }
        left, right = "iso", 'note is "x"'
        expect_and = False if (a is False or b is False) else (None if None in (a, b) else True)
        expect_or = True if (a is True or b is True) else (None if None in (a, b) else False)
        assert truth(f"{left} and {right}", account) is expect_and
        assert truth(f"{left} or {right}", account) is expect_or
        assert truth(f"not ({left} and {right})", account) is (
            None if expect_and is None else not expect_and
        )

    @pytest.mark.parametrize(
        ("quantifier", "values", "expected"),
        [
            ("at least 2 of", (True, True, None), True),
            ("at least 2 of", (True, None, False), None),
            ("at least 2 of", (True, False, False), False),
            ("at most 1 of", (True, None, False), None),
            ("at most 1 of", (True, True, None), False),
            ("at most 1 of", (True, False, False), True),
            ("all of", (True, None, True), None),
            ("all of", (True, None, False), False),
            ("any of", (False, None, True), True),
            ("none of", (False, None, False), None),
            ("none of", (False, False, False), True),
        ],
    )
    def test_quantifiers(
        self, quantifier: str, values: tuple[bool | None, ...], expected: bool | None
    ) -> None:
        fields = ["iso", "power", "employees"]
        conditions = ["iso", "power > 1 W", "employees > 10"]
        samples = {"iso": (True, False), "power": (2, 0), "employees": (20, 1)}
        account = {
            f: samples[f][0 if v else 1]
            for f, v in zip(fields, values, strict=True)
            if v is not None
        }
        assert truth(f"{quantifier} ({', '.join(conditions)})", account) is expected


class TestVerdict:
    """disqualified > not_a_fit > needs_research > qualified, and the deciding rule."""

    P = """
must have "Power": power <= 10 W
must have "Band": band within 350 .. 1700 nm
disqualify "Custom": industry is research
"""

    def test_disqualifier_wins_over_a_failed_must_have(self) -> None:
        r = result(profile(self.P), {"power": 20, "industry": "research"})
        assert (r["verdict"], r["by"]) == ("disqualified", "Custom")

    def test_false_must_have_beats_unknown_must_have(self) -> None:
        r = result(profile(self.P), {"band": [400, 500], "power": 20})
        assert (r["verdict"], r["by"]) == ("not_a_fit", "Power")

    def test_unknown_must_have_needs_research(self) -> None:
        r = result(profile(self.P), {"power": 1})
        assert (r["verdict"], r["by"]) == ("needs_research", "Band")

    def test_unknown_disqualifier_does_not_block_but_is_reported(self) -> None:
        r = result(profile(self.P), {"power": 1, "band": [400, 500]})
        assert r["verdict"] == "qualified"
        assert [o.label for o in r["ev"].outcomes if o.unknown] == ["Custom"]

    def test_unknown_means(self) -> None:
        p = profile(self.P.replace('"Band":', '"Band" unknown means no:').replace(
            '"Custom":', '"Custom" unknown means yes:'))  # fmt: skip
        r = result(p, {"power": 1})
        assert (r["verdict"], r["by"]) == ("disqualified", "Custom")
        band = next(o for o in r["ev"].outcomes if o.label == "Band")
        assert band.result is False and band.unknown
        assert "unknown means" in r["ev"].explain()


class TestScore:
    """Weights, category caps (negative totals allowed), potential, tiers."""

    P = """
category "Use" up to 30
category "Risk" up to 10
nice to have "Core" weight 30 in "Use": apps contains any of sensing, imaging
nice to have "Adjacent" weight 15 in "Use": apps contains metrology
nice to have "Late" weight 25: stage >= qualification
nice to have "Tiny" weight -20 in "Risk": employees < 10
nice to have "No ISO" weight -5: not iso
tier A when score >= 50
tier B when score >= 20
tier C otherwise
"""

    def test_category_cap(self) -> None:
        r = result(
            profile(self.P),
            {"apps": "sensing, metrology", "iso": True, "employees": 100, "stage": "discovery"},
        )
        assert r["score"] == 30 and r["tier"] == "B"

    def test_negative_category_total(self) -> None:
        r = result(
            profile(self.P), {"apps": [], "iso": False, "employees": 5, "stage": "discovery"}
        )
        assert r["score"] == -25 and r["tier"] == "C"

    def test_potential_counts_unknown_positive_and_not_negative(self) -> None:
        r = result(profile(self.P), {"stage": "production"})
        assert (r["score"], r["potential"], r["tier"]) == (25, 55, "B")

    def test_max_score(self) -> None:
        assert profile(self.P).max_score == 55

    def test_tier_is_none_unless_qualified_or_researching(self) -> None:
        p = profile(self.P + 'disqualify "Research": industry is research')
        r = result(p, {"industry": "research", "stage": "production", "apps": ["imaging"]})
        assert (r["verdict"], r["score"], r["tier"]) == ("disqualified", 55, None)

    def test_int_score_when_weights_are_ints(self) -> None:
        r = result(profile(self.P), {"stage": "production"})
        assert type(r["score"]) is int

    def test_decimal_weights(self) -> None:
        r = result(profile('nice to have "Half" weight 2.5: iso'), {"iso": True})
        assert r["score"] == 2.5

    def test_no_tiers_gives_none(self) -> None:
        assert result(profile('nice to have "x" weight 1: iso'), {"iso": True})["tier"] is None


class TestEvaluation:
    """The result object: outcomes in file order with the values each rule read."""

    def test_outcomes(self, photonics: icpdsl.Profile) -> None:
        ev = photonics.evaluate(
            {"optical_power": "500 mW", "engagement": "full_custom"}, as_of=AS_OF
        )
        assert len(ev.outcomes) == 17
        power = ev.outcomes[1]
        assert (power.label, power.kind, power.result, power.values) == (
            "Power within our limits", "must_have", True, {"optical_power": 0.5},
        )  # fmt: skip
        assert ev.verdict is icpdsl.Verdict.DISQUALIFIED and str(ev.verdict) == "disqualified"

    def test_explain_names_the_decision_and_unknowns(self, photonics: icpdsl.Profile) -> None:
        text = photonics.evaluate({"engagement": "full_custom"}, as_of=AS_OF).explain()
        assert text.splitlines()[0].startswith("Verdict: disqualified")
        assert "ruled out by: Needs a fully custom design" in text
        assert "to research:" in text and "wavelength" in text

    def test_is_fit_and_points(self, photonics: icpdsl.Profile) -> None:
        assert photonics.is_fit({"engagement": "full_custom"}) is False
        assert photonics.is_fit({}) is None
        assert photonics.points({"applications": ["imaging"], "stage": "qualification"}) == 55

    def test_rule_predicates_and_weights(self, photonics: icpdsl.Profile) -> None:
        core = next(r for r in photonics.rules if r.label == "Core application")
        assert core.predicate({"applications": "imaging"}) is True
        assert core.predicate({}) is None
        assert core.weight_of({"applications": "imaging"}) == 30
        assert core.weight_of({}) == 0

    def test_objects_with_attributes(self, photonics: icpdsl.Profile) -> None:
        class Account:
            wavelength = (400, 900)
            optical_power = 1.0
            docs = ("test_reports", "traceability")

        assert photonics.score(Account(), as_of=AS_OF)[0] == "qualified"

    def test_bad_value_raises_data_error(self, photonics: icpdsl.Profile) -> None:
        with pytest.raises(icpdsl.DataError) as caught:
            photonics.evaluate({"optical_power": "12 furlongs"})
        assert caught.value.field == "optical_power" and "12 furlongs" in str(caught.value)

    def test_score_many_marks_invalid_rows(self, photonics: icpdsl.Profile) -> None:
        rows = list(
            photonics.score_many(
                [{"optical_power": "x"}, {"engagement": "full_custom"}], as_of=AS_OF
            )
        )
        assert rows[0].verdict == "invalid" and rows[0].error is not None
        assert rows[0].error.field == "optical_power"
        verdict, points, tier = rows[1]  # rows unpack like Profile.score's results
        assert (verdict, points, tier, rows[1].error) == ("disqualified", 0, None, None)
        assert rows[1] == photonics.score({"engagement": "full_custom"}, AS_OF)


class TestExamples:
    """The worked example's `example` blocks hold."""

    def test_photonics_examples_pass(self, photonics: icpdsl.Profile) -> None:
        results = photonics.run_examples()
        assert [r.label for r in results] == [
            "Medical OEM in qualification",
            "Custom design is ruled out",
        ]
        assert all(r.passed for r in results), [r.problems for r in results]

    def test_failing_example_says_what_happened(self) -> None:
        p = profile(
            'must have "P": power <= 1 W\nexample "x" given power = 2 W expect qualified, score >= 5'
        )
        (r,) = p.run_examples()
        assert r.problems == (
            "expected qualified, got not_a_fit (decided by 'P')",
            "expected score >= 5, got 0",
        )


class TestEvaluationToDict:
    """icpdsl.to_dict(ev) is JSON-ready with stable keys."""

    def test_shape(self, photonics: icpdsl.Profile) -> None:
        import json

        ev = photonics.evaluate(
            {
                "applications": "imaging, sensing",
                "Wavelength band": "400-500 nm",
                "last_contact": "2026-11-01",
            },
            as_of=AS_OF,
        )
        data = json.loads(json.dumps(icpdsl.to_dict(ev)))
        assert list(data) == ["verdict", "score", "potential", "tier", "outcomes", "decided_by", "as_of",
                              "max_score", "categories"]  # fmt: skip
        assert data["categories"]["Use case match"] == {"points": 30, "cap": 30}
        assert (data["verdict"], data["score"], data["tier"], data["as_of"]) == (
            "needs_research",
            35,
            "C",
            "2026-12-04",
        )
        assert data["outcomes"][0]["values"] == {"wavelength": [400, 500]}
        core = next(o for o in data["outcomes"] if o["label"] == "Core application")
        assert core == {"label": "Core application", "kind": "nice_to_have", "category": "Use case match",
                        "result": True, "points": 30, "unknown": False,
                        "values": {"applications": ["imaging", "sensing"]}, "weight": 30}  # fmt: skip


class TestExactScores:
    """Decimal weights add up as a person reads them and are rounded once."""

    def test_decimal_weights_sum_exactly(self) -> None:
        p = profile(
            'nice to have "a" weight 0.7: iso\nnice to have "b" weight 0.1: iso\ntier A when score >= 0.8\ntier B otherwise'
        )
        r = result(p, {"iso": True})
        assert (r["score"], r["tier"]) == (0.8, "A")
        assert p.max_score == 0.8

    def test_explain_shows_capped_category_points(self, photonics: icpdsl.Profile) -> None:
        text = photonics.evaluate({"applications": "imaging; lidar"}).explain()
        assert (
            "Use case match: 30 of at most 30 (Core application +30, Adjacent application +15, capped at 30)"
            in text
        )
        assert "could add: Late buying stage +25" in text


def test_explain_adds_decimal_points_exactly() -> None:
    p = icpdsl.loads(
        'fields\n y: yes/no\nnice to have "a" weight 0.7: y\nnice to have "b" weight 0.1: y'
    )
    assert "Other: 0.8 (a +0.7, b +0.1)" in p.evaluate({"y": True}).explain()


class TestRememberedSpellings:
    """Compiled fields remember what a text reads as; results and errors stay the same."""

    def test_repeated_texts_give_the_same_results(self, photonics: icpdsl.Profile) -> None:
        account = {"optical_power": "500 mW", "iso_13485": "no", "Wavelength band": "400-500 nm"}
        first = photonics.evaluate(account, as_of=AS_OF)
        again = photonics.evaluate(account, as_of=AS_OF)
        assert first == again
        assert first.outcomes[1].values == {"optical_power": 0.5}

    def test_errors_are_raised_every_time(self, photonics: icpdsl.Profile) -> None:
        for _ in range(2):
            with pytest.raises(icpdsl.DataError):
                photonics.score({"optical_power": "12 furlongs"})

    def test_memory_stays_bounded(self) -> None:
        from icpdsl.runtime import REMEMBERED_SPELLINGS

        p = profile('must have "P": power <= 10 W')
        for i in range(REMEMBERED_SPELLINGS + 10):
            assert p.score({"power": f"{i} mW"})[0] == ("qualified" if i <= 10_000 else "not_a_fit")
        cache = p._module.namespace["_C0"]
        assert 0 < len(cache) <= REMEMBERED_SPELLINGS
