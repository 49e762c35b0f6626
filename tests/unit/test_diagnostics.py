"""Every profile error renders as file:line:col, the line, a caret and a hint (golden files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import icpdsl
from tests.conftest import GOLDEN, assert_golden

CASES = sorted((GOLDEN / "diagnostics").glob("*.icp"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_diagnostic_matches_golden(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case.parent)
    with pytest.raises(icpdsl.ICPError) as caught:
        icpdsl.load(case.name)
    assert_golden(case.with_suffix(".txt"), str(caught.value) + "\n")


class TestCheckerReportsEverything:
    """One run shows every mistake in the file, not only the first."""

    def test_many_errors_are_collected(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(GOLDEN / "diagnostics")
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.load("many_errors.icp")
        lines = [d.line for d in caught.value.diagnostics]
        assert len(caught.value.diagnostics) >= 7
        assert lines == sorted(lines)
        assert all(d.hint for d in caught.value.diagnostics if "unknown" in d.message)

    def test_diagnostic_fields(self) -> None:
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.loads('fields x: number in W\nmust have "a": x <= 5 nm', name="p.icp")
        d = caught.value.diagnostics[0]
        assert (d.file, d.line, d.column) == ("p.icp", 2, 21)
        assert "length" in d.message and "power" in d.message
        assert caught.value.line == 2 and caught.value.hint is not None

    def test_syntax_error_has_position_and_hint(self) -> None:
        with pytest.raises(icpdsl.ICPSyntaxError) as caught:
            icpdsl.parse("must have Label: x", file="q.icp")
        assert (caught.value.line, caught.value.column) == (1, 11)
        assert '"Label"' in (caught.value.hint or "")


def test_no_golden_case_is_left_without_expectation() -> None:
    if os.environ.get("ICPDSL_UPDATE_GOLDEN") == "1":
        return
    missing = [c.name for c in CASES if not c.with_suffix(".txt").exists()]
    assert not missing


def test_long_source_lines_show_a_window_around_the_caret() -> None:
    text = 'fields\n x: number in W\nmust have "a": ' + "x > 1 W and " * 30 + "x <= 5 nm"
    with pytest.raises(icpdsl.ICPCheckError) as caught:
        icpdsl.loads(text)
    _, _, shown, caret, _ = caught.value.diagnostics[0].render().splitlines()
    assert shown.startswith("3 | ...") and shown.endswith("x <= 5 nm")
    assert len(shown) < 120
    assert shown[caret.index("^") : caret.index("^") + 4] == "5 nm"
