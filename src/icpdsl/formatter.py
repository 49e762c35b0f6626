"""Syntax tree → canonical .icp text, with the comments put back.

`icpdsl fmt` rewrites files through here, so two people who write the same profile
differently get the same file, and a diff shows only what changed in meaning.  The
layout is a function of the tree alone, plus where each comment sat: formatting twice
changes nothing, and `parse(format_profile(tree)) == tree` for every tree the parser
can produce (spans aside; comments compare by text).

The canonical layout
--------------------
- The header `profile "NAME" version "V"` comes first, then a blank line.  Statements
  follow in their order; a blank line separates two statements of different kinds
  (include, fields, must-have, disqualifier, nice-to-have, category, tier, example),
  and always separates two `fields` blocks and two examples.  Statements of one kind
  otherwise stay together, without blank lines.
- `fields` stands alone on its line; each declaration follows on its own line,
  indented 4, with the types aligned one column after the longest `name:` of the
  block.  `from "Column"` follows the type; consecutive declarations that have one
  align it in a column when the lines still fit 88 columns.  Declarations never wrap.
- A rule is `HEAD: CONDITION` on one line when that fits 88 columns.  Consecutive
  one-line rules of one kind align their conditions in a column, one space after the
  longest head, as long as every line of the run still fits 88 columns (otherwise the
  run ends and the next rule starts a new one).  A rule that does not fit puts its
  condition on the next line, indented 4.  `tier NAME when CONDITION` wraps the same
  way, without alignment.
- A condition still too long for its line breaks at its top-level `and`/`or`: each
  operand on its own line, the operator starting every line but the first.  A
  parenthesised operand that does not fit opens `(` at the end of its first line, its
  content indented 4 more, and `)` alone on the last line; a quantifier that does not
  fit does the same, one condition per line, each but the last followed by a comma.  A
  value list that does not fit breaks after a comma, continuing 4 columns in.
- Parentheses appear only where the tree needs them: around an `or` inside an `and`,
  `or` or `not`, and around an `and` inside an `and` or `not`; `not not x` stays bare.
- Value lists (`is one of`, `contains any/all/none of`, `mentions any of`) are bare at
  the top level and braced inside the parentheses of a quantifier, at any depth, where a
  bare comma would separate conditions.  Set literals are always braced, `{}` when
  empty.
- Names are bare unless they are keywords, which are backquoted (`` `range` ``).  Enum
  values, ordered values and tier names are bare when they are plain names, else
  strings (`"medical device"`, `"none"`).  Strings escape `"`, `\\`, newline and tab
  by name, and as `\\uXXXX` every other character of the first plane that is invisible
  or breaks a line (control and format characters, line and paragraph separators).
  Numbers are written exactly as their Decimal prints (`1.50`, `1e+3`), one space
  before a unit; both ends of a range carry their unit (`450 nm .. 650 nm`).
- An example is `example "LABEL" [as of DATE]`, then `    given a = x, b = {p, q}`
  (wrapped after a comma, continuation aligned after `given `), then `    expect ...`
  (wrapped the same way).
- Comments are kept.  A comment on its own line belongs to the statement (or field
  declaration) after it and is written just before it, at its indentation; a comment
  after code is written after the last line of its statement as ` #text`.  A comment
  inside a statement that spans several lines moves just before it.  Comments after
  the last statement stay at the end, and comments without a position (a tree built
  by hand) go at the top.  Where the source had a blank line before, between or after
  a statement's leading comments, one blank line is kept.

The formatter refuses, with `ICPError`, trees that no text could express: a name that
is not an identifier, a unit that is not a unit, a NaN, a comment with a line break, an
empty list where the grammar needs an item, an `and` or `or` of a single condition.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from . import nodes as n
from .errors import ICPError
from .parser import KEYWORDS, parse

__all__ = ["WIDTH", "format_profile", "format_source"]

WIDTH = 88
"""The column a line should not pass where the grammar lets it break (LANGUAGE.md s. 2)."""

INDENT = "    "

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNIT = re.compile(r"%|[A-Za-z\u00b5\u03bc][A-Za-z]*")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}
# Written as \uXXXX so that nothing in a string is invisible or breaks a line.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_COMPARE_OPS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_SET_TESTS = frozenset({"any", "all", "none"})
_QUANTIFIERS = {"all": "all of", "any": "any of", "none": "none of"}
_RULE_HEADS = {
    "must_have": "must have",
    "disqualifier": "disqualify",
    "nice_to_have": "nice to have",
}
# Kinds whose consecutive statements are still separated by a blank line.
_SPACED_KINDS = frozenset({"FieldsBlock", "Example"})

_T = TypeVar("_T")


def format_source(text: str, *, file: str = "<string>") -> str:
    """Parse `text` and return it in canonical layout (syntax errors raise `ICPSyntaxError`)."""
    return format_profile(parse(text, file=file))


def format_profile(tree: n.Profile) -> str:
    """The canonical text of `tree`, ending with a newline (empty for an empty profile)."""
    chunks = list(_chunks(tree))
    placed = _place_comments(tree.comments, chunks)
    out = [_comment(c.text) for c in placed.top]
    last: int | None = None  # source line of the last comment or chunk written
    for index, chunk in enumerate(chunks):
        blank = chunk.blank_before
        leading = placed.leading.get(index, [])
        for line, text in leading:
            before = chunk.span is None or line < chunk.span.line  # else it was inside
            blank = blank or (before and last is not None and line - last > 1)
            _blank_line(out, blank)
            blank = False
            out.append(chunk.indent + _comment(text))
            last = line
        if leading and chunk.span is not None and last is not None:
            blank = chunk.span.line - last > 1
        _blank_line(out, blank)
        lines = list(chunk.lines)
        if index in placed.trailing:
            lines[-1] += " " + _comment(placed.trailing[index])
        out.extend(lines)
        last = chunk.span.end_line if chunk.span is not None else None
    for line, text in placed.end:
        _blank_line(out, last is not None and line - last > 1)
        out.append(_comment(text))
        last = line
    return "\n".join(out) + "\n" if out else ""


def _blank_line(out: list[str], wanted: bool) -> None:
    if wanted and out and out[-1]:
        out.append("")


def _unwritable(reason: str) -> ICPError:
    return ICPError(f"this syntax tree cannot be written as .icp text: {reason}")


def _some(items: Sequence[_T], least: int, what: str) -> Sequence[_T]:
    """`items`, if there are as many as the grammar needs for `what`."""
    if len(items) < least:
        raise _unwritable(f"{what} needs at least {least}, not {len(items)}")
    return items


# ---- chunks: the units comments attach to ------------------------------------------------


@attrs.frozen
class _Chunk:
    """The lines of the header, a statement, a `fields` line or one field declaration.

    `span` is where the chunk was in the source (None when built by hand); only its
    start and `end_line` count, which is all comment placement needs.
    """

    lines: tuple[str, ...]
    indent: str = ""
    blank_before: bool = False
    span: n.Span | None = None


def _first_line(span: n.Span | None) -> n.Span | None:
    """The span cut to its first line: the header's and a `fields` keyword's own line."""
    return attrs.evolve(span, end_line=span.line) if span is not None else None


def _chunks(tree: n.Profile) -> Iterator[_Chunk]:
    started = tree.name is not None
    if tree.name is not None:
        header = f"profile {_string(tree.name)}"
        if tree.version is not None:
            header += f" version {_string(tree.version)}"
        yield _Chunk((header,), span=_first_line(tree.span))
    for kind, run in itertools.groupby(tree.statements, _kind):
        statements = list(run)
        if kind in _RULE_HEADS:
            bodies = _rule_bodies([s for s in statements if isinstance(s, n.Rule)])
        else:
            bodies = [_statement_lines(s) for s in statements]
        for position, (statement, body) in enumerate(zip(statements, bodies, strict=True)):
            blank = started and (position == 0 or kind in _SPACED_KINDS)
            started = True
            if isinstance(statement, n.FieldsBlock):
                yield _Chunk(("fields",), blank_before=blank, span=_first_line(statement.span))
                for decl, line in zip(statement.fields, body, strict=True):
                    yield _Chunk((line,), indent=INDENT, span=decl.span)
            else:
                yield _Chunk(tuple(body), blank_before=blank, span=statement.span)


def _kind(statement: n.Statement) -> str:
    return statement.kind if isinstance(statement, n.Rule) else type(statement).__name__


@attrs.frozen
class _Placement:
    """Where each comment goes: (source line, text) pairs, keyed by chunk index."""

    top: list[n.Comment] = attrs.Factory(list)
    leading: dict[int, list[tuple[int, str]]] = attrs.Factory(dict)
    trailing: dict[int, str] = attrs.Factory(dict)
    end: list[tuple[int, str]] = attrs.Factory(list)


def _place_comments(comments: Sequence[n.Comment], chunks: Sequence[_Chunk]) -> _Placement:
    """Attach each comment to the chunk it precedes, trails or sits inside (module docstring)."""
    placed = _Placement()
    anchors = [(i, c.span) for i, c in enumerate(chunks) if c.span is not None]
    starts = [(span.line, span.column) for _, span in anchors]
    for comment in comments:
        if comment.span is None:
            placed.top.append(comment)
            continue
        line, text = comment.span.line, comment.text
        before = bisect.bisect_left(starts, (line, comment.span.column)) - 1
        if before >= 0:
            index, span = anchors[before]
            if line == span.end_line and index not in placed.trailing:
                placed.trailing[index] = text
                continue
            if line < span.end_line:
                placed.leading.setdefault(index, []).append((line, text))
                continue
        if before + 1 < len(anchors):
            placed.leading.setdefault(anchors[before + 1][0], []).append((line, text))
        else:
            placed.end.append((line, text))
    return placed


def _comment(text: str) -> str:
    if "\n" in text:
        raise _unwritable(f"the comment {text!r} contains a line break")
    return "#" + text


# ---- statements ------------------------------------------------------------------------


def _statement_lines(statement: n.Statement) -> list[str]:
    """The lines of any statement but a rule (rules align with their neighbours)."""
    if isinstance(statement, n.Include):
        return [f"include {_string(statement.path)}"]
    if isinstance(statement, n.FieldsBlock):
        return _declarations(statement.fields)
    if isinstance(statement, n.Category):
        return [f"category {_string(statement.name)} up to {_number(statement.cap)}"]
    if isinstance(statement, n.Tier):
        head = f"tier {_word(statement.name)}"
        if statement.condition is None:
            return [f"{head} otherwise"]
        return _headed(f"{head} when", statement.condition)
    if isinstance(statement, n.Example):
        return _example(statement)
    raise _unwritable(f"a {type(statement).__name__} is not a statement")


def _declarations(fields: Sequence[n.FieldDecl]) -> list[str]:
    names = [_name(decl.name) + ":" for decl in _some(fields, 1, "a fields block")]
    width = max(map(len, names), default=0) + 1
    lefts = [
        INDENT + name.ljust(width) + _type(d.type) for name, d in zip(names, fields, strict=True)
    ]
    sources = [f"from {_string(d.source)}" if d.source is not None else None for d in fields]
    columns = _columns(
        [
            (len(left), len(src)) if src is not None else None
            for left, src in zip(lefts, sources, strict=True)
        ]
    )
    return [
        left.ljust(column) + src if src is not None else left
        for left, src, column in zip(lefts, sources, columns, strict=True)
    ]


def _rule_bodies(rules: Sequence[n.Rule]) -> list[list[str]]:
    """Lines of consecutive rules of one kind, one-line conditions aligned in runs."""
    heads = [_rule_head(rule) for rule in rules]
    flats = [_flat(rule.condition, braced=False) for rule in rules]
    columns = _columns(
        [
            (len(h), len(f)) if len(h) + 1 + len(f) <= WIDTH else None
            for h, f in zip(heads, flats, strict=True)
        ]
    )
    return [
        [head.ljust(column) + flat] if column else _headed(head, rule.condition)
        for rule, head, flat, column in zip(rules, heads, flats, columns, strict=True)
    ]


def _rule_head(rule: n.Rule) -> str:
    if rule.kind not in _RULE_HEADS:
        raise _unwritable(f"{rule.kind!r} is not a kind of rule")
    head = f"{_RULE_HEADS[rule.kind]} {_string(rule.label)}"
    if rule.kind == "nice_to_have":
        head += f" weight {_number(rule.weight)}"
        if rule.category is not None:
            head += f" in {_string(rule.category)}"
    if rule.unknown_means is not None:
        head += " unknown means " + ("yes" if rule.unknown_means else "no")
    return head + ":"


def _headed(head: str, condition: n.Condition) -> list[str]:
    """`head condition` on one line if it fits, else the condition below, indented."""
    flat = _flat(condition, braced=False)
    if len(head) + 1 + len(flat) <= WIDTH:
        return [f"{head} {flat}"]
    return [head, *(INDENT + line for line in _layout(condition, WIDTH - len(INDENT), False))]


def _columns(rows: Sequence[tuple[int, int] | None]) -> list[int]:
    """For each (left width, right width) row, the column its right part starts at.

    Consecutive rows form runs that share a column, one past their longest left part;
    a row joins the current run only if every line of the run still fits `WIDTH`.  A
    row that is None (not aligned) ends the run and gets 0.
    """
    columns = [0] * len(rows)
    run: list[int] = []
    left = right = 0
    for index, row in enumerate([*rows, None]):
        if row is not None and run and max(left, row[0]) + 1 + max(right, row[1]) <= WIDTH:
            run.append(index)
            left, right = max(left, row[0]), max(right, row[1])
            continue
        for member in run:
            columns[member] = left + 1
        run = [index] if row is not None else []
        left, right = row if row is not None else (0, 0)
    return columns


def _example(example: n.Example) -> list[str]:
    head = f"example {_string(example.label)}"
    if example.as_of is not None:
        head += f" as of {example.as_of.isoformat()}"
    lines = [head]
    if example.given:
        given = [f"{_name(a.field)} = {_value(a.value)}" for a in example.given]
        lines += _fill(INDENT + "given ", given, "", WIDTH, " " * 10)
    expect = [_expectation(e) for e in _some(example.expect, 1, "an example's expect")]
    return lines + _fill(INDENT + "expect ", expect, "", WIDTH, " " * 11)


def _expectation(expectation: n.Expectation) -> str:
    if isinstance(expectation, n.ExpectVerdict):
        by = f" by {_string(expectation.by)}" if expectation.by is not None else ""
        return _name(expectation.verdict) + by
    if isinstance(expectation, n.ExpectTier):
        return f"tier {_word(expectation.name)}"
    if isinstance(expectation, n.ExpectScore):
        if expectation.op == "=":
            return f"score {_number(expectation.value)}"
        return f"score {_compare_op(expectation.op)} {_number(expectation.value)}"
    raise _unwritable(f"a {type(expectation).__name__} is not an expectation")


def _fill(first: str, items: Sequence[str], last: str, width: int, hang: str) -> list[str]:
    """`first`, the items joined by ", ", then `last`; broken after commas to fit `width`.

    Continuation lines start with `hang`.  An item never splits, so a single long item
    may still pass the width.
    """
    if not items:
        return [first + last]
    pieces = [f"{item}," for item in items[:-1]] + [items[-1] + last]
    lines: list[str] = []
    line = first + pieces[0]
    for piece in pieces[1:]:
        if len(line) + 1 + len(piece) <= width:
            line += " " + piece
        else:
            lines.append(line)
            line = hang + piece
    return [*lines, line]


# ---- field types ------------------------------------------------------------------------


def _type(type_: n.TypeExpr) -> str:
    if isinstance(type_, n.NumberType):
        return ("integer" if type_.integer else "number") + _unit_clause(type_.unit)
    if isinstance(type_, n.TextType):
        return "text"
    if isinstance(type_, n.YesNoType):
        return "yes/no"
    if isinstance(type_, n.OneOfType):
        return "one of " + ", ".join(map(_word, _some(type_.values, 1, "one of")))
    if isinstance(type_, n.SetType):
        if type_.values is None:
            return "set of text"
        return "set of " + ", ".join(map(_word, _some(type_.values, 1, "set of")))
    if isinstance(type_, n.OrderedType):
        return "ordered " + " < ".join(map(_word, _some(type_.values, 2, "ordered")))
    if isinstance(type_, n.RangeType):
        return "range" + _unit_clause(type_.unit)
    if isinstance(type_, n.DateType):
        return "date"
    raise _unwritable(f"a {type(type_).__name__} is not a field type")


def _unit_clause(unit: str | None) -> str:
    return f" in {_unit(unit)}" if unit is not None else ""


# ---- conditions ---------------------------------------------------------------------------


def _flat(condition: n.Condition, braced: bool) -> str:
    """The condition on one line; `braced` inside a quantifier's parentheses."""
    if isinstance(condition, n.And | n.Or):
        word = " and " if isinstance(condition, n.And) else " or "
        operands = _some(condition.items, 2, f"'{word.strip()}'")
        return word.join(_flat_operand(condition, item, braced) for item in operands)
    if isinstance(condition, n.Not):
        return "not " + _flat_operand(condition, condition.item, braced)
    if isinstance(condition, n.Quantifier):
        conditions = _some(condition.items, 1, "a quantifier")
        joined = ", ".join(_flat(item, braced=True) for item in conditions)
        return f"{_quantifier(condition)} ({joined})"
    head, items, tail = _predicate(condition, braced)
    return head + ", ".join(items) + tail


