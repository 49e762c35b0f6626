"""`icpdsl fmt`: the canonical layout, in place or as a check; comments survive."""

from __future__ import annotations

import datetime
from pathlib import Path

import icpdsl as lib

from .conftest import AS_OF, run_process

MESSY = """\
# Who we sell to.
profile "messy"   version "1"
fields
  industry: one of oem, telecom   # what they do
  employees:   integer
must have "OEM":   industry is oem
nice to have "Big" weight 10: employees >  500   # a big team buys more
example "Big OEM" given industry = oem, employees = 800 expect qualified, score 10
"""


class TestFmt:
    def test_rewrites_in_place_and_keeps_comments(self, tmp_path: Path, icpdsl) -> None:
        path = tmp_path / "messy.icp"
        path.write_text(MESSY, encoding="utf-8")
        result = icpdsl("fmt", str(path))
        assert result.code == 0 and f"reformatted {path}" in result.err
        text = path.read_text(encoding="utf-8")
        assert text != MESSY
        for comment in ("# Who we sell to.", "# what they do", "# a big team buys more"):
            assert comment in text
        assert "    employees: integer\n" in text
        assert icpdsl("fmt", "--check", str(path)).code == 0

    def test_the_formatted_profile_means_the_same(self, tmp_path: Path, icpdsl) -> None:
        path = tmp_path / "messy.icp"
        path.write_text(MESSY, encoding="utf-8")
        before = lib.loads(MESSY, name="messy.icp")
        icpdsl("fmt", str(path))
        after = lib.load(path)
        as_of = datetime.date.fromisoformat(AS_OF)
        for account in ({"industry": "oem", "employees": 900}, {"industry": "telecom"}, {}):
            assert before.score(account, as_of) == after.score(account, as_of)
        assert [r.passed for r in after.run_examples()] == [True]

    def test_check_names_files_and_changes_nothing(self, project: Path, icpdsl) -> None:
        Path("messy.icp").write_text(MESSY, encoding="utf-8")
        Path("tidy.icp").write_text(MESSY, encoding="utf-8")
        icpdsl("fmt", "tidy.icp")
        result = icpdsl("fmt", "--check", "messy.icp", "tidy.icp")
        assert result.code == 1
        assert result.err.splitlines() == [
            "would reformat messy.icp",
            "1 file would be reformatted, 1 file already formatted",
        ]
        assert Path("messy.icp").read_text(encoding="utf-8") == MESSY

    def test_diff_shows_the_change_without_writing(self, tmp_path: Path, icpdsl) -> None:
        path = tmp_path / "messy.icp"
        path.write_text(MESSY, encoding="utf-8")
        result = icpdsl("fmt", "--diff", str(path))
        assert result.code == 0
        assert '-profile "messy"   version "1"\n+profile "messy" version "1"\n' in result.out
        assert path.read_text(encoding="utf-8") == MESSY

    def test_stdin_to_stdout(self) -> None:
        result = run_process("fmt", "-", stdin=MESSY)
        assert result.code == 0
        assert result.out.startswith('# Who we sell to.\nprofile "messy" version "1"\n')
        assert run_process("fmt", "--check", "-", stdin=result.out).code == 0

    def test_a_syntax_error_is_reported_and_the_file_left_alone(
        self, tmp_path: Path, icpdsl
    ) -> None:
        path = tmp_path / "bad.icp"
        broken = 'profile "x"\nmust have "m" industry is oem\n'
        path.write_text(broken, encoding="utf-8")
        result = icpdsl("fmt", str(path))
        assert result.code == 1
        assert f"{path}:2:" in result.err
        assert path.read_text(encoding="utf-8") == broken

    def test_a_missing_file_is_a_usage_error(self, tmp_path: Path, icpdsl) -> None:
        result = icpdsl("fmt", str(tmp_path / "nope.icp"))
        assert result.code == 2 and "cannot read" in result.err
