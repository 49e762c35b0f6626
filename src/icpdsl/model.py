"""The checked profile: what the checker hands to the compiler and the interpreter.

Where the syntax tree says what was written, the model says what it means: names are
resolved to fields, right-hand values are constants already converted to the field's
own unit (plain ints and floats), enum values are the declared spellings, ordered
values are ranks, text is case-folded.  Both back ends, the compiler and the
interpreter, read only this, so they cannot disagree about what a rule says.
"""

from __future__ import annotations

import datetime
import functools
import math
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

# ---- field types ---------------------------------------------------------------------


@attrs.frozen
class NumberT:
    unit: str | None
    integer: bool = False

    def describe(self) -> str:
        word = "a whole number" if self.integer else "a number"
        return f"{word} in {self.unit}" if self.unit else word


@attrs.frozen
class TextT:
    def describe(self) -> str:
        return "a text"


@attrs.frozen
class YesNoT:
    def describe(self) -> str:
        return "yes or no"


@attrs.frozen
class ChoiceT:
    """`one of ...` (ordered False) or `ordered a < b < c` (ordered True)."""

    values: tuple[str, ...]
    ordered: bool = False

    def describe(self) -> str:
        sep = " < " if self.ordered else ", "
        return f"{'ordered' if self.ordered else 'one of'} {sep.join(self.values)}"


@attrs.frozen
class SetT:
    """`set of a, b` (values) or `set of text` (values None)."""

    values: tuple[str, ...] | None

    def describe(self) -> str:
        return "a set of text" if self.values is None else f"a set of {', '.join(self.values)}"


@attrs.frozen
class RangeT:
    unit: str | None

    def describe(self) -> str:
        return f"a range in {self.unit}" if self.unit else "a range"


@attrs.frozen
class DateT:
    def describe(self) -> str:
        return "a date"


FieldType: TypeAlias = NumberT | TextT | YesNoT | ChoiceT | SetT | RangeT | DateT


@attrs.frozen
class Field:
    """A declared field; `key` is the column or key it is read from (`from "..."`)."""

    name: str
    type: FieldType
    key: str
    index: int
    line: int = attrs.field(default=0, eq=False)


# ---- terms and conditions ------------------------------------------------------------

Constant: TypeAlias = (
    "int | float | str | bool | datetime.date | tuple[int | float, int | float] | frozenset[str]"
)


@attrs.frozen
class Const:
    value: Constant


@attrs.frozen
class FieldTerm:
    """A field's value; `via` "rank" reads an ordered value's position, "count" a set's size.

    `scale` converts another field's unit into the unit of the comparison (field versus
    field in mW and W); 1 otherwise.
    """

    field: str
    via: Literal["value", "rank", "count"] = "value"
    scale: float = 1


@attrs.frozen
class ScoreTerm:
    """The account's score (tiers only)."""


Term: TypeAlias = Const | FieldTerm | ScoreTerm

CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]


@attrs.frozen
class Compare:
    left: Term
    op: CompareOp
    right: Term


@attrs.frozen
class Between:
    term: Term
    low: Term
    high: Term
    negated: bool = False


@attrs.frozen
class OneOf:
    term: Term
    values: frozenset[Constant]
    negated: bool = False


RangeTest = Literal["within", "overlaps", "covers"]


@attrs.frozen
class RangeCheck:
    """A range field against the constant range [low, high]:

    within: the account's range lies inside; overlaps: they share a point;
    covers: the account's range includes [low, high] (a point when low == high).
    """

    field: str
    test: RangeTest
    low: int | float
    high: int | float


SetTestKind = Literal["has", "any", "all", "none"]


@attrs.frozen
class SetCheck:
    field: str
    test: SetTestKind
    values: frozenset[str]


@attrs.frozen
class IsEmpty:
    field: str
    negated: bool = False


@attrs.frozen
class Mentions:
    """Case-insensitive substring in a text, or in any element of a set of text."""

    field: str
    texts: tuple[str, ...]
    in_set: bool


@attrs.frozen
class StartsWith:
    field: str
    text: str


@attrs.frozen
class Known:
    field: str
    negated: bool = False


@attrs.frozen
class InLast:
    """as_of - days <= F <= as_of."""

    field: str
    days: int


@attrs.frozen
class Truthy:
    field: str


@attrs.frozen
class And:
    items: tuple[Condition, ...]


@attrs.frozen
class Or:
    items: tuple[Condition, ...]


@attrs.frozen
class Not:
    item: Condition


@attrs.frozen
class AtLeast:
    """At least `count` items true; `all of` and `none of` are written with And/Or/Not."""

    count: int
    items: tuple[Condition, ...]