def _needs_parens(parent: n.And | n.Or | n.Not, child: n.Condition) -> bool:
    """`or` binds loosest, then `and`, then `not`; `a and b and c` is one flat `And`."""
    return isinstance(child, n.Or) or (isinstance(child, n.And) and not isinstance(parent, n.Or))


def _flat_operand(parent: n.And | n.Or | n.Not, child: n.Condition, braced: bool) -> str:
    text = _flat(child, braced)
    return f"({text})" if _needs_parens(parent, child) else text


def _layout(condition: n.Condition, width: int, braced: bool) -> list[str]:
    """The condition's lines, relative to its first column, each within `width` if it can."""
    flat = _flat(condition, braced)
    if len(flat) <= width:
        return [flat]
    if isinstance(condition, n.And | n.Or):
        word = "and " if isinstance(condition, n.And) else "or "
        lines: list[str] = []
        for position, item in enumerate(condition.items):
            prefix = word if position else ""
            first, *rest = _layout_operand(condition, item, width - len(prefix), braced)
            lines += [prefix + first, *rest]
        return lines
    if isinstance(condition, n.Not):
        first, *rest = _layout_operand(condition, condition.item, width - len("not "), braced)
        return ["not " + first, *rest]
    if isinstance(condition, n.Quantifier):
        body: list[str] = []
        for position, item in enumerate(condition.items):
            item_lines = _layout(item, width - len(INDENT), braced=True)
            if position < len(condition.items) - 1:
                item_lines[-1] += ","
            body += [INDENT + line for line in item_lines]
        return [f"{_quantifier(condition)} (", *body, ")"]
    head, items, tail = _predicate(condition, braced)
    return _fill(head, items, tail, width, INDENT)


