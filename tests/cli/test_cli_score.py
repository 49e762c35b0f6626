"""`icpdsl score`: every row back in order, bad rows marked, every input and output format."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from pathlib import Path

import pytest

import icpdsl as lib
from icpdsl import cli

from .conftest import AS_OF, run_process


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def source_rows() -> list[dict[str, str]]:
    with open("accounts.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class TestCsvInput:
    def test_every_row_comes_back_in_order_with_bad_rows_marked(
        self, project: Path, icpdsl
    ) -> None:
        result = icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF)
        assert result.code == 0
        rows = read_csv(result.out)
        assert list(rows[0]) == ["id", "verdict", "score", "tier", "error"]
        assert [r["id"] for r in rows] == [r["id"] for r in source_rows()]
        invalid = {r["id"]: r["error"] for r in rows if r["verdict"] == "invalid"}
        assert set(invalid) == {"acc-008", "acc-012"}
        assert "field 'optical_power'" in invalid["acc-008"] and "'high'" in invalid["acc-008"]
        assert "field 'wavelength'" in invalid["acc-012"] and "'visible'" in invalid["acc-012"]
        assert rows[0] == {
            "id": "acc-001",
            "verdict": "qualified",
            "score": "90",
            "tier": "A",
            "error": "",
        }
        assert rows[3] == {
            "id": "acc-004",
            "verdict": "disqualified",
            "score": "55",
            "tier": "",
            "error": "",
        }

    def test_results_are_what_the_library_says(self, project: Path, icpdsl) -> None:
        """The CLI's per-field cache must not change a single verdict, score or tier."""
        profile = lib.load("photonics.icp")
        as_of = datetime.date.fromisoformat(AS_OF)
        out = read_csv(icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF).out)
        for row, scored in zip(source_rows(), out, strict=True):
            try:
                verdict, points, tier = profile.score(row, as_of)
            except lib.DataError as exc:
                assert (scored["verdict"], scored["error"]) == ("invalid", str(exc))
                continue
            assert (scored["verdict"], scored["score"], scored["tier"]) == (
                verdict,
                str(points),
                tier or "",
            )

    def test_the_summary_on_stderr_counts_invalid_rows(self, project: Path, icpdsl) -> None:
        err = icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF).err
        assert err.splitlines()[0] == (
            "icpdsl: accounts.csv: 25 rows scored: 12 qualified, 4 needs_research, "
            "4 not_a_fit, 3 disqualified, 2 invalid"
        )
        assert "row 8 (id acc-008): field 'optical_power'" in err

    def test_quiet_prints_nothing_on_stderr(self, project: Path, icpdsl) -> None:
        assert icpdsl("score", "photonics.icp", "accounts.csv", "-q").err == ""

    def test_strict_makes_invalid_rows_fail_but_writes_them_all(
        self, project: Path, icpdsl
    ) -> None:
        result = icpdsl("score", "photonics.icp", "accounts.csv", "--strict")
        assert result.code == 1
        assert len(read_csv(result.out)) == 25
        assert "--strict: 2 invalid rows" in result.err

    def test_strict_passes_clean_data(self, project: Path, icpdsl) -> None:
        lines = Path("accounts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        Path("clean.csv").write_text("".join(lines[:8]), encoding="utf-8")
        assert icpdsl("score", "photonics.icp", "clean.csv", "--strict").code == 0

    def test_semicolon_separated_export(self, project: Path, icpdsl) -> None:
        Path("eu.csv").write_text(
            "id;industry;Wavelength band;optical_power;docs\n"
            'x1;OEM;1.1 um - 1.6 um;1.5 W;"test_reports, traceability"\n'
            "x2;telecom;500-600 nm;500 mW;test_reports\n",
            encoding="utf-8",
        )
        rows = read_csv(icpdsl("score", "photonics.icp", "eu.csv").out)
        assert [(r["id"], r["verdict"]) for r in rows] == [("x1", "qualified"), ("x2", "not_a_fit")]

    def test_excel_byte_order_mark_and_short_rows(self, project: Path, icpdsl) -> None:
        Path("bom.csv").write_bytes(
            "\ufeffid,industry,engagement\na,oem,full custom\nb\n\n".encode()
        )
        rows = read_csv(icpdsl("score", "photonics.icp", "bom.csv").out)
        assert [(r["id"], r["verdict"]) for r in rows] == [
            ("a", "disqualified"),
            ("b", "needs_research"),
        ]

    def test_a_header_only_file_gives_a_header_only_output(self, project: Path, icpdsl) -> None:
        Path("empty.csv").write_text("id,industry\n", encoding="utf-8")
        result = icpdsl("score", "photonics.icp", "empty.csv")
        assert (result.code, result.out) == (0, "id,verdict,score,tier,error\n")
        assert "0 rows scored" in result.err

    def test_not_utf8_says_how_to_fix_it(self, project: Path, icpdsl) -> None:
        Path("latin.csv").write_bytes("id,industry\nm\xfcller,oem\n".encode("cp1252"))
        result = icpdsl("score", "photonics.icp", "latin.csv")
        assert result.code == 1
        assert "--encoding" in result.err and "Traceback" not in result.err
        fixed = icpdsl("score", "photonics.icp", "latin.csv", "--encoding", "cp1252")
        assert read_csv(fixed.out)[0]["id"] == "m\u00fcller"


class TestIdAndDate:
    def test_id_column(self, project: Path, icpdsl) -> None:
        rows = read_csv(icpdsl("score", "photonics.icp", "accounts.csv", "--id", "name").out)
        assert rows[0]["id"] == "Lumenis Medical Optics"

    def test_an_unknown_id_column_is_a_usage_error(self, project: Path, icpdsl) -> None:
        result = icpdsl("score", "photonics.icp", "accounts.csv", "--id", "Account ID")
        assert result.code == 2
        assert "has no such column" in result.err and "'Wavelength band'" in result.err

    def test_row_numbers_when_there_is_no_id(self, project: Path, icpdsl) -> None:
        Path("noid.csv").write_text("industry\noem\ntelecom\n", encoding="utf-8")
        assert [r["id"] for r in read_csv(icpdsl("score", "photonics.icp", "noid.csv").out)] == [
            "1",
            "2",
        ]

    def test_as_of_moves_date_rules(self, project: Path, icpdsl) -> None:
        """acc-001 was in touch on 2026-11-20: recent on Dec 1, not half a year later."""
        now = read_csv(icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF).out)[0]
        later = read_csv(
            icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", "2027-06-01").out
        )[0]
        assert (now["score"], later["score"]) == ("90", "85")

    def test_a_bad_date_is_a_usage_error(self, project: Path, icpdsl) -> None:
        result = icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", "12/01/2026")
        assert result.code == 2
        assert "write it as YYYY-MM-DD" in result.err


