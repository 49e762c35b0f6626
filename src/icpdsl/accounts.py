"""Reading an account's values for checked fields, outside compiled code.

Compiled profiles inline these same conversions (with a fast path for values that
are already canonical); the interpreter and the checker's `example` blocks come here.
"""

from __future__ import annotations

from . import model as m
from .convert import to_choice, to_date, to_number, to_range, to_set, to_text, to_yes_no
from .runtime import account_getter, choice_lookup
from .units import UNITS

Value = object


def convert_field(raw: object, field: m.Field) -> Value:
    """The canonical value of `raw` for `field`, None when unknown; or DataError."""
    t = field.type
    unit = UNITS[t.unit] if isinstance(t, m.NumberT | m.RangeT) and t.unit else None
    if isinstance(t, m.NumberT):
        return to_number(raw, field.name, unit, t.integer)
    if isinstance(t, m.TextT):
        return to_text(raw, field.name)
    if isinstance(t, m.YesNoT):
        return to_yes_no(raw, field.name)
    if isinstance(t, m.ChoiceT):
        return to_choice(raw, field.name, choice_lookup(t.values), t.describe())
    if isinstance(t, m.SetT):
        lookup = choice_lookup(t.values) if t.values is not None else None
        return to_set(raw, field.name, lookup, t.describe())
    if isinstance(t, m.RangeT):
        return to_range(raw, field.name, unit)
    return to_date(raw, field.name)


def read_account(account: object, fields: tuple[m.Field, ...]) -> dict[str, Value]:
    """Every declared field's canonical value, by field name; undeclared keys are ignored."""
    get = account_getter(account, {f.key: f.name for f in fields})
    return {f.name: convert_field(get(f.key), f) for f in fields}
