"""The errors icpdsl raises, and the one renderer every diagnostic goes through.

`ICPError` and `DataError` live in `convert.py` because the standalone module that
`Profile.to_python()` writes must define them without importing icpdsl; they are
re-exported here so that every error type has one home to import from.
"""

from __future__ import annotations

from typing import Literal

import attrs

from .convert import DataError, ICPError
from .nodes import Span

__all__ = [
    "DataError",
    "Diagnostic",
    "ICPCheckError",
    "ICPError",
    "ICPSyntaxError",
    "render",
]

Severity = Literal["error", "warning"]

_SHOWN_WIDTH = 100
"""The most characters of a source line a diagnostic shows."""


@attrs.frozen
class Diagnostic:
    """One finding about a profile, with everything needed to show it without the file."""

    message: str
    file: str
    line: int
    column: int
    end_column: int
    source_line: str = ""
    hint: str | None = None
    severity: Severity = "error"

    @classmethod
    def at(
        cls,
        span: Span | None,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = "error",
        sources: dict[str, str] | None = None,
        file: str = "<string>",
    ) -> Diagnostic:
        """A diagnostic under `span`; a node built without a span points at line 1."""
        if span is None:
            return cls(message, file, 1, 1, 2, "", hint, severity)
        text = (sources or {}).get(span.file, "")
        lines = text.splitlines()
        source_line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
        end_column = span.end_column if span.end_line == span.line else len(source_line) + 1
        end_column = max(end_column, span.column + 1)
        return cls(
            message, span.file, span.line, span.column, end_column, source_line, hint, severity
        )

    def render(self) -> str:
        """`file:line:col: error: message`, the line, a caret under the text, the hint."""
        head = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if not self.source_line:
            return head + (f"\n   = hint: {self.hint}" if self.hint else "")
        number = str(self.line)
        gutter = " " * len(number)
        shown = self.source_line.expandtabs(1)
        start = self.column - 1
        width = max(1, min(self.end_column, len(shown) + 1) - self.column)
        if len(shown) > _SHOWN_WIDTH:  # a window around the caret, marked with "..."
            left = max(0, start - _SHOWN_WIDTH // 2)
            right = min(len(shown), left + _SHOWN_WIDTH)
            shown = (
                ("..." if left else "") + shown[left:right] + ("..." if right < len(shown) else "")
            )
            start = start - left + (3 if left else 0)
            width = min(width, _SHOWN_WIDTH)
        caret = " " * start + "^" * width
        out = [head, f"{gutter} |", f"{number} | {shown}", f"{gutter} | {caret}"]
        if self.hint:
            out.append(f"{gutter} = hint: {self.hint}")
        return "\n".join(out)


def render(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> str:
    """Every diagnostic, separated by a blank line, in the order found."""
    return "\n\n".join(d.render() for d in diagnostics)


class ICPSyntaxError(ICPError):
    """The text is not a well-formed .icp file; parsing stops at the first such error."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.render())
        self.diagnostics = (diagnostic,)
        self.file = diagnostic.file
        self.line = diagnostic.line
        self.column = diagnostic.column
        self.message = diagnostic.message
        self.hint = diagnostic.hint


class ICPCheckError(ICPError):
    """The profile parses but is wrong; carries every error the checker found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.severity == "error"]
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        super().__init__(f"{render(errors)}\n\n{count} in the profile")
        self.diagnostics = tuple(errors)
        first = errors[0]
        self.file = first.file
        self.line = first.line
        self.column = first.column
        self.message = first.message
        self.hint = first.hint