class TestOutputFormats:
    def test_json_is_one_array(self, project: Path, icpdsl) -> None:
        rows = json.loads(
            icpdsl(
                "score", "photonics.icp", "accounts.csv", "--format", "json", "--as-of", AS_OF
            ).out
        )
        assert len(rows) == 25
        assert rows[0] == {
            "id": "acc-001",
            "verdict": "qualified",
            "score": 90,
            "tier": "A",
            "error": None,
        }
        assert rows[7]["verdict"] == "invalid" and rows[7]["score"] is None

    def test_jsonl_is_one_object_per_line(self, project: Path, icpdsl) -> None:
        out = icpdsl("score", "photonics.icp", "accounts.csv", "--format", "jsonl").out
        assert [json.loads(line)["id"] for line in out.splitlines()] == [
            r["id"] for r in source_rows()
        ]

    def test_output_file_format_from_its_extension(self, project: Path, icpdsl) -> None:
        result = icpdsl("score", "photonics.icp", "accounts.csv", "-o", "scored.jsonl")
        assert result.out == ""
        lines = Path("scored.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 25 and json.loads(lines[0])["verdict"] == "qualified"

    def test_table_shows_verdicts_and_reasons(self, project: Path, icpdsl) -> None:
        out = icpdsl(
            "score", "photonics.icp", "accounts.csv", "--format", "table", "--as-of", AS_OF
        ).out
        lines = out.splitlines()
        assert lines[0].split() == ["id", "verdict", "score", "tier", "reasons"]
        assert len(lines) == 26
        assert "acc-004" in lines[4] and "ruled out: Needs a fully custom design" in lines[4]
        assert "fails: Supported wavelength band" in lines[5]
        assert "+30 Core application" in lines[1]
        assert "invalid" in lines[8] and "optical_power" in lines[8]

    def test_explain_adds_rule_labels(self, project: Path, icpdsl) -> None:
        out = icpdsl(
            "score",
            "photonics.icp",
            "accounts.csv",
            "--explain",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ).out
        rows = {r["id"]: r for r in json.loads(out)}
        assert rows["acc-004"]["failed"] == [
            "Power within our limits",
            "Needs a fully custom design",
        ]
        assert rows["acc-005"]["failed"] == ["Supported wavelength band"]
        assert "Supported wavelength band" in rows["acc-014"]["unknown"]
        assert rows["acc-001"]["matched"][:2] == ["Core application", "Late buying stage"]
        assert rows["acc-008"]["failed"] == [] and rows["acc-008"]["verdict"] == "invalid"

    def test_explain_in_csv(self, project: Path, icpdsl) -> None:
        rows = read_csv(icpdsl("score", "photonics.icp", "accounts.csv", "--explain").out)
        assert list(rows[0]) == [
            "id",
            "verdict",
            "score",
            "tier",
            "error",
            "failed",
            "unknown",
            "matched",
        ]
        assert rows[3]["failed"] == "Power within our limits; Needs a fully custom design"
        assert "; " in rows[0]["matched"]


class TestOtherInputs:
    def test_json_array(self, project: Path, icpdsl) -> None:
        accounts = [
            json.loads(line)
            for line in Path("accounts.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        Path("accounts.json").write_text(json.dumps(accounts, indent=2), encoding="utf-8")
        from_json = icpdsl("score", "photonics.icp", "accounts.json", "--as-of", AS_OF).out
        from_csv = icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF).out
        assert read_csv(from_json) == read_csv(from_csv)[:10]

    def test_jsonl_with_a_broken_line_and_a_non_object(self, project: Path, icpdsl) -> None:
        Path("mixed.jsonl").write_text(
            '{"id": "a", "industry": "oem"}\n{"id": "b",\n42\n', encoding="utf-8"
        )
        rows = read_csv(icpdsl("score", "photonics.icp", "mixed.jsonl").out)
        assert [(r["id"], r["verdict"]) for r in rows] == [
            ("a", "needs_research"),
            ("2", "invalid"),
            ("3", "invalid"),
        ]
        assert rows[1]["error"].startswith("line 2 is not valid JSON")
        assert "(account)" in rows[2]["error"]

    def test_a_broken_json_array_stops_with_its_position(self, project: Path, icpdsl) -> None:
        Path("broken.json").write_text('[{"id": "a"},\n {"id": "b"} {"id": "c"}]', encoding="utf-8")
        result = icpdsl("score", "photonics.icp", "broken.json")
        assert result.code == 1
        assert "line 2, column 14" in result.err and "Traceback" not in result.err
        assert [r["id"] for r in read_csv(result.out)] == ["a", "b"]

    def test_input_format_overrides_the_extension(self, project: Path, icpdsl) -> None:
        Path("export.txt").write_text(
            Path("accounts.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
        )
        rows = read_csv(
            icpdsl("score", "photonics.icp", "export.txt", "--input-format", "jsonl").out
        )
        assert len(rows) == 10 and rows[0]["id"] == "acc-001"

    def test_parquet(self, project: Path, icpdsl) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(source_rows()), "accounts.parquet")
        from_parquet = icpdsl("score", "photonics.icp", "accounts.parquet", "--as-of", AS_OF).out
        from_csv = icpdsl("score", "photonics.icp", "accounts.csv", "--as-of", AS_OF).out
        assert from_parquet == from_csv

    def test_parquet_without_pyarrow_says_what_to_install(
        self, project: Path, icpdsl, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        Path("accounts.parquet").write_bytes(b"PAR1 not really")
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
        result = icpdsl("score", "photonics.icp", "accounts.parquet")
        assert result.code == 2
        assert "pip install 'icpdsl[parquet]'" in result.err

    def test_a_missing_data_file_is_a_usage_error(self, project: Path, icpdsl) -> None:
        result = icpdsl("score", "photonics.icp", "nope.csv")
        assert result.code == 2 and "nope.csv" in result.err


class TestStdin:
    @pytest.mark.parametrize("name", ["accounts.csv", "accounts.jsonl"])
    def test_stdin_is_sniffed(self, project: Path, name: str) -> None:
        result = run_process(
            "score",
            "photonics.icp",
            "-",
            "--as-of",
            AS_OF,
            stdin=Path(name).read_bytes(),
            cwd=project,
        )
        assert result.code == 0
        assert read_csv(result.out)[1] == {
            "id": "acc-002",
            "verdict": "qualified",
            "score": "80",
            "tier": "A",
            "error": "",
        }
        assert result.err.startswith("icpdsl: <stdin>:")

    def test_stdin_json_array(self, project: Path) -> None:
        data = json.dumps([{"id": "x", "engagement": "full custom"}, {"id": "y"}])
        result = run_process(
            "score", "photonics.icp", "-", "--format", "jsonl", stdin=data, cwd=project
        )
        assert [json.loads(line)["verdict"] for line in result.out.splitlines()] == [
            "disqualified",
            "needs_research",
        ]

    def test_stdin_parquet(self, project: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        buffer = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist([{"id": "p1", "engagement": "full_custom"}]), buffer)
        result = run_process(
            "score", "photonics.icp", "-", stdin=buffer.getvalue().to_pybytes(), cwd=project
        )
        assert read_csv(result.out)[0]["verdict"] == "disqualified"

    def test_stdin_in_process(self, project: Path, icpdsl, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id,engagement\nq,full custom\n"))
        )
        assert read_csv(icpdsl("score", "photonics.icp", "-").out)[0]["verdict"] == "disqualified"


class TestProgress:
    def test_no_progress_bar_when_stderr_is_not_a_terminal(
        self, project: Path, icpdsl, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cli, "LARGE_INPUT_BYTES", 0)
        err = icpdsl("score", "photonics.icp", "accounts.csv", "-o", "out.csv").err
        assert all(line.startswith(("icpdsl:", "  ")) for line in err.splitlines())

    def test_progress_bar_on_a_terminal_for_a_large_input(
        self, project: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(cli, "LARGE_INPUT_BYTES", 1)
        assert cli.main(["score", "photonics.icp", "accounts.csv", "-o", "out.csv"]) == 0
        assert "scoring accounts.csv" in terminal.getvalue()
        assert len(Path("out.csv").read_text(encoding="utf-8").splitlines()) == 26
