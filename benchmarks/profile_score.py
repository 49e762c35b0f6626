"""Where the time of `Profile.score` goes: cProfile, top functions by own time.

    python benchmarks/profile_score.py            # 50,000 accounts per variant (20,000 raw)
    python benchmarks/profile_score.py --quick    # 10,000 accounts

The accounts are those of score_vs_handwritten.py (canonical values with lists or with
frozensets, and raw spellings).  An earlier version of this script hand-patched the
generated code to measure candidate optimizations; the ones that paid were built into
the compiler (see benchmarks/README.md), so only the breakdown remains.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from collections.abc import Callable
from typing import Any

from score_vs_handwritten import AS_OF, PROFILE_PATH, load_note, machine, make_accounts

import icpdsl


def cprofile_table(fn: Callable[..., Any], accounts: list[Any], limit: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for account in accounts:
        fn(account, AS_OF)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(limit)
    lines = [
        line
        for line in out.getvalue().splitlines()
        if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced"))
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 accounts")
    parser.add_argument("-n", "--accounts", type=int, default=None, help="default 50,000")
    args = parser.parse_args(argv)
    n = args.accounts or (10_000 if args.quick else 50_000)

    print(f"# profile_score: {n:,} accounts, {machine()}")
    print(load_note())
    profile = icpdsl.load(PROFILE_PATH)
    lists, frozen, raws = make_accounts(n)
    print("\n## cProfile of profile.score (own time; cProfile inflates call costs)\n")
    for name, accounts in (("lists", lists), ("frozensets", frozen), ("raw", raws[:20_000])):
        print(f"### {name}\n```")
        print(cprofile_table(profile.score, accounts, 10))
        print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
