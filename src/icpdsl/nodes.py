"""The syntax tree of an .icp file: frozen attrs classes, one per grammar alias.

Nodes say what was written, not what it means: a bare name on the right of `is` stays
a `NameValue` until the checker resolves it against the left-hand field's type.  Every
node carries a `Span`; spans ride along for error messages but never take part in
equality, so a tree built by hand (or by Hypothesis) equals the same tree parsed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs


@attrs.frozen
class Span:
    """Where a node was written: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


def _span_field() -> Any:
    """The `span` field every node shares: optional, keyword-only, ignored by equality."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# ---- values -------------------------------------------------------------------------


@attrs.frozen
class Quantity:
    """A number with an optional unit, kept exact: `1.55 um`, `-40 degC`, `800`."""

    value: Decimal
    unit: str | None = None
    span: Span | None = _span_field()


@attrs.frozen
class RangeLiteral:
    """`LOW .. HIGH`; the parser gives a unit-less end the other end's unit."""

    low: Quantity
    high: Quantity
    span: Span | None = _span_field()


@attrs.frozen
class NameValue:
    """A bare identifier on the right: an enum value or another field, decided by the checker."""

    name: str
    span: Span | None = _span_field()


@attrs.frozen
class TextValue:
    """A quoted string used as a value."""

    text: str
    span: Span | None = _span_field()


@attrs.frozen
class DateValue:
    date: datetime.date
    span: Span | None = _span_field()


@attrs.frozen
class YesNoValue:
    value: bool
    span: Span | None = _span_field()


@attrs.frozen
class SetLiteral:
    """`{a, b}`; `{}` is a known empty set."""

    items: tuple[Scalar, ...]
    span: Span | None = _span_field()


# ---- operands: what a predicate reads -----------------------------------------------


@attrs.frozen
class FieldRef:
    name: str
    span: Span | None = _span_field()


@attrs.frozen
class CountOf:
    """`count of F`: the size of a set field, a number."""

    field: str
    span: Span | None = _span_field()


@attrs.frozen
class ScoreRef:
    """`score`: the account's score, usable in tiers only."""

    span: Span | None = _span_field()


# ---- conditions -------------------------------------------------------------------

CompareOp = Literal["=", "!=", "<", "<=", ">", ">="]


@attrs.frozen
class IsValue:
    """`F is V` / `F is not V`."""

    operand: Operand
    value: Value
    negated: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class IsOneOf:
    """`F is one of V, ...` / `F is not one of ...`."""

    operand: Operand
    values: tuple[Scalar, ...]
    negated: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class Compare:
    """`F < V` and the other comparisons."""

    operand: Operand
    op: CompareOp
    value: Value
    span: Span | None = _span_field()


@attrs.frozen
class Between:
    """`F between A and B` (inclusive) / `F not between A and B`."""

    operand: Operand
    low: Value
    high: Value
    negated: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class Within:
    operand: Operand
    range: RangeLiteral
    span: Span | None = _span_field()


@attrs.frozen
class Overlaps:
    operand: Operand
    range: RangeLiteral
    span: Span | None = _span_field()


@attrs.frozen
class Covers:
    """`F covers X` or `F covers LOW .. HIGH`."""

    operand: Operand
    target: Quantity | RangeLiteral
    span: Span | None = _span_field()


SetTest = Literal["any", "all", "none"]


@attrs.frozen
class Contains:
    """`F contains V`."""

    operand: Operand
    value: Value
    span: Span | None = _span_field()


@attrs.frozen
class ContainsSome:
    """`F contains any of / all of / none of V, ...`."""

    operand: Operand
    test: SetTest
    values: tuple[Scalar, ...]
    span: Span | None = _span_field()


@attrs.frozen
class IsEmpty:
    operand: Operand
    negated: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class Mentions:
    """`F mentions "s"` (one text) or `F mentions any of "s", "t"` (`any_of` set)."""

    operand: Operand
    texts: tuple[Scalar, ...]
    any_of: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class StartsWith:
    operand: Operand
    text: str
    span: Span | None = _span_field()


@attrs.frozen
class IsKnown:
    operand: Operand
    negated: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class InTheLast:
    """`F in the last N UNIT` for a date field."""

    operand: Operand
    amount: Quantity
    span: Span | None = _span_field()


@attrs.frozen
class Truthy:
    """A yes/no field alone: true when yes."""

    operand: Operand
    span: Span | None = _span_field()


@attrs.frozen
class And:
    items: tuple[Condition, ...]
    span: Span | None = _span_field()


@attrs.frozen
class Or:
    items: tuple[Condition, ...]
    span: Span | None = _span_field()


@attrs.frozen
class Not:
    item: Condition
    span: Span | None = _span_field()


QuantifierKind = Literal["all", "any", "none", "at_least", "at_most"]


