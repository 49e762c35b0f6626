"""Text → syntax tree.  The only module that imports lark.

The LALR parser (contextual lexer) is built once per process from `grammar/icp.lark`.
A small post-lexer does two jobs the grammar cannot: it tells the commas that separate
a quantifier's conditions from the commas of a value list, and it refuses nesting
deeper than `MAX_NESTING`, so every later pass may recurse without fear of
`RecursionError`.  Lark's exceptions never escape: they become `ICPSyntaxError`.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from . import nodes as n
from .errors import Diagnostic, ICPSyntaxError

MAX_NESTING = 32
"""Deepest nesting of parentheses, braces and `not`s a condition may have."""

MAX_NUMBER_DIGITS = 60
MAX_EXPONENT = 400

KEYWORDS = frozenset(
    {
        "profile",
        "version",
        "fields",
        "must",
        "have",
        "nice",
        "to",
        "disqualify",
        "category",
        "up",
        "weight",
        "in",
        "tier",
        "when",
        "otherwise",
        "example",
        "given",
        "expect",
        "as",
        "by",
        "and",
        "or",
        "not",
        "is",
        "of",
        "one",
        "set",
        "text",
        "number",
        "integer",
        "range",
        "yes",
        "no",
        "ordered",
        "date",
        "within",
        "overlaps",
        "covers",
        "between",
        "contains",
        "any",
        "all",
        "none",
        "at",
        "least",
        "most",
        "count",
        "mentions",
        "starts",
        "with",
        "known",
        "empty",
        "score",
        "the",
        "last",
        "include",
        "from",
        "unknown",
        "means",
    }
)


def grammar_text() -> str:
    """The grammar, from inside the installed package or, in a source checkout, `grammar/`."""
    packaged = resources.files("icpdsl").joinpath("grammar", "icp.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "grammar" / "icp.lark"
    return checkout.read_text(encoding="utf-8")


class _PostLexer:
    """Marks quantifier commas, bounds nesting, and wants braced value lists inside quantifiers.

    Inside a quantifier's parentheses a comma separates conditions, so a value list
    there is written in braces even when it has one value (LANGUAGE.md section 5):
    after `any of` / `all of` / `none of` / `one of` comes `{` or, for a quantifier, `(`.
    """

    always_accept = ("COMMA",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        brackets: list[str] = []  # "q" quantifier paren, "g" grouping paren, "b" brace
        nots = 0
        previous: Token | None = None
        list_opened_by: Token | None = None  # the `of` of `contains any of` & co. in a quantifier
        for token in stream:
            kind = token.type
            if list_opened_by is not None and kind not in ("LBRACE", "LPAR"):
                raise _BareList(token)
            list_opened_by = None
            if (
                kind == "OF"
                and previous is not None
                and previous.type in ("ANY", "ALL", "NONE", "ONE")
                and "q" in brackets
            ):
                list_opened_by = token
            if kind == "LPAR":
                brackets.append("q" if previous is not None and previous.type == "OF" else "g")
            elif kind == "LBRACE":
                brackets.append("b")
            elif kind in ("RPAR", "RBRACE") and brackets:
                brackets.pop()
            elif kind == "COMMA" and brackets and brackets[-1] != "b" and "q" in brackets:
                token = Token.new_borrow_pos("_QCOMMA", token.value, token)
            nots = nots + 1 if kind == "NOT" else 0
            if len(brackets) + nots > MAX_NESTING:
                raise _TooDeep(token)
            previous = token
            yield token


class _TooDeep(Exception):
    def __init__(self, token: Token) -> None:
        self.token = token


class _BareList(_TooDeep):
    """A value list without braces inside a quantifier's parentheses."""


@functools.cache
def _lark() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=_PostLexer(),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=True,
    )


# ---- tokens → values --------------------------------------------------------------------

_ESCAPE = re.compile(r'\\(u[0-9a-fA-F]{4}|["\\nt]|.)', re.DOTALL)
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


