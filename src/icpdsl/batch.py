"""Scoring a stream of rows for `icpdsl score`: ids, invalid rows, explanations, counts.

Why not just `Profile.score_many`: the command needs each row's id, keeps rows that
cannot be read (with their reason) in place, adds explanations on request, and counts
verdicts for the summary.  Repeated spellings in a column ("Medical Device", "500 mW")
cost little: the compiled profile remembers what each distinct text reads as.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from .convert import DataError
from .datafiles import BadRow, ScoredRow

if TYPE_CHECKING:
    from .profile import Profile
    from .results import Evaluation

VERDICT_ORDER = ("qualified", "needs_research", "not_a_fit", "disqualified", "invalid")
_SHOWN_ERRORS = 5


class Summary:
    """Counts per verdict, and the first few invalid rows (for the message on stderr)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def invalid(self) -> int:
        return self.counts["invalid"]

    def add(self, row: ScoredRow, number: int) -> None:
        self.counts[row.verdict] += 1
        if row.error is not None and len(self.errors) < _SHOWN_ERRORS:
            where = f"row {number}" if row.id == number else f"row {number} (id {row.id})"
            self.errors.append(f"{where}: {row.error}")

    def render(self, source: str) -> str:
        total = self.total
        parts = [f"{self.counts[v]} {v}" for v in VERDICT_ORDER if self.counts[v]]
        lines = [
            f"icpdsl: {source}: {total} row{'s' if total != 1 else ''} scored"
            + (f": {', '.join(parts)}" if parts else "")
        ]
        if self.invalid:
            lines.extend(f"  {error}" for error in self.errors)
            if self.invalid > len(self.errors):
                lines.append(f"  ... and {self.invalid - len(self.errors)} more invalid rows")
        return "\n".join(lines)


def _labels(ev: Evaluation) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """failed (must-haves false, disqualifiers true), unknown, matched (nice-to-haves true)."""
    failed = tuple(
        o.label
        for o in ev.outcomes
        if (o.kind == "must_have" and o.result is False)
        or (o.kind == "disqualifier" and o.result is True)
    )
    unknown = tuple(o.label for o in ev.outcomes if o.unknown)
    matched = tuple(o.label for o in ev.outcomes if o.kind == "nice_to_have" and o.result is True)
    return failed, unknown, matched


def reasons(ev: Evaluation) -> str:
    """The few words a table shows: what decided the verdict, or the points earned."""
    verdict = ev.verdict.value
    if verdict == "disqualified":
        return f"ruled out: {ev.decided_by}"
    if verdict == "not_a_fit":
        failed = [o.label for o in ev.outcomes if o.kind == "must_have" and o.result is False]
        return "fails: " + "; ".join(failed)
    earned = sorted(
        (o for o in ev.outcomes if o.kind == "nice_to_have" and o.result is True and o.points),
        key=lambda o: -o.points,
    )
    points = ", ".join(f"{'+' if o.points > 0 else ''}{o.points} {o.label}" for o in earned[:3])
    if verdict == "needs_research":
        unknown = [o.label for o in ev.outcomes if o.kind == "must_have" and o.result is None]
        return "unknown: " + "; ".join(unknown) + (f" | {points}" if points else "")
    return points


class RowScorer:
    """Scores rows in order; every row gives exactly one `ScoredRow`.

    `id_column` None means: the row's `id` when it has one, else its 1-based number.
    `explain` adds the failed/unknown/matched labels, `with_reasons` the table's words;
    both need every rule's outcome, so they take the slower `Profile.evaluate` path.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        as_of: datetime.date,
        id_column: str | None = None,
        explain: bool = False,
        with_reasons: bool = False,
    ) -> None:
        self.profile = profile
        self.as_of = as_of
        self.id_column = id_column
        self.explain = explain
        self.with_reasons = with_reasons
        self.summary = Summary()

    def _id(self, row: object, number: int) -> object:
        key = self.id_column or "id"
        if isinstance(row, Mapping) and key in row:
            value = row[key]
            if self.id_column is not None or (value is not None and value != ""):
                return value
        return None if self.id_column is not None else number

    def score(
        self, rows: Iterable[object], tick: Callable[[int], None] | None = None
    ) -> Iterator[ScoredRow]:
        """One `ScoredRow` per input row; `tick(n)` is called every 4096 rows."""
        detailed = self.explain or self.with_reasons
        for number, row in enumerate(rows, 1):
            scored = self._one(row, number, detailed)
            self.summary.add(scored, number)
            if tick is not None and number % 4096 == 0:
                tick(number)
            yield scored

    def _one(self, row: object, number: int, detailed: bool) -> ScoredRow:
        ident = self._id(row, number)
        if isinstance(row, BadRow):
            return ScoredRow(ident, "invalid", None, None, row.reason)
        try:
            account = row
            if not detailed:
                verdict, points, tier = self.profile.score(account, self.as_of)
                return ScoredRow(ident, str(verdict), points, tier)
            ev = self.profile.evaluate(account, self.as_of)
        except DataError as exc:
            return ScoredRow(ident, "invalid", None, None, str(exc))
        failed, unknown, matched = _labels(ev) if self.explain else (None, None, None)
        why = reasons(ev) if self.with_reasons else ""
        return ScoredRow(
            ident, ev.verdict.value, ev.score, ev.tier, None, failed, unknown, matched, why
        )
