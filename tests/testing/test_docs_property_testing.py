"""docs/property-testing.md runs: its properties hold, and its counterexample is real.

The page follows the conventions of tests/test_docs.py (python blocks run in order in
one namespace, from the repository root; ```py blocks are shown, not run). Beyond
running the blocks, this test calls every `test_*` function the page defines, as
pytest would for a reader who copied them: they must pass, except the one the page
shows failing, which must fail the way the page says.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

import icpdsl
from icpdsl.testing import assert_monotone

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "property-testing.md"
SHOWN_FAILING = "test_tier_a_means_a_use_case_match"

_FENCE = re.compile(r"^( *)```([\w-]*)\s*$")


def blocks(language: str) -> list[tuple[int, str]]:
    """(line, code) of every fenced block in `language`, indentation removed."""
    found: list[tuple[int, str]] = []
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, kind = len(opening.group(1)), opening.group(2)
        end = index + 1
        while not lines[end].strip().startswith("```"):
            end += 1
        if kind == language:
            body = [line[indent:] for line in lines[index + 1 : end]]
            found.append((index + 2, "\n".join(body) + "\n"))
        index = end + 1
    return found


@pytest.fixture(scope="module")
def page(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, Any]:
    """The page's namespace after running every python block in order."""
    monkeypatch_module.chdir(ROOT)
    module = types.ModuleType("docs_property_testing")
    monkeypatch_module.setitem(sys.modules, module.__name__, module)
    for line, code in blocks("python"):
        exec(compile("\n" * (line - 1) + code, str(PAGE), "exec"), module.__dict__)
    return module.__dict__


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def defined_tests(namespace: dict[str, Any]) -> dict[str, Callable[[], None]]:
    return {k: v for k, v in namespace.items() if k.startswith("test_") and callable(v)}


def quick(test: Callable[[], None]) -> Callable[[], None]:
    """A page's @given test with fewer examples and a fixed seed (others run as written)."""
    if hasattr(test, "hypothesis"):
        return settings(max_examples=50, derandomize=True, database=None)(test)
    return test


def test_the_page_defines_its_properties(page: dict[str, Any]) -> None:
    assert set(defined_tests(page)) == {
        "test_out_of_band_is_never_qualified",
        "test_full_custom_is_always_disqualified",
        "test_later_stage_never_lowers_the_score",
        "test_more_documents_never_hurt",
        "test_research_never_beats_the_potential",
        "test_built_in_invariants",
        SHOWN_FAILING,
    }


@pytest.mark.parametrize(
    "name",
    [
        "test_out_of_band_is_never_qualified",
        "test_full_custom_is_always_disqualified",
        "test_later_stage_never_lowers_the_score",
        "test_more_documents_never_hurt",
        "test_research_never_beats_the_potential",
        "test_built_in_invariants",
    ],
)
def test_each_property_holds(page: dict[str, Any], name: str) -> None:
    quick(page[name])()


def test_the_counterexample_is_the_one_shown(page: dict[str, Any]) -> None:
    test = settings(max_examples=100, derandomize=True, database=None, phases=[Phase.generate])(
        page[SHOWN_FAILING]
    )
    with pytest.raises(AssertionError) as caught:
        test()
    message = str(caught.value)
    assert re.search(r"tier A, score \d+ of 120", message), message
    assert "Use case match: 0 of at most 30 (nothing)" in message


def test_employees_is_not_monotone_as_the_page_says(page: dict[str, Any]) -> None:
    quick_failure = settings(
        max_examples=200, derandomize=True, database=None, phases=[Phase.generate]
    )
    with pytest.raises(
        AssertionError, match=r"^raising employees from \d+ to \d+ lowered the score"
    ):
        assert_monotone(page["photonics"], "employees", as_of=page["TODAY"], settings=quick_failure)


def test_icp_blocks_parse() -> None:
    for line, code in blocks("icp"):
        icpdsl.parse(code, file=f"{PAGE.name}:{line}")


def test_links_and_anchors_resolve() -> None:
    text = PAGE.read_text(encoding="utf-8")
    prose = re.sub(r"^ *```.*?^ *```", "", text, flags=re.MULTILINE | re.DOTALL)
    anchors = {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in re.findall(r"^#{1,6} (.+)$", prose, flags=re.MULTILINE)
    }
    for target, anchor in re.findall(r"\]\(([^)\s#]*)(?:#([^)\s]*))?\)", prose):
        if "://" in target:
            continue
        if target:
            assert (PAGE.parent / target).exists(), target
        elif anchor:
            assert anchor in anchors, anchor


def test_the_reference_covers_the_public_api() -> None:
    from icpdsl import testing

    text = PAGE.read_text(encoding="utf-8")
    for name in testing.__all__:
        if name != "VERDICTS":
            assert f"### {name}" in text or f"### {name} and" in text or f"and {name}" in text, name
