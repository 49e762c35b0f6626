"""The code in the docs runs, so the docs cannot drift from the library.

For each page in `PAGES`:

- every ```python block runs, in order, in one namespace per page, with the repository
  root as the working directory (so `icpdsl.load("examples/photonics.icp")` works);
- a ```text block marked `<!-- output -->` (on the last non-blank line before its
  fence) must be exactly what the python block just before it printed;
- every ```icp block parses with `icpdsl.parse`, and unless it is marked
  `<!-- fragment -->` (a piece of a profile, such as a rule without its fields) it loads
  with `icpdsl.loads` and its `example` blocks pass;
- every relative link points at a file that exists, and at a heading that exists.

Tracebacks from a failing block point at the page and line of the code in the page.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import types
from pathlib import Path

import attrs
import pytest

import icpdsl

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PAGES = (
    "index.md",
    "tutorial.md",
    "reference.md",
    "semantics.md",
    "api.md",
    "changelog.md",
)
"""The pages whose code this test runs (docs written with it in mind)."""

_FENCE = re.compile(r"^```([\w-]*)\s*$")
_MARKER = re.compile(r"^<!--\s*(fragment|output)\s*-->$")
_LINK = re.compile(r"\]\(([^)\s#]*)(?:#([^)\s]*))?\)")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def anchors(page: str) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    text = (DOCS / page).read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in _HEADING.findall(text)
    }


@attrs.frozen
class Block:
    """One fenced block: its page, the line its code starts on, language, code, marker."""

    page: str
    line: int
    language: str
    code: str
    marker: str | None

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def blocks(page: str) -> list[Block]:
    """Every fenced block of a page, in order."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    previous = ""  # the last non-blank line outside a block
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        start = i + 1
        end = start
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        if end == len(lines):
            raise AssertionError(f"docs/{page}:{i + 1}: a code block is never closed")
        marker = _MARKER.match(previous)
        code = "\n".join(lines[start:end]) + "\n"
        found.append(
            Block(page, start + 1, opening.group(1), code, marker.group(1) if marker else None)
        )
        previous = ""
        i = end + 1
    return found


def _icp_blocks() -> list[Block]:
    return [b for page in PAGES for b in blocks(page) if b.language == "icp"]


def _same_text(printed: str, shown: str) -> bool:
    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.rstrip("\n").splitlines()]

    return lines(printed) == lines(shown)


class TestPages:
    """Every page listed exists, has a title and well-placed markers."""

    @pytest.mark.parametrize("page", PAGES)
    def test_page_has_a_title(self, page: str) -> None:
        first = (DOCS / page).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"docs/{page} should start with a '# ' title"

    @pytest.mark.parametrize("page", PAGES)
    def test_markers_sit_on_the_right_blocks(self, page: str) -> None:
        for block in blocks(page):
            if block.marker == "fragment":
                assert block.language == "icp", f"{block.where}: fragment marks icp blocks only"
            if block.marker == "output":
                assert block.language == "text", f"{block.where}: output marks text blocks only"

    @pytest.mark.parametrize("page", PAGES)
    def test_relative_links_resolve(self, page: str) -> None:
        text = (DOCS / page).read_text(encoding="utf-8")
        for target, anchor in _LINK.findall(text):
            if "://" in target or target.startswith("mailto:"):
                continue
            path = (DOCS / (target or page)).resolve()
            assert path.exists(), f"docs/{page} links to {target}, which does not exist"
            if anchor and path.parent == DOCS and path.name in PAGES:
                assert anchor in anchors(path.name), (
                    f"docs/{page} links to {target}#{anchor}, a heading that does not exist"
                )


class TestPythonBlocks:
    """Every python block of a page runs, in order, sharing one namespace."""

    @pytest.mark.parametrize("page", PAGES)
    def test_page_code_runs(self, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ROOT)
        # A real module, so that classes defined in the docs (dataclasses) find it.
        module = types.ModuleType(f"docs_{Path(page).stem}")
        monkeypatch.setitem(sys.modules, module.__name__, module)
        namespace = module.__dict__
        printed: str | None = None
        for block in blocks(page):
            if block.language == "python":
                source = "\n" * (block.line - 1) + block.code
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    exec(compile(source, str(DOCS / page), "exec"), namespace)
                printed = out.getvalue()
            elif block.marker == "output":
                assert printed is not None, f"{block.where}: output block without python before"
                assert _same_text(printed, block.code), (
                    f"{block.where}: the page shows output that the code before it does not "
                    f"print.\n--- printed ---\n{printed}--- shown ---\n{block.code}"
                )
                printed = None
            else:
                printed = None


class TestIcpBlocks:
    """Every icp block parses; a whole profile (not marked fragment) loads and its examples pass."""

    @pytest.mark.parametrize("block", _icp_blocks(), ids=lambda b: b.where)
    def test_block_parses_and_loads(self, block: Block) -> None:
        try:
            icpdsl.parse(block.code, file=block.where)
            if block.marker != "fragment":
                profile = icpdsl.loads(block.code, name=block.where)
        except icpdsl.ICPError as exc:
            pytest.fail(f"{block.where}: the icp block does not load\n{exc}")
        if block.marker != "fragment":
            failed = [(r.label, r.problems) for r in profile.run_examples() if not r.passed]
            assert not failed, f"{block.where}: examples in the block fail: {failed}"


def test_readme_code_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's 30-second example runs and prints what its comment says."""
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    for code in re.findall(r"```python\n(.*?)```", readme, re.S):
        exec(compile(code, "README.md", "exec"), namespace)
    assert capsys.readouterr().out.splitlines()[0] == "qualified 25 C"
    for code in re.findall(r"```icp\n(.*?)```", readme, re.S):
        icpdsl.loads(code)
