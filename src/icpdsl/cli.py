"""The `icpdsl` command line: a thin layer over the public API."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("icpdsl: the command line is being built", file=sys.stderr)
    return 2
