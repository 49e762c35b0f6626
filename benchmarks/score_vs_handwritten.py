"""icpdsl's `Profile.score` against a hand-written function of the same rules.

    python benchmarks/score_vs_handwritten.py            # 100,000 accounts
    python benchmarks/score_vs_handwritten.py --quick    # 20,000 accounts, fewer runs

Loads examples/photonics.icp and generates accounts with a fixed seed, as a CRM export
hands them to Python after JSON parsing: plain dicts, about 5% of each field missing
(key absent), plus two undeclared keys (id, name). Data variants:

  lists       canonical typed values, sets as lists (what json.loads gives), the
              range as a (lo, hi) tuple, dates as datetime.date, yes/no as bool
  frozensets  the same accounts with every set a frozenset
  raw         the same accounts as people type them: "500 mW", "Medical Device",
              "450-650 nm", "imaging; sensing", "1,200", "yes", "2026-11-20"
              (icpdsl only: the hand-written function does not read these)

`hand_score` below is what a competent engineer would write for the same rules with
the same three-valued semantics (missing -> unknown; a disqualifier rules out only when
definitely true; a false must-have beats an unknown one; category caps; tiers). Before
timing, the script asserts that it agrees with `profile.score` on every account of
both canonical variants, and that icpdsl gives the same results on the raw spellings.

Timing: the two functions run over the same list in the same process, interleaved
(A B A B ...), garbage collector off (as timeit does), each run a `map` over the list
so the loop costs almost nothing; min and median of the runs are reported.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gc
import itertools
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import icpdsl

ROOT = Path(__file__).resolve().parent.parent
PROFILE_PATH = ROOT / "examples" / "photonics.icp"
AS_OF = datetime.date(2026, 12, 4)
SEED = 20261204
MISSING = 0.05

# ---------------------------------------------------------------------------------------
# The hand-written scorer: the rules of examples/photonics.icp, written directly.
# Inputs are canonical values (enum strings as declared, numbers in the field's unit,
# lists or frozensets for sets, (lo, hi) for ranges, bool, datetime.date); a missing
# key is unknown.
# ---------------------------------------------------------------------------------------

_CORE_APPS = frozenset({"sensing", "metrology", "imaging"})
_ADJACENT_APPS = frozenset({"illumination", "lidar"})
_LATE_STAGES = frozenset({"qualification", "production_planning"})
_NINETY_DAYS = datetime.timedelta(days=90)


def hand_score(account: dict[str, Any], as_of: datetime.date) -> tuple[str, int, str | None]:
    """(verdict, score, tier), written by hand with dict.get and None checks."""
    get = account.get
    stage = get("stage")
    triggers = get("triggers")
    employees = get("employees")
    band = get("Wavelength band")
    power = get("optical_power")
    docs = get("docs")

    # Disqualifiers: only a definite true rules out (None == "x" is simply False).
    if (
        get("engagement") == "full_custom"
        or (stage == "discovery" and triggers is not None and not triggers)
        or (get("region") == "other" and employees is not None and employees < 20)
    ):
        verdict = "disqualified"
    # Must-haves: a definite false first, then any unknown.
    elif (
        (band is not None and not (band[0] >= 350 and band[1] <= 1700))
        or (power is not None and power > 10)
        or (docs is not None and not ("test_reports" in docs and "traceability" in docs))
    ):
        verdict = "not_a_fit"
    elif band is None or power is None or docs is None:
        verdict = "needs_research"
    else:
        verdict = "qualified"

    # Nice-to-haves: unknown earns nothing, categories are capped.
    score = 0
    apps = get("applications")
    if apps is not None:
        use_case = 0
        if not _CORE_APPS.isdisjoint(apps):
            use_case += 30
        if not _ADJACENT_APPS.isdisjoint(apps):
            use_case += 15
        score += use_case if use_case < 30 else 30
    if stage in _LATE_STAGES:
        score += 25
    elif stage == "technical_evaluation":
        score += 15
    if triggers:
        project = 0
        if "new_product_launch" in triggers:
            project += 10
        for trigger in triggers:
            if "optical engineer" in trigger:
                project += 10
                break
        if "facility_upgrade" in triggers:
            project += 5
        score += project if project < 20 else 20
    if get("industry") == "medical_device" and get("iso_13485") is True:
        score += 10
    if employees is not None and 50 <= employees <= 5000:
        score += 10
    if docs is not None and "reliability_data" in docs:
        score += 5
    last_contact = get("last_contact")
    if last_contact is not None and as_of - _NINETY_DAYS <= last_contact <= as_of:
        score += 5

    if verdict == "qualified" or verdict == "needs_research":
        tier = "A" if score >= 70 else "B" if score >= 45 else "C"
    else:
        tier = None
    return verdict, score, tier


# ---------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------

INDUSTRIES = [
    "oem",
    "system_integrator",
    "medical_device",
    "industrial_tech",
    "research",
    "telecom",
]
APPLICATIONS = [
    "sensing",
    "imaging",
    "metrology",
    "illumination",
    "telecom",
    "lidar",
    "spectroscopy",
]
STAGES = ["discovery", "technical_evaluation", "qualification", "production_planning"]
TRIGGERS = [
    "new_product_launch",
    "hiring optical engineer",
    "hiring optical engineers",
    "facility_upgrade",
    "funding_round",
    "new fab",
    "merger",
]
REGIONS = ["na", "eu", "apac", "other"]
ENGAGEMENTS = ["component_supply", "integration_support", "full_custom"]
DOCS = ["test_reports", "traceability", "reliability_data", "change_control"]
SET_FIELDS = ("applications", "triggers", "docs")


def _spell(rng: random.Random, value: str) -> str:
    """How a person might type a declared enum value."""
    words = value.split("_")
    style = rng.randrange(4)
    if style == 0:
        return " ".join(w.capitalize() for w in words)  # "Medical Device"
    if style == 1:
        return value.upper() if len(value) <= 4 else "-".join(words)  # "EU", "medical-device"
    if style == 2:
        return " ".join(words)  # "medical device"
    return value


def make_account(rng: random.Random, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """One account as (canonical dict with sets as lists, raw dict as typed by people)."""
    canon: dict[str, Any] = {"id": f"acc-{i:06d}", "name": f"Account {i}"}
    raw: dict[str, Any] = dict(canon)

    industry = rng.choice(INDUSTRIES)
    canon["industry"], raw["industry"] = industry, _spell(rng, industry)

    apps = rng.sample(APPLICATIONS, rng.choice([0, 1, 1, 2, 2, 3]))
    canon["applications"] = apps
    raw["applications"] = "; ".join(_spell(rng, a) for a in apps) if apps else []

    low = rng.randrange(300, 1300, 5)
    high = low + rng.randrange(0, 700, 5)
    canon["Wavelength band"] = (low, high)
    if rng.random() < 0.5:
        raw["Wavelength band"] = f"{low}-{high} nm"
    else:
        raw["Wavelength band"] = f"{low / 1000} um .. {high / 1000} um"

    milliwatts = rng.choice([50, 200, 500, 1200, 2000, 5000, 8000, 10000, 15000, 40000])
    canon["optical_power"] = milliwatts / 1000
    raw["optical_power"] = f"{milliwatts} mW" if rng.random() < 0.5 else f"{milliwatts / 1000} W"

    t_low, t_high = rng.choice([(-40, 85), (0, 70), (10, 40), (-20, 60)])
    canon["operating_temp"] = (t_low, t_high)
    raw["operating_temp"] = f"{t_low} to {t_high} degC"

    stage = rng.choice(STAGES)
    canon["stage"], raw["stage"] = stage, _spell(rng, stage)

    triggers = rng.sample(TRIGGERS, rng.choice([0, 0, 1, 1, 2, 3]))
    canon["triggers"] = triggers
    raw["triggers"] = ", ".join(t.title() if rng.random() < 0.3 else t for t in triggers)
    if not triggers:
        raw["triggers"] = []  # a known empty set (a blank string would be unknown)

    employees = rng.choice([8, 15, 40, 120, 800, 1200, 3400, 9000, 25000])
    canon["employees"] = employees
    raw["employees"] = f"{employees:,}" if rng.random() < 0.5 else str(employees)

    region = rng.choice(REGIONS)
    canon["region"], raw["region"] = region, _spell(rng, region)

    engagement = rng.choices(ENGAGEMENTS, weights=[45, 45, 10])[0]
    canon["engagement"], raw["engagement"] = engagement, _spell(rng, engagement)

    docs = ["test_reports", "traceability"] if rng.random() < 0.75 else rng.sample(DOCS, 1)
    docs += [d for d in ("reliability_data", "change_control") if rng.random() < 0.3]
    docs = list(dict.fromkeys(docs))
    canon["docs"] = docs
    raw["docs"] = "; ".join(docs)

    iso = rng.random() < 0.4
    canon["iso_13485"] = iso
    raw["iso_13485"] = rng.choice(["yes", "Y", "true"] if iso else ["no", "N", "false"])

    last = AS_OF - datetime.timedelta(days=rng.randrange(-10, 200))
    canon["last_contact"] = last
    raw["last_contact"] = last.isoformat()

    for key in list(canon):
        if key not in ("id", "name") and rng.random() < MISSING:
            del canon[key]
            del raw[key]
    return canon, raw


def make_accounts(
    n: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(lists, frozensets, raw) variants of the same n accounts."""
    rng = random.Random(SEED)
    lists, raws = [], []
    for i in range(n):
        canon, raw = make_account(rng, i)
        lists.append(canon)
        raws.append(raw)
    frozen = [
        {k: frozenset(v) if k in SET_FIELDS else v for k, v in account.items()} for account in lists
    ]
    return lists, frozen, raws


