"""Lint warnings for `icpdsl check`: profiles that are valid but almost certainly wrong.

The checker rejects what cannot mean anything; this module points at what means
something nobody intended: a must-have no account can meet, a tier no score can reach,
a category cap smaller than every weight in it, two rules testing the same thing, a
field no rule reads.  Warnings never fail a run (unless `check --strict` asks).

Every claim made here is proven, not guessed: a rule is called always true or always
false only after evaluating it on every case that matters.  Finite fields (yes/no,
choices, sets of choices) are enumerated; numbers, dates and ranges are sampled at
the constants the rule compares them with, plus a point inside each gap between and
beyond them, which covers every way a comparison with constants can come out.  A rule
that reads free text, the evaluation date, `is known`, or compares two number fields
is left alone.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from . import model as m
from . import nodes as n
from .errors import Diagnostic
from .interpreter import Interpreter

if TYPE_CHECKING:
    from .profile import Profile

__all__ = ["lint"]

_MAX_CASES = 20_000  # per condition
_MAX_TOTAL_CASES = 200_000  # per profile, so `check` stays quick on a large one
_MAX_SET_VALUES = 12
_MAX_SCORES = 10_000
_AS_OF = datetime.date(2000, 1, 1)  # no rule analysed here reads the evaluation date

_KIND_WORDS = {
    "must_have": "must-have",
    "disqualifier": "disqualifier",
    "nice_to_have": "nice-to-have",
}


class _Places:
    """Where each rule, category, tier and field was written, from the syntax tree."""

    def __init__(self, tree: n.Profile) -> None:
        self.rules: dict[str, n.Span | None] = {}
        self.categories: dict[str, n.Span | None] = {}
        self.tiers: dict[str, n.Span | None] = {}
        self.fields: dict[str, n.Span | None] = {}
        for stmt in tree.statements:
            if isinstance(stmt, n.Rule):
                self.rules.setdefault(stmt.label, stmt.span)
            elif isinstance(stmt, n.Category):
                self.categories.setdefault(stmt.name, stmt.span)
            elif isinstance(stmt, n.Tier):
                self.tiers.setdefault(stmt.name, stmt.span)
            elif isinstance(stmt, n.FieldsBlock):
                for decl in stmt.fields:
                    self.fields.setdefault(decl.name, decl.span)


def lint(profile: Profile) -> list[Diagnostic]:
    """Every warning about a loaded profile, in file order."""
    checked = profile.checked
    places = _Places(profile.tree)
    found: list[tuple[n.Span | None, str, str | None]] = []
    found += _constant_rules(checked, places)
    found += _duplicates(checked, places)
    found += _categories(checked, places)
    found += _tiers(checked, places)
    found += _unused_fields(checked, places)
    diagnostics = [
        Diagnostic.at(
            span, message, hint=hint, severity="warning", sources=profile.sources, file=checked.file
        )
        for span, message, hint in found
    ]
    return sorted(diagnostics, key=lambda d: (d.file != checked.file, d.file, d.line, d.column))


Finding = tuple[n.Span | None, str, str | None]


# ---- rules that come out the same for every account ------------------------------------------


def _constant_rules(profile: m.CheckedProfile, places: _Places) -> Iterator[Finding]:
    budget = [_MAX_TOTAL_CASES]
    for rule in profile.rules:
        always = constant_value(profile, rule.condition, budget)
        if always is None:
            continue
        span = places.rules.get(rule.label)
        what = f"{_KIND_WORDS[rule.kind]} {rule.label!r}"
        if rule.kind == "must_have" and not always:
            yield (
                span,
                f"{what} can never be met: no account passes it",
                "every account will be not_a_fit or needs_research; check the values and bounds",
            )
        elif rule.kind == "must_have":
            yield (
                span,
                f"{what} holds for every account whose data is known",
                "it only fails on missing data; if that is the intent, write 'FIELD is known'",
            )
        elif rule.kind == "disqualifier" and always:
            yield (
                span,
                f"{what} rules out every account whose data is known",
                "check the values and bounds of its condition",
            )
        elif rule.kind == "disqualifier":
            yield (
                span,
                f"{what} can never apply: its condition is false for every account",
                "check the values and bounds of its condition",
            )
        elif not always:
            yield (
                span,
                f"{what} can never earn its points: its condition is false for every account",
                "check the values and bounds of its condition",
            )
        else:
            yield (
                span,
                f"{what} is true for every account whose data is known, so it adds the same points to all of them",
                "a rule that tells accounts apart tests something some accounts lack",
            )


def constant_value(
    profile: m.CheckedProfile, condition: m.Condition, budget: list[int] | None = None
) -> bool | None:
    """True or False when `condition` has that result for every account with the fields it
    reads known; None when it varies, or when that cannot be proven by enumeration.

    `budget` (a one-item list) is the number of cases left to try across calls.
    """
    domains = _domains(profile, condition)
    if domains is None:
        return None
    names = list(domains)
    cases = math.prod(len(d) for d in domains.values())
    if cases > _MAX_CASES or (budget is not None and cases > budget[0]):
        return None
    if budget is not None:
        budget[0] -= cases
    values: dict[str, object] = {f.name: None for f in profile.fields}
    machine = Interpreter(profile, values, _AS_OF)
    seen: set[bool | None] = set()
    for combo in itertools.product(*(domains[name] for name in names)):
        values.update(zip(names, combo, strict=True))
        seen.add(machine.evaluate(condition))
        if len(seen) > 1:
            return None
    (only,) = seen or {None}
    return only


def _domains(profile: m.CheckedProfile, condition: m.Condition) -> dict[str, list[object]] | None:
    """The values worth trying for each field the condition reads, or None if it can't be done."""
    points: dict[str, set[object]] = {}
    for node in m.walk(condition):
        if isinstance(node, m.Known | m.InLast | m.Mentions | m.StartsWith):
            return None
        terms: list[m.Term] = []
        if isinstance(node, m.Compare):
            terms = [node.left, node.right]
        elif isinstance(node, m.Between):
            terms = [node.term, node.low, node.high]
        elif isinstance(node, m.OneOf):
            terms = [node.term, *(m.Const(v) for v in node.values)]
        elif isinstance(node, m.RangeCheck):
            points.setdefault(node.field, set()).update((node.low, node.high))
            continue
        elif isinstance(node, m.SetCheck | m.IsEmpty | m.Truthy):
            points.setdefault(node.field, set())
            continue
        if any(isinstance(t, m.ScoreTerm) for t in terms):
            return None
        fields = [t for t in terms if isinstance(t, m.FieldTerm)]
        consts = [t.value for t in terms if isinstance(t, m.Const)]
        for term in fields:
            ftype = profile.field(term.field).type
            if len(fields) > 1 and not isinstance(ftype, m.ChoiceT):
                return None  # two numbers or dates against each other: not enumerable
            points.setdefault(term.field, set()).update(consts)
    domains: dict[str, list[object]] = {}
    for name, constants in points.items():
        domain = _domain(profile.field(name).type, constants)
        if domain is None:
            return None
        domains[name] = domain
    return domains


