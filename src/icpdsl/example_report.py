"""The text of a failed `example` block, shared by `icpdsl test` and the pytest plugin.

A failing example should say more than "expected qualified, got not_a_fit": the reader
wants the rules that made the difference.  A verdict problem shows the must-haves and
disqualifiers that did not go the account's way; a score or tier problem shows every
nice-to-have with the points it earned.  Both front ends print the same text, so a
failure reads the same in a terminal and in a pytest report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .results import show_value

if TYPE_CHECKING:
    from .profile import ExampleResult
    from .results import Evaluation, Outcome

_MARKS = {True: "yes", False: "no ", None: " ? "}
_KIND_WORDS = {
    "must_have": "must have",
    "disqualifier": "disqualify",
    "nice_to_have": "nice to have",
}


def headline(ev: Evaluation) -> str:
    """What happened, in one line: verdict (and by what), tier, score."""
    parts = [ev.verdict.value + (f" by {ev.decided_by!r}" if ev.decided_by else "")]
    parts.append("no tier" if ev.tier is None else f"tier {ev.tier}")
    parts.append(f"score {ev.score} of {ev.max_score}")
    return ", ".join(parts)


def describe_failure(result: ExampleResult, *, location: bool = True) -> str:
    """The example's label and line, each problem, what happened, and the rules behind it."""
    ev = result.evaluation
    lines = []
    if location:
        lines.append(f'{result.file}:{result.line}: example "{result.label}" failed')
    lines.extend(f"  {problem}" for problem in result.problems)
    lines.append(f"  got: {headline(ev)}")
    verdict_problem = any(
        not p.startswith(("expected score", "expected tier")) for p in result.problems
    )
    points_problem = any(p.startswith(("expected score", "expected tier")) for p in result.problems)
    if verdict_problem:
        deciding = [o for o in ev.outcomes if _counts_against(o) or o.label == ev.decided_by]
        if deciding:
            lines.append("  rules behind the verdict:")
            lines.extend(f"    {_outcome_line(o)}" for o in deciding)
        else:
            lines.append("  every must-have held and no disqualifier applied")
    if points_problem:
        nice = [o for o in ev.outcomes if o.kind == "nice_to_have"]
        if nice:
            lines.append("  rules behind the score:")
            lines.extend(f"    {_outcome_line(o)}" for o in nice)
        else:
            lines.append("  the profile has no nice-to-have rules")
    return "\n".join(lines)


def _counts_against(o: Outcome) -> bool:
    if o.kind == "must_have":
        return o.result is not True
    if o.kind == "disqualifier":
        return o.result is not False
    return False


def _outcome_line(o: Outcome) -> str:
    text = f"[{_MARKS[o.result]}] {_KIND_WORDS.get(o.kind, o.kind)} {o.label!r}"
    if o.kind == "nice_to_have":
        text += f" {'+' if o.points >= 0 else ''}{o.points}"
        weight = getattr(o, "weight", None)  # the rule's weight, when the Outcome carries it
        if o.points == 0 and weight:
            text += f" (weight {weight})"
        if o.category:
            text += f" in {o.category!r}"
    if o.values:
        text += "  (" + ", ".join(f"{k} = {show_value(v)}" for k, v in o.values.items()) + ")"
    if o.unknown and o.result is not None:
        text += f"  -> unknown, counted as {'yes' if o.result else 'no'}"
    return text
