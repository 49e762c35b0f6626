"""Small Hypothesis strategies (value lists always braced, valid inside quantifiers too) for icpdsl's own property tests: accounts for a fixed set of
fields, and random rule sets over them built from atomic predicates."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

FIELDS = """
fields
    power: number in W
    band: range in nm
    stage: ordered discovery < evaluation < qualification < production
    industry: one of oem, medical_device, research
    apps: set of sensing, imaging, metrology
    triggers: set of text
    employees: integer
    iso: yes/no
    note: text
    contact: date
    budget: number in kUSD
    max_power: number in mW
"""

ATOMS = [
    "power <= 10 W", "power > 500 mW", "power <= max_power", "power is known", "power within 1 .. 5 W",
    "band within 350 nm .. 1.7 um", "band overlaps 1500 .. 2000 nm", "band covers 532 nm",
    "stage >= qualification", "stage is discovery", "stage between evaluation and qualification",
    "industry is medical_device", "industry is one of {oem, research}", "industry is not oem",
    "apps contains imaging", "apps contains any of {sensing, metrology}", "apps contains all of {sensing, imaging}",
    "apps contains none of {metrology}", "apps is empty", "count of apps >= 2",
    'triggers contains "new fab"', 'triggers mentions "hiring"', "triggers is not empty",
    "employees between 50 and 5000", "employees < 20", "employees is not known",
    "iso", "note starts with \"urgent\"", 'note mentions "call"', 'note is "hello"',
    'note mentions any of {"call", "urgent"}', "not (note mentions any of {\"x\", \"hello\"})",
    "contact in the last 90 days", "contact >= 2026-06-01",
]  # fmt: skip

AS_OF = datetime.date(2026, 12, 4)

unknown = st.sampled_from([None, "", "  "])
numbers = st.one_of(
    st.integers(-100, 10_000),
    st.floats(-100, 10_000, allow_nan=False),
    st.sampled_from([0, 10, 0.5, 20, 10**400, -(10**400)]),
)


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(values, unknown)


@st.composite
def ranges(draw: st.DrawFn) -> Any:
    lo = draw(st.integers(100, 2500))
    hi = draw(st.integers(lo, 3000))
    return draw(
        st.sampled_from(
            [
                [lo, hi],
                (lo, hi),
                f"{lo}-{hi} nm",
                f"{lo / 1000} um .. {hi / 1000} um",
                {"min": lo, "max": hi},
            ]
        )
    )


def accounts() -> st.SearchStrategy[dict[str, Any]]:
    """Accounts over FIELDS, each field possibly missing or unknown, in canonical and raw spellings."""
    values: dict[str, st.SearchStrategy[Any]] = {
        "power": st.one_of(numbers, st.sampled_from(["500 mW", "10 W", "1,200 mW", "0.01 kW"])),
        "band": ranges(),
        "stage": st.sampled_from(["discovery", "evaluation", "Qualification", "production"]),
        "industry": st.sampled_from(["oem", "Medical Device", "research", "medical-device"]),
        "apps": st.one_of(
            st.frozensets(st.sampled_from(["sensing", "imaging", "metrology"])),
            st.lists(st.sampled_from(["sensing", "Imaging", "metrology"])),
            st.sampled_from(["sensing; imaging", "metrology|imaging"]),
        ),
        "triggers": st.one_of(
            st.lists(st.sampled_from(["New Fab", "hiring optics", "x"])), st.just("new fab, launch")
        ),
        "employees": st.one_of(st.integers(0, 10_000), st.sampled_from(["1,200", "15"])),
        "iso": st.sampled_from([True, False, "yes", "N", 1, 0]),
        "note": st.sampled_from(["Urgent: call", "hello", " HELLO ", "nothing"]),
        "contact": st.one_of(
            st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 3, 1)), st.just("2026-11-30")
        ),
        "max_power": numbers,
    }
    return st.fixed_dictionaries({}, optional={k: _maybe(v) for k, v in values.items()})


def conditions(depth: int = 2) -> st.SearchStrategy[str]:
    atom = st.sampled_from(ATOMS)
    if depth == 0:
        return atom
    inner = conditions(depth - 1)
    return st.one_of(
        atom,
        st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
        st.builds(lambda a, b: f"({a}) or ({b})", inner, inner),
        st.builds(lambda a: f"not ({a})", inner),
        st.builds(
            lambda kind, items: f"{kind} ({', '.join(items)})",
            st.sampled_from(["all of", "any of", "none of", "at least 2 of", "at most 1 of"]),
            st.lists(inner, min_size=2, max_size=3),
        ),
    )


@st.composite
def rule_sets(draw: st.DrawFn) -> str:
    """Profile text: FIELDS plus random must-haves, disqualifiers, nice-to-haves, categories, tiers."""
    lines = [FIELDS, 'category "A" up to 20', 'category "B" up to 5']
    kinds = st.sampled_from(["must have", "disqualify", "nice to have"])
    for i in range(draw(st.integers(1, 6))):
        kind = draw(kinds)
        means = draw(st.sampled_from(["", " unknown means yes", " unknown means no"]))
        head = f'{kind} "r{i}"'
        if kind == "nice to have":
            head += f" weight {draw(st.integers(-15, 30))}"
            head += draw(st.sampled_from(["", ' in "A"', ' in "B"']))
        lines.append(f"{head}{means}: {draw(conditions())}")
    thresholds = sorted(draw(st.lists(st.integers(-10, 60), max_size=3)), reverse=True)
    lines += [f"tier T{k} when score >= {t}" for k, t in enumerate(thresholds)]
    if draw(st.booleans()):
        lines.append("tier Rest otherwise")
    return "\n".join(lines)
