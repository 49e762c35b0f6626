"""Syntax trees as JSON-ready dicts: exact, tagged, strict when read back."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

from icpdsl import nodes as n
from icpdsl.errors import ICPError
from icpdsl.parser import MAX_NESTING, parse
from icpdsl.serialize import TAG, from_dict, to_dict
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def tree() -> n.Profile:
    return parse(EXAMPLE.read_text(encoding="utf-8"), file="photonics.icp")


def without_spans(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: without_spans(value) for key, value in data.items() if key != "span"}
    if isinstance(data, list):
        return [without_spans(item) for item in data]
    return data


def tier(condition: dict[str, Any]) -> dict[str, Any]:
    """A profile dict holding one tier with `condition`."""
    return {"statements": [{TAG: "Tier", "name": "A", "condition": condition}]}


TRUTHY = {TAG: "Truthy", "operand": {TAG: "FieldRef", "name": "a"}}


class TestRoundTrip:
    """from_dict(to_dict(tree)) is the tree, through JSON too."""

    def test_photonics_through_json(self, tree: n.Profile) -> None:
        text = json.dumps(to_dict(tree))
        back = from_dict(json.loads(text))
        assert back == tree
        assert back.comments == tree.comments
        assert back.statements[0].span == tree.statements[0].span

    def test_spans_are_optional(self, tree: n.Profile) -> None:
        data = without_spans(to_dict(tree))
        assert from_dict(data) == tree
        assert from_dict(data).statements[0].span is None

    def test_hand_built_tree_has_no_span_keys(self) -> None:
        data = to_dict(n.Profile((n.Tier("A", None),)))
        assert data == {
            "statements": [{TAG: "Tier", "name": "A", "condition": None}],
            "name": None,
            "version": None,
            "comments": [],
        }

    def test_any_node_class(self) -> None:
        node = n.Between(n.CountOf("s"), n.Quantity(Decimal("1.50"), "nm"), n.NameValue("x"))
        data = to_dict(node)
        assert data["low"] == {TAG: "Quantity", "value": "1.50", "unit": "nm"}
        assert from_dict(data, n.Between) == node


class TestEncoding:
    """What a consumer of the JSON sees."""

    def test_unions_carry_the_class_name(self) -> None:
        rule = n.Rule("must_have", "r", n.Not(n.Covers(n.FieldRef("w"), n.Quantity(Decimal(5)))))
        condition = to_dict(n.Profile((rule,)))["statements"][0]["condition"]
        assert condition[TAG] == "Not"
        assert condition["item"][TAG] == "Covers"
        assert condition["item"]["target"][TAG] == "Quantity"

    def test_decimals_and_dates_are_exact_strings(self) -> None:
        example = n.Example(
            "e", (), (n.ExpectScore(">=", Decimal("1E+3")),), datetime.date(2026, 6, 1)
        )
        data = to_dict(example)
        assert data["as_of"] == "2026-06-01"
        assert data["expect"] == [{TAG: "ExpectScore", "op": ">=", "value": "1E+3"}]
        assert from_dict(data, n.Example).expect[0].value.as_tuple() == Decimal("1E+3").as_tuple()  # type: ignore[union-attr]

    def test_tuples_are_lists(self, tree: n.Profile) -> None:
        data = to_dict(tree)
        assert isinstance(data["statements"], list)
        assert isinstance(data["statements"][0]["fields"][0]["type"]["values"], list)

    def test_only_nodes(self) -> None:
        with pytest.raises(TypeError):
            to_dict({"statements": []})
        with pytest.raises(TypeError):
            from_dict({}, dict)


class TestBadInput:
    """Whatever the dict, from_dict raises ICPError naming the first problem and its path."""

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"statements": [{TAG: "Nope"}]},
                "'type' must be one of Include, .*not 'Nope' @ \\$.statements\\[0\\]",
            ),
            (
                {"statements": [{"path": "x"}]},
                "'type' must be one of .*; it is missing @ \\$.statements\\[0\\]",
            ),
            (
                {"statements": [{TAG: "Include"}]},
                "required key missing @ \\$.statements\\[0\\].path",
            ),
            (
                {"statements": [{TAG: "Include", "path": 5}]},
                "expected a string, not 5 @ \\$.statements\\[0\\].path",
            ),
            ({"statements": "abc"}, "expected a list, not 'abc' @ \\$.statements"),
            ({"statements": [], "extra": 1}, "unknown key 'extra' @ \\$"),
            (tier({**TRUTHY, "x": 1}), "unknown key 'x' @ \\$.statements\\[0\\].condition"),
            (tier({TAG: "SetLiteral", "items": []}), "must be one of IsValue.*not 'SetLiteral'"),
            (
                {"statements": [{TAG: "Category", "name": "c", "cap": 1.5}]},
                'like "1.55", not 1.5 @ \\$.statements\\[0\\].cap',
            ),
            ({"statements": [{TAG: "Category", "name": "c", "cap": "NaN"}]}, "not 'NaN'"),
            ({"statements": [{TAG: "Category", "name": "c", "cap": True}]}, "not True"),
            (
                tier({**TRUTHY, TAG: "Quantifier", "kind": "some", "items": []}),
                "expected one of 'all', .*not 'some' @ .*kind",
            ),
            (
                tier(
                    {
                        TAG: "Not",
                        "item": TRUTHY,
                        "span": {
                            "file": "f",
                            "line": "1",
                            "column": 1,
                            "end_line": 1,
                            "end_column": 2,
                        },
                    }
                ),
                "expected a whole number, not '1' @ .*span.line",
            ),
            (
                {"statements": [], "comments": [{"text": "x"}, "y"]},
                "expected an object for Comment, not 'y' @ \\$.comments\\[1\\]",
            ),
            (
                {
                    "statements": [
                        {
                            TAG: "Example",
                            "label": "e",
                            "given": [],
                            "expect": [],
                            "as_of": "2026-13-01",
                        }
                    ]
                },
                "like \"2026-06-01\", not '2026-13-01'",
            ),
            (
                {
                    "statements": [
                        {
                            TAG: "Rule",
                            "kind": "must_have",
                            "label": "r",
                            "condition": TRUTHY,
                            "unknown_means": "no",
                        }
                    ]
                },
                "expected true or false, not 'no'",
            ),
            ([], "expected an object for Profile, not \\[\\] @ \\$"),
            ("profile", "expected an object for Profile"),
        ],
    )
    def test_readable_error(self, data: Any, message: str) -> None:
        with pytest.raises(ICPError, match=f"^not a valid syntax tree: .*{message}"):
            from_dict(data)

    def test_every_problem_is_counted(self) -> None:
        data = {"statements": [{TAG: "Include"}, {TAG: "Include", "path": 1}]}
        with pytest.raises(ICPError, match=r"\(and 1 more\)$"):
            from_dict(data)

    def test_deep_nesting_is_an_icp_error(self) -> None:
        condition: dict[str, Any] = TRUTHY
        for _ in range(5000):
            condition = {TAG: "Not", "item": condition}
        with pytest.raises(ICPError, match="nested too deeply"):
            from_dict(tier(condition))

    def test_the_deepest_parsed_tree_round_trips(self) -> None:
        depth = (
            MAX_NESTING  # the parser's limit on brackets; each holds or, and, not and a quantifier
        )
        tree = parse('must have "r": ' + "a or b and not all of (" * depth + "c" + ")" * depth)
        assert from_dict(to_dict(tree)) == tree
