"""The grammar and the tree builder stay in step, and every construct parses to its node."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

import icpdsl
from icpdsl import nodes as n
from icpdsl.parser import _Builder, grammar_text


def test_every_grammar_alias_and_rule_has_a_builder_method() -> None:
    """A node is built for every tree the grammar can make (STYLE.md: aliases match nodes)."""
    grammar = grammar_text()
    aliases = set(re.findall(r"->\s*([a-z_]+)", grammar))
    makes_trees = set()
    for match in re.finditer(r"^([?!]?)([a-z][a-z_]*)\s*:(.*?)(?=^\S|\Z)", grammar, re.M | re.S):
        prefix, name, body = match.groups()
        alternatives = re.split(r"\n\s*\||\s\|\s", body)
        if prefix != "?" and not all("->" in alternative for alternative in alternatives):
            makes_trees.add(name)
    missing = sorted(name for name in aliases | makes_trees if not hasattr(_Builder, name))
    assert missing == []
    assert {"start", "must_have", "quantifier", "is_value", "all_of"} <= aliases | makes_trees


class TestConstructs:
    """One small profile per construct of LANGUAGE.md sections 3-5 and 8."""

    def test_header_fields_and_sources(self) -> None:
        tree = icpdsl.parse('profile "P" version "1"\nfields\n  `range`: range in nm from "Band"\n')
        (block,) = tree.statements
        assert (tree.name, tree.version) == ("P", "1")
        assert block == n.FieldsBlock((n.FieldDecl("range", n.RangeType("nm"), "Band"),))

    @pytest.mark.parametrize(
        ("declared", "node"),
        [
            ("number", n.NumberType(None)),
            ("number in mW", n.NumberType("mW")),
            ("integer", n.NumberType(None, integer=True)),
            ("text", n.TextType()),
            ("yes/no", n.YesNoType()),
            ('one of a, "b c"', n.OneOfType(("a", "b c"))),
            ("set of a, b", n.SetType(("a", "b"))),
            ("set of text", n.SetType(None)),
            ("ordered x < y < z", n.OrderedType(("x", "y", "z"))),
            ("range", n.RangeType(None)),
            ("date", n.DateType()),
        ],
    )
    def test_types(self, declared: str, node: n.TypeExpr) -> None:
        (block,) = icpdsl.parse(f"fields\n  f: {declared}\n").statements
        assert isinstance(block, n.FieldsBlock) and block.fields[0].type == node

    def test_rules_with_options(self) -> None:
        tree = icpdsl.parse(
            'nice to have "N" weight -2.5 in "C" unknown means yes: x\n'
            'disqualify "D" unknown means no: x\nmust have "M": x\ncategory "C" up to 10\n'
        )
        nice, disq, must, cat = tree.statements
        assert nice == n.Rule(
            "nice_to_have", "N", n.Truthy(n.FieldRef("x")), Decimal("-2.5"), "C", True
        )
        assert (disq.kind, disq.unknown_means, must.kind) == ("disqualifier", False, "must_have")  # type: ignore[union-attr]
        assert cat == n.Category("C", Decimal(10))

    def test_ranges_take_the_other_ends_unit(self) -> None:
        (rule,) = icpdsl.parse('must have "R": w within 400 .. 1.7 um').statements
        assert isinstance(rule, n.Rule) and isinstance(rule.condition, n.Within)
        assert rule.condition.range == n.RangeLiteral(
            n.Quantity(Decimal(400), "um"), n.Quantity(Decimal("1.7"), "um")
        )

    def test_precedence_or_and_not(self) -> None:
        (rule,) = icpdsl.parse('must have "P": a or not b and c').statements
        a, b, c = (n.Truthy(n.FieldRef(x)) for x in "abc")
        assert isinstance(rule, n.Rule)
        assert rule.condition == n.Or((a, n.And((n.Not(b), c))))

    def test_quantifiers_and_braced_lists(self) -> None:
        (rule,) = icpdsl.parse(
            'must have "Q": at least 2 of (s contains any of {a}, t, all of (u, v))'
        ).statements
        assert isinstance(rule, n.Rule) and isinstance(rule.condition, n.Quantifier)
        assert (rule.condition.kind, rule.condition.count, len(rule.condition.items)) == (
            "at_least",
            2,
            3,
        )

    def test_example_block(self) -> None:
        (ex,) = icpdsl.parse(
            'example "E" as of 2026-06-01 given a = x, s = {}, w = 1 .. 2 nm\n'
            '  expect disqualified by "D", tier A, score >= 40'
        ).statements
        assert isinstance(ex, n.Example)
        assert ex.as_of == datetime.date(2026, 6, 1)
        assert ex.given[1] == n.Assignment("s", n.SetLiteral(()))
        assert ex.expect == (
            n.ExpectVerdict("disqualified", "D"), n.ExpectTier("A"), n.ExpectScore(">=", Decimal(40)),
        )  # fmt: skip

    def test_string_escapes(self) -> None:
        (rule,) = icpdsl.parse('must have "a\\"b\\\\c\\n\\u00e9": x').statements
        assert isinstance(rule, n.Rule) and rule.label == 'a"b\\c\né'

    def test_spans_ride_along_but_do_not_count(self) -> None:
        tree = icpdsl.parse('must have "M": x', file="f.icp")
        rule = tree.statements[0]
        assert isinstance(rule, n.Rule) and rule.span == n.Span("f.icp", 1, 1, 1, 17)
        assert rule == n.Rule("must_have", "M", n.Truthy(n.FieldRef("x")))


def test_parser_is_built_once() -> None:
    from icpdsl.parser import _lark

    assert _lark() is _lark()
