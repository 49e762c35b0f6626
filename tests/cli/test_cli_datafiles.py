"""The streaming readers behind `icpdsl score`: rows come one at a time, whatever the size."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from icpdsl import datafiles
from icpdsl.datafiles import BadRow, DataFileError, open_input


def rows_of(path: Path, fmt: str | None = None) -> list[object]:
    with open_input(str(path), fmt) as inp:
        return list(inp.rows)


class TestStreaming:
    """Memory stays flat: the first row arrives after reading a small part of a big file."""

    @pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
    def test_first_row_before_the_whole_file(self, tmp_path: Path, fmt: str) -> None:
        path = tmp_path / f"big.{fmt}"
        row = {"id": "x" * 10, "industry": "oem", "Wavelength band": "400 - 700 nm"}
        count = 60_000
        with open(path, "w", encoding="utf-8") as f:
            if fmt == "csv":
                f.write("id,industry,Wavelength band\n")
                f.writelines("x,oem,400 - 700 nm\n" for _ in range(count))
            elif fmt == "json":
                f.write("[" + ",\n".join(json.dumps(row) for _ in range(count)) + "]")
            else:
                f.writelines(json.dumps(row) + "\n" for _ in range(count))
        with open_input(str(path)) as inp:
            assert inp.total is not None and inp.total > 1_000_000
            first = next(inp.rows)
            assert isinstance(first, dict) and first["industry"] == "oem"
            assert inp.position() < 300_000
            assert sum(1 for _ in inp.rows) == count - 1
            assert inp.position() == inp.total


class TestJsonArray:
    @pytest.mark.parametrize("chunk", [1, 3, 7, 64])
    def test_values_cut_at_any_chunk_boundary(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
    ) -> None:
        """A number cut at a window's edge (12|345) must not decode as a shorter one."""
        monkeypatch.setattr(datafiles, "_CHUNK", chunk)
        values = [{"n": 12345, "s": 'a\\u00e9"', "l": [1.5, None, True]}, 6789, "text", [], {}]
        path = tmp_path / "a.json"
        path.write_text(
            " \n[ " + " ,\n ".join(json.dumps(v) for v in values) + " ]\n", encoding="utf-8"
        )
        assert rows_of(path) == values

    def test_empty_array(self, tmp_path: Path) -> None:
        path = tmp_path / "e.json"
        path.write_text("[ ]", encoding="utf-8")
        assert rows_of(path) == []

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('[{"a": 1}', "the array is not closed"),
            ('[{"a": 1}] [2]', "text after the end of the array"),
            ('[{"a": 1} {"b": 2}]', "expected ',' or ']'"),
            ('[{"a": tru}]', "line 1, column"),
            ("[1,]", "line 1, column 4"),
        ],
    )
    def test_broken_arrays(self, tmp_path: Path, text: str, message: str) -> None:
        path = tmp_path / "b.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataFileError, match=message):
            rows_of(path)

    def test_a_json_file_holding_lines_is_read_as_lines(self, tmp_path: Path) -> None:
        path = tmp_path / "lines.json"
        path.write_text('{"a": 1}\n{"a": 2}\n', encoding="utf-8")
        assert rows_of(path) == [{"a": 1}, {"a": 2}]

    def test_a_json_scalar_is_not_accounts(self, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        path.write_text("42", encoding="utf-8")
        with pytest.raises(DataFileError, match="expected a JSON array of objects"):
            rows_of(path)


class TestJsonLines:
    def test_blank_lines_skipped_and_bad_lines_kept_in_place(self, tmp_path: Path) -> None:
        path = tmp_path / "l.jsonl"
        path.write_text('{"a": 1}\r\n\n{oops\n{"a": 3}', encoding="utf-8")
        rows = rows_of(path)
        assert rows[0] == {"a": 1} and rows[2] == {"a": 3}
        assert isinstance(rows[1], BadRow) and rows[1].reason.startswith("line 3 is not valid JSON")


class TestCsv:
    def test_tab_separated(self, tmp_path: Path) -> None:
        path = tmp_path / "t.tsv"
        path.write_text("id\tdocs\na\treports, traceability\n", encoding="utf-8")
        assert rows_of(path) == [{"id": "a", "docs": "reports, traceability"}]

    def test_quoted_newlines_and_extra_cells(self, tmp_path: Path) -> None:
        path = tmp_path / "q.csv"
        path.write_text('id,note\n"a","two\nlines",extra\n', encoding="utf-8")
        assert rows_of(path) == [{"id": "a", "note": "two\nlines"}]

    def test_sniffed_from_content(self, tmp_path: Path) -> None:
        path = tmp_path / "export"
        path.write_text("id,industry\na,oem\n", encoding="utf-8")
        with open_input(str(path)) as inp:
            assert inp.format == "csv" and inp.columns == ("id", "industry")

    def test_stdin_stream(self) -> None:
        with open_input("-", stdin=io.BytesIO(b'[{"id": 1}]')) as inp:
            assert (inp.format, list(inp.rows)) == ("json", [{"id": 1}])