class _TokenError(Exception):
    """A token that lexed but is not valid (bad escape, huge number): becomes a syntax error."""

    def __init__(self, token: Token, message: str, hint: str | None = None, offset: int = 0):
        self.token, self.message, self.hint, self.offset = token, message, hint, offset


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        if code.startswith("u") and len(code) == 5:
            return chr(int(code[1:], 16))
        raise _TokenError(
            token,
            f"'\\{code}' is not an escape icpdsl knows",
            'write \\" for a quote, \\\\ for a backslash, \\n, \\t or \\uXXXX',
            offset=match.start() + 1,
        )

    return _ESCAPE.sub(replace, body)


def _name(token: Token) -> str:
    text = str(token)
    return text[1:-1] if text.startswith("`") else text


def _decimal(token: Token) -> Decimal:
    text = str(token).replace("_", "")
    mantissa, _, exponent = text.lower().partition("e")
    if len(mantissa.replace(".", "").lstrip("+-")) > MAX_NUMBER_DIGITS or (
        exponent and abs(int(exponent)) > MAX_EXPONENT
    ):
        raise _TokenError(token, f"the number {token} is too large to be useful here")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the NUMBER token only matches decimals
        raise _TokenError(token, f"{token} is not a number") from None


def _date(token: Token) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(token))
    except ValueError:
        raise _TokenError(
            token, f"{token} is not a calendar date", "write dates as YYYY-MM-DD"
        ) from None


def _whole(token: Token, what: str) -> int:
    value = _decimal(token)
    if value != value.to_integral_value() or value < 0:
        raise _TokenError(token, f"{what} must be a whole number, not {token}")
    return int(value)


# ---- the transformer: parse tree → nodes ------------------------------------------------