# ---------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------


def run_once(fn: Callable[..., Any], accounts: Sequence[object]) -> float:
    """Seconds for fn(account, AS_OF) over every account (results discarded)."""
    if getattr(fn, "batch", False):  # takes the whole list (score_many)
        start = time.perf_counter()
        fn(accounts, AS_OF)
        return time.perf_counter() - start
    start = time.perf_counter()
    collections.deque(map(fn, accounts, itertools.repeat(AS_OF)), maxlen=0)
    return time.perf_counter() - start


def interleaved(
    contenders: dict[str, Callable[..., Any]],
    accounts: Sequence[object],
    repeat: int,
    chunk: int = 2000,
) -> dict[str, tuple[float, float]]:
    """(best, median) seconds of each contender over all of `accounts`.

    The list is cut into chunks of `chunk` accounts; in each of `repeat` rounds, every
    chunk is run by every contender in turn (A B A B ..., the order rotating from round
    to round). A contender's best is the sum over chunks of its fastest run of that
    chunk, its median the sum of the medians: on a shared machine a short run is more
    likely to land in a quiet moment than a long one.
    """
    parts = [accounts[i : i + chunk] for i in range(0, len(accounts), chunk)]
    names = list(contenders)
    runs: dict[str, list[list[float]]] = {name: [[] for _ in parts] for name in names}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for fn in contenders.values():  # warm-up: caches, specialization
            run_once(fn, parts[0])
        for r in range(repeat):
            order = names[r % len(names) :] + names[: r % len(names)]
            for c, part in enumerate(parts):
                for name in order:
                    runs[name][c].append(run_once(contenders[name], part))
    finally:
        if gc_was_enabled:
            gc.enable()
    return {
        name: (sum(map(min, runs[name])), sum(map(statistics.median, runs[name]))) for name in names
    }


