"""Fixtures for the command-line tests: a project directory with the example files, and
two ways to run `icpdsl` -- in this process through `cli.main` (fast, for most tests)
and as a real `python -m icpdsl` subprocess (for stdin, pipes and tracebacks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from icpdsl import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = (
    "2026-12-01"  # the date the example accounts were exported; keeps "in the last 90 days" stable
)
EXAMPLE_FILES = ("photonics.icp", "accounts.csv", "accounts.jsonl", "account.json")


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding copies of the example profile and data."""
    for name in EXAMPLE_FILES:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def icpdsl(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command line in this process: `icpdsl("check", "x.icp")`."""

    def run(*args: str) -> Result:
        code = cli.main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None) -> Result:
    """Run `python -m icpdsl ARGS` in a subprocess, as a user's shell would."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "icpdsl", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout.decode(), done.stderr.decode())
