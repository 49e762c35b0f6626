"""What evaluating an account gives back: `Evaluation`, its `Outcome`s, and `explain()`."""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any

import attrs

from .model import exact
from .runtime import Verdict

Truth = bool | None

_MARKS = {True: "yes", False: "no ", None: " ? "}


@attrs.frozen
class Outcome:
    """One rule's result for one account, with the input values the rule read."""

    label: str
    kind: str
    category: str | None
    result: Truth
    points: int | float
    unknown: bool
    values: dict[str, Any] = attrs.field(factory=dict)
    weight: int | float = 0


@attrs.frozen
class CategoryPoints:
    """A category's points after its cap, and the cap."""

    points: int | float
    cap: int | float


@attrs.frozen
class Evaluation:
    """The full result for one account: verdict, score, potential, tier and every rule's outcome."""

    verdict: Verdict
    score: int | float
    potential: int | float
    tier: str | None
    outcomes: tuple[Outcome, ...]
    decided_by: str | None
    as_of: datetime.date
    max_score: int | float
    categories: dict[str, CategoryPoints] = attrs.field(factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], max_score: int | float) -> Evaluation:
        """Build from the plain dict compiled `evaluate` returns."""
        return cls(
            Verdict(data["verdict"]),
            data["score"],
            data["potential"],
            data["tier"],
            tuple(Outcome(**o) for o in data["outcomes"]),
            data["decided_by"],
            data["as_of"],
            max_score,
            {name: CategoryPoints(**c) for name, c in data["categories"].items()},
        )

    def explain(self) -> str:
        """Plain text a sales rep can read: verdict, deciding rule, points by category, unknowns."""
        lines = [self._headline()]
        if self.decided_by is not None:
            reason = {
                Verdict.DISQUALIFIED: "ruled out by",
                Verdict.NOT_A_FIT: "fails the must-have",
                Verdict.NEEDS_RESEARCH: "unknown must-have",
            }[self.verdict]
            lines.append(f"  {reason}: {self.decided_by}")
        for kind, title in (("must_have", "Must-haves"), ("disqualifier", "Disqualifiers")):
            rows = [o for o in self.outcomes if o.kind == kind]
            if rows:
                lines.append(f"{title}:")
                lines.extend(f"  [{_MARKS[o.result]}] {o.label}{_values_note(o)}" for o in rows)
        nice = [o for o in self.outcomes if o.kind == "nice_to_have"]
        if nice:
            lines.append("Points:")
            for category, rows in _by_category(nice).items():
                earned = [o for o in rows if o.result is True]
                parts = ", ".join(f"{o.label} {_signed(o.points)}" for o in earned) or "nothing"
                if category is None:
                    lines.append(f"  Other: {_total(rows)} ({parts})")
                    continue
                c = self.categories[category]
                capped = f", capped at {c.cap}" if c.points < _total(rows) else ""
                lines.append(f"  {category}: {c.points} of at most {c.cap} ({parts}{capped})")
        unknown = [o for o in self.outcomes if o.unknown]
        if unknown:
            lines.append("Unknown:")
            could_add = [
                o for o in unknown if o.kind == "nice_to_have" and o.result is None and o.weight > 0
            ]
            if could_add:
                lines.append(
                    "  could add: " + ", ".join(f"{o.label} {_signed(o.weight)}" for o in could_add)
                )
            missing = sorted({k for o in unknown for k, v in o.values.items() if v is None})
            if missing:
                lines.append(f"  to research: {', '.join(missing)}")
        return "\n".join(lines)

    def _headline(self) -> str:
        parts = [f"Verdict: {self.verdict.value}"]
        if self.tier is not None:
            parts.append(f"tier {self.tier}")
        parts.append(f"score {self.score} of {self.max_score}")
        if self.potential != self.score:
            parts.append(f"potential {self.potential}")
        return ", ".join(parts)


def _by_category(rows: list[Outcome]) -> dict[str | None, list[Outcome]]:
    """Categories in the order their rules appear, uncategorised rules last."""
    groups: dict[str | None, list[Outcome]] = {}
    for o in rows:
        if o.category is not None:
            groups.setdefault(o.category, []).append(o)
    other = [o for o in rows if o.category is None]
    if other:
        groups[None] = other
    return groups


def _total(rows: list[Outcome]) -> int | float:
    """Points added exactly, as scores are (0.7 + 0.1 is 0.8)."""
    total = sum((exact(o.points) for o in rows), Fraction(0))
    return int(total) if all(isinstance(o.points, int) for o in rows) else float(total)


def _signed(points: int | float) -> str:
    return f"+{points}" if points >= 0 else str(points)


def show_value(value: Any) -> str:
    """A canonical value as a person reads it: sets braced, ranges `lo .. hi`, yes/no, ISO dates."""
    if value is None:
        return "unknown"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[0]} .. {value[1]}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _values_note(o: Outcome) -> str:
    """The values a rule read, and whether an unknown was replaced by `unknown means`."""
    shown = [f"{k} = {show_value(v)}" for k, v in o.values.items()]
    if o.unknown and o.result is not None:
        shown.append(f"unknown means {'yes' if o.result else 'no'}")
    return "  (" + "; ".join(shown) + ")" if shown else ""
