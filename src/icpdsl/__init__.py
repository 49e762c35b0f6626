"""icpdsl: write an Ideal Customer Profile as a text file; score, explain and test accounts with it.

The public API (INTERFACES.md).  Importing icpdsl is cheap: the parser (lark), the
compiler and cattrs load on first use of the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .convert import DataError, ICPError
from .runtime import Verdict

if TYPE_CHECKING:
    from .errors import Diagnostic, ICPCheckError, ICPSyntaxError
    from .nodes import Profile as Tree
    from .profile import CompiledRule, ExampleResult, Profile, Scored, load, loads
    from .results import Evaluation, Outcome

__version__ = "0.1.0"

__all__ = [
    "CompiledRule",
    "DataError",
    "Diagnostic",
    "Evaluation",
    "ExampleResult",
    "ICPCheckError",
    "ICPError",
    "ICPSyntaxError",
    "Outcome",
    "Profile",
    "Scored",
    "Verdict",
    "format",
    "from_dict",
    "load",
    "loads",
    "parse",
    "to_dict",
]

_LAZY = {
    "Diagnostic": "errors",
    "ICPCheckError": "errors",
    "ICPSyntaxError": "errors",
    "Profile": "profile",
    "CompiledRule": "profile",
    "ExampleResult": "profile",
    "Scored": "profile",
    "load": "profile",
    "loads": "profile",
    "Evaluation": "results",
    "Outcome": "results",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'icpdsl' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def parse(text: str, *, file: str = "<string>") -> Tree:
    """The syntax tree of profile text (attrs classes with source positions)."""
    from .parser import parse as parse_text

    return parse_text(text, file=file)


def format(source: str | Tree) -> str:
    """Canonical text of a profile, from its text or its tree; comments kept."""
    from .formatter import format_profile, format_source

    if isinstance(source, str):
        return format_source(source)
    return format_profile(source)


def to_dict(obj: object) -> dict[str, Any]:
    """A JSON-ready dict of a syntax tree (or any node) or of an `Evaluation`."""
    from . import serialize

    return serialize.to_dict(obj)


def from_dict(data: dict[str, Any]) -> Tree:
    """The syntax tree a `to_dict` dict describes."""
    from . import serialize

    return serialize.from_dict(data)
