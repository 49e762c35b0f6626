"""`include` pastes another file's statements; cycles, duplicates and headers are errors naming both files."""

from __future__ import annotations

from pathlib import Path

import pytest

import icpdsl


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class TestIncludes:
    def test_statements_are_pasted_relative_to_the_including_file(self, tmp_path: Path) -> None:
        write(tmp_path, "shared/fields.icp", "fields\n    power: number in W\n")
        write(
            tmp_path, "shared/rules.icp", 'include "fields.icp"\nmust have "Power": power <= 10 W\n'
        )
        main = write(
            tmp_path,
            "main.icp",
            'profile "P"\ninclude "shared/rules.icp"\nnice to have "Big" weight 5: power > 5 W\n',
        )
        profile = icpdsl.load(main)
        assert [r.label for r in profile.rules] == ["Power", "Big"]
        assert profile.score({"power": 6}) == ("qualified", 5, None)

    def test_cycle_names_both_files(self, tmp_path: Path) -> None:
        write(tmp_path, "a.icp", 'include "b.icp"\n')
        write(tmp_path, "b.icp", 'include "a.icp"\n')
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.load(tmp_path / "a.icp")
        message = caught.value.diagnostics[0].message
        assert "cycle" in message and "a.icp" in message and "b.icp" in message
        assert caught.value.diagnostics[0].file.endswith("b.icp")

    def test_file_included_twice(self, tmp_path: Path) -> None:
        write(tmp_path, "f.icp", "fields\n    x: yes/no\n")
        main = write(tmp_path, "main.icp", 'include "f.icp"\ninclude "f.icp"\n')
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.load(main)
        assert "included twice" in caught.value.message and "main.icp:1" in caught.value.message

    def test_duplicate_label_across_files_names_both(self, tmp_path: Path) -> None:
        write(tmp_path, "f.icp", 'fields\n    x: yes/no\nmust have "Same": x\n')
        main = write(tmp_path, "main.icp", 'include "f.icp"\nmust have "Same": not x\n')
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.load(main)
        d = caught.value.diagnostics[0]
        assert d.file.endswith("main.icp") and "f.icp:3" in (d.hint or "")

    def test_included_header_and_missing_file(self, tmp_path: Path) -> None:
        write(tmp_path, "h.icp", 'profile "Other"\n')
        main = write(tmp_path, "main.icp", 'include "h.icp"\ninclude "nope.icp"\n')
        with pytest.raises(icpdsl.ICPCheckError) as caught:
            icpdsl.load(main)
        messages = [d.message for d in caught.value.diagnostics]
        assert any("own 'profile' header" in m for m in messages)
        assert any("cannot read the included file 'nope.icp'" in m for m in messages)

    def test_syntax_error_in_included_file_points_there(self, tmp_path: Path) -> None:
        write(tmp_path, "bad.icp", "fields\n    x yes/no\n")
        main = write(tmp_path, "main.icp", 'include "bad.icp"\n')
        with pytest.raises(icpdsl.ICPSyntaxError) as caught:
            icpdsl.load(main)
        assert caught.value.file.endswith("bad.icp") and caught.value.line == 2

    def test_loads_resolves_against_base_dir(self, tmp_path: Path) -> None:
        write(tmp_path, "f.icp", "fields\n    x: yes/no\n")
        profile = icpdsl.loads('include "f.icp"\nmust have "X": x', base_dir=tmp_path)
        assert profile.is_fit({"x": "yes"}) is True
