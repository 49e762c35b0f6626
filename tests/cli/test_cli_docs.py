"""The command lines in docs/cli.md and docs/howto-git.md run and print what the page shows.

Each ```console block holds `$ icpdsl ...` lines, each followed by its expected output
(stdout and stderr together, 100 columns wide). An expected output that ends with a
line `...` only has to start the real one.  Commands run in a temporary copy of the
repository's examples/, so files they write land there.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = ("cli.md", "howto-git.md")
_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def console_commands(page: str) -> list[tuple[int, str, list[str]]]:
    """(line, command, expected output lines) for every `$` line of the page's console blocks."""
    found: list[tuple[int, str, list[str]]] = []
    inside = False
    for number, line in enumerate(
        (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines(), 1
    ):
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            found.append((number, line[2:], []))
        elif found:
            found[-1][2].append(line)
    return found


CASES = [
    pytest.param(page, command, expected, id=f"{page}:{line}")
    for page in PAGES
    for line, command, expected in console_commands(page)
]


@pytest.mark.parametrize(("page", "command", "expected"), CASES)
def test_console_example(tmp_path: Path, page: str, command: str, expected: list[str]) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    args = shlex.split(command)
    assert args[0] == "icpdsl", f"{page}: only icpdsl commands are run: {command}"
    done = subprocess.run(
        [sys.executable, "-m", "icpdsl", *args[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=120,
        check=False,
    )
    actual = (done.stdout + done.stderr).splitlines()
    if expected and expected[-1] == "...":
        assert actual[: len(expected) - 1] == expected[:-1]
    else:
        assert actual == expected


def test_every_page_has_console_examples() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("page", PAGES)
def test_relative_links_point_at_files(page: str) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    for target in _LINK.findall(text):
        if "://" not in target:
            assert (ROOT / "docs" / target).resolve().exists(), f"{page}: broken link {target}"
