"""pytest plugin: collects the `example` blocks of `*.icp` files as test items when enabled."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("icpdsl")
    group.addoption(
        "--icp-examples",
        action="store_true",
        default=False,
        help="collect the example blocks of *.icp files as tests",
    )
    parser.addini("icp_examples", "collect the example blocks of *.icp files as tests", type="bool", default=False)
