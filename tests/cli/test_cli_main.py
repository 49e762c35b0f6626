"""What every command shares: help with examples, exit codes, no tracebacks, `python -m`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from icpdsl import cli

from .conftest import EXAMPLES, run_process

COMMANDS = ("check", "fmt", "score", "explain", "test", "compile")


class TestHelp:
    def test_python_m_lists_every_command(self) -> None:
        result = run_process("--help")
        assert result.code == 0
        for command in COMMANDS:
            assert command in result.out
        assert "exit codes: 0 success" in result.out

    @pytest.mark.parametrize("command", COMMANDS)
    def test_each_command_has_an_example(self, icpdsl, command: str) -> None:
        result = icpdsl(command, "--help")
        assert result.code == 0
        assert "examples:\n  icpdsl " + command in result.out

    def test_version(self, icpdsl) -> None:
        from icpdsl import __version__

        assert icpdsl("--version") == (0, f"icpdsl {__version__}\n", "")


class TestExitCodes:
    def test_no_command_is_a_usage_error(self, icpdsl) -> None:
        result = icpdsl()
        assert result.code == 2 and "usage: icpdsl" in result.err

    def test_unknown_option_is_a_usage_error(self, icpdsl) -> None:
        assert icpdsl("score", "--frobnicate").code == 2

    def test_the_profile_cannot_come_from_stdin(self, icpdsl) -> None:
        result = icpdsl("score", "-", "data.csv")
        assert result.code == 2 and "the profile must be a file" in result.err

    def test_errors_in_the_profile_exit_1_for_every_command(self, tmp_path: Path, icpdsl) -> None:
        bad = tmp_path / "bad.icp"
        bad.write_text('fields\n    a: yes/no\nmust have "m": b\n', encoding="utf-8")
        data = tmp_path / "d.csv"
        data.write_text("a\nyes\n", encoding="utf-8")
        account = tmp_path / "a.json"
        account.write_text("{}", encoding="utf-8")
        for args in (
            ["check", str(bad)],
            ["test", str(bad)],
            ["score", str(bad), str(data)],
            ["explain", str(bad), str(account)],
            ["compile", str(bad)],
        ):
            result = icpdsl(*args)
            assert result.code == 1, args
            assert f"{bad}:3:16: error:" in result.out + result.err, args


class TestNoTracebacks:
    def test_an_internal_error_is_one_line_unless_debug(
        self, icpdsl, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def explode(args: object) -> int:
            raise RuntimeError("boom")

        parser = cli.build_parser()
        monkeypatch.setattr(cli, "build_parser", lambda: parser)
        parser._subparsers._group_actions[0].choices["check"].set_defaults(run=explode)  # type: ignore[union-attr]
        result = icpdsl("check", "x.icp")
        assert result.code == 1
        assert "internal error: RuntimeError: boom" in result.err
        assert "--debug" in result.err and "Traceback" not in result.err
        with pytest.raises(RuntimeError, match="boom"):
            cli.main(["check", "x.icp", "--debug"])

    def test_a_closed_pipe_is_not_an_error_message(self, tmp_path: Path) -> None:
        data = tmp_path / "many.csv"
        data.write_text("id,industry\n" + "a,oem\n" * 200_000, encoding="utf-8")
        pipeline = subprocess.run(
            f'"{sys.executable}" -m icpdsl score "{EXAMPLES / "photonics.icp"}" "{data}" -q | head -n 2',
            shell=True,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert pipeline.stdout.splitlines() == [
            "id,verdict,score,tier,error",
            "a,needs_research,0,C,",
        ]
        assert "Traceback" not in pipeline.stderr and "Error" not in pipeline.stderr
