"""How long a profile takes to load, by size: parse, check, compile, and `icpdsl.loads`.

    python benchmarks/load_time.py            # 10, 100, 1,000 and 3,000 rules
    python benchmarks/load_time.py --quick    # 10, 100 and 1,000 rules, fewer runs

Profiles are generated as text with a fixed seed: 20 fields of every type, then rules
in the proportions of a real profile (about 15% must-haves, 10% disqualifiers, 75%
nice-to-haves, half of them in one of a dozen capped categories), each condition one to
three predicates joined by `and`/`or`, sometimes `not`, sometimes a quantifier, and
three tiers. Each size is timed stage by stage (min of several runs):

  parse    icpdsl.parse(text)                         text -> syntax tree (Lark LALR)
  check    checker.Checker(...).check(tree)           names, types, units -> checked model
  compile  profile.Profile(checked, tree, sources)    generate Python, compile(), exec()
           of which: generate = compiler.generate(checked), compile() = Python's compile()
  loads    icpdsl.loads(text)                         all three, as users call it

The Lark parser is built once per process; the first call pays for it, and is reported
separately (cold) before the timed runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from score_vs_handwritten import load_note

import icpdsl
from icpdsl import checker, compiler, profile

SEED = 1204

# name, declaration, a function writing one random predicate over the field
FIELDS: list[tuple[str, str]] = [
    (
        "industry",
        "one of oem, system_integrator, medical_device, industrial_tech, research, telecom",
    ),
    (
        "applications",
        "set of sensing, imaging, metrology, illumination, telecom, lidar, spectroscopy",
    ),
    ("wavelength", 'range in nm from "Wavelength band"'),
    ("optical_power", "number in W"),
    ("operating_temp", "range in degC"),
    ("stage", "ordered discovery < technical_evaluation < qualification < production_planning"),
    ("triggers", "set of text"),
    ("employees", "integer"),
    ("region", "one of na, eu, apac, other"),
    ("engagement", "one of component_supply, integration_support, full_custom"),
    ("docs", "set of test_reports, traceability, reliability_data, change_control"),
    ("iso_13485", "yes/no"),
    ("last_contact", "date"),
    ("revenue", "number in MUSD"),
    ("pulse_energy", "number in mJ"),
    ("bandwidth", "number in GHz"),
    ("lead_time", "number in days"),
    ("country", "text"),
    ("certifications", "set of iso_9001, iso_13485, as9100, itar, ce"),
    ("founded", "date"),
]

ENUMS = {
    "industry": [
        "oem",
        "system_integrator",
        "medical_device",
        "industrial_tech",
        "research",
        "telecom",
    ],
    "applications": [
        "sensing",
        "imaging",
        "metrology",
        "illumination",
        "telecom",
        "lidar",
        "spectroscopy",
    ],
    "stage": ["discovery", "technical_evaluation", "qualification", "production_planning"],
    "region": ["na", "eu", "apac", "other"],
    "engagement": ["component_supply", "integration_support", "full_custom"],
    "docs": ["test_reports", "traceability", "reliability_data", "change_control"],
    "certifications": ["iso_9001", "iso_13485", "as9100", "itar", "ce"],
}


def _some(rng: random.Random, values: list[str], most: int = 3) -> str:
    return ", ".join(rng.sample(values, rng.randint(1, min(most, len(values)))))


def predicate(rng: random.Random, braces: bool = False) -> str:
    """One random predicate over a random field (value lists braced inside quantifiers)."""

    def lst(values: list[str], most: int = 3) -> str:
        text = _some(rng, values, most)
        return "{" + text + "}" if braces else text

    name = rng.choice(FIELDS)[0]
    r = rng.random()
    if name in ("industry", "region", "engagement"):
        if r < 0.5:
            return f"{name} is {rng.choice(ENUMS[name])}"
        return f"{name} is {'not ' if r < 0.6 else ''}one of {lst(ENUMS[name])}"
    if name == "stage":
        op = rng.choice([">=", "<=", ">", "<", "is"])
        return f"stage {op} {rng.choice(ENUMS['stage'])}"
    if name in ("applications", "docs", "certifications"):
        kind = rng.choice(["any of ", "all of ", "none of ", ""])
        if kind:
            return f"{name} contains {kind}{lst(ENUMS[name])}"
        if r < 0.2:
            return f"{name} is {'not ' if r < 0.1 else ''}empty"
        if r < 0.3:
            return f"count of {name} >= {rng.randint(1, 3)}"
        return f"{name} contains {rng.choice(ENUMS[name])}"
    if name == "wavelength":
        low = rng.randrange(300, 1200, 10)
        high = low + rng.randrange(50, 800, 10)
        test = rng.choice(["within", "overlaps", "covers"])
        if test == "covers" and r < 0.5:
            return f"wavelength covers {rng.randrange(400, 1600)} nm"
        if r < 0.3:
            return f"wavelength {test} {low / 1000} um .. {high / 1000} um"
        return f"wavelength {test} {low} nm .. {high} nm"
    if name == "operating_temp":
        return f"operating_temp {rng.choice(['within', 'overlaps', 'covers'])} -{rng.randint(0, 40)} degC .. {rng.randint(40, 120)} degC"
    if name == "optical_power":
        if r < 0.3:
            return f"optical_power between {rng.randint(1, 500)} mW and {rng.randint(1, 20)} W"
        return f"optical_power {rng.choice(['<=', '<', '>', '>='])} {rng.choice(['500 mW', '2 W', '10 W', '0.1 kW'])}"
    if name == "employees":
        if r < 0.4:
            low = rng.randint(1, 500)
            return f"employees between {low} and {low * rng.randint(2, 50)}"
        return f"employees {rng.choice(['<', '>=', '>'])} {rng.randint(5, 10_000)}"
    if name == "iso_13485":
        return "iso_13485" if r < 0.7 else "not iso_13485"
    if name in ("last_contact", "founded"):
        if r < 0.6:
            return (
                f"{name} in the last {rng.randint(1, 24)} {rng.choice(['days', 'weeks', 'months'])}"
            )
        return f"{name} >= 20{rng.randint(10, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    if name == "revenue":
        return f"revenue {rng.choice(['>=', '<'])} {rng.randint(1, 900)} {rng.choice(['kUSD', 'MUSD'])}"
    if name == "pulse_energy":
        return f"pulse_energy {rng.choice(['<=', '>'])} {rng.randint(1, 900)} {rng.choice(['uJ', 'mJ'])}"
    if name == "bandwidth":
        return f"bandwidth between {rng.randint(1, 100)} MHz and {rng.randint(1, 40)} GHz"
    if name == "lead_time":
        return f"lead_time <= {rng.randint(1, 26)} weeks"
    if name == "country":
        if r < 0.4:
            return f'country is one of {"{" if braces else ""}"germany", "france", "japan"{"}" if braces else ""}'
        if r < 0.7:
            return f'country starts with "{rng.choice(["ger", "fr", "ja", "us"])}"'
        return f"country is {'not ' if r < 0.8 else ''}known"
    if name == "triggers":
        if r < 0.5:
            return f'triggers mentions "{rng.choice(["optical engineer", "fab", "funding", "launch"])}"'
        return f'triggers contains "{rng.choice(["new_product_launch", "facility_upgrade", "merger"])}"'
    raise AssertionError(name)


def condition(rng: random.Random) -> str:
    """One to three predicates; sometimes negated, or a quantifier."""
    r = rng.random()
    if r < 0.45:
        return predicate(rng)
    if r < 0.55:
        return f"not ({predicate(rng)})"
    if r < 0.85:
        joiner = rng.choice([" and ", " or "])
        return joiner.join(predicate(rng) for _ in range(rng.randint(2, 3)))
    k = rng.randint(1, 2)
    items = ", ".join(predicate(rng, braces=True) for _ in range(3))
    quantifier = rng.choice([f"at least {k} of", f"at most {k} of", "any of", "all of"])
    return f"{quantifier} ({items})"


def profile_text(rules: int, seed: int = SEED, comment_every: int = 3) -> str:
    """A valid profile with `rules` rules over the 20 fields, a comment line before every
    `comment_every`-th rule (0: none)."""
    rng = random.Random(seed + rules)
    lines = [
        f"# Generated profile: {rules} rules",
        f'profile "Generated {rules}" version "1"',
        "",
        "fields",
    ]
    lines += [f"    {name}: {decl}" for name, decl in FIELDS]
    categories = [f"Category {i}" for i in range(12)]
    lines.append("")
    lines += [f'category "{c}" up to {rng.randint(2, 8) * 10}' for c in categories]
    lines.append("")
    for i in range(rules):
        r = rng.random()
        cond = condition(rng)
        if comment_every and i % comment_every == 0:
            lines.append(f"# rule {i}: agreed in the win/loss review of Q{i % 4 + 1}")
        unknown = rng.choice(["", "", "", " unknown means no", " unknown means yes"])
        if r < 0.15:
            lines.append(f'must have "Must {i}"{unknown}: {cond}')
        elif r < 0.25:
            lines.append(f'disqualify "Disqualifier {i}"{unknown}: {cond}')
        else:
            weight = rng.choice([5, 10, 10, 15, 20, 25, -5, -10])
            cat = f' in "{rng.choice(categories)}"' if rng.random() < 0.5 else ""
            lines.append(f'nice to have "Signal {i}" weight {weight}{cat}{unknown}:')
            lines.append(f"    {cond}")
    lines += ["", "tier A when score >= 70", "tier B when score >= 40", "tier C otherwise", ""]
    return "\n".join(lines)


def best_of(fn: Callable[[], Any], repeat: int, budget: float = 3.0) -> tuple[float, Any]:
    """The fastest of `repeat` runs (fewer once `budget` seconds are spent) and a result."""
    best, result, spent = float("inf"), None, 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best, spent = min(best, elapsed), spent + elapsed
        if spent > budget:
            break
    return best, result


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, nproc={os.cpu_count()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="up to 1,000 rules, 2 runs")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("-r", "--repeat", type=int, default=None, help="runs per size (default 5)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10, 100, 1000] if args.quick else [10, 100, 1000, 3000])
    repeat = args.repeat or (2 if args.quick else 5)

    print(f"# load_time: {machine()}, {datetime.date.today().isoformat()}, best of {repeat}")
    print(load_note())
    texts = {size: profile_text(size) for size in sizes}

    start = time.perf_counter()
    icpdsl.loads(texts[sizes[0]], name="cold.icp")
    print(
        f"# first loads() in this process (builds the Lark parser): "
        f"{(time.perf_counter() - start) * 1e3:.1f} ms for {sizes[0]} rules"
    )
    print()
    print(
        "| rules | lines | parse ms | check ms | compile ms | (generate ms | compile() ms) "
        "| loads ms | us/rule | generated lines |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    stages: dict[int, dict[str, float]] = {}
    for size in sizes:
        text = texts[size]
        name = f"generated-{size}.icp"
        sources = {name: text}
        t = stages[size] = {}
        t["parse"], tree = best_of(lambda: icpdsl.parse(text, file=name), repeat)  # noqa: B023
        t["check"], checked = best_of(
            lambda: checker.Checker(sources, name).check(tree),  # noqa: B023
            repeat,
        )
        t["compile"], prof = best_of(
            lambda: profile.Profile(checked, tree, sources),  # noqa: B023
            repeat,
        )
        t["generate"], source = best_of(lambda: compiler.generate(checked), repeat)  # noqa: B023
        t["compile()"], _ = best_of(lambda: compile(source, name, "exec"), repeat)  # noqa: B023
        t["loads"], _ = best_of(lambda: icpdsl.loads(text, name=name), repeat)  # noqa: B023
        print(
            f"| {size:,} | {text.count(chr(10)) + 1:,} | {t['parse'] * 1e3:.1f} "
            f"| {t['check'] * 1e3:.1f} | {t['compile'] * 1e3:.1f} | ({t['generate'] * 1e3:.1f} "
            f"| {t['compile()'] * 1e3:.1f}) | {t['loads'] * 1e3:.1f} "
            f"| {t['loads'] / size * 1e6:.0f} | {prof.source.count(chr(10)):,} |"
        )
    print()
    print("Time per rule (us) by stage: flat columns mean linear growth.")
    print()
    names = ["parse", "check", "compile", "generate", "compile()", "loads"]
    print("| rules | " + " | ".join(names) + " |")
    print("| ---: |" + " ---: |" * len(names))
    for size in sizes:
        cells = " | ".join(f"{stages[size][k] / size * 1e6:.0f}" for k in names)
        print(f"| {size:,} | {cells} |")
    print()
    per_rule = {size: stages[size]["loads"] / size for size in sizes}
    if 1000 in per_rule:
        verdict = "well under" if per_rule[1000] * 1000 < 0.5 else "NOT well under"
        print(f"1,000 rules load in {per_rule[1000] * 1e6:.0f} ms: {verdict} a second (< 0.5 s).")
    big = [s for s in sizes if s >= 100]
    if len(big) >= 2:
        lo, hi = big[0], big[-1]
        for stage in names:
            growth = (stages[hi][stage] / hi) / (stages[lo][stage] / lo)
            if growth >= 1.5:
                print(
                    f"NOT linear: {stage} takes {growth:.1f}x as long per rule at {hi:,} rules "
                    f"as at {lo:,}."
                )
        growth = per_rule[hi] / per_rule[lo]
        shape = "linear" if growth < 1.5 else "worse than linear"
        print(
            f"loads: time per rule from {lo:,} to {hi:,} rules changes by {growth:.2f}x ({shape})."
        )
    # Comments: a 10-rule profile with many comment lines, parse only. Lark skips comments
    # cheaply; the parser also collects them (for the formatter). Linear: us/comment flat.
    print()
    print("Parsing a 10-rule profile with many comment lines:")
    print()
    print("| comment lines | parse ms | us per comment line |")
    print("| ---: | ---: | ---: |")
    base = profile_text(10, comment_every=0)
    for count in [1000, 3000] if args.quick else [1000, 3000, 10000]:
        note = "# a note the sales team keeps next to the rules, one line of many\n"
        text = note * count + base
        t_parse, _ = best_of(lambda: icpdsl.parse(text), min(repeat, 2))  # noqa: B023
        print(f"| {count:,} | {t_parse * 1e3:.1f} | {t_parse / count * 1e6:.1f} |")
    print()
    print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
