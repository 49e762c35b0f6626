"""`profiles()` and `profile_sources()`: valid random profiles, every construct, readable shrinks;
the parse/format round trip on them; registration with Hypothesis."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import icpdsl
from icpdsl import nodes as n
from icpdsl.parser import KEYWORDS
from icpdsl.profile import from_tree
from icpdsl.testing import profile_sources, profiles
from tests.testing.test_accounts import collect


def walk(value: Any) -> Iterator[Any]:
    """Every attrs node inside a tree (and the tree)."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from walk(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from walk(item)


def constructs(tree: n.Profile) -> set[str]:
    """Names for every construct a tree uses, finer than node classes where it matters."""
    found: set[str] = set()
    for node in walk(tree):
        name = type(node).__name__
        found.add(name)
        if isinstance(node, n.Rule):
            found.add(f"Rule:{node.kind}")
            if node.unknown_means is not None:
                found.add(f"unknown means {'yes' if node.unknown_means else 'no'}")
            if node.weight is not None and node.weight < 0:
                found.add("negative weight")
            if node.category is not None:
                found.add("Rule in category")
        elif isinstance(node, n.Quantifier):
            found.add(f"Quantifier:{node.kind}")
        elif isinstance(node, n.Tier):
            found.add("Tier:when" if node.condition is not None else "Tier:otherwise")
        elif isinstance(node, n.FieldDecl):
            if node.source is not None:
                found.add("from Column")
            if node.name in KEYWORDS:
                found.add("keyword as a name")
        elif isinstance(node, n.NumberType):
            found.add("integer" if node.integer else "number")
            if node.unit is not None:
                found.add("number with unit")
        elif isinstance(node, n.SetType):
            found.add("set of text" if node.values is None else "set of values")
        elif isinstance(node, n.IsValue | n.IsOneOf | n.Between | n.IsEmpty | n.IsKnown):
            if node.negated:
                found.add(f"{name}:negated")
        elif isinstance(node, n.ContainsSome):
            found.add(f"ContainsSome:{node.test}")
        elif isinstance(node, n.Mentions):
            found.add("Mentions:any" if node.any_of else "Mentions:one")
        elif isinstance(node, n.Compare):
            found.add(f"Compare:{node.op}")
            if isinstance(node.value, n.NameValue) and isinstance(node.operand, n.FieldRef):
                found.add("field against field")
        elif isinstance(node, n.Quantity) and node.unit is not None:
            found.add("literal with unit")
        elif isinstance(node, n.Example) and node.as_of is not None:
            found.add("example as of")
        elif isinstance(node, n.ExpectVerdict) and node.by is not None:
            found.add("expect by")
        elif isinstance(node, n.SetLiteral) and not node.items:
            found.add("empty set")
    if sum(isinstance(s, n.FieldsBlock) for s in tree.statements) > 1:
        found.add("several fields blocks")
    if tree.version is not None:
        found.add("header with version")
    return found


EVERY_CONSTRUCT = {
    *(t.__name__ for t in n.PREDICATE_TYPES),
    "And", "Or", "Not", "CountOf", "ScoreRef", "FieldRef", "NameValue", "TextValue",
    "DateValue", "YesNoValue", "SetLiteral", "RangeLiteral", "Quantity", "Category",
    "Example", "Assignment", "ExpectVerdict", "ExpectTier", "ExpectScore",
    "YesNoType", "TextType", "OneOfType", "OrderedType", "RangeType", "DateType",
    "number", "integer", "number with unit", "set of text", "set of values",
    "Rule:must_have", "Rule:nice_to_have", "Rule:disqualifier", "Rule in category",
    "unknown means yes", "unknown means no", "negative weight",
    *(f"Quantifier:{k}" for k in ("all", "any", "none", "at_least", "at_most")),
    "Tier:when", "Tier:otherwise", "from Column", "keyword as a name",
    "IsValue:negated", "IsOneOf:negated", "Between:negated", "IsEmpty:negated", "IsKnown:negated",
    *(f"ContainsSome:{t}" for t in ("any", "all", "none")), "Mentions:any", "Mentions:one",
    *(f"Compare:{op}" for op in ("=", "!=", "<", "<=", ">", ">=")), "field against field",
    "literal with unit", "example as of", "expect by", "empty set", "several fields blocks",
    "header with version",
}  # fmt: skip


