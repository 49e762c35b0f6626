"""The only names generated code can see, and the result shape it builds.

Compiled profile code runs with `RUNTIME_NAMES` as its globals and no builtins, so a
profile can reach nothing but what is listed here.  This module uses the standard
library only and imports icpdsl's own modules with `from .` lines alone, because
`Profile.to_python()` pastes it (with units.py and convert.py, minus those lines) into
a standalone module.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Mapping
from typing import Any

from .convert import (
    DataError,
    normalize_name,
    to_choice,
    to_date,
    to_number,
    to_range,
    to_set,
    to_text,
    to_yes_no,
)
from .units import UNITS


class Verdict(enum.StrEnum):
    """What an account is, decided in this order: disqualified, not a fit, needs research, qualified."""

    QUALIFIED = "qualified"
    NEEDS_RESEARCH = "needs_research"
    NOT_A_FIT = "not_a_fit"
    DISQUALIFIED = "disqualified"


def choice_lookup(values: tuple[str, ...]) -> dict[str, str]:
    """Declared spellings and their normalized forms, each mapped to the declared value."""
    lookup = {normalize_name(v): v for v in values}
    lookup.update({v: v for v in values})
    return lookup


def account_getter(account: object, attributes: Mapping[str, str]) -> Callable[[str], object]:
    """A `get(key)` for any account: a mapping, or an object read by attribute.

    For objects the field's own name is the attribute (`attributes` maps the input key
    to it), since `from "Wavelength band"` names a column, not an attribute.
    """
    if isinstance(account, Mapping):
        return account.get
    if account is None or isinstance(account, str | bytes | int | float | list | tuple):
        raise DataError("(account)", account, "a mapping or an object with attributes")

    def get(key: str) -> object:
        return getattr(account, attributes.get(key, key), None)

    return get


def today() -> datetime.date:
    """Today's date; a function of this module so it runs with real builtins
    (`date.today` imports `time`, which generated code, having no builtins, cannot)."""
    return datetime.date.today()


_MISSING = object()  # a cache miss, told apart from a remembered None

REMEMBERED_SPELLINGS = 4096
"""How many distinct text spellings a compiled field keeps converted (then it starts over)."""


def remember(cache: dict[str, Any], text: str, value: Any) -> Any:
    """Store what a text cell reads as, bounded; returns the value.  Errors are never stored:
    the converter raises before this is called."""
    if len(cache) >= REMEMBERED_SPELLINGS:
        cache.clear()
    cache[text] = value
    return value


def mentions_in_set(values: frozenset[str], texts: tuple[str, ...]) -> bool:
    """Whether any text occurs inside any element (both already case-folded)."""
    for value in values:
        for text in texts:
            if text in value:
                return True
    return False


def evaluation_dict(
    rules: tuple[tuple[Any, ...], ...],
    field_names: tuple[str, ...],
    caps: dict[str, int | float],
    values: tuple[object, ...],
    raw: tuple[bool | None, ...],
    final: tuple[bool | None, ...],
    verdict: Verdict,
    score: int | float,
    potential: int | float,
    tier: str | None,
    categories: dict[str, int | float],
    as_of: datetime.date,
) -> dict[str, Any]:
    """The full result as plain data: the shape `Evaluation` and the standalone module share.

    `rules` holds, per rule: label, kind, category, weight, and the indexes of the fields
    it reads; `categories` each used category's capped points, `caps` its cap.
    """
    outcomes = []
    decided_by = None
    for (label, kind, category, weight, reads), before, result in zip(
        rules, raw, final, strict=True
    ):
        points = weight if kind == "nice_to_have" and result is True else 0
        outcomes.append(
            {
                "label": label,
                "kind": kind,
                "category": category,
                "result": result,
                "unknown": before is None,
                "points": points,
                "weight": weight,
                "values": {field_names[i]: values[i] for i in reads},
            }
        )
        if decided_by is None and (
            (verdict == "disqualified" and kind == "disqualifier" and result is True)
            or (verdict == "not_a_fit" and kind == "must_have" and result is False)
            or (verdict == "needs_research" and kind == "must_have" and result is None)
        ):
            decided_by = label
    return {
        "verdict": verdict,
        "score": score,
        "potential": potential,
        "tier": tier,
        "decided_by": decided_by,
        "categories": {
            name: {"points": points, "cap": caps[name]} for name, points in categories.items()
        },
        "as_of": as_of,
        "outcomes": outcomes,
    }


RUNTIME_NAMES: dict[str, object] = {
    "__builtins__": {},
    "_Verdict": Verdict,
    "QUALIFIED": Verdict.QUALIFIED,
    "NEEDS_RESEARCH": Verdict.NEEDS_RESEARCH,
    "NOT_A_FIT": Verdict.NOT_A_FIT,
    "DISQUALIFIED": Verdict.DISQUALIFIED,
    "_UNITS": UNITS,
    "_to_number": to_number,
    "_to_text": to_text,
    "_to_yes_no": to_yes_no,
    "_to_choice": to_choice,
    "_to_set": to_set,
    "_to_range": to_range,
    "_to_date": to_date,
    "_choice_lookup": choice_lookup,
    "_getter": account_getter,
    "_mentions_in_set": mentions_in_set,
    "_remember": remember,
    "_MISSING": _MISSING,
    "_evaluation_dict": evaluation_dict,
    "_date": datetime.date,
    "_today": today,
    "_frozenset": frozenset,
    "_str": str,
    "_int": int,
    "_float": float,
    "_bool": bool,
    "_len": len,
    "_dict": dict,
}
