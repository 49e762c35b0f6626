"""The compiled functions agree with the tree-walking interpreter on every account."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import icpdsl
from icpdsl.interpreter import interpret
from tests.conftest import EXAMPLE
from tests.property.strategies import AS_OF, accounts, rule_sets

PHOTONICS = icpdsl.load(EXAMPLE)


def same_result(profile: icpdsl.Profile, account: Any) -> None:
    try:
        expected = interpret(profile.checked, account, AS_OF)
    except icpdsl.DataError as exc:
        with pytest.raises(icpdsl.DataError) as caught:
            profile.score(account, AS_OF)
        assert caught.value.field == exc.field
        return
    ev = profile.evaluate(account, as_of=AS_OF)
    assert [o.result for o in ev.outcomes] == expected["results"]
    assert [o.unknown for o in ev.outcomes] == [r is None for r in expected["raw"]]
    assert (ev.verdict, ev.score, ev.potential, ev.tier) == (
        expected["verdict"], expected["score"], expected["potential"], expected["tier"],
    )  # fmt: skip
    assert profile.score(account, AS_OF) == (ev.verdict, ev.score, ev.tier)
    for rule, result in zip(profile.rules, expected["results"], strict=True):
        raw = rule.predicate(account, AS_OF)
        assert raw is result or raw is None  # unknown-means rules report the raw result


photonics_values = {
    "industry": st.sampled_from(["oem", "Medical Device", "telecom", "research", "other"]),
    "applications": st.lists(
        st.sampled_from(["sensing", "imaging", "lidar", "illumination", "telecom"])
    ),
    "Wavelength band": st.sampled_from(["450-650 nm", "1.1 um - 1.8 um", "300..400", [350, 1700]]),
    "optical_power": st.one_of(st.floats(0, 20), st.sampled_from(["500 mW", "10 W", "10.5 W"])),
    "stage": st.sampled_from(
        ["discovery", "technical evaluation", "qualification", "production_planning"]
    ),
    "triggers": st.lists(
        st.sampled_from(["new_product_launch", "Hiring optical engineers", "facility_upgrade"])
    ),
    "employees": st.integers(0, 10_000),
    "region": st.sampled_from(["na", "eu", "apac", "other"]),
    "engagement": st.sampled_from(["component_supply", "integration_support", "full_custom"]),
    "docs": st.lists(st.sampled_from(["test_reports", "traceability", "reliability_data"])),
    "iso_13485": st.booleans(),
    "last_contact": st.dates(),
}


@given(
    st.fixed_dictionaries(
        {}, optional={k: st.one_of(v, st.none()) for k, v in photonics_values.items()}
    )
)
def test_photonics_compiled_matches_interpreter(account: dict[str, Any]) -> None:
    same_result(PHOTONICS, account)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rule_sets(), st.lists(accounts(), min_size=1, max_size=5))
def test_generated_rule_sets_match_interpreter(source: str, batch: list[dict[str, Any]]) -> None:
    profile = icpdsl.loads(source)
    for account in batch:
        same_result(profile, account)


@given(accounts())
def test_canonical_values_take_the_same_path_as_raw_ones(account: dict[str, Any]) -> None:
    """Feeding back the converted values (the fast path) gives the same result."""
    profile = icpdsl.loads("\n".join([__import__("tests.property.strategies", fromlist=["x"]).FIELDS,
                                      'nice to have "p" weight 5: power > 1 W']))  # fmt: skip
    try:
        values = interpret(profile.checked, account, AS_OF)["values"]
    except icpdsl.DataError:
        return
    canonical = {profile.checked.field(name).key: v for name, v in values.items() if v is not None}
    assert profile.score(canonical, AS_OF) == profile.score(account, AS_OF)
