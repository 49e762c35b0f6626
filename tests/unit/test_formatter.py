"""The canonical layout `icpdsl fmt` writes, and that it never changes a profile's meaning."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from icpdsl import nodes as n
from icpdsl.errors import ICPError
from icpdsl.formatter import WIDTH, format_profile, format_source
from icpdsl.parser import parse
from tests.conftest import EXAMPLE, GOLDEN, assert_golden

FORMAT = GOLDEN / "format"
# Golden pairs: NAME.input.icp formats to NAME.icp; the worked example is an input too.
INPUTS = {
    "photonics": EXAMPLE,
    **{p.name.removesuffix(".input.icp"): p for p in FORMAT.glob("*.input.icp")},
}


def fmt(text: str) -> str:
    """Format, and check on the way the two properties every output must have."""
    out = format_source(text)
    assert format_source(out) == out, "formatting is not idempotent"
    assert parse(out) == parse(text), "formatting changed the tree"
    return out


def body(text: str) -> str:
    """The formatted text without the header line and its blank line."""
    return fmt('profile "p"\n' + text).split("\n", 2)[2]


def condition(tree: n.Condition) -> str:
    """How `tree` is written as the condition of a must-have, without the head."""
    text = format_profile(n.Profile((n.Rule("must_have", "r", tree),)))
    assert parse(text) == n.Profile((n.Rule("must_have", "r", tree),))
    return text.removeprefix('must have "r":').strip()


a, b, c = (n.Truthy(n.FieldRef(name)) for name in "abc")


class TestGolden:
    """Whole files: the example profile and the odd corners, against reviewed output."""

    @pytest.mark.parametrize("name", sorted(INPUTS))
    def test_matches_golden(self, name: str) -> None:
        source = INPUTS[name].read_text(encoding="utf-8")
        out = fmt(source)
        assert_golden(FORMAT / f"{name}.icp", out)
        assert [c.text for c in parse(out).comments] == [c.text for c in parse(source).comments]

    def test_photonics_keeps_the_look_of_the_example(self) -> None:
        lines = (FORMAT / "photonics.icp").read_text(encoding="utf-8").splitlines()
        industry = (
            "one of oem, system_integrator, medical_device, industrial_tech, research, telecom"
        )
        assert f"    industry:       {industry}" in lines  # aligned, and not wrapped
        assert 'must have "Power within our limits":     optical_power <= 10 W' in lines
        assert lines[
            lines.index('nice to have "Core application" weight 30 in "Use case match":') + 1
        ] == ("    applications contains any of sensing, metrology, imaging")


class TestLayout:
    """Statements, blank lines, alignment and the 88-column rule."""

    def test_blank_line_between_kinds_only(self) -> None:
        text = 'must have "a": x\nmust have "b": y\ncategory "c" up to 5\ncategory "d" up to 6\n'
        assert body(text) == (
            'must have "a": x\nmust have "b": y\n\ncategory "c" up to 5\ncategory "d" up to 6\n'
        )

    def test_examples_and_fields_blocks_are_always_apart(self) -> None:
        text = 'fields a: text fields b: text example "e" expect qualified example "f" expect qualified'
        assert body(text) == (
            "fields\n    a: text\n\nfields\n    b: text\n\n"
            'example "e"\n    expect qualified\n\nexample "f"\n    expect qualified\n'
        )

    def test_statements_sharing_a_line_are_split(self) -> None:
        assert fmt('include "x.icp" include "y.icp" tier A otherwise') == (
            'include "x.icp"\ninclude "y.icp"\n\ntier A otherwise\n'
        )

    def test_field_types_align_and_sources_follow(self) -> None:
        text = 'fields\n  a: text from "A"\n  long_name: integer from "Long"\n  c: yes/no\n'
        assert body(text) == (
            "fields\n"
            '    a:         text    from "A"\n'
            '    long_name: integer from "Long"\n'
            "    c:         yes/no\n"
        )

    def test_one_line_conditions_align_in_a_run(self) -> None:
        text = 'must have "short": x\nmust have "much longer label": y\n'
        assert body(text) == 'must have "short":             x\nmust have "much longer label": y\n'

    def test_exactly_88_columns_stays_on_one_line(self) -> None:
        head = 'must have "r": '
        cond = "x is " + "v" * (WIDTH - len(head) - len("x is "))
        assert len(head + cond) == WIDTH
        assert body(head + cond) == head + cond + "\n"
        assert body(head + cond + "w") == f'must have "r":\n    {cond}w\n'

    def test_a_run_is_cut_where_alignment_would_pass_88(self) -> None:
        long_label = "l" * 40
        rules = [
            'must have "a": x',
            f'must have "{long_label}": y',
            f'must have "{long_label}": {"z" * 30}',
            'must have "b": ' + "w" * 60,
        ]
        out = body("\n".join(rules)).splitlines()
        assert out[0] == 'must have "a":'.ljust(len(f'must have "{long_label}": ')) + "x"
        assert all(len(line) <= WIDTH for line in out)
        assert out[3] == 'must have "b": ' + "w" * 60  # starts a run of its own

    def test_tier_condition_wraps_like_a_rule(self) -> None:
        cond = " and ".join(f"field_{i} is value_{i}" for i in range(4))
        assert (
            body(f"tier A when {cond}")
            == "tier A when\n    " + cond.replace(" and ", "\n    and ") + "\n"
        )

    def test_example_wraps_after_commas(self) -> None:
        given = ", ".join(f"field_{i} = value_{i}" for i in range(6))
        out = body(f'example "e" as of 2026-01-02 given {given} expect qualified, tier A, score 5')
        assert out.splitlines() == [
            'example "e" as of 2026-01-02',
            "    given field_0 = value_0, field_1 = value_1, field_2 = value_2, field_3 = value_3,",
            "          field_4 = value_4, field_5 = value_5",
            "    expect qualified, tier A, score 5",
        ]

    def test_empty_profile_is_empty_text(self) -> None:
        assert format_profile(n.Profile(())) == ""


class TestConditions:
    """Parentheses only where needed, braces where a comma would be misread."""

    @pytest.mark.parametrize(
        ("tree", "text"),
        [
            (n.And((n.Or((a, b)), c)), "(a or b) and c"),
            (n.Or((n.And((a, b)), c)), "a and b or c"),
            (n.And((n.And((a, b)), c)), "(a and b) and c"),
            (n.Or((a, n.Or((b, c)))), "a or (b or c)"),
            (n.Not(n.And((a, b))), "not (a and b)"),
            (n.Not(n.Or((a, b))), "not (a or b)"),
            (n.Not(n.Not(a)), "not not a"),
            (n.And((n.Not(a), b)), "not a and b"),
            (n.Quantifier("any", (n.Or((a, b)), c)), "any of (a or b, c)"),
            (n.Quantifier("at_least", (a, b), 1), "at least 1 of (a, b)"),
            (n.Quantifier("at_most", (a,), 0), "at most 0 of (a)"),
        ],
    )
    def test_parentheses(self, tree: n.Condition, text: str) -> None:
        assert condition(tree) == text

    def test_value_lists_are_bare_at_top_level_and_braced_in_quantifiers(self) -> None:
        docs = n.FieldRef("docs")
        values = (n.NameValue("p"), n.NameValue("q"))
        contains = n.ContainsSome(docs, "all", values)
        assert condition(contains) == "docs contains all of p, q"
        deep = n.Quantifier(
            "all",
            (
                n.And(
                    (a, n.Not(n.IsOneOf(docs, values[:1]))),
                ),
            ),
        )
        assert condition(deep) == "all of (a and not docs is one of {p})"
        mentions = n.Mentions(docs, (n.TextValue("x"),), any_of=True)
        assert condition(n.Quantifier("none", (mentions, contains))) == (
            'none of (docs mentions any of {"x"}, docs contains all of {p, q})'
        )

    def test_set_literals_are_always_braced(self) -> None:
        assert condition(n.IsValue(n.FieldRef("s"), n.SetLiteral(()))) == "s is {}"
        assert condition(n.Contains(n.FieldRef("s"), n.SetLiteral((n.NameValue("x"),)))) == (
            "s contains {x}"
        )

    @pytest.mark.parametrize(
        ("tree", "text"),
        [
            (n.IsValue(n.FieldRef("f"), n.NameValue("v"), negated=True), "f is not v"),
            (n.IsOneOf(n.FieldRef("f"), (n.NameValue("v"),), negated=True), "f is not one of v"),
            (n.Compare(n.CountOf("s"), ">=", n.Quantity(Decimal(2))), "count of s >= 2"),
            (n.Compare(n.ScoreRef(), "!=", n.Quantity(Decimal(5))), "score != 5"),
            (
                n.Between(n.FieldRef("f"), n.Quantity(Decimal(1)), n.NameValue("g"), negated=True),
                "f not between 1 and g",
            ),
            (
                n.Within(
                    n.FieldRef("f"),
                    n.RangeLiteral(n.Quantity(Decimal(1), "nm"), n.Quantity(Decimal(2), "um")),
                ),
                "f within 1 nm .. 2 um",
            ),
            (
                n.Overlaps(
                    n.FieldRef("f"), n.RangeLiteral(n.Quantity(Decimal(-1)), n.Quantity(Decimal(2)))
                ),
                "f overlaps -1 .. 2",
            ),
            (n.Covers(n.FieldRef("f"), n.Quantity(Decimal(5), "nm")), "f covers 5 nm"),
            (n.Contains(n.FieldRef("s"), n.TextValue("t")), 's contains "t"'),
            (n.ContainsSome(n.FieldRef("s"), "none", (n.NameValue("x"),)), "s contains none of x"),
            (n.IsEmpty(n.FieldRef("s"), negated=True), "s is not empty"),
            (n.Mentions(n.FieldRef("t"), (n.TextValue("x"),)), 't mentions "x"'),
            (n.StartsWith(n.FieldRef("t"), "Dr"), 't starts with "Dr"'),
            (n.IsKnown(n.FieldRef("t"), negated=True), "t is not known"),
            (
                n.InTheLast(n.FieldRef("d"), n.Quantity(Decimal(3), "weeks")),
                "d in the last 3 weeks",
            ),
            (n.IsValue(n.FieldRef("d"), n.DateValue(datetime.date(2026, 6, 1))), "d is 2026-06-01"),
            (n.IsValue(n.FieldRef("y"), n.YesNoValue(False)), "y is no"),
        ],
    )
    def test_every_predicate(self, tree: n.Condition, text: str) -> None:
        assert condition(tree) == text

    def test_long_and_breaks_with_the_operator_first(self) -> None:
        items = tuple(
            n.IsValue(n.FieldRef(f"field_{i}"), n.NameValue(f"value_{i}")) for i in range(6)
        )
        assert condition(n.Or((n.And(items[:3]), n.And(items[3:])))).splitlines() == [
            "field_0 is value_0 and field_1 is value_1 and field_2 is value_2",
            "    or field_3 is value_3 and field_4 is value_4 and field_5 is value_5",
        ]

    def test_long_parenthesised_operand_opens_a_block(self) -> None:
        items = tuple(
            n.IsValue(n.FieldRef(f"field_{i}"), n.NameValue(f"value_{i}")) for i in range(8)
        )
        out = condition(n.And((a, n.Or(items)))).splitlines()
        assert out[:3] == ["a", "    and (", "        field_0 is value_0"]
        assert out[-1] == "    )"
        assert all(line.startswith("        or ") for line in out[3:-1])

    def test_long_quantifier_lists_one_condition_a_line(self) -> None:
        items = tuple(
            n.IsValue(n.FieldRef(f"field_{i}"), n.NameValue(f"value_{i}")) for i in range(6)
        )
        out = condition(n.Quantifier("at_least", items, 2)).splitlines()
        assert out[0] == "at least 2 of ("
        assert out[1] == "        field_0 is value_0,"
        assert out[6] == "        field_5 is value_5"
        assert out[7] == "    )"


class TestValues:
    """Tokens come back as the same values: names, strings, numbers, units."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (Decimal("1E+3"), "1e+3"),
            (Decimal("-0"), "-0"),
            (Decimal("1.50"), "1.50"),
            (Decimal("1E-7"), "1e-7"),
            (Decimal("-12345.678"), "-12345.678"),
        ],
    )
    def test_numbers_are_exact(self, value: Decimal, text: str) -> None:
        tree = n.IsValue(n.FieldRef("x"), n.Quantity(value, "mW"))
        assert condition(tree) == f"x is {text} mW"
        source = f'must have "r": x is {text} mW\n'
        assert format_source(source) == source  # read back with the same digits and exponent

    def test_strings_are_escaped(self) -> None:
        text = 'q" b\\ n\n t\t nul\x00 bidi\u202e zwsp\u200b é 😀'
        out = condition(n.StartsWith(n.FieldRef("t"), text))
        assert out == 't starts with "q\\" b\\\\ n\\n t\\t nul\\u0000 bidi\\u202e zwsp\\u200b é 😀"'

    def test_keywords_are_backquoted_as_names(self) -> None:
        tree = n.IsValue(n.FieldRef("range"), n.NameValue("none"))
        assert condition(tree) == "`range` is `none`"

    def test_enum_values_and_tier_names_become_strings_when_needed(self) -> None:
        decl = n.FieldDecl("k", n.OneOfType(("plain", "two words", "none", "é")))
        tree = n.Profile((n.FieldsBlock((decl,)), n.Tier("Gold tier", None), n.Tier("A", None)))
        assert format_profile(tree) == (
            'fields\n    k: one of plain, "two words", "none", "é"\n\n'
            'tier "Gold tier" otherwise\ntier A otherwise\n'
        )

    @pytest.mark.parametrize(
        ("type_", "text"),
        [
            (n.NumberType("W"), "number in W"),
            (n.NumberType(None, integer=True), "integer"),
            (n.TextType(), "text"),
            (n.YesNoType(), "yes/no"),
            (n.SetType(None), "set of text"),
            (n.SetType(("text",)), 'set of "text"'),
            (n.OrderedType(("a", "b c")), 'ordered a < "b c"'),
            (n.RangeType("nm"), "range in nm"),
            (n.RangeType(None), "range"),
            (n.DateType(), "date"),
        ],
    )
    def test_field_types(self, type_: n.TypeExpr, text: str) -> None:
        tree = n.Profile((n.FieldsBlock((n.FieldDecl("f", type_),)),))
        assert format_profile(tree) == f"fields\n    f: {text}\n"
        assert parse(format_profile(tree)) == tree

    def test_rule_heads(self) -> None:
        rule = n.Rule("nice_to_have", "L", a, Decimal(-5), "Cat", unknown_means=False)
        assert format_profile(n.Profile((rule,))) == (
            'nice to have "L" weight -5 in "Cat" unknown means no: a\n'
        )
        rule = n.Rule("disqualifier", "D", a, unknown_means=True)
        assert format_profile(n.Profile((rule,))) == 'disqualify "D" unknown means yes: a\n'


