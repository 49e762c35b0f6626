"""Accounts in, scored rows out: streaming readers and writers for `icpdsl score`.

Why a module of its own: a CRM export can have millions of rows, so every reader here
yields one row at a time and every writer writes one row at a time; nothing holds the
whole file (a JSON array is decoded element by element, Parquet batch by batch).

Readers give mappings, as `Profile.score` takes them.  A row that cannot even be
decoded (a JSONL line that is not JSON) comes through as `BadRow`, so the caller can
still report it in its place; a file that cannot be read past some point (a JSON array
with a syntax error, a CSV that is not UTF-8) raises `DataFileError`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple, Protocol, TextIO

from .convert import ICPError

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "BadRow",
    "DataFileError",
    "Input",
    "MissingExtra",
    "ScoredRow",
    "Writer",
    "format_for_path",
    "open_input",
    "open_writer",
    "read_json_document",
]

INPUT_FORMATS = ("csv", "json", "jsonl", "parquet")
OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_CHUNK = 1 << 16

_MAX_CELL = 64 * 1024 * 1024
"""The longest CSV cell read (csv's own default is 128 KiB)."""


class DataFileError(ICPError):
    """A data file that cannot be read (past some point): not valid JSON, not UTF-8, ..."""

    def __init__(self, source: str, message: str, hint: str | None = None) -> None:
        self.source = source
        self.message = message
        self.hint = hint
        super().__init__(f"{source}: {message}" + (f"\n  hint: {hint}" if hint else ""))


class MissingExtra(ICPError):
    """An optional dependency is needed for what was asked (Parquet needs pyarrow)."""


class BadRow:
    """A row that could not be decoded at all; `reason` says why, in words."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"BadRow({self.reason!r})"


def format_for_path(path: str) -> str | None:
    """The format a file name's extension implies, or None."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


# ---- reading ---------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A raw stream over `stream` that first serves `prefix` and counts the bytes read.

    The count drives the progress bar without asking a text stream for `tell()`, which
    CSV iteration forbids; the prefix lets stdin be sniffed and then read from its start.
    """

    def __init__(self, stream: BinaryIO, prefix: bytes = b"") -> None:
        super().__init__()
        self._read = getattr(stream, "read1", stream.read)
        self._prefix = prefix
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            data = self._prefix[: len(view)]
            self._prefix = self._prefix[len(data) :]
        else:
            data = self._read(len(view))
        view[: len(data)] = data
        self.count += len(data)
        return len(data)


class Input:
    """An opened data source: its rows, and how far through it the reading is.

    `total` and `position()` are in the same unit (bytes, or rows for Parquet); `total`
    is None when the size is not known in advance (stdin).
    """

    def __init__(
        self,
        name: str,
        fmt: str,
        rows: Iterator[object],
        *,
        columns: Sequence[str] | None = None,
        total: int | None = None,
        position: Callable[[], int] = lambda: 0,
        closers: Sequence[Callable[[], object]] = (),
    ) -> None:
        self.name = name
        self.format = fmt
        self.rows = rows
        self.columns = tuple(columns) if columns is not None else None
        self.total = total
        self.position = position
        self._closers = list(closers)

    def close(self) -> None:
        for close in self._closers:
            close()
        self._closers.clear()

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_input(
    path: str,
    fmt: str | None = None,
    *,
    encoding: str = "utf-8-sig",
    stdin: BinaryIO | None = None,
) -> Input:
    """Open `path` (or stdin for "-") as rows; the format is `fmt`, else the extension, else sniffed.

    Raises OSError for a file that cannot be opened, `MissingExtra` for Parquet without
    pyarrow, and `DataFileError` for a file that is not what its format says.
    """
    name = "<stdin>" if path == "-" else path
    if path == "-":
        binary: BinaryIO = stdin if stdin is not None else sys.stdin.buffer
        total = None
    else:
        fmt = fmt or format_for_path(path)
        binary = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by Input.close
        total = os.fstat(binary.fileno()).st_size
    try:
        return _open_binary(name, binary, fmt, encoding, total, is_stdin=path == "-")
    except BaseException:
        if path != "-":
            binary.close()
        raise


def _open_binary(
    name: str,
    binary: BinaryIO,
    fmt: str | None,
    encoding: str,
    total: int | None,
    *,
    is_stdin: bool,
) -> Input:
    prefix = b""
    if fmt is None:
        prefix = _read_prefix(binary)
        fmt = _sniff(prefix)
    if fmt == "parquet":
        return _open_parquet(name, binary, prefix, is_stdin=is_stdin)
    raw = _CountingReader(binary, prefix)
    text = io.TextIOWrapper(io.BufferedReader(raw, _CHUNK), encoding=encoding, newline="")
    closers: list[Callable[[], object]] = [] if is_stdin else [text.close, binary.close]
    position: Callable[[], int] = lambda: raw.count  # noqa: E731
    if fmt == "csv":
        columns, rows = _csv_rows(text, name, tab=name.lower().endswith(".tsv"))
        return Input(
            name, fmt, rows, columns=columns, total=total, position=position, closers=closers
        )
    if fmt in ("json", "jsonl"):
        rows = _json_rows(text, name, fmt)
        return Input(name, fmt, rows, total=total, position=position, closers=closers)
    raise ValueError(f"unknown input format {fmt!r}")


def _read_prefix(binary: BinaryIO) -> bytes:
    """Enough leading bytes to tell the format: up to the first non-blank character."""
    read = getattr(binary, "read1", binary.read)
    prefix = b""
    while len(prefix) < 4 or not prefix.lstrip(b"\xef\xbb\xbf \t\r\n"):
        data = read(_CHUNK)
        if not data:
            break
        prefix += data
    return prefix


def _sniff(prefix: bytes) -> str:
    if prefix.startswith(b"PAR1"):
        return "parquet"
    start = prefix.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        return "jsonl"
    return "csv"


def _not_text(name: str, exc: UnicodeDecodeError) -> DataFileError:
    return DataFileError(
        name,
        f"the file is not text in the expected encoding ({exc.encoding}: {exc.reason})",
        "export it as UTF-8 (Excel: 'CSV UTF-8'), or pass --encoding, e.g. --encoding cp1252",
    )


def _decoding_errors(name: str, rows: Iterator[object]) -> Iterator[object]:
    """Turn a decoding failure mid-file into a `DataFileError` that says what to do."""
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise _not_text(name, exc) from None


def _csv_rows(text: TextIO, name: str, *, tab: bool) -> tuple[tuple[str, ...], Iterator[object]]:
    """The header and the rows of a CSV file, the delimiter guessed from the header line.

    The header line decides between comma, semicolon (European spreadsheet exports) and
    tab; cells of data rows are never used for the guess, since set values contain `;`.
    """
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        raise _not_text(name, exc) from None
    delimiter = "\t" if tab else max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    # a cell longer than csv's default 128 KiB is still a cell: the row it is in is read,
    # and marked invalid if the value cannot be converted, instead of stopping the file
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CELL))
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
    try:
        header = tuple(cell.strip() for cell in next(reader, []))
    except csv.Error as exc:
        raise DataFileError(name, f"the header line is not valid CSV: {exc}") from None
    return header, _decoding_errors(name, _csv_records(reader, header, name))


def _csv_records(reader: Any, header: tuple[str, ...], name: str) -> Iterator[object]:
    width = len(header)
    try:
        for record in reader:
            if len(record) == width:
                yield dict(zip(header, record, strict=True))
            elif record:
                # short rows leave the missing columns unknown; extra cells are ignored
                yield dict(zip(header, record, strict=False))
    except csv.Error as exc:
        raise DataFileError(name, f"line {reader.line_num} is not valid CSV: {exc}") from None


def _json_rows(text: TextIO, name: str, fmt: str) -> Iterator[object]:
    """Rows of a JSON array, or of JSON lines; a `.json` file that holds lines works too."""
    head = ""
    try:
        while not head.strip():  # read past leading blank space to see the first character
            more = text.read(_CHUNK)
            if not more:
                break
            head += more
    except UnicodeDecodeError as exc:
        raise _not_text(name, exc) from None
    stripped = head.lstrip()
    if fmt == "json" and stripped.startswith("["):
        return _decoding_errors(name, _json_array(text, head, name))
    if fmt == "json" and stripped and not stripped.startswith("{"):
        raise DataFileError(name, "expected a JSON array of objects, or one JSON object per line")
    # `head` ends mid-line: complete its last line, then split it into lines
    first_lines = io.StringIO(head + text.readline(), newline="")
    return _decoding_errors(name, _json_lines(itertools.chain(first_lines, text)))


def _json_lines(lines: Iterator[str]) -> Iterator[object]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield BadRow(f"line {number} is not valid JSON: {message}")
        except RecursionError:
            yield BadRow(f"line {number} is not valid JSON: nested too deeply")


def _json_array(text: TextIO, buffer: str, name: str) -> Iterator[object]:
    """The elements of a JSON array, decoded one at a time from a growing window.

    `raw_decode` decodes one value at a position; when the window ends inside a value,
    more text is read (doubling the request, so a huge element costs linear time).
    A value that ends exactly at the window's edge is re-read once more, since a number
    cut there would decode as a shorter one.
    """
    decoder = json.JSONDecoder()
    pos = buffer.index("[") + 1
    base = 0  # offset in the file of buffer[0], for error positions
    lines_before = 0  # newlines before buffer[0]
    last_newline = -1  # file offset of the last newline before buffer[0]
    expect_value = True
    first = True
    eof = False
    want = _CHUNK

    def fail(message: str, at: int) -> DataFileError:
        line = lines_before + buffer.count("\n", 0, at) + 1
        newline = buffer.rfind("\n", 0, at)
        column = at - newline if newline >= 0 else base + at - last_newline
        return DataFileError(name, f"not valid JSON at line {line}, column {column}: {message}")

    def read_more(size: int) -> None:
        """Drop what was decoded, append the next `size` characters."""
        nonlocal buffer, pos, base, lines_before, last_newline, eof
        dropped = buffer[:pos]
        newlines = dropped.count("\n")
        if newlines:
            lines_before += newlines
            last_newline = base + dropped.rfind("\n")
        base += pos
        more = text.read(size)
        eof = not more
        buffer, pos = buffer[pos:] + more, 0

    while True:
        while pos < len(buffer) and buffer[pos] in " \t\r\n":
            pos += 1
        if pos >= len(buffer):
            if eof:
                raise fail("the array is not closed with ']'", pos)
            read_more(want)
            continue
        char = buffer[pos]
        if char == "]" and (first or not expect_value):
            rest = (buffer[pos + 1 :] + text.read(_CHUNK)).strip()
            if rest:
                raise fail("text after the end of the array", pos + 1)
            return
        if not expect_value:
            if char != ",":
                raise fail("expected ',' or ']' after a value", pos)
            pos += 1
            expect_value = True
            continue
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as exc:
            if eof:
                raise fail(exc.msg, exc.pos) from None
            value, end = None, len(buffer)  # read more and try again
        except RecursionError:
            raise fail("a value is nested too deeply", pos) from None
        if end >= len(buffer) and not eof:
            read_more(want)
            want *= 2
            continue
        want = _CHUNK
        yield value
        pos, expect_value, first = end, False, False


def _open_parquet(name: str, binary: BinaryIO, prefix: bytes, *, is_stdin: bool) -> Input:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtra(
            "reading Parquet needs pyarrow, an optional extra: pip install 'icpdsl[parquet]'"
        ) from None
    source: IO[bytes] = binary
    if is_stdin:
        # Parquet's footer is at the end: a pipe must be spooled to a file first.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Input.close
        spool.write(prefix)
        shutil.copyfileobj(binary, spool)
        spool.seek(0)
        source = spool
    try:
        parquet = pq.ParquetFile(source)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid and OSErrors
        source.close()
        raise DataFileError(name, f"not a readable Parquet file: {exc}") from None
    done = [0]

    def rows() -> Iterator[object]:
        for batch in parquet.iter_batches(batch_size=8192):
            for row in batch.to_pylist():
                done[0] += 1
                yield row

    return Input(
        name,
        "parquet",
        rows(),
        columns=parquet.schema_arrow.names,
        total=parquet.metadata.num_rows,
        position=lambda: done[0],
        closers=[source.close],
    )


def read_json_document(path: str, stdin: TextIO | None = None) -> object:
    """One whole JSON document (an account for `explain`), from a file or "-"."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            text = (stdin or sys.stdin).read()
        else:
            text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(name, "the file is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            name, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise DataFileError(name, "not valid JSON: nested too deeply") from None


# ---- writing ---------------------------------------------------------------------------


class ScoredRow(NamedTuple):
    """One output row; the label lists are None unless `--explain` asked for them."""

    id: object
    verdict: str
    score: int | float | None
    tier: str | None
    error: str | None = None
    failed: tuple[str, ...] | None = None
    unknown: tuple[str, ...] | None = None
    matched: tuple[str, ...] | None = None
    reasons: str = ""


class Writer(Protocol):
    def write(self, row: ScoredRow) -> None: ...

    def close(self) -> None: ...


CSV_COLUMNS = ("id", "verdict", "score", "tier", "error")
EXPLAIN_COLUMNS = ("failed", "unknown", "matched")
LABEL_SEPARATOR = "; "


def open_writer(fmt: str, stream: TextIO, *, explain: bool = False) -> Writer:
    """A writer of `fmt` ("table", "csv", "json", "jsonl") onto `stream`."""
    if fmt == "csv":
        return _CsvWriter(stream, explain)
    if fmt == "json":
        return _JsonWriter(stream, explain, array=True)
    if fmt == "jsonl":
        return _JsonWriter(stream, explain, array=False)
    if fmt == "table":
        return _TableWriter(stream)
    raise ValueError(f"unknown output format {fmt!r}")


def _cell(value: object) -> object:
    return "" if value is None else value


class _CsvWriter:
    """`id,verdict,score,tier,error` (+ `failed,unknown,matched`); error is empty for valid rows."""

    def __init__(self, stream: TextIO, explain: bool) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._explain = explain
        self._writer.writerow(CSV_COLUMNS + (EXPLAIN_COLUMNS if explain else ()))

    def write(self, row: ScoredRow) -> None:
        cells: list[object] = [
            _cell(row.id),
            row.verdict,
            _cell(row.score),
            _cell(row.tier),
            _cell(row.error),
        ]
        if self._explain:
            cells += [
                LABEL_SEPARATOR.join(labels or ())
                for labels in (row.failed, row.unknown, row.matched)
            ]
        self._writer.writerow(cells)

    def close(self) -> None:
        pass


class _JsonWriter:
    """A JSON array written element by element, or JSON lines."""

    def __init__(self, stream: TextIO, explain: bool, *, array: bool) -> None:
        self._stream = stream
        self._explain = explain
        self._array = array
        self._count = 0

    def write(self, row: ScoredRow) -> None:
        record: dict[str, object] = {
            "id": row.id,
            "verdict": row.verdict,
            "score": row.score,
            "tier": row.tier,
            "error": row.error,
        }
        if self._explain:
            record.update(
                failed=list(row.failed or ()),
                unknown=list(row.unknown or ()),
                matched=list(row.matched or ()),
            )
        text = json.dumps(record, ensure_ascii=False, default=str)
        if self._array:
            self._stream.write(("[\n  " if self._count == 0 else ",\n  ") + text)
        else:
            self._stream.write(text + "\n")
        self._count += 1

    def close(self) -> None:
        if self._array:
            self._stream.write("[]\n" if self._count == 0 else "\n]\n")


_VERDICT_STYLES = {
    "qualified": "bold green",
    "needs_research": "yellow",
    "not_a_fit": "red",
    "disqualified": "bold red",
    "invalid": "magenta",
}


class _TableWriter:
    """A terminal table: id, verdict (coloured), score, tier and the top reasons.

    Rows are printed as they come, one line each, so the table streams like the other
    formats; the id column's width is set from the first rows, longer ids are cut.
    """

    _SAMPLE = 50

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console

        self._console = Console(file=stream, highlight=False, soft_wrap=False)
        self._pending: list[ScoredRow] | None = []
        self._id_width = 2

    def write(self, row: ScoredRow) -> None:
        if self._pending is None:
            self._line(row)
            return
        self._pending.append(row)
        if len(self._pending) >= self._SAMPLE:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending or [], None
        widths = [len(str(_cell(row.id))) for row in pending]
        self._id_width = min(max([2, *widths]), 24)
        from rich.text import Text

        header = Text(
            f"{'id':<{self._id_width}}  {'verdict':<14}  {'score':>5}  {'tier':<4}  reasons",
            style="bold",
        )
        self._console.print(header, no_wrap=True, overflow="ellipsis", crop=True)
        for row in pending:
            self._line(row)

    def _line(self, row: ScoredRow) -> None:
        from rich.text import Text

        ident = str(_cell(row.id))
        if len(ident) > self._id_width:
            ident = ident[: self._id_width - 1] + "…"
        text = Text(f"{ident:<{self._id_width}}  ")
        text.append(f"{row.verdict:<14}", style=_VERDICT_STYLES.get(row.verdict, ""))
        text.append(f"  {_cell(row.score)!s:>5}  {_cell(row.tier)!s:<4}  ")
        text.append(row.error or row.reasons, style="dim" if row.error is None else "")
        self._console.print(text, no_wrap=True, overflow="ellipsis", crop=True)

    def close(self) -> None:
        if self._pending is not None:
            self._flush()
