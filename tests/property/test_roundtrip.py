"""Round-trips on generated trees: text, canonical text and dicts all give the tree back.

The strategy builds syntactically valid trees, not type-correct ones: the formatter,
the parser and the serializer never look at types.  It covers every node kind, every
predicate and quantifier, keyword names, odd strings, units and exact decimals, and
stays inside the parser's limits (nesting, digits, exponents).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from icpdsl import nodes as n
from icpdsl.formatter import format_profile, format_source
from icpdsl.parser import KEYWORDS, parse
from icpdsl.serialize import from_dict, to_dict

names = st.one_of(
    st.sampled_from(sorted(KEYWORDS)),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
)
texts = st.text(
    st.one_of(st.sampled_from('"\\\n\t\x00\x7f\u2028\u202e\u200bé漢😀 #`'), st.characters()),
    max_size=12,
)
# Enum values, tier names: either a plain name or any text (then written as a string).
words = st.one_of(names, texts)
units = st.sampled_from(["nm", "um", "µm", "mW", "W", "dBm", "degC", "K", "%", "days", "kUSD"])
decimals = st.one_of(
    st.builds(
        lambda digits, exponent: Decimal(digits).scaleb(exponent),
        st.integers(-(10**12), 10**12),
        st.integers(-8, 8),
    ),
    st.sampled_from([Decimal("-0"), Decimal("1E+3"), Decimal("1.50"), Decimal("-0.000")]),
)
quantities = st.builds(n.Quantity, decimals, st.none() | units)


@st.composite
def ranges(draw: st.DrawFn) -> n.RangeLiteral:
    """Both ends with a unit or neither: the parser gives a lone unit to the other end."""
    low, high = draw(decimals), draw(decimals)
    if draw(st.booleans()):
        return n.RangeLiteral(n.Quantity(low, draw(units)), n.Quantity(high, draw(units)))
    return n.RangeLiteral(n.Quantity(low), n.Quantity(high))


scalars = st.one_of(
    quantities,
    ranges(),
    st.builds(n.NameValue, names),
    st.builds(n.TextValue, texts),
    st.builds(n.DateValue, st.dates()),
    st.builds(n.YesNoValue, st.booleans()),
)
values = st.one_of(scalars, st.builds(n.SetLiteral, st.lists(scalars, max_size=3).map(tuple)))
value_lists = st.lists(scalars, min_size=1, max_size=3).map(tuple)
operands = st.one_of(
    st.builds(n.FieldRef, names), st.builds(n.CountOf, names), st.builds(n.ScoreRef)
)
compare_ops = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])

predicates = st.one_of(
    st.builds(n.IsValue, operands, values, st.booleans()),
    st.builds(n.IsOneOf, operands, value_lists, st.booleans()),
    st.builds(n.Compare, operands, compare_ops, values),
    st.builds(n.Between, operands, values, values, st.booleans()),
    st.builds(n.Within, operands, ranges()),
    st.builds(n.Overlaps, operands, ranges()),
    st.builds(n.Covers, operands, quantities | ranges()),
    st.builds(n.Contains, operands, values),
    st.builds(n.ContainsSome, operands, st.sampled_from(["any", "all", "none"]), value_lists),
    st.builds(n.IsEmpty, operands, st.booleans()),
    st.builds(n.Mentions, operands, st.builds(n.TextValue, texts).map(lambda t: (t,))),
    st.builds(n.Mentions, operands, value_lists, st.just(True)),
    st.builds(n.StartsWith, operands, texts),
    st.builds(n.IsKnown, operands, st.booleans()),
    st.builds(n.InTheLast, operands, quantities),
    st.builds(n.Truthy, operands),
)


def _compound(inner: st.SearchStrategy[n.Condition]) -> st.SearchStrategy[n.Condition]:
    several = st.lists(inner, min_size=2, max_size=3).map(tuple)
    counts = st.integers(0, 5)
    return st.one_of(
        st.builds(n.And, several),
        st.builds(n.Or, several),
        st.builds(n.Not, inner),
        st.builds(
            n.Quantifier,
            st.sampled_from(["all", "any", "none"]),
            st.lists(inner, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(n.Quantifier, st.sampled_from(["at_least", "at_most"]), several, counts),
    )


conditions = st.recursive(predicates, _compound, max_leaves=8)

field_types = st.one_of(
    st.builds(n.NumberType, st.none() | units, st.booleans()),
    st.builds(n.TextType),
    st.builds(n.YesNoType),
    st.builds(n.OneOfType, st.lists(words, min_size=1, max_size=3).map(tuple)),
    st.builds(n.SetType, st.none() | st.lists(words, min_size=1, max_size=3).map(tuple)),
    st.builds(n.OrderedType, st.lists(words, min_size=2, max_size=3).map(tuple)),
    st.builds(n.RangeType, st.none() | units),
    st.builds(n.DateType),
)
expectations = st.one_of(
    st.builds(n.ExpectVerdict, names, st.none() | texts),
    st.builds(n.ExpectTier, words),
    st.builds(n.ExpectScore, compare_ops, decimals),
)
unknown_means = st.none() | st.booleans()
statements = st.one_of(
    st.builds(n.Include, texts),
    st.builds(
        n.FieldsBlock,
        st.lists(
            st.builds(n.FieldDecl, names, field_types, st.none() | texts), min_size=1, max_size=3
        ).map(tuple),
    ),
    st.builds(
        n.Rule,
        st.sampled_from(["must_have", "disqualifier"]),
        texts,
        conditions,
        unknown_means=unknown_means,
    ),
    st.builds(
        n.Rule,
        st.just("nice_to_have"),
        texts,
        conditions,
        decimals,
        st.none() | texts,
        unknown_means,
    ),
    st.builds(n.Category, texts, decimals),
    st.builds(n.Tier, words, st.none() | conditions),
    st.builds(
        n.Example,
        texts,
        st.lists(st.builds(n.Assignment, names, values), max_size=3).map(tuple),
        st.lists(expectations, min_size=1, max_size=3).map(tuple),
        st.none() | st.dates(),
    ),
)
# The parser strips a comment's trailing whitespace, and a comment ends at a line break.
comments = st.builds(n.Comment, texts.map(lambda t: t.replace("\n", " ").rstrip()))


@st.composite
def profiles(draw: st.DrawFn) -> n.Profile:
    name = draw(st.none() | texts)
    version = draw(st.none() | texts) if name is not None else None
    return n.Profile(
        tuple(draw(st.lists(statements, max_size=6))),
        name,
        version,
        tuple(draw(st.lists(comments, max_size=3))),
    )


class TestRoundTrips:
    """Every generated tree survives formatting, parsing and serialising unchanged."""

    @settings(max_examples=300, deadline=None)
    @given(profiles())
    def test_parse_of_format_is_the_tree(self, tree: n.Profile) -> None:
        text = format_profile(tree)
        assert parse(text) == tree
        assert format_source(text) == text

    @settings(max_examples=300, deadline=None)
    @given(profiles())
    def test_from_dict_of_to_dict_is_the_tree(self, tree: n.Profile) -> None:
        assert from_dict(to_dict(tree)) == tree

    @settings(max_examples=200, deadline=None)
    @given(profiles(), st.data())
    def test_comments_anywhere_keep_their_order(self, tree: n.Profile, data: st.DataObject) -> None:
        """Comments added after any line or between lines: kept, in order, idempotently."""
        lines = format_profile(tree).split("\n")[:-1]  # not splitlines: comments keep \u2028
        commented = []
        for index, line in enumerate(lines):
            if data.draw(st.booleans(), label=f"own line before {index}"):
                commented.append(f"# before {index}")
            trail = data.draw(st.booleans(), label=f"after line {index}")
            commented.append(f"{line} # after {index}" if trail else line)
        text = "\n".join(commented) + "\n"
        once = format_source(text)
        assert format_source(once) == once
        reparsed = parse(once)
        assert reparsed == parse(text)
        assert [c.text for c in reparsed.comments] == [c.text for c in parse(text).comments]
