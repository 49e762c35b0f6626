"""`icpdsl check`: every error of every file with caret and hint; warnings do not fail."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_process

TWO_ERRORS = """\
profile "Two mistakes"
fields
    industry: one of oem, telecom
    power: number in W
must have "Known industry": industry is oam
nice to have "Low power" weight 10: power <= 5 nm
"""


class TestCheck:
    def test_a_good_profile_passes_with_its_warnings(self, project: Path, icpdsl) -> None:
        """The example checks clean; the unused field is a warning, and the run exits 0."""
        result = icpdsl("check", "photonics.icp")
        assert result.code == 0
        assert "photonics.icp: ok (17 rules, 2 examples, 1 warning)" in result.out
        assert "warning: field 'operating_temp' is declared but no rule uses it" in result.out

    def test_every_error_is_shown_with_caret_and_hint(self, tmp_path: Path, icpdsl) -> None:
        bad = tmp_path / "bad.icp"
        bad.write_text(TWO_ERRORS, encoding="utf-8")
        result = icpdsl("check", str(bad))
        assert result.code == 1
        assert f"{bad}:5:41: error: unknown value 'oam' for industry" in result.out
        assert "did you mean 'oem'?" in result.out
        assert "'nm' is a length, but the field is a power (W)" in result.out
        assert '5 | must have "Known industry": industry is oam' in result.out
        assert "  |                                         ^^^" in result.out
        assert "2 errors, 0 warnings in 1 file" in result.out

    def test_all_files_are_checked_even_after_a_failure(self, project: Path, icpdsl) -> None:
        Path("bad.icp").write_text(TWO_ERRORS, encoding="utf-8")
        result = icpdsl("check", "bad.icp", "photonics.icp")
        assert result.code == 1
        assert "bad.icp:5:41" in result.out
        assert "photonics.icp: ok" in result.out

    def test_a_syntax_error_points_at_the_place(self, tmp_path: Path, icpdsl) -> None:
        bad = tmp_path / "syntax.icp"
        bad.write_text('profile "x"\nmust have "m" industry is oem\n', encoding="utf-8")
        result = icpdsl("check", str(bad))
        assert result.code == 1
        assert f"{bad}:2:" in result.out
        assert "^" in result.out

    def test_strict_fails_on_warnings(self, project: Path, icpdsl) -> None:
        assert icpdsl("check", "--strict", "photonics.icp").code == 1

    def test_a_missing_file_is_a_usage_error(self, tmp_path: Path, icpdsl) -> None:
        result = icpdsl("check", str(tmp_path / "nope.icp"))
        assert result.code == 2
        assert "cannot read" in result.err and "nope.icp" in result.err

    def test_the_real_command_exits_1_without_a_traceback(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.icp"
        bad.write_text(TWO_ERRORS, encoding="utf-8")
        result = run_process("check", str(bad))
        assert result.code == 1
        assert "did you mean 'oem'?" in result.out
        assert "Traceback" not in result.out + result.err
