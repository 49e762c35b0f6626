"""Lint warnings: what `check` reports about profiles that are valid but surely wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import icpdsl
from icpdsl.lint import constant_value, lint, possible_scores

HEAD = """\
profile "lint"
fields
    industry: one of oem, telecom
    stage: ordered discovery < evaluation < production
    employees: integer
    power: number in W
    band: range in nm
    iso: yes/no
    docs: set of reports, traceability
    seen: date
    notes: text
"""


def warnings(body: str) -> list[str]:
    profile = icpdsl.loads(HEAD + body, name="lint.icp")
    return [d.message for d in lint(profile) if "declared but no rule uses it" not in d.message]


def condition(body: str) -> bool | None:
    profile = icpdsl.loads(HEAD + f'nice to have "r" weight 1: {body}\n', name="c.icp")
    return constant_value(profile.checked, profile.checked.rules[0].condition)


class TestConstantConditions:
    @pytest.mark.parametrize(
        "text",
        [
            "industry is one of oem, telecom",
            "stage >= discovery",
            "iso or not iso",
            "employees > 10 or employees <= 10",
            "count of docs <= 2",
            "band within 0 nm .. 1 m or not band within 0 nm .. 1 m",
            "seen >= 2020-01-01 or seen < 2020-01-01",
        ],
    )
    def test_always_true(self, text: str) -> None:
        assert condition(text) is True

    @pytest.mark.parametrize(
        "text",
        [
            "employees > 100 and employees < 50",
            "stage < discovery",
            "iso and not iso",
            "employees > 3 and employees < 4",  # no whole number lies between
            "docs contains all of reports, traceability and docs is empty",
            "power > 5 W and power < 5000 mW",
        ],
    )
    def test_always_false(self, text: str) -> None:
        assert condition(text) is False

    @pytest.mark.parametrize(
        "text",
        [
            "employees between 50 and 5000",
            "power > 3.5 W and power < 3.6 W",
            "band overlaps 400 .. 500 nm",
            'notes is "hello"',
            "industry is oem",
            "docs contains reports",
            # not analysed: free text, the date, `is known`
            'notes mentions "a" and not notes mentions "a"',
            "seen in the last 0 days and not seen in the last 0 days",
            "industry is known",
        ],
    )
    def test_varies_or_not_provable(self, text: str) -> None:
        assert condition(text) is None


class TestWarnings:
    def test_unsatisfiable_must_have(self) -> None:
        assert warnings('must have "Size": employees > 100 and employees < 50\n') == [
            "must-have 'Size' can never be met: no account passes it"
        ]

    def test_disqualifier_that_can_never_apply(self) -> None:
        found = warnings('disqualify "Early": stage < discovery\n')
        assert found == [
            "disqualifier 'Early' can never apply: its condition is false for every account"
        ]

    def test_nice_to_have_that_never_earns(self) -> None:
        found = warnings('nice to have "Odd" weight 5: iso and not iso\n')
        assert found == [
            "nice-to-have 'Odd' can never earn its points: its condition is false for every account"
        ]

    def test_unreachable_tier_above_the_maximum_score(self) -> None:
        body = 'nice to have "A" weight 60: iso\nnice to have "B" weight 40: employees > 10\n'
        body += "tier top when score >= 120\ntier rest otherwise\n"
        assert warnings(body) == [
            "tier top can never be reached: no possible score (from 0 to 100) meets its condition"
        ]

    def test_tier_shadowed_by_an_earlier_one(self) -> None:
        body = 'nice to have "P" weight 80: iso\ntier B when score >= 45\ntier A when score >= 70\n'
        assert warnings(body) == [
            "tier A can never be reached: every score it accepts is taken by an earlier tier"
        ]

    def test_category_cap_below_its_smallest_weight(self) -> None:
        body = 'category "Docs" up to 5\nnice to have "Reports" weight 10 in "Docs": docs contains reports\n'
        assert warnings(body) == ["category 'Docs' is capped at 5, below its smallest weight 10"]

    def test_duplicate_conditions_under_two_labels(self) -> None:
        body = (
            'nice to have "Low power" weight 10: power <= 5 W and iso\n'
            'nice to have "Under 5 W" weight 5: iso and power <= 5000 mW\n'
        )
        assert warnings(body) == [
            "nice-to-have 'Under 5 W' has the same condition as 'Low power' (line 12)"
        ]

    def test_unused_fields(self) -> None:
        profile = icpdsl.loads(HEAD + 'must have "m": industry is oem\n', name="u.icp")
        unused = [d.message for d in lint(profile)]
        assert "field 'notes' is declared but no rule uses it" in unused
        assert not any("'industry'" in message for message in unused)

    def test_warnings_point_at_the_line(self) -> None:
        profile = icpdsl.loads(
            HEAD + 'must have "Size": employees > 100 and employees < 50\n', name="w.icp"
        )
        (found,) = [d for d in lint(profile) if "Size" in d.message]
        assert (found.file, found.line, found.severity) == ("w.icp", 12, "warning")
        assert 'must have "Size"' in found.render()

    def test_the_example_profile_has_only_the_unused_field(self) -> None:
        profile = icpdsl.load(Path(__file__).resolve().parents[2] / "examples" / "photonics.icp")
        assert [d.message for d in lint(profile)] == [
            "field 'operating_temp' is declared but no rule uses it"
        ]

    def test_possible_scores_respect_caps(self) -> None:
        body = 'category "C" up to 15\nnice to have "A" weight 10 in "C": iso\nnice to have "B" weight 10 in "C": employees > 1\n'
        profile = icpdsl.loads(HEAD + body, name="s.icp")
        assert possible_scores(profile.checked) == {0, 10, 15}
