"""No input text makes the library raise anything but its own errors, hang, or recurse too deep."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import icpdsl
from tests.conftest import EXAMPLE

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
TOKENS = [
    "must", "have", "nice", "to", "disqualify", "weight", "in", "category", "up", "tier", "when",
    "otherwise", "example", "given", "expect", "fields", "profile", "version", "include", "and",
    "or", "not", "is", "one", "of", "set", "text", "range", "within", "overlaps", "covers",
    "between", "contains", "any", "all", "none", "at", "least", "most", "count", "mentions",
    "starts", "with", "known", "empty", "score", "the", "last", "unknown", "means", "yes", "no",
    "(", ")", "{", "}", ",", ":", "..", "<", "<=", "=", "!=", ">=", '"x"', '"\\q"', "`a`", "12",
    "-4.5e3", "1e999", "nm", "W", "degF", "dBm", "2026-13-40", "stage", "wavelength", "#c\n", "\n",
]  # fmt: skip


def outcome(text: str) -> None:
    try:
        icpdsl.loads(text)
    except icpdsl.ICPError as exc:
        assert str(exc)  # every error renders


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    outcome(text)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_random_token_soup(tokens: list[str]) -> None:
    outcome(" ".join(tokens))


@settings(max_examples=300)
@given(st.integers(0, len(EXAMPLE_TEXT)), st.integers(0, 40), st.text(max_size=8), st.randoms())
def test_mutated_example(start: int, length: int, insert: str, rnd: random.Random) -> None:
    """Cut, replace or duplicate a piece of the worked example."""
    text = EXAMPLE_TEXT[:start] + insert + EXAMPLE_TEXT[start + length :]
    if rnd.random() < 0.3:
        text = text + text[start : start + length]
    outcome(text)


@pytest.mark.parametrize(
    "text",
    [
        'fields a: yes/no\nmust have "x": ' + "(" * 20_000 + "a" + ")" * 20_000,
        'fields a: yes/no\nmust have "x": ' + "not " * 20_000 + "a",
        'fields a: yes/no\nmust have "x": ' + "any of (" * 5_000 + "a" + ")" * 5_000,
        'fields s: set of x\nmust have "x": s contains any of ' + "{" * 20_000,
    ],
    ids=["parentheses", "nots", "quantifiers", "braces"],
)
def test_deep_nesting_is_a_clean_error(text: str) -> None:
    with pytest.raises(icpdsl.ICPSyntaxError) as caught:
        icpdsl.loads(text)
    assert "nested more than" in caught.value.message or "unexpected" in caught.value.message


def test_long_flat_conditions_compile() -> None:
    """20,000 conditions joined by `and` are not nesting: they check and compile."""
    text = 'fields a: integer\nmust have "x": ' + " and ".join(f"a != {i}" for i in range(20_000))
    profile = icpdsl.loads(text)
    assert profile.score({"a": 20_001})[0] == "qualified"
    assert profile.score({"a": 7})[0] == "not_a_fit"


def test_nesting_within_the_limit_works() -> None:
    text = 'fields a: yes/no\nmust have "x": ' + "(" * 30 + "a" + ")" * 30
    assert icpdsl.loads(text).score({"a": True})[0] == "qualified"


@pytest.mark.parametrize(
    "text", ["\x00", '\ufeffprofile "x"', 'must have "\\u12": a', "fields a: number in \u00b5m"]
)
def test_odd_characters(text: str) -> None:
    outcome(text)


def test_byte_order_mark_is_ignored() -> None:
    assert icpdsl.parse('\ufeffprofile "x"').name == "x"


def test_deepest_accepted_condition_goes_through_every_stage() -> None:
    """The deepest tree the parser accepts checks, compiles, interprets and formats without recursion errors."""
    from icpdsl.interpreter import interpret
    from icpdsl.parser import MAX_NESTING

    unit = "(a or b and not all of ("
    depth = MAX_NESTING // 2
    text = 'fields\n a: yes/no\n b: yes/no\nmust have "x": ' + unit * depth + "a" + "))" * depth
    profile = icpdsl.loads(text)
    assert (
        profile.score({"a": True})[0]
        == interpret(profile.checked, {"a": True})["verdict"]
        == "qualified"
    )
    formatted = icpdsl.format(text)
    assert icpdsl.format(formatted) == formatted
    assert icpdsl.from_dict(icpdsl.to_dict(icpdsl.parse(text))) == icpdsl.parse(text)
