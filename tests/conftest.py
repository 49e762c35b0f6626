"""Shared fixtures: the worked example profile, and golden-file comparison."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import icpdsl

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "photonics.icp"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("ICPDSL_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def photonics() -> icpdsl.Profile:
    return icpdsl.load(EXAMPLE)


def assert_golden(path: Path, actual: str) -> None:
    """Compare with a reviewed golden file; ICPDSL_UPDATE_GOLDEN=1 rewrites it instead."""
    if UPDATE_GOLDEN or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"
