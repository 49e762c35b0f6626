"""The `icpdsl` command line: a thin layer over the public API.

Each subcommand is one function that loads profiles with `icpdsl.load`, calls the API
and prints.  What a user sees on failure is decided in one place, `main`: errors in a
profile print their diagnostics and exit 1, usage mistakes exit 2, and nothing prints
a Python traceback unless `--debug` asks for it.  rich (tables, progress bars) and
pyarrow (Parquet) are imported only by the commands that use them, so `import icpdsl`
and `icpdsl check` stay quick.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import difflib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .convert import DataError, ICPError

if TYPE_CHECKING:
    from .datafiles import Input
    from .profile import Profile

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: Inputs at least this large get a progress bar (when stderr is a terminal).
LARGE_INPUT_BYTES = 8 * 2**20
LARGE_INPUT_ROWS = 50_000


class UsageError(Exception):
    """The command line asks for something that cannot be done: exit 2 with the message."""


# ---- helpers -----------------------------------------------------------------------------------


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write it as YYYY-MM-DD)") from None


def _load(path: str) -> Profile:
    from .profile import load

    if path == "-":
        raise UsageError("the profile must be a file (only the data can be read from '-')")
    return load(path)


def _print_diagnostics(error: ICPError, stream: TextIO) -> int:
    """Print every diagnostic of a syntax or check error; return how many there were."""
    diagnostics = getattr(error, "diagnostics", ())
    if not diagnostics:
        print(str(error), file=stream)
        return 1
    for d in diagnostics:
        print(d.render() + "\n", file=stream)
    return len(diagnostics)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _write_text(path: str, text: str) -> None:
    """Replace a file's text atomically, so an interrupted run never leaves half a file."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# ---- check -------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .errors import ICPCheckError, ICPSyntaxError
    from .lint import lint

    errors = warnings = unreadable = 0
    for path in args.files:
        try:
            profile = _load(path)
        except (ICPSyntaxError, ICPCheckError) as exc:
            errors += _print_diagnostics(exc, sys.stdout)
            continue
        except OSError as exc:
            print(f"icpdsl: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            unreadable += 1
            continue
        found = lint(profile)
        for d in found:
            print(d.render() + "\n")
        warnings += len(found)
        rules = _plural(len(profile.rules), "rule")
        examples = _plural(len(profile.checked.examples), "example")
        note = f", {_plural(len(found), 'warning')}" if found else ""
        print(f"{path}: ok ({rules}, {examples}{note})")
    checked = len(args.files) - unreadable
    if errors or warnings:
        print(
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(checked, 'file')}"
        )
    if unreadable:
        return EXIT_USAGE
    if errors or (args.strict and warnings):
        return EXIT_FAILED
    return EXIT_OK


# ---- fmt ---------------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace) -> int:
    from .errors import ICPSyntaxError
    from .formatter import format_source

    failed = unreadable = 0
    changed: list[str] = []
    for path in args.files:
        name = "<stdin>" if path == "-" else path
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            print(f"icpdsl: cannot read {path}: {reason}", file=sys.stderr)
            unreadable += 1
            continue
        try:
            formatted = format_source(text, file=name)
        except ICPSyntaxError as exc:
            _print_diagnostics(exc, sys.stderr)
            failed += 1
            continue
        if path == "-" and not (args.check or args.diff):
            sys.stdout.write(formatted)
            continue
        if formatted == text:
            continue
        changed.append(name)
        if args.diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    formatted.splitlines(keepends=True),
                    fromfile=f"{name} (original)",
                    tofile=f"{name} (formatted)",
                )
            )
        if args.check:
            print(f"would reformat {name}", file=sys.stderr)
        elif not args.diff:
            _write_text(path, formatted)
            print(f"reformatted {name}", file=sys.stderr)
    if args.check or len(args.files) > 1:
        verb = "would be reformatted" if args.check or args.diff else "reformatted"
        unchanged = len(args.files) - len(changed) - failed - unreadable
        print(
            f"{_plural(len(changed), 'file')} {verb}, {_plural(unchanged, 'file')} already formatted"
            + (f", {_plural(failed, 'file')} with errors" if failed else ""),
            file=sys.stderr,
        )
    if unreadable:
        return EXIT_USAGE
    if failed or (args.check and changed):
        return EXIT_FAILED
    return EXIT_OK


