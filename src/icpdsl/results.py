"""What evaluating an account gives back: `Evaluation`, its `Outcome`s, and `explain()`."""

from __future__ import annotations

import datetime
from typing import Any

import attrs

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
                title = category if category is not None else "Other"
                parts = ", ".join(f"{o.label} {_signed(o.points)}" for o in earned) or "nothing"
                lines.append(f"  {title}: {_total(rows)} ({parts})")
        unknown = [o for o in self.outcomes if o.unknown]
        if unknown:
            missing = sorted({k for o in unknown for k, v in o.values.items() if v is None})
            lines.append("Unknown:")
            lines.extend(f"  {o.label}{_unknown_note(o)}" for o in unknown)
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
    groups: dict[str | None, list[Outcome]] = {}
    for o in rows:
        groups.setdefault(o.category, []).append(o)
    return groups


def _total(rows: list[Outcome]) -> str:
    return str(sum(o.points for o in rows))


def _signed(points: int | float) -> str:
    return f"+{points}" if points >= 0 else str(points)


def _show(value: Any) -> str:
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
    if not o.values:
        return ""
    return "  (" + ", ".join(f"{k} = {_show(v)}" for k, v in o.values.items()) + ")"


def _unknown_note(o: Outcome) -> str:
    note = _values_note(o)
    if o.result is not None:
        note += f"  -> counted as {'yes' if o.result else 'no'} (unknown means)"
    return note
