"""pytest plugin: the `example` blocks of `*.icp` files, collected as test items.

A team that keeps its profiles in a repository already runs pytest; with
`--icp-examples` (or `icp_examples = true` in the ini file) every example of every
`.icp` file under the test paths becomes one test, named after its label, that fails
with the same text `icpdsl test` prints.  The plugin is registered through the
`pytest11` entry point and does nothing unless enabled, so installing icpdsl never
changes another project's test run; icpdsl itself is imported only when a profile is
collected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from .profile import ExampleResult, Profile


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("icpdsl")
    group.addoption(
        "--icp-examples",
        action="store_true",
        default=False,
        help="collect the example blocks of *.icp files as tests",
    )
    parser.addini(
        "icp_examples",
        "collect the example blocks of *.icp files as tests",
        type="bool",
        default=False,
    )


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--icp-examples") or config.getini("icp_examples"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".icp" and _enabled(parent.config):
        collector: pytest.Collector = IcpFile.from_parent(parent, path=file_path)
        return collector
    return None


def _shown_path(path: Path) -> Path:
    """The path relative to the working directory when it is under it: shorter messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


# A line that starts an `example` block; a file without one is not loaded at all.
_HAS_EXAMPLE = re.compile(r"^[ \t]*example\b", re.MULTILINE)


class ExampleFailed(Exception):
    """An example whose expectations do not hold; the message is the full report."""


class ProfileBroken(Exception):
    """A profile file that does not parse or check; the message is its diagnostics."""


class IcpFile(pytest.File):
    """One `.icp` file: one item per example, or one failing item if the file is broken.

    Files without an `example` line are not loaded at all (an included fragment may
    not check on its own), and the examples run once per file, on first use.
    """

    profile: Profile | None = None
    _results: list[ExampleResult] | None = None

    def collect(self) -> Iterator[pytest.Item]:
        from .errors import ICPCheckError, ICPSyntaxError, render
        from .profile import load

        try:
            if not _HAS_EXAMPLE.search(self.path.read_text(encoding="utf-8")):
                return
            self.profile = load(_shown_path(self.path))
        except (ICPSyntaxError, ICPCheckError) as exc:
            yield IcpProfileError.from_parent(self, name="profile", message=render(exc.diagnostics))
            return
        except (OSError, UnicodeDecodeError) as exc:
            message = f"cannot read {self.path}: {exc}"
            yield IcpProfileError.from_parent(self, name="profile", message=message)
            return
        for index, example in enumerate(self.profile.checked.examples):
            yield IcpExample.from_parent(self, name=example.label, index=index, line=example.line)

    def results(self) -> list[ExampleResult]:
        if self._results is None:
            assert self.profile is not None
            self._results = self.profile.run_examples()
        return self._results


class IcpExample(pytest.Item):
    """One `example` block; it passes when every expectation holds."""

    def __init__(self, *, index: int, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.line = line

    def runtest(self) -> None:
        from .example_report import describe_failure

        parent = self.parent
        assert isinstance(parent, IcpFile)
        result = parent.results()[self.index]
        if not result.passed:
            raise ExampleFailed(describe_failure(result))

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, ExampleFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.line - 1, 0), f"example {self.name!r}"


class IcpProfileError(pytest.Item):
    """Stands for a profile that cannot be loaded, so the run fails with its diagnostics."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise ProfileBroken(self.message)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, ProfileBroken):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "profile"