class TestComments:
    """Comments survive, in order, next to what they were written about."""

    def test_comments_keep_their_order_and_text(self) -> None:
        text = (FORMAT / "comments.input.icp").read_text(encoding="utf-8")
        assert [c.text for c in parse(fmt(text)).comments] == [c.text for c in parse(text).comments]

    def test_trailing_comment_stays_on_the_last_line(self) -> None:
        long = " and ".join(f"field_{i} is value_{i}" for i in range(5))
        out = body(f'must have "r": {long} # why').splitlines()
        assert out[-1].endswith(" # why")
        assert out[0] == 'must have "r":'

    def test_comment_inside_a_statement_moves_before_it(self) -> None:
        assert body('must have "r": a and # why\n b\n') == '# why\nmust have "r": a and b\n'

    def test_comments_after_the_last_statement_stay_at_the_end(self) -> None:
        assert body("tier A otherwise\n\n# bye\n") == "tier A otherwise\n\n# bye\n"

    def test_comments_of_a_hand_built_tree_go_to_the_top(self) -> None:
        tree = n.Profile((n.Tier("A", None),), "p", comments=(n.Comment(" one"), n.Comment("two")))
        out = format_profile(tree)
        assert out == '# one\n#two\nprofile "p"\n\ntier A otherwise\n'
        assert parse(out) == tree

    def test_a_comment_only_file(self) -> None:
        assert fmt("# a\n\n\n# b\n") == "# a\n\n# b\n"

    def test_hash_inside_a_string_is_not_a_comment(self) -> None:
        assert body('must have "#1": x is "#2" # 3') == 'must have "#1": x is "#2" # 3\n'


