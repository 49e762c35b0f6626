"""`icpdsl score` over a generated 1,000,000-row CSV: rows per second and peak memory.

    python benchmarks/score_csv.py                 # 1,000,000 rows
    python benchmarks/score_csv.py --rows 100000   # a quicker run

Generates a CRM-like export for examples/photonics.icp (seeded, so every run scores
the same file): the spellings a real export has ("Medical Device", "1.1 um - 1.6 um",
"500 mW", "sensing; imaging"), blank cells, many distinct values where real data has
them (employee counts, contact dates, power levels), and about 1% rows that cannot be
read.  Then it runs, each in a fresh process:

1. `csv.DictReader` merely reading the file (the baseline the goal is stated against);
2. `icpdsl score examples/photonics.icp FILE -o OUT --quiet`, the real command.

It prints wall time, rows/s and the peak resident memory of each process, and checks
the goals of issue 3: peak RSS under 150 MB, and `icpdsl score` taking at most twice
the time of the baseline.  Exit code 0 when both goals are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "photonics.icp"
AS_OF = "2026-12-01"
RSS_GOAL_MB = 150
RATIO_GOAL = 2.0

COLUMNS = (
    "id", "name", "industry", "applications", "Wavelength band", "optical_power",
    "operating_temp", "stage", "triggers", "employees", "region", "engagement", "docs",
    "iso_13485", "last_contact", "owner",
)  # fmt: skip
INDUSTRIES = ["OEM", "oem", "Medical Device", "medical device", "system integrator",
              "industrial tech", "Industrial_Tech", "research", "Telecom", ""]  # fmt: skip
APPLICATIONS = [
    "sensing",
    "imaging",
    "metrology",
    "illumination",
    "telecom",
    "lidar",
    "spectroscopy",
]
STAGES = ["discovery", "Technical Evaluation", "technical_evaluation", "qualification",
          "Qualification", "production planning", ""]  # fmt: skip
TRIGGERS = ["new_product_launch", "hiring optical engineer", "facility upgrade", "grant awarded"]
REGIONS = ["NA", "EU", "eu", "APAC", "other", ""]
ENGAGEMENTS = ["integration support", "Integration Support", "component supply", "full custom", ""]
DOCS = ["test_reports", "traceability", "reliability_data", "change_control"]
BAD = ["high", "n/a", "visible", "lots"]


def band(rng: random.Random) -> str:
    low = rng.choice([190, 350, 400, 405, 450, 488, 532, 633, 780, 850, 905, 1064, 1260])
    high = low + rng.choice([50, 100, 200, 300, 500, 700])
    style = rng.randrange(4)
    if style == 0:
        return f"{low} nm - {high} nm"
    if style == 1:
        return f"{low}..{high} nm"
    if style == 2:
        return f"{low / 1000:g} um - {high / 1000:g} um"
    return f"{low} nm"


def power(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randrange(1, 2000)} mW"
    return f"{rng.randrange(1, 300) / 10:g} W"


def some(rng: random.Random, values: list[str], sep: str = "; ") -> str:
    return sep.join(rng.sample(values, rng.randrange(0, 3)))


def row(rng: random.Random, i: int) -> list[str]:
    cells = [
        f"acc-{i:07d}",
        f"Company {i}",
        rng.choice(INDUSTRIES),
        some(rng, APPLICATIONS, rng.choice(["; ", ", ", " | "])),
        band(rng) if rng.random() > 0.05 else "",
        power(rng) if rng.random() > 0.05 else "",
        f"{rng.randrange(-40, 20)} to {rng.randrange(30, 90)} degC" if rng.random() < 0.3 else "",
        rng.choice(STAGES),
        some(rng, TRIGGERS),
        f"{rng.randrange(3, 20000):,}" if rng.random() > 0.05 else "",
        rng.choice(REGIONS),
        rng.choice(ENGAGEMENTS),
        some(rng, DOCS, ", ") if rng.random() > 0.1 else "test_reports; traceability",
        rng.choice(["yes", "no", "Y", "", "true"]),
        f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" if rng.random() > 0.2 else "",
        rng.choice(["Dana", "Sam", "Lee"]),
    ]
    if rng.random() < 0.01:
        cells[rng.choice([4, 5, 9])] = rng.choice(BAD)
    return cells


def generate(path: Path, rows: int) -> None:
    rng = random.Random(20261201)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for i in range(1, rows + 1):
            writer.writerow(row(rng, i))


BASELINE = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for _ in csv.DictReader(f):
        pass
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one child process (run alone, so the peak is its own)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak_kb <= before:
        print("  (peak RSS not above an earlier child's; the figure below is an upper bound)")
    return seconds, peak_kb / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--keep", metavar="DIR", help="write the CSV and the output here and keep them"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.keep or temp)
        folder.mkdir(parents=True, exist_ok=True)
        data, out = folder / "accounts.csv", folder / "scored.csv"
        start = time.perf_counter()
        generate(data, args.rows)
        size = data.stat().st_size / 2**20
        print(
            f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - start:.1f} s"
        )

        # the baseline first: its peak RSS is far below icpdsl's, so the second reading is icpdsl's own
        base_s, base_mb = timed([sys.executable, "-c", BASELINE, str(data)])
        command = [sys.executable, "-m", "icpdsl", "score", str(PROFILE), str(data), "-o", str(out)]
        score_s, score_mb = timed([*command, "--as-of", AS_OF, "--quiet"])
        scored = sum(1 for _ in open(out, encoding="utf-8")) - 1  # noqa: SIM115

    ratio = score_s / base_s
    print(
        f"csv.DictReader only : {base_s:6.1f} s  {args.rows / base_s:>10,.0f} rows/s  peak RSS {base_mb:5.0f} MB"
    )
    print(
        f"icpdsl score        : {score_s:6.1f} s  {args.rows / score_s:>10,.0f} rows/s  peak RSS {score_mb:5.0f} MB"
    )
    print(f"rows written        : {scored:,} of {args.rows:,}")
    rss_ok = score_mb < RSS_GOAL_MB
    ratio_ok = ratio <= RATIO_GOAL
    print(
        f"goal: peak RSS < {RSS_GOAL_MB} MB          {'met' if rss_ok else 'MISSED'} ({score_mb:.0f} MB)"
    )
    print(
        f"goal: time <= {RATIO_GOAL:g}x csv.DictReader   {'met' if ratio_ok else 'MISSED'} ({ratio:.1f}x)"
    )
    return 0 if rss_ok and ratio_ok and scored == args.rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