# ---- score -------------------------------------------------------------------------------------


def _output_format(args: argparse.Namespace) -> str:
    from .datafiles import OUTPUT_FORMATS, format_for_path

    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        implied = format_for_path(args.output)
        if implied in OUTPUT_FORMATS:
            return implied
        return "csv"
    return "table" if sys.stdout.isatty() else "csv"


def _progress(
    inp: Input, writing_to_terminal: bool
) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for a large input, when stderr is a terminal.

    Not when the rows themselves go to that terminal: the bar would tear the table.
    """
    large = LARGE_INPUT_ROWS if inp.format == "parquet" else LARGE_INPUT_BYTES
    if inp.total is None or inp.total < large or writing_to_terminal or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    size = MofNCompleteColumn() if inp.format == "parquet" else DownloadColumn()
    progress = Progress(
        TextColumn("scoring {task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        size,
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    task = progress.add_task(inp.name, total=inp.total, rows=0)
    progress.start()

    def tick(rows: int) -> None:
        progress.update(task, completed=inp.position(), rows=rows)

    return tick, progress.stop


def cmd_score(args: argparse.Namespace) -> int:
    from .batch import RowScorer
    from .datafiles import open_input, open_writer

    profile = _load(args.profile)
    fmt = _output_format(args)
    as_of = args.as_of or datetime.date.today()
    to_stdout = not args.output or args.output == "-"
    with contextlib.ExitStack() as stack:
        inp = stack.enter_context(open_input(args.data, args.input_format, encoding=args.encoding))
        if args.id and inp.columns is not None and args.id not in inp.columns:
            shown = ", ".join(repr(c) for c in inp.columns[:20])
            raise UsageError(
                f"--id {args.id}: {inp.name} has no such column; its columns are {shown}"
            )
        scorer = RowScorer(
            profile,
            as_of=as_of,
            id_column=args.id,
            explain=args.explain,
            with_reasons=fmt == "table",
        )
        out: TextIO = sys.stdout
        if not to_stdout:
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
        tick, stop = _progress(inp, to_stdout and sys.stdout.isatty())
        stack.callback(stop)
        writer = open_writer(fmt, out, explain=args.explain)
        for row in scorer.score(inp.rows, tick):
            writer.write(row)
        writer.close()
        out.flush()
    summary = scorer.summary
    if not args.quiet or (args.strict and summary.invalid):
        print(summary.render(inp.name), file=sys.stderr)
    if args.strict and summary.invalid:
        print(f"icpdsl: --strict: {_plural(summary.invalid, 'invalid row')}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# ---- explain -----------------------------------------------------------------------------------


def cmd_explain(args: argparse.Namespace) -> int:
    import json

    from .datafiles import read_json_document

    profile = _load(args.profile)
    account = read_json_document(args.account)
    name = "<stdin>" if args.account == "-" else args.account
    if not isinstance(account, dict):
        print(
            f"icpdsl: {name}: expected one JSON object (an account), got {type(account).__name__}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        ev = profile.evaluate(account, args.as_of)
    except DataError as exc:
        print(f"icpdsl: {name}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        from . import to_dict

        print(json.dumps(to_dict(ev), indent=2, ensure_ascii=False))
    else:
        print(ev.explain())
    return EXIT_OK


# ---- test --------------------------------------------------------------------------------------


def cmd_test(args: argparse.Namespace) -> int:
    from .errors import ICPCheckError, ICPSyntaxError
    from .example_report import describe_failure

    passed = failed = broken = 0
    for path in args.files:
        try:
            profile = _load(path)
        except (ICPSyntaxError, ICPCheckError) as exc:
            _print_diagnostics(exc, sys.stdout)
            broken += 1
            continue
        results = profile.run_examples(args.as_of)
        if not results:
            print(f"{path}: no examples")
        for result in results:
            if result.passed:
                passed += 1
                if args.verbose:
                    print(f"PASS {result.file}:{result.line}: {result.label}")
            else:
                failed += 1
                print(f"FAIL {describe_failure(result)}\n")
    line = f"{passed} passed, {failed} failed"
    if broken:
        line += f", {_plural(broken, 'profile')} with errors"
    print(line)
    return EXIT_FAILED if failed or broken else EXIT_OK


# ---- compile -----------------------------------------------------------------------------------


def cmd_compile(args: argparse.Namespace) -> int:
    profile = _load(args.profile)
    source = profile.to_python()
    if args.output and args.output != "-":
        _write_text(args.output, source)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(source)
    return EXIT_OK


# ---- the parser --------------------------------------------------------------------------------

_DESCRIPTION = """\
Check, format, test and run Ideal Customer Profiles written as .icp files.