def _layout_operand(
    parent: n.And | n.Or | n.Not, child: n.Condition, width: int, braced: bool
) -> list[str]:
    if not _needs_parens(parent, child):
        return _layout(child, width, braced)
    flat = f"({_flat(child, braced)})"
    if len(flat) <= width:
        return [flat]
    return ["(", *(INDENT + line for line in _layout(child, width - len(INDENT), braced)), ")"]


def _quantifier(quantifier: n.Quantifier) -> str:
    if quantifier.kind in _QUANTIFIERS:
        return _QUANTIFIERS[quantifier.kind]
    count = quantifier.count
    if quantifier.kind not in ("at_least", "at_most") or not isinstance(count, int) or count < 0:
        raise _unwritable(f"{quantifier.kind!r} with count {count!r} is not a quantifier")
    return f"at {quantifier.kind[3:]} {count} of"


_Parts = tuple[str, list[str], str]
"""A predicate as head, list items and tail, so a long value list can wrap."""


def _predicate(predicate: n.Predicate, braced: bool) -> _Parts:
    if not isinstance(predicate, n.PREDICATE_TYPES):
        raise _unwritable(f"a {type(predicate).__name__} is not a condition")
    subject = _operand(predicate.operand)
    not_ = "not " if getattr(predicate, "negated", False) else ""
    if isinstance(predicate, n.IsValue):
        return _with_value(f"{subject} is {not_}", predicate.value)
    if isinstance(predicate, n.IsOneOf):
        return _with_list(f"{subject} is {not_}one of ", predicate.values, braced)
    if isinstance(predicate, n.Compare):
        return _with_value(f"{subject} {_compare_op(predicate.op)} ", predicate.value)
    if isinstance(predicate, n.Between):
        low, high = _value(predicate.low), _value(predicate.high)
        return f"{subject} {not_}between {low} and {high}", [], ""
    if isinstance(predicate, n.Within | n.Overlaps):
        word = "within" if isinstance(predicate, n.Within) else "overlaps"
        return f"{subject} {word} {_range(predicate.range)}", [], ""
    if isinstance(predicate, n.Covers):
        target = predicate.target
        shown = _range(target) if isinstance(target, n.RangeLiteral) else _quantity(target)
        return f"{subject} covers {shown}", [], ""
    if isinstance(predicate, n.Contains):
        return _with_value(f"{subject} contains ", predicate.value)
    if isinstance(predicate, n.ContainsSome):
        if predicate.test not in _SET_TESTS:
            raise _unwritable(f"{predicate.test!r} is not 'any', 'all' or 'none'")
        return _with_list(f"{subject} contains {predicate.test} of ", predicate.values, braced)
    if isinstance(predicate, n.IsEmpty):
        return f"{subject} is {not_}empty", [], ""
    if isinstance(predicate, n.Mentions):
        if predicate.any_of:
            return _with_list(f"{subject} mentions any of ", predicate.texts, braced)
        match predicate.texts:
            case (n.TextValue(text=text),):
                return f"{subject} mentions {_string(text)}", [], ""
        raise _unwritable("'mentions' without 'any of' takes exactly one text")
    if isinstance(predicate, n.StartsWith):
        return f"{subject} starts with {_string(predicate.text)}", [], ""
    if isinstance(predicate, n.IsKnown):
        return f"{subject} is {not_}known", [], ""
    if isinstance(predicate, n.InTheLast):
        return f"{subject} in the last {_quantity(predicate.amount)}", [], ""
    return subject, [], ""  # Truthy: a yes/no field alone