class TestRefusals:
    """A tree no text can express is an ICPError, never garbage or injected code."""

    @pytest.mark.parametrize(
        "tree",
        [
            n.Profile((n.Tier("A", n.Truthy(n.FieldRef("two words"))),)),
            n.Profile(
                (n.Tier("A", n.Truthy(n.FieldRef("a"))),),
                comments=(n.Comment("x\ntier B otherwise"),),
            ),
            n.Profile((n.Category("c", Decimal("NaN")),)),
            n.Profile(
                (n.Tier("A", n.IsValue(n.FieldRef("a"), n.Quantity(Decimal(1), "nm\ntier"))),)
            ),
            n.Profile((n.Tier("A", n.Compare(n.FieldRef("a"), "==", n.NameValue("b"))),)),  # type: ignore[arg-type]
            n.Profile((n.Tier("A", n.Mentions(n.FieldRef("a"), (n.NameValue("b"),))),)),
            n.Profile((n.Tier("A", n.Quantifier("at_least", (a,), None)),)),
            n.Profile((n.Rule("nice_to_have", "r", a),)),
            n.Profile((n.Tier("A", n.And((a,))),)),
            n.Profile((n.Tier("A", n.Quantifier("any", ())),)),
            n.Profile((n.Tier("A", n.IsOneOf(n.FieldRef("a"), ())),)),
            n.Profile((n.FieldsBlock(()),)),
            n.Profile((n.FieldsBlock((n.FieldDecl("f", n.OrderedType(("x",))),)),)),
            n.Profile((n.Example("e", (), ()),)),
        ],
    )
    def test_unwritable_tree(self, tree: n.Profile) -> None:
        with pytest.raises(ICPError, match="cannot be written"):
            format_profile(tree)
