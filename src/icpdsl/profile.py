"""`Profile`: a checked, compiled profile and the functions users call on it.

`load`/`loads` chain the stages: read (with includes) → parse → check → compile.
The compiled module's `score` is bound directly as `Profile.score`, so the fast path
pays no wrapper call.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from . import compiler, loader
from . import model as m
from . import nodes as n
from .checker import Checker
from .convert import DataError
from .parser import parse
from .results import Evaluation
from .runtime import Verdict

ScoreTuple = tuple[Verdict, int | float, str | None]


class _ScoredRow(NamedTuple):
    verdict: str
    score: int | float | None
    tier: str | None


class Scored(_ScoredRow):
    """One row of batch scoring: `(verdict, score, tier)`, the same three as `Profile.score`.

    A row that cannot be read has the verdict "invalid", no score or tier, and its
    `DataError` in `.error` (None for every other row) — an attribute, not a fourth
    item, so rows unpack like `score`'s results.
    """

    error: DataError | None = None

    @classmethod
    def invalid(cls, error: DataError) -> Scored:
        row = cls("invalid", None, None)
        row.error = error
        return row


@attrs.frozen
class CompiledRule:
    """One rule as compiled functions: `predicate(account)` is True, False or None (unknown)."""

    label: str
    kind: str
    category: str | None
    weight: int | float
    predicate: Callable[..., bool | None] = attrs.field(repr=False)

    def weight_of(self, account: object, as_of: datetime.date | None = None) -> int | float:
        """The points this rule awards the account on its own: its weight when true, else 0."""
        if self.kind != "nice_to_have":
            return 0
        return self.weight if self.predicate(account, as_of) is True else 0


@attrs.frozen
class ExampleResult:
    """The outcome of one `example` block: `problems` is empty when it holds."""

    label: str
    file: str
    line: int
    evaluation: Evaluation
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


class Profile:
    """A loaded profile: evaluate, score and explain accounts with it."""

    score: Callable[..., ScoreTuple]

    def __init__(self, checked: m.CheckedProfile, tree: n.Profile, sources: dict[str, str]) -> None:
        self.checked = checked
        self.tree = tree
        self.sources = sources
        self._module = compiler.Module(checked)
        self.source = self._module.source
        self.score = self._module.namespace["score"]
        self.max_score = checked.max_score

    @functools.cached_property
    def _evaluate(self) -> Callable[..., dict[str, Any]]:
        evaluate: Callable[..., dict[str, Any]] = self._module.complete()["evaluate"]
        return evaluate

    @functools.cached_property
    def rules(self) -> tuple[CompiledRule, ...]:
        """The compiled rules, in file order: `.predicate(account)` and `.weight_of(account)`."""
        functions = self._module.complete()["RULE_FUNCTIONS"]
        return tuple(
            CompiledRule(r.label, r.kind, r.category, r.weight, functions[j])
            for j, r in enumerate(self.checked.rules)
        )

    def __repr__(self) -> str:
        return f"<icpdsl.Profile {self.name!r} version {self.version!r}: {len(self.checked.rules)} rules>"

    @property
    def name(self) -> str | None:
        return self.checked.name

    @property
    def version(self) -> str | None:
        return self.checked.version

    @property
    def file(self) -> str:
        return self.checked.file

    @property
    def fields(self) -> tuple[m.Field, ...]:
        return self.checked.fields

    def evaluate(self, account: object, as_of: datetime.date | None = None) -> Evaluation:
        """Everything about one account: verdict, score, potential, tier, each rule's outcome."""
        return Evaluation.from_dict(self._evaluate(account, as_of), self.max_score)

    def score_many(
        self, accounts: Iterable[object], as_of: datetime.date | None = None
    ) -> Iterator[Scored]:
        """Score a stream of accounts lazily; a row that cannot be read comes back invalid."""
        as_of = as_of or datetime.date.today()
        score = self.score
        for account in accounts:
            try:
                verdict, points, tier = score(account, as_of)
            except DataError as exc:
                yield Scored.invalid(exc)
                continue
            yield Scored(verdict, points, tier)

    def is_fit(self, account: object, as_of: datetime.date | None = None) -> bool | None:
        """True when qualified, False when not a fit or disqualified, None when it needs research."""
        verdict = self.score(account, as_of)[0]
        if verdict is Verdict.NEEDS_RESEARCH:
            return None
        return verdict is Verdict.QUALIFIED

    def points(self, account: object, as_of: datetime.date | None = None) -> int | float:
        """The account's score."""
        return self.score(account, as_of)[1]

    def to_python(self) -> str:
        """Source of a standalone module with the same functions; standard library only."""
        from .standalone import standalone_source

        return standalone_source(self)

    def run_examples(self, as_of: datetime.date | None = None) -> list[ExampleResult]:
        """Evaluate every `example` block and compare with what it expects."""
        results = []
        for ex in self.checked.examples:
            ev = self.evaluate(ex.given, ex.as_of or as_of)
            problems = tuple(_problems(ex, ev))
            results.append(ExampleResult(ex.label, ex.file, ex.line, ev, problems))
        return results


def _problems(ex: m.Example, ev: Evaluation) -> Iterator[str]:
    ops: dict[str, Callable[[Any, Any], bool]] = {
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    }  # fmt: skip
    for e in ex.expect:
        if e.what == "verdict":
            if ev.verdict != e.value:
                yield f"expected {e.value}, got {ev.verdict.value}" + (
                    f" (decided by {ev.decided_by!r})" if ev.decided_by else ""
                )
            elif e.by is not None and ev.decided_by != e.by:
                yield f"expected {e.value} by {e.by!r}, but it was decided by {ev.decided_by!r}"
        elif e.what == "tier":
            if ev.tier != e.value:
                yield f"expected tier {e.value}, got {'no tier' if ev.tier is None else 'tier ' + ev.tier}"
        elif not ops[e.op](ev.score, e.value):
            shown = "" if e.op == "==" else f"{e.op} "
            yield f"expected score {shown}{e.value}, got {ev.score}"


def _build(tree: n.Profile, sources: dict[str, str], file: str) -> Profile:
    checked = Checker(sources, file).check(tree)
    return Profile(checked, tree, sources)


def load(path: str | Path) -> Profile:
    """Read, parse, check and compile a profile file (includes resolved relative to it)."""
    tree, sources, file = loader.read(path)
    return _build(tree, sources, file)


def loads(text: str, name: str = "<string>", *, base_dir: str | Path | None = None) -> Profile:
    """Parse, check and compile profile text; includes resolve against `base_dir` (default: cwd)."""
    sources = {name: text}
    tree = parse(text, file=name)
    base = Path(base_dir) / name if base_dir is not None else None
    tree = loader.resolve(tree, path=base, sources=sources)
    return _build(tree, sources, name)


def check_tree(tree: n.Profile, file: str = "<tree>") -> m.CheckedProfile:
    """Check a tree built in code (no includes); raises ICPCheckError."""
    return Checker({}, file).check(tree)


def from_tree(tree: n.Profile, file: str = "<tree>") -> Profile:
    """Compile a syntax tree built in code, as `loads` would its text."""
    return _build(tree, {}, file)
