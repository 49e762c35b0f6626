"""`icpdsl compile --target python`: a module that runs on the standard library alone."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import icpdsl as lib

from .conftest import AS_OF

RUNNER = """
import json, os, sys, datetime
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import photonics_icp as module
as_of = datetime.date.fromisoformat(sys.argv[2])
out = []
for account in json.loads(sys.argv[3]):
    verdict, score, tier = module.score(account, as_of)
    out.append([str(verdict), score, tier, module.evaluate(account, as_of)["potential"]])
print(json.dumps(out))
print(sorted(m for m in sys.modules if m.startswith(("icpdsl", "lark", "attrs", "cattrs", "rich"))))
"""


class TestCompile:
    def test_standalone_module_runs_without_icpdsl(self, project: Path, icpdsl) -> None:
        result = icpdsl("compile", "photonics.icp", "--target", "python", "-o", "photonics_icp.py")
        assert result.code == 0 and "wrote photonics_icp.py" in result.err
        accounts = [
            json.loads(Path("account.json").read_text(encoding="utf-8")),
            {"engagement": "full custom", "Wavelength band": "500 - 600 nm"},
            {
                "industry": "telecom",
                "optical_power": "20 dBm",
                "docs": "test_reports; traceability",
            },
        ]
        done = subprocess.run(
            [
                sys.executable,
                "-S",
                "-I",
                "-c",
                RUNNER,
                str(project / "photonics_icp.py"),
                AS_OF,
                json.dumps(accounts),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd="/",
        )
        scored, imported = done.stdout.splitlines()
        profile = lib.load("photonics.icp")
        as_of = datetime.date.fromisoformat(AS_OF)
        expected = []
        for account in accounts:
            ev = profile.evaluate(account, as_of)
            expected.append([ev.verdict.value, ev.score, ev.tier, ev.potential])
        assert json.loads(scored) == expected
        assert imported == "[]"

    def test_to_stdout(self, project: Path, icpdsl) -> None:
        result = icpdsl("compile", "photonics.icp")
        assert result.code == 0
        assert result.out == lib.load("photonics.icp").to_python()

    def test_sql_is_not_available_yet(self, project: Path, icpdsl) -> None:
        result = icpdsl("compile", "photonics.icp", "--target", "sql")
        assert result.code == 2
        assert "invalid choice: 'sql'" in result.err