def _domain(ftype: m.FieldType, constants: set[object]) -> list[object] | None:
    if isinstance(ftype, m.YesNoT):
        return [True, False]
    if isinstance(ftype, m.ChoiceT):
        return list(ftype.values)
    if isinstance(ftype, m.SetT):
        if ftype.values is None or len(ftype.values) > _MAX_SET_VALUES:
            return None
        values = ftype.values
        return [
            frozenset(c) for k in range(len(values) + 1) for c in itertools.combinations(values, k)
        ]
    if isinstance(ftype, m.TextT):
        return [*sorted(str(c) for c in constants), "\x00 a text unlike any written in the profile"]
    if isinstance(ftype, m.NumberT):
        numbers = [c for c in constants if isinstance(c, int | float) and not isinstance(c, bool)]
        return list(_number_points(numbers, ftype.integer))
    if isinstance(ftype, m.DateT):
        dates = sorted({c for c in constants if isinstance(c, datetime.date)})
        ordinals = _number_points([d.toordinal() for d in dates], integer=True)
        return [
            datetime.date.fromordinal(o)
            for o in ordinals
            if isinstance(o, int) and 0 < o < 3_000_000
        ]
    if isinstance(ftype, m.RangeT):
        numbers = [c for c in constants if isinstance(c, int | float) and not isinstance(c, bool)]
        ends = _number_points(numbers, integer=False)
        return [(a, b) for a in ends for b in ends if a <= b]
    return None


def _number_points(constants: Iterable[int | float], integer: bool) -> list[int | float]:
    """One value in every region the constants cut the number line into (and each constant)."""
    cuts = sorted(set(constants))
    if not cuts:
        return [0]
    points: list[int | float] = [cuts[0] - 1, cuts[-1] + 1]
    points.extend(cuts)
    points.extend((a + b) / 2 for a, b in itertools.pairwise(cuts))
    if integer:
        whole: set[int] = {math.floor(cuts[0]) - 1, math.floor(cuts[-1]) + 1}
        whole.update(int(c) for c in cuts if float(c).is_integer())
        whole.update(
            math.floor(a) + 1 for a, b in itertools.pairwise(cuts) if math.floor(a) + 1 < b
        )
        return list(sorted(whole))
    return sorted(set(points))


# ---- the same condition twice -------------------------------------------------------------------