class _Builder:
    """One method per grammar alias; each builds the node of the same meaning.

    A plain recursive walk rather than lark's Transformer: every method gets the
    children inline plus the tree's `span`, and the depth is bounded by the post-lexer.
    """

    def __init__(self, file: str) -> None:
        self.file = file

    def _span(self, item: Token | Tree[Token]) -> n.Span | None:
        meta = item.meta if isinstance(item, Tree) else item
        line = getattr(meta, "line", None)
        if line is None:
            return None
        column = meta.column or 1
        end_line = meta.end_line or line
        return n.Span(self.file, line, column, end_line, meta.end_column or column + 1)

    def build(self, tree: Tree[Token]) -> Any:
        children = [self.build(c) if isinstance(c, Tree) else c for c in tree.children]
        return getattr(self, str(tree.data))(*children, span=self._span(tree))

    # -- the file
    def start(self, *items: Any, span: n.Span | None) -> n.Profile:
        name = version = None
        statements = list(items)
        if statements and isinstance(statements[0], tuple):
            name, version = statements.pop(0)
        return n.Profile(tuple(statements), name, version, span=span)

    def header(self, name: Token, version: Token | None = None, *, span: n.Span | None) -> Any:
        return (_unquote(name), _unquote(version) if version is not None else None)

    def include(self, path: Token, *, span: n.Span | None) -> n.Include:
        return n.Include(_unquote(path), span=span)

    # -- fields
    def fields_block(self, *decls: n.FieldDecl, span: n.Span | None) -> n.FieldsBlock:
        return n.FieldsBlock(decls, span=span)

    def field_decl(
        self, name: str, type_: n.TypeExpr, source: str | None = None, *, span: n.Span | None
    ) -> n.FieldDecl:
        return n.FieldDecl(name, type_, source, span=span)

    def source(self, text: Token, *, span: n.Span | None) -> str:
        return _unquote(text)

    def name(self, token: Token, *, span: n.Span | None) -> str:
        return _name(token)

    def choice(self, item: str | Token, *, span: n.Span | None) -> str:
        return _unquote(item) if isinstance(item, Token) and item.type == "STRING" else str(item)

    def unit_clause(self, unit: Token, *, span: n.Span | None) -> str:
        return str(unit)

    def number_type(self, unit: str | None = None, *, span: n.Span | None) -> n.NumberType:
        return n.NumberType(unit, integer=False, span=span)

    def integer_type(self, unit: str | None = None, *, span: n.Span | None) -> n.NumberType:
        return n.NumberType(unit, integer=True, span=span)

    def text_type(self, *, span: n.Span | None) -> n.TextType:
        return n.TextType(span=span)

    def yes_no_type(self, *, span: n.Span | None) -> n.YesNoType:
        return n.YesNoType(span=span)

    def one_of_type(self, *values: str, span: n.Span | None) -> n.OneOfType:
        return n.OneOfType(values, span=span)

    def set_of_text_type(self, *, span: n.Span | None) -> n.SetType:
        return n.SetType(None, span=span)

    def set_of_type(self, *values: str, span: n.Span | None) -> n.SetType:
        return n.SetType(values, span=span)

    def ordered_type(self, *values: str, span: n.Span | None) -> n.OrderedType:
        return n.OrderedType(values, span=span)

    def range_type(self, unit: str | None = None, *, span: n.Span | None) -> n.RangeType:
        return n.RangeType(unit, span=span)

    def date_type(self, *, span: n.Span | None) -> n.DateType:
        return n.DateType(span=span)

    # -- rules
    def _rule(self, kind: n.RuleKind, label: Token, parts: tuple[Any, ...], **kw: Any) -> n.Rule:
        *options, condition = parts
        unknown_means = next((o for o in options if isinstance(o, bool)), None)
        return n.Rule(kind, _unquote(label), condition, unknown_means=unknown_means, **kw)

    def must_have(self, label: Token, *parts: Any, span: n.Span | None) -> n.Rule:
        return self._rule("must_have", label, parts, span=span)

    def disqualifier(self, label: Token, *parts: Any, span: n.Span | None) -> n.Rule:
        return self._rule("disqualifier", label, parts, span=span)

    def nice_to_have(self, label: Token, weight: Token, *parts: Any, span: n.Span | None) -> n.Rule:
        category = next((p for p in parts[:-1] if isinstance(p, str)), None)
        return self._rule(
            "nice_to_have", label, parts, weight=_decimal(weight), category=category, span=span
        )

    def in_category(self, name: Token, *, span: n.Span | None) -> str:
        return _unquote(name)

    def unknown_means(self, answer: Token, *, span: n.Span | None) -> bool:
        return answer.type == "YES"

    def category(self, name: Token, cap: Token, *, span: n.Span | None) -> n.Category:
        return n.Category(_unquote(name), _decimal(cap), span=span)

    def tier_name(self, item: str | Token, *, span: n.Span | None) -> str:
        return _unquote(item) if isinstance(item, Token) and item.type == "STRING" else str(item)

    def tier_when(self, name: str, condition: n.Condition, *, span: n.Span | None) -> n.Tier:
        return n.Tier(name, condition, span=span)

    def tier_otherwise(self, name: str, *, span: n.Span | None) -> n.Tier:
        return n.Tier(name, None, span=span)

    # -- examples
    def example(self, label: Token, *parts: Any, span: n.Span | None) -> n.Example:
        as_of = next((p for p in parts if isinstance(p, datetime.date)), None)
        given = next((p for p in parts if isinstance(p, list)), [])
        expect = tuple(
            p for p in parts if isinstance(p, n.ExpectVerdict | n.ExpectTier | n.ExpectScore)
        )
        return n.Example(_unquote(label), tuple(given), expect, as_of, span=span)

    def as_of(self, date: Token, *, span: n.Span | None) -> datetime.date:
        return _date(date)

    def given(self, *assignments: n.Assignment, span: n.Span | None) -> list[n.Assignment]:
        return list(assignments)

    def assignment(self, field: str, value: n.Value, *, span: n.Span | None) -> n.Assignment:
        return n.Assignment(field, value, span=span)

    def expect_verdict(
        self, verdict: str, by: str | None = None, *, span: n.Span | None
    ) -> n.ExpectVerdict:
        return n.ExpectVerdict(verdict, by, span=span)

    def by(self, label: Token, *, span: n.Span | None) -> str:
        return _unquote(label)

    def expect_tier(self, name: str, *, span: n.Span | None) -> n.ExpectTier:
        return n.ExpectTier(name, span=span)

    def expect_score(self, value: Token, *, span: n.Span | None) -> n.ExpectScore:
        return n.ExpectScore("=", _decimal(value), span=span)

    def expect_score_compare(
        self, op: n.CompareOp, value: Token, *, span: n.Span | None
    ) -> n.ExpectScore:
        return n.ExpectScore(op, _decimal(value), span=span)

    # -- conditions
    def or_cond(self, *items: n.Condition, span: n.Span | None) -> n.Or:
        return n.Or(items, span=span)

    def and_cond(self, *items: n.Condition, span: n.Span | None) -> n.And:
        return n.And(items, span=span)

    def negation(self, item: n.Condition, *, span: n.Span | None) -> n.Not:
        return n.Not(item, span=span)

    def quantifier(
        self, kind: tuple[n.QuantifierKind, int | None], *items: n.Condition, span: n.Span | None
    ) -> n.Quantifier:
        return n.Quantifier(kind[0], items, kind[1], span=span)

    def all_of(self, *, span: n.Span | None) -> tuple[str, None]:
        return ("all", None)

    def any_of(self, *, span: n.Span | None) -> tuple[str, None]:
        return ("any", None)

    def none_of(self, *, span: n.Span | None) -> tuple[str, None]:
        return ("none", None)

    def at_least(self, count: Token, *, span: n.Span | None) -> tuple[str, int]:
        return ("at_least", _whole(count, "the count in 'at least K of'"))

    def at_most(self, count: Token, *, span: n.Span | None) -> tuple[str, int]:
        return ("at_most", _whole(count, "the count in 'at most K of'"))

    def field_ref(self, name: str, *, span: n.Span | None) -> n.FieldRef:
        return n.FieldRef(name, span=span)

    def count_of(self, name: str, *, span: n.Span | None) -> n.CountOf:
        return n.CountOf(name, span=span)

    def score_ref(self, *, span: n.Span | None) -> n.ScoreRef:
        return n.ScoreRef(span=span)

    def cmp_op(self, token: Token, *, span: n.Span | None) -> str:
        return str(token)

    def is_value(self, operand: n.Operand, value: n.Value, *, span: n.Span | None) -> n.IsValue:
        return n.IsValue(operand, value, False, span=span)

    def is_not_value(self, operand: n.Operand, value: n.Value, *, span: n.Span | None) -> n.IsValue:
        return n.IsValue(operand, value, True, span=span)

    def is_one_of(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.IsOneOf:
        return n.IsOneOf(operand, values, False, span=span)

    def is_not_one_of(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.IsOneOf:
        return n.IsOneOf(operand, values, True, span=span)

    def compare(
        self, operand: n.Operand, op: n.CompareOp, value: n.Value, *, span: n.Span | None
    ) -> n.Compare:
        return n.Compare(operand, op, value, span=span)

    def between(
        self, operand: n.Operand, low: n.Value, high: n.Value, *, span: n.Span | None
    ) -> n.Between:
        return n.Between(operand, low, high, False, span=span)

    def not_between(
        self, operand: n.Operand, low: n.Value, high: n.Value, *, span: n.Span | None
    ) -> n.Between:
        return n.Between(operand, low, high, True, span=span)

    def within(
        self, operand: n.Operand, range_: n.RangeLiteral, *, span: n.Span | None
    ) -> n.Within:
        return n.Within(operand, range_, span=span)

    def overlaps(
        self, operand: n.Operand, range_: n.RangeLiteral, *, span: n.Span | None
    ) -> n.Overlaps:
        return n.Overlaps(operand, range_, span=span)

    def covers(
        self, operand: n.Operand, target: n.Quantity | n.RangeLiteral, *, span: n.Span | None
    ) -> n.Covers:
        return n.Covers(operand, target, span=span)

    def contains(self, operand: n.Operand, value: n.Value, *, span: n.Span | None) -> n.Contains:
        return n.Contains(operand, value, span=span)

    def contains_any(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.ContainsSome:
        return n.ContainsSome(operand, "any", values, span=span)

    def contains_all(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.ContainsSome:
        return n.ContainsSome(operand, "all", values, span=span)

    def contains_none(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.ContainsSome:
        return n.ContainsSome(operand, "none", values, span=span)

    def is_empty(self, operand: n.Operand, *, span: n.Span | None) -> n.IsEmpty:
        return n.IsEmpty(operand, False, span=span)

    def is_not_empty(self, operand: n.Operand, *, span: n.Span | None) -> n.IsEmpty:
        return n.IsEmpty(operand, True, span=span)

    def mentions(self, operand: n.Operand, text: Token, *, span: n.Span | None) -> n.Mentions:
        value = n.TextValue(_unquote(text), span=self._span(text))
        return n.Mentions(operand, (value,), False, span=span)

    def mentions_any(
        self, operand: n.Operand, values: tuple[n.Scalar, ...], *, span: n.Span | None
    ) -> n.Mentions:
        return n.Mentions(operand, values, True, span=span)

    def starts_with(self, operand: n.Operand, text: Token, *, span: n.Span | None) -> n.StartsWith:
        return n.StartsWith(operand, _unquote(text), span=span)

    def is_known(self, operand: n.Operand, *, span: n.Span | None) -> n.IsKnown:
        return n.IsKnown(operand, False, span=span)

    def is_not_known(self, operand: n.Operand, *, span: n.Span | None) -> n.IsKnown:
        return n.IsKnown(operand, True, span=span)

    def in_the_last(
        self, operand: n.Operand, amount: n.Quantity, *, span: n.Span | None
    ) -> n.InTheLast:
        return n.InTheLast(operand, amount, span=span)

    def truthy(self, operand: n.Operand, *, span: n.Span | None) -> n.Truthy:
        return n.Truthy(operand, span=span)

    # -- values
    def name_value(self, name: str, *, span: n.Span | None) -> n.NameValue:
        return n.NameValue(name, span=span)

    def text_value(self, text: Token, *, span: n.Span | None) -> n.TextValue:
        return n.TextValue(_unquote(text), span=span)

    def date_value(self, date: Token, *, span: n.Span | None) -> n.DateValue:
        return n.DateValue(_date(date), span=span)

    def yes_no_value(self, token: Token, *, span: n.Span | None) -> n.YesNoValue:
        return n.YesNoValue(token.type == "YES", span=span)

    def quantity(
        self, number: Token, unit: Token | None = None, *, span: n.Span | None
    ) -> n.Quantity:
        return n.Quantity(_decimal(number), str(unit) if unit is not None else None, span=span)

    def range_literal(
        self, low: n.Quantity, high: n.Quantity, *, span: n.Span | None
    ) -> n.RangeLiteral:
        # An end without a unit takes the other end's unit (LANGUAGE.md section 2).
        if low.unit is None and high.unit is not None:
            low = n.Quantity(low.value, high.unit, span=low.span)
        elif high.unit is None and low.unit is not None:
            high = n.Quantity(high.value, low.unit, span=high.span)
        return n.RangeLiteral(low, high, span=span)

    def set_literal(self, *items: n.Scalar, span: n.Span | None) -> n.SetLiteral:
        return n.SetLiteral(items, span=span)

    def value_list(self, *items: n.Scalar, span: n.Span | None) -> tuple[n.Scalar, ...]:
        return items


# ---- syntax errors --------------------------------------------------------------------

_TERMINAL_WORDS = {
    "IDENT": "a name",
    "BACKQUOTED": "a name",
    "STRING": 'a text in double quotes, like "Core application"',
    "NUMBER": "a number",
    "UNIT": "a unit such as nm, mW or degC",
    "DATE": "a date like 2026-06-01",
    "_QCOMMA": "','",
    "$END": "the end of the file",
}

_STATEMENT_STARTS = {
    "PROFILE",
    "INCLUDE",
    "FIELDS",
    "MUST",
    "DISQUALIFY",
    "NICE",
    "CATEGORY",
    "TIER",
    "EXAMPLE",
}


def _describe_expected(accepts: set[str]) -> str:
    lark = _lark()
    words: list[str] = []
    statement_words = sorted(a for a in accepts if a in _STATEMENT_STARTS)
    for name in sorted(accepts - set(statement_words)):
        if name in _TERMINAL_WORDS:
            word = _TERMINAL_WORDS[name]
        else:
            try:
                pattern = lark.get_terminal(name).pattern
            except KeyError:
                continue
            word = f"'{pattern.value}'"
        if word not in words:
            words.append(word)
    if len(statement_words) > 2:
        words.append("a new statement (must have, nice to have, disqualify, tier, example, ...)")
    else:
        words.extend(f"'{_lark().get_terminal(s).pattern.value}'" for s in statement_words)
    if len(words) > 7:
        words = [*words[:6], "..."]
    return (
        ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]
        if words
        else "something else"
    )


def _syntax_hint(
    token: Token | None, accepts: set[str], text_after: str, text_before: str
) -> str | None:
    value = str(token) if token is not None else ""
    if text_after.startswith(("&", "|", "!", "==")) and not text_after.startswith("!="):
        return "write 'and', 'or' and 'not' in words, and 'is' to compare"
    previous = re.search(r"(\w+)\s*$", text_before)
    if "COLON" in accepts:
        # `a: one of b c` reads `c` as the next field's name: a comma is missing
        pattern = re.compile(r"\b(?:one of|set of|ordered)\b[^\n:]*?(\w+)[ \t]+(\w+)$")
        same_line = text_before + text_after.split("\n", 1)[0]
        missing = pattern.search(text_before.rstrip()) or pattern.search(same_line.rstrip())
        if missing:
            first, word = missing.groups()
            return (
                f"if '{word}' is one more value, separate the values with commas: {first}, {word}"
            )
    if previous and previous.group(1) == "count" and "OF" in accepts:
        return "'count' is a keyword ('count of F'); for a field named count, write `count`"
    if value in KEYWORDS and accepts & {"IDENT", "BACKQUOTED"}:
        return (
            f"'{value}' is a keyword here; to use it as a name, write it in backquotes: `{value}`"
        )
    if token is not None and token.type == "IDENT" and "STRING" in accepts:
        return f'labels and names of categories are written in double quotes: "{value}"'
    if "COLON" in accepts and value == "weight":
        return "only nice-to-haves have a weight"
    if "COLON" in accepts:
        return "a colon ':' goes between the rule's label and its condition"
    if value == "," and "_QCOMMA" not in accepts:
        return "inside the parentheses of a quantifier, write a value list in braces: {a, b}"
    if text_after.startswith('"'):
        return "close the text with a double quote on the same line"
    return None


def _syntax_error(exc: UnexpectedInput, text: str, file: str) -> ICPSyntaxError:
    line = getattr(exc, "line", None) or 1
    column = getattr(exc, "column", None) or 1
    if line < 1:  # lark reports -1 at the end of the input
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    source_lines = text.splitlines()
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    offset = sum(len(s) + 1 for s in text.split("\n")[: line - 1]) + column - 1
    token: Token | None = getattr(exc, "token", None)
    accepts: set[str] = set()
    if isinstance(exc, UnexpectedToken):
        accepts = set(exc.accepts or exc.expected)
    elif isinstance(exc, UnexpectedCharacters):
        accepts = set(exc.allowed or ())
    elif isinstance(exc, UnexpectedEOF):
        accepts = set(exc.expected)
    end_column = column + max(
        1, len(str(token)) if token is not None and token.type != "$END" else 1
    )
    if isinstance(exc, UnexpectedEOF) or (token is not None and token.type == "$END"):
        message = (
            f"the file ends in the middle of a statement; expected {_describe_expected(accepts)}"
        )
        hint = _syntax_hint(token, accepts, text[offset:], text[:offset])
    elif isinstance(exc, UnexpectedCharacters):
        char = text[offset] if offset < len(text) else ""
        if char == '"':
            message = "this text is not closed"
        elif char == "`":
            message = "a backquoted name must be a plain name closed by a backquote, like `range`"
        else:
            message = f"unexpected character {char!r}"
        if accepts:
            message += f"; expected {_describe_expected(accepts)}"
        hint = _syntax_hint(None, accepts, text[offset:], text[:offset])
        end_column = column + 1
    else:
        shown = "','" if token is not None and token.type == "_QCOMMA" else repr(str(token))
        message = f"unexpected {shown}; expected {_describe_expected(accepts)}"
        hint = _syntax_hint(token, accepts, text[offset:], text[:offset])
    return ICPSyntaxError(Diagnostic(message, file, line, column, end_column, source_line, hint))


def _token_error(error: _TokenError, text: str, file: str) -> ICPSyntaxError:
    token = error.token
    line = token.line or 1
    column = (token.column or 1) + error.offset
    source_lines = text.splitlines()
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    width = 2 if error.offset else len(str(token))
    return ICPSyntaxError(
        Diagnostic(error.message, file, line, column, column + width, source_line, error.hint)
    )


def _bare_list(token: Token, text: str, file: str) -> ICPSyntaxError:
    return _token_error(
        _TokenError(
            token,
            "inside the parentheses of a quantifier, a value list is written in braces",
            f"a comma there separates conditions, so write {{{token}, ...}} — braces even for one value",
        ),
        text,
        file,
    )


def _too_deep(token: Token, text: str, file: str) -> ICPSyntaxError:
    line = token.line or 1
    source_lines = text.splitlines()
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    return ICPSyntaxError(
        Diagnostic(
            f"conditions are nested more than {MAX_NESTING} levels deep",
            file,
            line,
            token.column or 1,
            (token.column or 1) + 1,
            source_line,
            "split the condition into several rules, or flatten it with 'all of (...)' / 'any of (...)'",
        )
    )


_COMMENT_SCAN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|`[^`\n]*`?|#[^\n]*')


def _comments(text: str, file: str) -> tuple[n.Comment, ...]:
    found = []
    line, line_start, scanned = 1, 0, 0  # counted as the scan moves on: linear in the text
    for match in _COMMENT_SCAN.finditer(text):
        if match.group().startswith("#"):
            newlines = text.count("\n", scanned, match.start())
            if newlines:
                line += newlines
                line_start = text.rfind("\n", scanned, match.start()) + 1
            scanned = match.start()
            column = match.start() - line_start + 1
            span = n.Span(file, line, column, line, column + len(match.group()))
            found.append(n.Comment(match.group()[1:].rstrip(), span=span))
    return tuple(found)


def parse(text: str, *, file: str = "<string>") -> n.Profile:
    """Parse .icp text into a syntax tree; `include`s are kept, not resolved."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the text of a profile, not {type(text).__name__}")
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    try:
        tree = _lark().parse(text)
        profile = _Builder(file).build(tree)
    except _BareList as exc:
        raise _bare_list(exc.token, text, file) from None
    except _TooDeep as exc:
        raise _too_deep(exc.token, text, file) from None
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, file) from None
    except _TokenError as exc:
        raise _token_error(exc, text, file) from None
    except LarkError as exc:  # pragma: no cover - a safety net: lark's errors never escape
        raise ICPSyntaxError(Diagnostic(f"cannot read the profile: {exc}", file, 1, 1, 2)) from None
    return n.Profile(
        profile.statements, profile.name, profile.version, _comments(text, file), span=profile.span
    )