@attrs.frozen
class Quantifier:
    """`all of (C, ...)`, `any of`, `none of`, `at least K of`, `at most K of`."""

    kind: QuantifierKind
    items: tuple[Condition, ...]
    count: int | None = None
    span: Span | None = _span_field()


# ---- field types --------------------------------------------------------------------


@attrs.frozen
class NumberType:
    unit: str | None = None
    integer: bool = False
    span: Span | None = _span_field()


@attrs.frozen
class TextType:
    span: Span | None = _span_field()


@attrs.frozen
class YesNoType:
    span: Span | None = _span_field()


@attrs.frozen
class OneOfType:
    values: tuple[str, ...]
    span: Span | None = _span_field()


@attrs.frozen
class SetType:
    """`set of a, b` (values) or `set of text` (values is None)."""

    values: tuple[str, ...] | None
    span: Span | None = _span_field()


@attrs.frozen
class OrderedType:
    values: tuple[str, ...]
    span: Span | None = _span_field()


@attrs.frozen
class RangeType:
    unit: str | None = None
    span: Span | None = _span_field()


@attrs.frozen
class DateType:
    span: Span | None = _span_field()


# ---- statements ----------------------------------------------------------------------


@attrs.frozen
class FieldDecl:
    """`NAME: TYPE [from "Column"]`."""

    name: str
    type: TypeExpr
    source: str | None = None
    span: Span | None = _span_field()


@attrs.frozen
class FieldsBlock:
    fields: tuple[FieldDecl, ...]
    span: Span | None = _span_field()


@attrs.frozen
class Include:
    path: str
    span: Span | None = _span_field()


RuleKind = Literal["must_have", "disqualifier", "nice_to_have"]


@attrs.frozen
class Rule:
    """A must-have, disqualifier or nice-to-have (weight and category for the last only)."""

    kind: RuleKind
    label: str
    condition: Condition
    weight: Decimal | None = None
    category: str | None = None
    unknown_means: bool | None = None
    span: Span | None = _span_field()


@attrs.frozen
class Category:
    name: str
    cap: Decimal
    span: Span | None = _span_field()


@attrs.frozen
class Tier:
    """`tier NAME when C`; `condition` is None for `tier NAME otherwise`."""

    name: str
    condition: Condition | None
    span: Span | None = _span_field()


@attrs.frozen
class Assignment:
    field: str
    value: Value
    span: Span | None = _span_field()


Verdict = Literal["qualified", "needs_research", "not_a_fit", "disqualified"]


@attrs.frozen
class ExpectVerdict:
    verdict: str
    by: str | None = None
    span: Span | None = _span_field()


@attrs.frozen
class ExpectTier:
    name: str
    span: Span | None = _span_field()


@attrs.frozen
class ExpectScore:
    """`score N` (op "=") or `score >= N`."""

    op: CompareOp
    value: Decimal
    span: Span | None = _span_field()


@attrs.frozen
class Example:
    label: str
    given: tuple[Assignment, ...]
    expect: tuple[Expectation, ...]
    as_of: datetime.date | None = None
    span: Span | None = _span_field()


@attrs.frozen
class Comment:
    """A `#` comment, kept so the formatter can put it back."""

    text: str
    span: Span | None = _span_field()


@attrs.frozen
class Profile:
    """A whole file: optional header, statements in order, and its comments."""

    statements: tuple[Statement, ...]
    name: str | None = None
    version: str | None = None
    comments: tuple[Comment, ...] = ()
    span: Span | None = _span_field()


# ---- unions, at the end because they name the classes above ---------------------

Scalar: TypeAlias = Quantity | RangeLiteral | NameValue | TextValue | DateValue | YesNoValue
Value: TypeAlias = Scalar | SetLiteral
Operand: TypeAlias = FieldRef | CountOf | ScoreRef
Predicate: TypeAlias = (
    IsValue
    | IsOneOf
    | Compare
    | Between
    | Within
    | Overlaps
    | Covers
    | Contains
    | ContainsSome
    | IsEmpty
    | Mentions
    | StartsWith
    | IsKnown
    | InTheLast
    | Truthy
)
Condition: TypeAlias = Predicate | And | Or | Not | Quantifier
TypeExpr: TypeAlias = (
    NumberType | TextType | YesNoType | OneOfType | SetType | OrderedType | RangeType | DateType
)
Expectation: TypeAlias = ExpectVerdict | ExpectTier | ExpectScore
Statement: TypeAlias = Include | FieldsBlock | Rule | Category | Tier | Example


PREDICATE_TYPES: tuple[type, ...] = (
    IsValue, IsOneOf, Compare, Between, Within, Overlaps, Covers, Contains,
    ContainsSome, IsEmpty, Mentions, StartsWith, IsKnown, InTheLast, Truthy,
)  # fmt: skip