def score_many_runner(profile: icpdsl.Profile) -> Callable[..., Any]:
    """`profile.score_many` over a chunk of accounts (`run_once` passes the whole chunk)."""

    def run(accounts: Sequence[object], as_of: datetime.date) -> None:
        collections.deque(profile.score_many(accounts, as_of=as_of), maxlen=0)

    run.batch = True  # type: ignore[attr-defined]
    return run


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, nproc={os.cpu_count()}"
    )


def load_note() -> str:
    """The 1-minute load average, with a warning when other processes compete for the CPUs."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return "# load average unknown"
    busy = load > (os.cpu_count() or 1) - 0.5
    warning = " (other processes are busy: absolute numbers are noisy, ratios less so)"
    return f"# load average {load:.2f}{warning if busy else ''}"


def check_agreement(profile: icpdsl.Profile, variants: dict[str, list[dict[str, Any]]]) -> None:
    expected = [profile.score(a, AS_OF) for a in variants["lists"]]
    for name in ("lists", "frozensets"):
        for i, account in enumerate(variants[name]):
            mine = hand_score(account, AS_OF)
            theirs = expected[i] if name == "lists" else profile.score(account, AS_OF)
            if mine != theirs:
                raise AssertionError(
                    f"hand_score disagrees with profile.score on {name} account {i}:\n"
                    f"  {account}\n  hand: {mine}\n  icpdsl: {theirs}"
                )
    for i, account in enumerate(variants["raw"]):
        got = profile.score(account, AS_OF)
        if got != expected[i]:
            raise AssertionError(
                f"raw spelling of account {i} scores differently:\n  {account}\n"
                f"  raw: {got}\n  canonical: {expected[i]}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 accounts, 3 runs")
    parser.add_argument("-n", "--accounts", type=int, default=None, help="default 100,000")
    parser.add_argument(
        "-r", "--repeat", type=int, default=None, help="runs per contender (default 7)"
    )
    args = parser.parse_args(argv)
    n = args.accounts or (20_000 if args.quick else 100_000)
    repeat = args.repeat or (3 if args.quick else 7)

    print(f"# score_vs_handwritten: {n:,} accounts, {repeat} interleaved runs, {machine()}")
    print(f"# {datetime.date.today().isoformat()}, profile {PROFILE_PATH.relative_to(ROOT)}")
    print(load_note())
    profile = icpdsl.load(PROFILE_PATH)
    lists, frozen, raws = make_accounts(n)
    variants = {"lists": lists, "frozensets": frozen, "raw": raws}

    start = time.perf_counter()
    check_agreement(profile, variants)
    counts = collections.Counter(
        str(v) for v, _, _ in map(hand_score, lists, itertools.repeat(AS_OF))
    )
    missing = sum(13 - sum(k not in ("id", "name") for k in a) for a in lists) / (13 * n)
    complete = sum(len(a) == 15 for a in lists) / n
    print(
        f"# agreement checked on {3 * n:,} scorings in {time.perf_counter() - start:.1f} s; "
        f"fields missing {missing:.1%}, accounts with every field {complete:.0%}"
    )
    print("# verdicts: " + ", ".join(f"{k} {v / n:.0%}" for k, v in counts.most_common()))
    print()

    rows: list[tuple[str, str, int, tuple[float, float]]] = []
    ratios: dict[str, tuple[float, float]] = {}
    for name in ("lists", "frozensets"):
        times = interleaved(
            {"icpdsl": profile.score, "hand-written": hand_score}, variants[name], repeat
        )
        rows.append((name, "hand-written", n, times["hand-written"]))
        rows.append((name, "icpdsl score", n, times["icpdsl"]))
        ratios[name] = (
            times["icpdsl"][0] / times["hand-written"][0],
            times["icpdsl"][1] / times["hand-written"][1],
        )
    # Raw spellings are ~15x slower: time them on at most 20,000 accounts.
    few = min(n, 20_000)
    slow_repeat = max(2, repeat // 2)
    raw_times = interleaved({"icpdsl": profile.score}, raws[:few], slow_repeat)["icpdsl"]
    rows.append(("raw", "icpdsl score", few, raw_times))
    many = score_many_runner(profile)
    rows.append(
        ("lists", "icpdsl score_many", n, interleaved({"many": many}, lists, slow_repeat)["many"])
    )

    print("| data | scorer | accounts | best accounts/s | median accounts/s | best us/account |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for data, scorer, count, (best, med) in rows:
        print(
            f"| {data} | {scorer} | {count:,} | {count / best:,.0f} | {count / med:,.0f} "
            f"| {best / count * 1e6:.2f} |"
        )
    print()
    print("| data | icpdsl / hand-written (best) | (median) | goal |")
    print("| --- | ---: | ---: | --- |")
    for name, (best, med) in ratios.items():
        verdict = "met" if best <= 1.5 else "not met"
        print(f"| {name} | {best:.2f}x | {med:.2f}x | <= 1.5x: {verdict} |")
    print()
    print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