def _normal(c: m.Condition) -> m.Condition:
    """The condition with `and`/`or` operands in a fixed order, so `a and b` equals `b and a`."""
    if isinstance(c, m.And | m.Or):
        items = sorted((_normal(i) for i in c.items), key=repr)
        return type(c)(tuple(items))
    if isinstance(c, m.Not):
        return m.Not(_normal(c.item))
    if isinstance(c, m.AtLeast | m.AtMost):
        return type(c)(c.count, tuple(sorted((_normal(i) for i in c.items), key=repr)))
    return c


def _duplicates(profile: m.CheckedProfile, places: _Places) -> Iterator[Finding]:
    first: dict[m.Condition, m.Rule] = {}
    for rule in profile.rules:
        key = _normal(rule.condition)
        earlier = first.setdefault(key, rule)
        if earlier is rule:
            continue
        where = (
            f"line {earlier.line}"
            if earlier.file in ("", rule.file)
            else f"{earlier.file}:{earlier.line}"
        )
        yield (
            places.rules.get(rule.label),
            f"{_KIND_WORDS[rule.kind]} {rule.label!r} has the same condition as {earlier.label!r} ({where})",
            "two labels for one test count it twice; remove one, or make them test different things",
        )


# ---- categories ---------------------------------------------------------------------------------


def _categories(profile: m.CheckedProfile, places: _Places) -> Iterator[Finding]:
    for name, cap in profile.categories.items():
        weights = [
            r.weight for r in profile.rules if r.kind == "nice_to_have" and r.category == name
        ]
        span = places.categories.get(name)
        if not weights:
            yield (
                span,
                f"category {name!r} has no nice-to-have rules",
                "put rules in it with 'in \"NAME\"', or remove it",
            )
            continue
        positive = [w for w in weights if w > 0]
        if positive and cap < min(positive):
            yield (
                span,
                f"category {name!r} is capped at {cap}, below its smallest weight {min(positive)}",
                "no rule in it can earn its full weight; raise the cap or lower the weights",
            )


# ---- tiers --------------------------------------------------------------------------------------


def possible_scores(profile: m.CheckedProfile) -> set[int | float] | None:
    """Every score some combination of nice-to-haves could add up to (caps applied), or None
    when there are too many to list.  Rules are treated as independent, so this may include
    scores no real account reaches, never the other way round."""
    groups: dict[str | None, list[int | float]] = {}
    for rule in profile.rules:
        if rule.kind == "nice_to_have":
            groups.setdefault(rule.category, []).append(rule.weight)
    totals: set[int | float] = {0}
    for category, weights in groups.items():
        sums: set[int | float] = {0}
        for w in weights:
            sums |= {s + w for s in sums}
            if len(sums) > _MAX_SCORES:
                return None
        if category is not None:
            cap = profile.categories[category]
            sums = {min(s, cap) for s in sums}
        if len(totals) * len(sums) > 50 * _MAX_SCORES:
            return None
        totals = {t + s for t in totals for s in sums}
        if len(totals) > _MAX_SCORES:
            return None
    return totals


def _tiers(profile: m.CheckedProfile, places: _Places) -> Iterator[Finding]:
    scores = possible_scores(profile)
    if scores is None or not profile.tiers:
        return
    values: dict[str, object] = {f.name: None for f in profile.fields}
    machine = Interpreter(profile, values, _AS_OF)
    taken: set[int | float] = set()  # scores an earlier tier always claims
    for tier in profile.tiers:
        cond = tier.condition
        if cond is not None and any(isinstance(c, m.Known) for c in m.walk(cond)):
            continue  # `is known` is false for the all-unknown account used here
        results = {}
        for s in scores:
            machine.score = s
            results[s] = True if cond is None else machine.evaluate(cond)
        open_scores = [s for s in scores if s not in taken and results[s] is not False]
        if not open_scores:
            low, high = min(scores), max(scores)
            if all(results[s] is False for s in scores):
                why = f"no possible score (from {low} to {high}) meets its condition"
            else:
                why = "every score it accepts is taken by an earlier tier"
            yield places.tiers.get(tier.name), f"tier {tier.name} can never be reached: {why}", None
        taken |= {s for s in scores if results[s] is True}


# ---- fields -------------------------------------------------------------------------------------


def _unused_fields(profile: m.CheckedProfile, places: _Places) -> Iterator[Finding]:
    used = {name for rule in profile.rules for name in rule.fields}
    for tier in profile.tiers:
        for node in m.walk(tier.condition):
            name = getattr(node, "field", None)
            if isinstance(name, str):
                used.add(name)
            for term in m.terms(node):
                if isinstance(term, m.FieldTerm):
                    used.add(term.field)
    for f in profile.fields:
        if f.name not in used:
            yield (
                places.fields.get(f.name),
                f"field {f.name!r} is declared but no rule uses it",
                "remove it, or write the rule that needs it",
            )
