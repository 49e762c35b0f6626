"""Files → one syntax tree: reads a profile and splices in its `include`s.

An included file's statements take the include's place, as if pasted.  A cycle, a
file included twice, an included file with its own header, or a file that cannot be
read are errors that name both files.
"""

from __future__ import annotations

from pathlib import Path

from . import nodes as n
from .errors import Diagnostic, ICPCheckError
from .parser import parse

MAX_INCLUDE_FILES = 1000


class _Includes:
    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.diagnostics: list[Diagnostic] = []
        self.included_from: dict[Path, n.Span | None] = {}

    def fail(self, span: n.Span | None, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic.at(span, message, hint=hint, sources=self.sources))

    def expand(self, tree: n.Profile, base: Path, chain: tuple[Path, ...]) -> list[n.Statement]:
        out: list[n.Statement] = []
        for stmt in tree.statements:
            if not isinstance(stmt, n.Include):
                out.append(stmt)
                continue
            here = chain[-1] if chain else None
            target = (base / stmt.path).resolve()
            if target in chain:
                self.fail(
                    stmt.span,
                    f"including '{stmt.path}' makes a cycle: {target.name} already includes {here.name if here else 'this file'}",
                    "an included file must not include, directly or not, the file that includes it",
                )
                continue
            if target in self.included_from:
                first = self.included_from[target]
                where = f"{first.file}:{first.line}" if first else "another include"
                self.fail(
                    stmt.span,
                    f"'{stmt.path}' is included twice; it is first included at {where}",
                    "include each file once",
                )
                continue
            if len(self.included_from) >= MAX_INCLUDE_FILES:
                self.fail(stmt.span, f"more than {MAX_INCLUDE_FILES} included files")
                continue
            self.included_from[target] = stmt.span
            try:
                text = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.fail(
                    stmt.span,
                    f"cannot read the included file '{stmt.path}': {exc.__class__.__name__}",
                    f"the path is relative to {base}",
                )
                continue
            file = _display(target)
            self.sources[file] = text
            sub = parse(text, file=file)
            if sub.name is not None or sub.version is not None:
                self.fail(
                    stmt.span,
                    f"the included file '{stmt.path}' has its own 'profile' header",
                    f"only the including file has a header; remove it from {file}",
                )
            out.extend(self.expand(sub, target.parent, (*chain, target)))
        return out


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def resolve(tree: n.Profile, *, path: Path | None, sources: dict[str, str]) -> n.Profile:
    """The tree with every include replaced by the included statements (recursively)."""
    if not any(isinstance(s, n.Include) for s in tree.statements):
        return tree
    includes = _Includes(sources)
    chain = (path.resolve(),) if path is not None else ()
    base = path.resolve().parent if path is not None else Path.cwd()
    statements = includes.expand(tree, base, chain)
    if includes.diagnostics:
        raise ICPCheckError(includes.diagnostics)
    return n.Profile(tuple(statements), tree.name, tree.version, tree.comments, span=tree.span)


def read(path: str | Path) -> tuple[n.Profile, dict[str, str], str]:
    """Parse a profile file and its includes: (tree, sources by file name, display name)."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ICPCheckError([Diagnostic(f"{file} is not UTF-8 text", file, 1, 1, 2)]) from None
    sources = {file: text}
    tree = parse(text, file=file)
    return resolve(tree, path=path, sources=sources), sources, file
