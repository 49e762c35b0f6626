"""A wheel installed in a fresh environment, away from the checkout, finds its grammar."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import ROOT


def run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_wheel_ships_the_grammar_and_loads_a_profile(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        dist,
        ROOT,
    )
    (wheel,) = dist.glob("icpdsl-*.whl")
    import zipfile

    assert "icpdsl/grammar/icp.lark" in zipfile.ZipFile(wheel).namelist()

    env = tmp_path / "env"
    venv.create(env, system_site_packages=True, with_pip=True)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "p.icp").write_text(
        'fields\n    power: number in W\nmust have "Power": power <= 10 W\n', encoding="utf-8"
    )
    script = (
        "import icpdsl, sys; p = icpdsl.load('p.icp');"
        "print(icpdsl.__file__); print(p.score({'power': '500 mW'})[0])"
    )
    where, verdict = run(python, "-c", script, cwd=elsewhere).split()
    assert Path(where).is_relative_to(env), "the installed wheel, not the checkout, was imported"
    assert verdict == "qualified"


def test_import_stays_light() -> None:
    """`import icpdsl` loads neither lark, cattrs nor hypothesis."""
    script = "import icpdsl, sys; print(sorted(m for m in ('lark', 'cattrs', 'hypothesis', 'rich') if m in sys.modules))"
    assert run(sys.executable, "-c", script).strip() == "[]"
