"""A plain tree-walking evaluator of checked profiles: the oracle the compiler is tested against.

It is written for obviousness, not speed: Kleene's tables as Python functions,
quantifiers by counting, the verdict order and the category caps as LANGUAGE.md
section 6 states them.  It shares nothing with the compiler but the checked model and
the input conversion.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from typing import Any

from . import model as m
from .accounts import read_account

Truth = bool | None

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip


def kleene_and(values: list[Truth]) -> Truth:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def kleene_or(values: list[Truth]) -> Truth:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def kleene_not(value: Truth) -> Truth:
    return None if value is None else not value


class Interpreter:
    """Evaluates one account: `values` are canonical field values by name."""

    def __init__(
        self, profile: m.CheckedProfile, values: dict[str, Any], as_of: datetime.date
    ) -> None:
        self.profile = profile
        self.values = values
        self.as_of = as_of
        self.score: int | float | None = None

    def term(self, t: m.Term) -> Any:
        if isinstance(t, m.Const):
            return t.value
        if isinstance(t, m.ScoreTerm):
            return self.score
        value = self.values[t.field]
        if value is None:
            return None
        if t.via == "rank":
            ftype = self.profile.field(t.field).type
            assert isinstance(ftype, m.ChoiceT)
            return ftype.values.index(value)
        if t.via == "count":
            return len(value)
        return value * t.scale if t.scale != 1 else value

    def evaluate(self, c: m.Condition) -> Truth:
        if isinstance(c, m.And):
            return kleene_and([self.evaluate(i) for i in c.items])
        if isinstance(c, m.Or):
            return kleene_or([self.evaluate(i) for i in c.items])
        if isinstance(c, m.Not):
            return kleene_not(self.evaluate(c.item))
        if isinstance(c, m.AtLeast | m.AtMost):
            results = [self.evaluate(i) for i in c.items]
            true, unknown = results.count(True), sum(1 for r in results if r is None)
            if isinstance(c, m.AtLeast):
                return True if true >= c.count else (False if true + unknown < c.count else None)
            return False if true > c.count else (True if true + unknown <= c.count else None)
        if isinstance(c, m.Known):
            known = self.values[c.field] is not None
            return not known if c.negated else known
        if isinstance(c, m.Compare):
            a, b = self.term(c.left), self.term(c.right)
            if a is None or b is None:
                return None
            return bool(_COMPARISONS[c.op](a, b))
        if isinstance(c, m.Between):
            x, lo, hi = self.term(c.term), self.term(c.low), self.term(c.high)
            if x is None or lo is None or hi is None:
                return None
            inside = bool(lo <= x and x <= hi)
            return not inside if c.negated else inside
        if isinstance(c, m.OneOf):
            x = self.term(c.term)
            if x is None:
                return None
            return (x not in c.values) if c.negated else (x in c.values)
        value = self.values[c.field]
        if value is None and not isinstance(c, m.Truthy):
            return None
        if isinstance(c, m.RangeCheck):
            low, high = value
            if c.test == "within":
                return bool(c.low <= low and high <= c.high)
            if c.test == "overlaps":
                return bool(low <= c.high and c.low <= high)
            return bool(low <= c.low and c.high <= high)
        if isinstance(c, m.SetCheck):
            if c.test == "has":
                return next(iter(c.values)) in value
            if c.test == "any":
                return bool(value & c.values)
            if c.test == "all":
                return bool(c.values <= value)
            return not (value & c.values)
        if isinstance(c, m.IsEmpty):
            empty = len(value) == 0
            return not empty if c.negated else empty
        if isinstance(c, m.Mentions):
            texts = value if c.in_set else [value]
            return any(t in v for v in texts for t in c.texts)
        if isinstance(c, m.StartsWith):
            return bool(value.startswith(c.text))
        if isinstance(c, m.InLast):
            return bool(self.as_of - datetime.timedelta(days=c.days) <= value <= self.as_of)
        if isinstance(c, m.Truthy):
            return None if value is None else bool(value)
        raise TypeError(f"cannot evaluate {type(c).__name__}")


def interpret(
    profile: m.CheckedProfile, account: object, as_of: datetime.date | None = None
) -> dict[str, Any]:
    """The result of one account, in the same dict shape as compiled `evaluate`."""
    as_of = as_of or datetime.date.today()
    values = read_account(account, profile.fields)
    machine = Interpreter(profile, values, as_of)
    raw = [machine.evaluate(r.condition) for r in profile.rules]
    final = [
        (r.unknown_means if q is None and r.unknown_means is not None else q)
        for r, q in zip(profile.rules, raw, strict=True)
    ]
    kinds = [r.kind for r in profile.rules]
    if any(k == "disqualifier" and v is True for k, v in zip(kinds, final, strict=True)):
        verdict = "disqualified"
    elif any(k == "must_have" and v is False for k, v in zip(kinds, final, strict=True)):
        verdict = "not_a_fit"
    elif any(k == "must_have" and v is None for k, v in zip(kinds, final, strict=True)):
        verdict = "needs_research"
    else:
        verdict = "qualified"
    nice = [(r, v) for r, v in zip(profile.rules, final, strict=True) if r.kind == "nice_to_have"]
    score = m.score_of(profile, {r.label: v is True for r, v in nice})
    potential = m.score_of(
        profile, {r.label: (v is True) or (v is None and r.weight > 0) for r, v in nice}
    )
    tier = None
    if verdict in ("qualified", "needs_research"):
        machine.score = score
        for t in profile.tiers:
            if t.condition is None or machine.evaluate(t.condition) is True:
                tier = t.name
                break
    return {
        "verdict": verdict,
        "score": score,
        "potential": potential,
        "tier": tier,
        "values": values,
        "raw": raw,
        "results": final,
    }