class TestProfiles:
    """Random profiles are valid, cover the language, and shrink to something readable."""

    def test_every_construct_is_generated(self) -> None:
        seen: set[str] = set()
        for tree in collect(profiles(), 500):
            seen |= constructs(tree)
        assert EVERY_CONSTRUCT - seen == set()

    @settings(max_examples=60)
    @given(profiles())
    def test_every_profile_compiles_and_its_examples_hold(self, tree: n.Profile) -> None:
        profile = from_tree(tree)
        failed = [(r.label, r.problems) for r in profile.run_examples() if not r.passed]
        assert not failed

    def test_shrinks_to_a_small_readable_profile(self) -> None:
        """The smallest profile with a nice-to-have in a tier: one field, one rule, one tier."""
        found: list[n.Profile] = []

        @settings(database=None, derandomize=True, deadline=None)
        @given(profiles())
        def fails(tree: n.Profile) -> None:
            rules = [s for s in tree.statements if isinstance(s, n.Rule)]
            tiers = [s for s in tree.statements if isinstance(s, n.Tier)]
            if any(r.kind == "nice_to_have" for r in rules) and tiers:
                found.append(tree)
                raise AssertionError

        with pytest.raises(AssertionError):
            fails()
        # the smallest failing example the shrinker reached (a slow machine may cut shrinking short
        # of replaying it last)
        smallest = min(found, key=lambda tree: len(icpdsl.format(tree)))
        text = icpdsl.format(smallest)
        assert len(text.splitlines()) <= 8, text
        assert sum(isinstance(s, n.Rule) for s in smallest.statements) == 1

    def test_options(self) -> None:
        for tree in collect(profiles(max_fields=2, max_rules=1, max_depth=0, examples=False), 50):
            fields = [f for s in tree.statements if isinstance(s, n.FieldsBlock) for f in s.fields]
            rules = [s for s in tree.statements if isinstance(s, n.Rule)]
            assert 1 <= len(fields) <= 2 and len(rules) <= 1
            assert not any(isinstance(s, n.Example) for s in tree.statements)
            assert not any(
                isinstance(r.condition, n.And | n.Or | n.Not | n.Quantifier) for r in rules
            )
        with pytest.raises(ValueError, match="max_fields"):
            profiles(max_fields=0)


class TestRoundTrip:
    """parse(format(tree)) == tree, and formatting is idempotent, on random profiles."""

    @settings(max_examples=150)
    @given(profiles())
    def test_parse_format_round_trip(self, tree: n.Profile) -> None:
        text = icpdsl.format(tree)
        assert icpdsl.parse(text) == tree, text

    @settings(max_examples=60)
    @given(profile_sources())
    def test_formatting_is_idempotent_and_the_text_loads(self, text: str) -> None:
        assert icpdsl.format(text) == text
        icpdsl.loads(text)

    @settings(max_examples=60)
    @given(profile_sources())
    def test_to_dict_from_dict_round_trip(self, text: str) -> None:
        tree = icpdsl.parse(text)
        assert icpdsl.from_dict(icpdsl.to_dict(tree)) == tree


class TestRegistration:
    """Hypothesis finds the strategies through its entry point; icpdsl stays Hypothesis-free."""

    @settings(max_examples=10)
    @given(st.from_type(icpdsl.Profile))
    def test_from_type_profile(self, profile: icpdsl.Profile) -> None:
        assert isinstance(profile, icpdsl.Profile)
        assert profile.fields

    @settings(max_examples=10)
    @given(st.from_type(n.Profile))
    def test_from_type_tree(self, tree: n.Profile) -> None:
        icpdsl.format(tree)

    @pytest.mark.parametrize(
        "code",
        [
            "import icpdsl, sys; p = icpdsl.load('examples/photonics.icp'); p.evaluate({}); "
            "icpdsl.format(p.tree); assert 'hypothesis' not in sys.modules, 'imported'",
            # importing icpdsl.testing first imports Hypothesis, which calls the hook
            # while icpdsl.testing is still loading
            "import icpdsl.testing, hypothesis.strategies as st, icpdsl; "
            "st.from_type(icpdsl.Profile).validate()",
        ],
        ids=["import icpdsl does not import hypothesis", "import icpdsl.testing first"],
    )
    def test_in_a_fresh_interpreter(self, code: str) -> None:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stderr


def test_generated_numbers_are_plain_decimals() -> None:
    """Trees print with their Decimals, not with the calls that built them."""
    for tree in collect(profiles(), 30):
        for node in walk(tree):
            if isinstance(node, n.Quantity):
                assert type(node.value) is Decimal