def _with_value(head: str, value: n.Value) -> _Parts:
    if isinstance(value, n.SetLiteral):
        return head + "{", [_scalar(v) for v in value.items], "}"
    return head + _scalar(value), [], ""


def _with_list(head: str, values: Sequence[n.Scalar], braced: bool) -> _Parts:
    items = [_scalar(v) for v in _some(values, 1, "a value list")]
    return (head + "{", items, "}") if braced else (head, items, "")


def _operand(operand: n.Operand) -> str:
    if isinstance(operand, n.FieldRef):
        return _name(operand.name)
    if isinstance(operand, n.CountOf):
        return f"count of {_name(operand.field)}"
    if isinstance(operand, n.ScoreRef):
        return "score"
    raise _unwritable(f"a {type(operand).__name__} is not an operand")


def _compare_op(op: str) -> str:
    if op not in _COMPARE_OPS:
        raise _unwritable(f"{op!r} is not a comparison")
    return op


# ---- values and tokens ------------------------------------------------------------------


def _value(value: n.Value) -> str:
    head, items, tail = _with_value("", value)
    return head + ", ".join(items) + tail


def _scalar(value: n.Scalar) -> str:
    if isinstance(value, n.Quantity):
        return _quantity(value)
    if isinstance(value, n.RangeLiteral):
        return _range(value)
    if isinstance(value, n.NameValue):
        return _name(value.name)
    if isinstance(value, n.TextValue):
        return _string(value.text)
    if isinstance(value, n.DateValue):
        return value.date.isoformat()
    if isinstance(value, n.YesNoValue):
        return "yes" if value.value else "no"
    raise _unwritable(f"a {type(value).__name__} is not a single value")


def _quantity(quantity: n.Quantity) -> str:
    number = _number(quantity.value)
    return number if quantity.unit is None else f"{number} {_unit(quantity.unit)}"


def _range(range_: n.RangeLiteral) -> str:
    return f"{_quantity(range_.low)} .. {_quantity(range_.high)}"


def _number(value: Decimal | None) -> str:
    """The Decimal exactly, as a NUMBER token: `str` already is one, exponent and all."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _unwritable(f"{value!r} is not a finite Decimal")
    return str(value).replace("E", "e")


def _unit(unit: str) -> str:
    if not _UNIT.fullmatch(unit):
        raise _unwritable(f"{unit!r} is not a unit")
    return unit


def _name(name: str) -> str:
    """A field name or bare value: backquoted when it is a keyword."""
    if not _IDENT.fullmatch(name):
        raise _unwritable(f"{name!r} is not a name (letters, digits and '_')")
    return f"`{name}`" if name in KEYWORDS else name


def _word(text: str) -> str:
    """An enum value or tier name: where the grammar takes a name or a string alike."""
    return text if _IDENT.fullmatch(text) and text not in KEYWORDS else _string(text)


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) <= 0xFFFF and unicodedata.category(char) in _INVISIBLE:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
