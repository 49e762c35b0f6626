"""`icpdsl explain`: one account, explained in words or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import AS_OF, run_process


class TestExplain:
    def test_text(self, project: Path, icpdsl) -> None:
        result = icpdsl("explain", "photonics.icp", "account.json", "--as-of", AS_OF)
        assert result.code == 0
        lines = result.out.splitlines()
        assert lines[0] == "Verdict: qualified, tier A, score 90 of 120"
        assert "  [yes] Supported wavelength band  (wavelength = 450 .. 650)" in lines
        assert any(
            line.startswith("  Use case match: 30") and "Core application +30" in line
            for line in lines
        )

    def test_json(self, project: Path, icpdsl) -> None:
        data = json.loads(
            icpdsl("explain", "photonics.icp", "account.json", "--json", "--as-of", AS_OF).out
        )
        assert (data["verdict"], data["score"], data["tier"], data["as_of"]) == (
            "qualified",
            90,
            "A",
            AS_OF,
        )
        first = data["outcomes"][0]
        assert (
            first
            | {
                "label": "Supported wavelength band",
                "kind": "must_have",
                "category": None,
                "result": True,
                "points": 0,
                "unknown": False,
                "values": {"wavelength": [450, 650]},
            }
            == first
        )
        core = next(o for o in data["outcomes"] if o["label"] == "Core application")
        assert core["values"] == {"applications": ["imaging", "sensing"]}

    def test_stdin(self, project: Path) -> None:
        result = run_process(
            "explain", "photonics.icp", "-", stdin='{"engagement": "full custom"}', cwd=project
        )
        assert result.code == 0
        assert result.out.splitlines()[:2] == [
            "Verdict: disqualified, score 0 of 120, potential 120",
            "  ruled out by: Needs a fully custom design",
        ]

    def test_a_value_that_cannot_be_read(self, project: Path, icpdsl) -> None:
        Path("bad.json").write_text('{"optical_power": "lots"}', encoding="utf-8")
        result = icpdsl("explain", "photonics.icp", "bad.json")
        assert result.code == 1
        assert "field 'optical_power': cannot read 'lots'" in result.err

    def test_not_json(self, project: Path, icpdsl) -> None:
        Path("bad.json").write_text('{"industry": oem}', encoding="utf-8")
        result = icpdsl("explain", "photonics.icp", "bad.json")
        assert result.code == 1
        assert "bad.json: not valid JSON at line 1, column 14" in result.err

    def test_not_one_account(self, project: Path, icpdsl) -> None:
        Path("list.json").write_text("[{}]", encoding="utf-8")
        result = icpdsl("explain", "photonics.icp", "list.json")
        assert result.code == 1
        assert "expected one JSON object" in result.err