exit codes: 0 success; 1 errors in a profile, failing examples, or (with --strict)
invalid data rows; 2 usage errors (bad options, unreadable files)."""

_EPILOGS = {
    "check": """\
examples:
  icpdsl check profiles/photonics.icp
  icpdsl check --strict profiles/*.icp     # warnings fail the run too

Errors are printed with the line, a caret under the text and a hint; the run exits 1.
Warnings (a must-have no account can meet, a tier no score reaches, a category cap
below its weights, two rules with one condition, fields no rule reads) exit 0.""",
    "fmt": """\
examples:
  icpdsl fmt profiles/photonics.icp           # rewrite in the canonical layout
  icpdsl fmt --check profiles/*.icp           # exit 1 and name files that would change
  icpdsl fmt --diff profiles/photonics.icp    # show the change, write nothing
  cat draft.icp | icpdsl fmt -                # stdin to stdout

Comments are kept.""",
    "score": """\
examples:
  icpdsl score photonics.icp accounts.csv
  icpdsl score photonics.icp accounts.csv -o scored.csv --as-of 2026-12-01
  icpdsl score photonics.icp crm.jsonl --format jsonl --explain --id "Account ID"
  cat accounts.csv | icpdsl score photonics.icp - --strict

DATA is CSV, a JSON array, JSON lines or Parquet (pip install 'icpdsl[parquet]'),
chosen by --input-format, the file's extension, or its first bytes. Every row comes
out, in order; a row that cannot be read gets verdict "invalid" and an error naming
the field and value. Output columns: id, verdict, score, tier, error (and failed,
unknown, matched with --explain). A summary goes to stderr.""",
    "explain": """\
examples:
  icpdsl explain photonics.icp account.json
  echo '{"industry": "oem", "optical_power": "2 W"}' | icpdsl explain photonics.icp -
  icpdsl explain photonics.icp account.json --json --as-of 2026-12-01""",
    "test": """\
examples:
  icpdsl test profiles/photonics.icp
  icpdsl test -v profiles/*.icp

Runs every `example` block; a failure shows the example, what was expected, what
happened, and the rule outcomes behind it. Exit 1 on any failure.""",
    "compile": """\
examples:
  icpdsl compile photonics.icp --target python -o photonics_icp.py
  python -c "import photonics_icp; print(photonics_icp.score({'industry': 'oem'}))"

The module needs nothing but the standard library.""",
}


def _subparser(
    subparsers: Any, name: str, help_text: str, common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=_EPILOGS[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand (also what `--help` prints)."""
    from . import __version__

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show Python tracebacks on errors",
    )
    parser = argparse.ArgumentParser(
        prog="icpdsl",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"icpdsl {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = _subparser(
        subparsers, "check", "parse and check profiles; report errors and warnings", common
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=".icp files to check")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.set_defaults(run=cmd_check)

    fmt = _subparser(subparsers, "fmt", "rewrite profiles in the canonical layout", common)
    fmt.add_argument(
        "files", nargs="+", metavar="FILE", help=".icp files to format ('-' for stdin)"
    )
    fmt.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would change"
    )
    fmt.add_argument(
        "--diff", action="store_true", help="write nothing; print the changes as a diff"
    )
    fmt.set_defaults(run=cmd_fmt)

    from .datafiles import INPUT_FORMATS, OUTPUT_FORMATS

    score = _subparser(subparsers, "score", "score every account of a data file", common)
    score.add_argument("profile", metavar="FILE", help="the .icp profile")
    score.add_argument(
        "data", metavar="DATA", help="CSV, JSON, JSONL or Parquet file, or '-' for stdin"
    )
    score.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    score.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output format (default: from OUT's extension; table on a terminal; else csv)",
    )
    score.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help="format of DATA (default: from its extension or first bytes)",
    )
    score.add_argument(
        "--id",
        metavar="COLUMN",
        help="the column that identifies a row (default: 'id' if present, else the row number)",
    )
    score.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluation date for date rules (default: today)",
    )
    score.add_argument(
        "--explain", action="store_true", help="add the failed, unknown and matched rule labels"
    )
    score.add_argument("--strict", action="store_true", help="exit 1 if any row is invalid")
    score.add_argument(
        "--encoding", default="utf-8-sig", help="text encoding of DATA (default: UTF-8)"
    )
    score.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    score.set_defaults(run=cmd_score)

    explain = _subparser(
        subparsers, "explain", "explain the verdict and score of one account", common
    )
    explain.add_argument("profile", metavar="FILE", help="the .icp profile")
    explain.add_argument(
        "account", metavar="ACCOUNT", help="a JSON file with one account, or '-' for stdin"
    )
    explain.add_argument(
        "--as-of", type=_date, metavar="DATE", help="evaluation date (default: today)"
    )
    explain.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    explain.set_defaults(run=cmd_explain)

    test = _subparser(subparsers, "test", "run the example blocks of profiles", common)
    test.add_argument("files", nargs="+", metavar="FILE", help=".icp files")
    test.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="date for examples without 'as of' (default: today)",
    )
    test.add_argument("-v", "--verbose", action="store_true", help="list passing examples too")
    test.set_defaults(run=cmd_test)

    comp = _subparser(
        subparsers, "compile", "write a profile as a standalone Python module", common
    )
    comp.add_argument("profile", metavar="FILE", help="the .icp profile")
    comp.add_argument(
        "--target", choices=("python",), default="python", help="what to generate (default: python)"
    )
    comp.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    comp.set_defaults(run=cmd_compile)
    return parser


# ---- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 ok, 1 failed, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse exits 2)
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    debug = bool(getattr(args, "debug", False))
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except Exception as exc:
        if debug:
            raise
        return _report(exc, parser.prog)
    except KeyboardInterrupt:
        if debug:
            raise
        print("icpdsl: interrupted", file=sys.stderr)
        return 130


def _report(exc: Exception, prog: str) -> int:
    """Print an error the way a user should see it; return the exit code."""
    from .datafiles import DataFileError, MissingExtra

    if isinstance(exc, BrokenPipeError):
        # the reader of our output went away (`| head`): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_FAILED
    if isinstance(exc, UsageError | MissingExtra):
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, OSError):
        name = f" {exc.filename}" if exc.filename else ""
        print(f"{prog}: error: cannot open{name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, DataFileError):
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if isinstance(exc, ICPError):
        _print_diagnostics(exc, sys.stderr)
        return EXIT_FAILED
    print(f"{prog}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print(f"{prog}: run again with --debug for the traceback, and report it", file=sys.stderr)
    return EXIT_FAILED