@attrs.frozen
class AtMost:
    count: int
    items: tuple[Condition, ...]


Predicate: TypeAlias = (
    Compare | Between | OneOf | RangeCheck | SetCheck | IsEmpty | Mentions | StartsWith
    | Known | InLast | Truthy
)  # fmt: skip
Condition: TypeAlias = Predicate | And | Or | Not | AtLeast | AtMost

# ---- the profile ----------------------------------------------------------------------

RuleKind = Literal["must_have", "disqualifier", "nice_to_have"]


@attrs.frozen
class Rule:
    label: str
    kind: RuleKind
    condition: Condition
    weight: int | float = 0
    category: str | None = None
    unknown_means: bool | None = None
    fields: tuple[str, ...] = ()
    line: int = attrs.field(default=0, eq=False)
    file: str = attrs.field(default="", eq=False)


@attrs.frozen
class Tier:
    name: str
    condition: Condition | None


@attrs.frozen
class ExampleExpectation:
    """`verdict`/`by`, `tier`, or `score` compared with `op`."""

    what: Literal["verdict", "tier", "score"]
    value: str | int | float
    op: CompareOp = "=="
    by: str | None = None


@attrs.frozen
class Example:
    label: str
    given: dict[str, object] = attrs.field(eq=False)
    expect: tuple[ExampleExpectation, ...]
    as_of: datetime.date | None
    line: int = attrs.field(default=0, eq=False)
    file: str = attrs.field(default="", eq=False)


@attrs.frozen
class CheckedProfile:
    name: str | None
    version: str | None
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    categories: dict[str, int | float] = attrs.field(eq=False)
    tiers: tuple[Tier, ...]
    examples: tuple[Example, ...]
    file: str = "<string>"

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def uses_dates(self) -> bool:
        """Whether a rule or tier needs the evaluation date."""
        conditions = [r.condition for r in self.rules] + [t.condition for t in self.tiers]
        return any(isinstance(c, InLast) for cond in conditions for c in walk(cond))

    @functools.cached_property
    def score_scale(self) -> int:
        """The smallest factor that makes every weight and cap a whole number.

        Compiled code adds scaled integers and divides once at the end, so decimal
        weights sum exactly.  Cached: every `score_of` reads it, and it walks every weight.
        """
        numbers = [r.weight for r in self.rules if r.kind == "nice_to_have"]
        return math.lcm(1, *(exact(v).denominator for v in [*numbers, *self.categories.values()]))

    @functools.cached_property
    def max_score(self) -> int | float:
        """The score with every positive-weight rule true (caps respected)."""
        return score_of(
            self, {r.label: r.weight > 0 for r in self.rules if r.kind == "nice_to_have"}
        )


def walk(condition: Condition | None) -> list[Condition]:
    """Every condition node under `condition`, itself included (depth-first)."""
    out: list[Condition] = []
    stack = [condition] if condition is not None else []
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, And | Or | AtLeast | AtMost):
            stack.extend(reversed(node.items))
        elif isinstance(node, Not):
            stack.append(node.item)
    return out


def exact(value: int | float) -> Fraction:
    """The decimal a weight or cap was written as (a float's repr round-trips it)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def terms(condition: Condition) -> list[Term]:
    """The terms a comparison reads (`Compare`, `Between`, `OneOf`); none for other nodes."""
    if isinstance(condition, Compare):
        return [condition.left, condition.right]
    if isinstance(condition, Between):
        return [condition.term, condition.low, condition.high]
    if isinstance(condition, OneOf):
        return [condition.term]
    return []


def fields_read(condition: Condition | None) -> tuple[str, ...]:
    """The fields a condition reads, in first-use order."""
    names: list[str] = []
    for node in walk(condition):
        named = getattr(node, "field", None)
        read = [named] if isinstance(named, str) else []
        read += [t.field for t in terms(node) if isinstance(t, FieldTerm)]
        names += [name for name in read if name not in names]
    return tuple(names)


def score_of(profile: CheckedProfile, true_rules: dict[str, bool]) -> int | float:
    """Sum the weights of the nice-to-haves marked true, capping each category.

    The sum is exact (0.7 + 0.1 is 0.8) and rounded once: an int when every weight
    and cap is whole, else a float.
    """
    totals: dict[str | None, Fraction] = {}
    for rule in profile.rules:
        if rule.kind == "nice_to_have" and true_rules.get(rule.label):
            totals[rule.category] = totals.get(rule.category, Fraction(0)) + exact(rule.weight)
    score = totals.pop(None, Fraction(0))
    for name, total in totals.items():
        score += min(total, exact(profile.categories[name])) if name is not None else total
    return int(score) if profile.score_scale == 1 else float(score)
