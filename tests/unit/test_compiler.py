"""Generated code: a reviewed golden copy, vetted constants only, and no names but the runtime's."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

import icpdsl
from icpdsl.compiler import UnsafeConstant, literal
from icpdsl.runtime import RUNTIME_NAMES
from tests.conftest import GOLDEN, assert_golden

HOSTILE = [
    '"""; __import__("os").system("touch /tmp/icpdsl-pwned") #',
    '\\"); import os #',
    "'''\nraise SystemExit\n'''",
    "{__import__('os')}",
    "\\u0000 \\t tab",
]


def run_standalone(profile: icpdsl.Profile, folder: Path, code: str, *args: str) -> str:
    """Write `profile.to_python()` as `icp_module.py` in `folder`, run `code` beside it in a
    bare interpreter (`python -S -I`: no site packages, so no icpdsl), return its output."""
    (folder / "icp_module.py").write_text(profile.to_python(), encoding="utf-8")
    prelude = "import sys; sys.path.insert(0, sys.argv[1]); import icp_module as m\n"
    run = subprocess.run(
        [sys.executable, "-S", "-I", "-c", prelude + code, str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_generated_source_matches_golden(photonics: icpdsl.Profile) -> None:
    assert_golden(GOLDEN / "compiled" / "photonics.py", photonics.source)


def test_generated_code_carries_line_numbers(photonics: icpdsl.Profile) -> None:
    assert "# line 20" in photonics.source  # "Power within our limits" is on line 20


class TestSafety:
    """User text reaches generated code only as repr() of checked constants."""

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_labels_and_strings_do_not_run(self, text: str, tmp_path: Path) -> None:
        label = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        source = f"""
profile "{label}" version "{label}"
fields
    note: text from "{label}"
    kind: one of "{label}", plain
category "{label}" up to 5
must have "{label}": note mentions "{label}"
nice to have "{label} 2" weight 5 in "{label}": kind is "{label}"
tier "{label}" when score >= 1
"""
        profile = icpdsl.loads(source)
        account = {
            profile.checked.fields[0].key: "x",
            "kind": profile.checked.fields[1].type.values[0],
        }  # type: ignore[union-attr]
        verdict, score, tier = profile.score(account)
        assert (verdict, score) == ("not_a_fit", 5)
        assert tier is None
        assert not Path("/tmp/icpdsl-pwned").exists()
        run_standalone(profile, tmp_path, "m.score({})")
        assert not Path("/tmp/icpdsl-pwned").exists()

    def test_generated_code_has_no_builtins(self, photonics: icpdsl.Profile) -> None:
        assert RUNTIME_NAMES["__builtins__"] == {}
        names = {n for n in RUNTIME_NAMES if n != "__builtins__"}
        assert not {"open", "eval", "exec", "__import__", "getattr"} & names

    @pytest.mark.parametrize(
        "value", [object(), float("nan"), float("inf"), [1], {1: object()}, b"x"]
    )
    def test_literal_refuses_anything_but_plain_constants(self, value: object) -> None:
        with pytest.raises(UnsafeConstant):
            literal(value)

    def test_literal_writes_repr(self) -> None:
        assert literal("a'\"b") == repr("a'\"b")
        assert literal(frozenset({"b", "a"})) == "_frozenset(('a', 'b'))"


class TestStandaloneModule:
    """to_python() gives a module that needs nothing but the standard library."""

    def test_runs_without_icpdsl_and_agrees(
        self, photonics: icpdsl.Profile, tmp_path: Path
    ) -> None:
        script = (
            "import json, datetime; acct = json.loads(sys.argv[2]); d = datetime.date(2026, 12, 4);"
            "assert 'icpdsl' not in sys.modules;"
            "v, s, t = m.score(acct, d); e = m.evaluate(acct, d);"
            "print(json.dumps([str(v), s, t, e['potential'], e['decided_by'], m.is_fit(acct, d), m.points(acct, d),"
            " [f(acct, d) for f in m.RULE_FUNCTIONS]]))"
        )
        account = {"industry": "Medical Device", "applications": "imaging; sensing", "Wavelength band": "450-650 nm",
                   "optical_power": "500 mW", "stage": "qualification", "docs": ["test_reports", "traceability"]}  # fmt: skip
        got = json.loads(run_standalone(photonics, tmp_path, script, json.dumps(account)))
        d = datetime.date(2026, 12, 4)
        ev = photonics.evaluate(account, as_of=d)
        expected = [str(ev.verdict), ev.score, ev.tier, ev.potential, ev.decided_by, photonics.is_fit(account, d),
                    photonics.points(account, d), [r.predicate(account, d) for r in photonics.rules]]  # fmt: skip
        assert got == expected

    def test_standalone_raises_its_own_data_error(
        self, photonics: icpdsl.Profile, tmp_path: Path
    ) -> None:
        script = "try:\n    m.score({'optical_power': 'lots'})\nexcept m.DataError as e:\n    print(e.field)\n"
        assert run_standalone(photonics, tmp_path, script).strip() == "optical_power"
