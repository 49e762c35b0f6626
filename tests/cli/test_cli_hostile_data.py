"""Hostile data files: every row still comes back, and nothing but icpdsl's errors comes out."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Result


class TestHostileData:
    def test_a_huge_csv_cell_marks_its_row_invalid(
        self, project: Path, icpdsl: Callable[..., Result]
    ) -> None:
        rows = ["id,optical_power", "1," + "9" * 300_000, "2,5 W"]
        (project / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = icpdsl("score", "photonics.icp", "big.csv", "--format", "jsonl")
        assert result.code == 0
        first, second = (json.loads(line) for line in result.out.splitlines())
        assert first["verdict"] == "invalid" and "optical_power" in first["error"]
        assert (second["id"], second["verdict"]) == ("2", "needs_research")

    def test_deeply_nested_json_line_is_one_invalid_row(
        self, project: Path, icpdsl: Callable[..., Result]
    ) -> None:
        lines = ['{"optical_power": 1}', "[" * 100_000, '{"optical_power": 2}']
        (project / "deep.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = icpdsl("score", "photonics.icp", "deep.jsonl", "--format", "jsonl")
        rows = [json.loads(line) for line in result.out.splitlines()]
        assert [r["verdict"] for r in rows] == ["needs_research", "invalid", "needs_research"]
        assert "nested too deeply" in rows[1]["error"]

    def test_deeply_nested_json_array_and_account_are_clean_errors(
        self, project: Path, icpdsl: Callable[..., Result]
    ) -> None:
        (project / "deep.json").write_text("[" * 100_000, encoding="utf-8")
        for args in (
            ("score", "photonics.icp", "deep.json"),
            ("explain", "photonics.icp", "deep.json"),
        ):
            result = icpdsl(*args)
            assert result.code == 1
            assert "nested too deeply" in result.err and "Traceback" not in result.err
