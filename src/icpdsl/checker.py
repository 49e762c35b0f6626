"""Syntax tree → checked profile: names, types, values, units, labels, tiers, examples.

The checker never stops at the first problem: every diagnostic is collected and one
`ICPCheckError` carries them all, because a profile is written by several people and
each deserves to see their own mistake in the same run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from . import model as m
from . import nodes as n
from .accounts import convert_field
from .convert import DataError, normalize_name
from .errors import Diagnostic, ICPCheckError
from .units import UNITS, Unit, convert_fraction, suggest_unit, to_plain

_COMPARABLE = "numbers, whole numbers, ordered values and dates"
_VERDICTS = ("qualified", "needs_research", "not_a_fit", "disqualified")
_TIME_UNITS_IN_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30,
                       "year": 365, "years": 365}  # fmt: skip
_OPS: dict[str, m.CompareOp] = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint naming the closest choice, if one is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


class _Invalid(Exception):
    """Raised inside the checker when a construct is reported and cannot be built."""


class Checker:
    """Checks one include-resolved tree; `sources` maps file names to their text."""

    def __init__(self, sources: dict[str, str] | None = None, file: str = "<string>") -> None:
        self.sources = sources or {}
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.fields: dict[str, m.Field] = {}
        self.categories: dict[str, int | float] = {}
        self.in_tier = False

    # ---- reporting ---------------------------------------------------------------------
    def error(self, span: n.Span | None, message: str, hint: str | None = None) -> _Invalid:
        self.diagnostics.append(
            Diagnostic.at(span, message, hint=hint, sources=self.sources, file=self.file)
        )
        return _Invalid()

    def _where(self, span: n.Span | None) -> str:
        return f"{span.file}:{span.line}" if span is not None else "above"

    # ---- the profile ---------------------------------------------------------------------
    def check(self, tree: n.Profile) -> m.CheckedProfile:
        statements = tree.statements
        for stmt in statements:
            if isinstance(stmt, n.Include):
                self.error(
                    stmt.span, "this include was not resolved", "load the profile from a file"
                )
        self._declare_fields(
            [f for s in statements if isinstance(s, n.FieldsBlock) for f in s.fields]
        )
        self._declare_categories([s for s in statements if isinstance(s, n.Category)])
        rules = self._rules([s for s in statements if isinstance(s, n.Rule)])
        tiers = self._tiers([s for s in statements if isinstance(s, n.Tier)])
        examples = self._examples([s for s in statements if isinstance(s, n.Example)], rules, tiers)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        if errors:
            raise ICPCheckError(self.diagnostics)
        return m.CheckedProfile(
            tree.name, tree.version, tuple(self.fields.values()), tuple(rules),
            self.categories, tuple(tiers), tuple(examples), self.file,
        )  # fmt: skip

    # ---- fields --------------------------------------------------------------------------
    def _declare_fields(self, decls: Sequence[n.FieldDecl]) -> None:
        first_span: dict[str, n.Span | None] = {}
        for decl in decls:
            if decl.name in self.fields:
                self.error(
                    decl.span,
                    f"field '{decl.name}' is declared twice",
                    f"it is first declared at {self._where(first_span[decl.name])}; rename or remove one",
                )
                continue
            try:
                field_type = self._field_type(decl.type)
            except _Invalid:
                continue
            line = decl.span.line if decl.span else 0
            key = decl.source if decl.source is not None else decl.name
            self.fields[decl.name] = m.Field(decl.name, field_type, key, len(self.fields), line)
            first_span[decl.name] = decl.span

    def _unit(self, name: str, span: n.Span | None) -> Unit:
        unit = UNITS.get(name)
        if unit is None:
            suggestion = suggest_unit(name)
            raise self.error(
                span,
                f"unknown unit '{name}'",
                f"did you mean '{suggestion}'?"
                if suggestion
                else "see the units in the language reference",
            )
        return unit

    def _field_type(self, t: n.TypeExpr) -> m.FieldType:
        if isinstance(t, n.NumberType):
            if t.unit is not None:
                self._unit(t.unit, t.span)
            return m.NumberT(t.unit, t.integer)
        if isinstance(t, n.RangeType):
            if t.unit is not None:
                self._unit(t.unit, t.span)
            return m.RangeT(t.unit)
        if isinstance(t, n.TextType):
            return m.TextT()
        if isinstance(t, n.YesNoType):
            return m.YesNoT()
        if isinstance(t, n.DateType):
            return m.DateT()
        if isinstance(t, n.OneOfType | n.OrderedType):
            values = self._declared_values(t.values, t.span)
            return m.ChoiceT(values, ordered=isinstance(t, n.OrderedType))
        if t.values is None:
            return m.SetT(None)
        return m.SetT(self._declared_values(t.values, t.span))

    def _declared_values(self, values: tuple[str, ...], span: n.Span | None) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for value in values:
            key = normalize_name(value)
            if not key:
                raise self.error(span, "an empty value cannot be declared")
            if key in seen:
                raise self.error(
                    span,
                    f"the value '{value}' is declared twice"
                    + (f" (as '{seen[key]}')" if seen[key] != value else ""),
                    "values match ignoring case, spaces, hyphens and underscores; keep one",
                )
            seen[key] = value
        return values

    # ---- categories, rules, tiers ---------------------------------------------------------
    def _declare_categories(self, categories: Sequence[n.Category]) -> None:
        spans: dict[str, n.Span | None] = {}
        for cat in categories:
            if cat.name in self.categories:
                self.error(
                    cat.span,
                    f"category '{cat.name}' is declared twice",
                    f"it is first declared at {self._where(spans[cat.name])}",
                )
                continue
            if cat.cap < 0:
                self.error(
                    cat.span,
                    f"the cap of category '{cat.name}' is negative",
                    "a cap limits the points a category adds; for a penalty, give a rule a negative weight",
                )
                self.categories[cat.name] = 0  # known, so its rules are not reported again
                continue
            try:
                self.categories[cat.name] = self._plain(Fraction(cat.cap), cat.span)
            except _Invalid:
                continue
            spans[cat.name] = cat.span

    def _rules(self, rules: Sequence[n.Rule]) -> list[m.Rule]:
        out: list[m.Rule] = []
        labels: dict[str, n.Span | None] = {}
        for rule in rules:
            if rule.label in labels:
                self.error(
                    rule.span,
                    f"the label '{rule.label}' is used twice",
                    f"it is first used at {self._where(labels[rule.label])}; labels name rules in "
                    "explanations, so each must be unique",
                )
            labels.setdefault(rule.label, rule.span)
            if rule.category is not None and rule.category not in self.categories:
                hint = did_you_mean(rule.category, self.categories)
                self.error(
                    rule.span,
                    f"unknown category '{rule.category}'",
                    hint or f'declare it: category "{rule.category}" up to N',
                )
            try:
                weight = (
                    self._plain(Fraction(rule.weight), rule.span) if rule.weight is not None else 0
                )
                condition = self.condition(rule.condition)
            except _Invalid:
                continue
            out.append(
                m.Rule(
                    rule.label,
                    rule.kind,
                    condition,
                    weight,
                    rule.category,
                    rule.unknown_means,
                    m.fields_read(condition),
                    rule.span.line if rule.span else 0,
                    rule.span.file if rule.span else self.file,
                )
            )
        return out

    def _tiers(self, tiers: Sequence[n.Tier]) -> list[m.Tier]:
        out: list[m.Tier] = []
        names: set[str] = set()
        otherwise: n.Tier | None = None
        self.in_tier = True
        for tier in tiers:
            if tier.name in names:
                self.error(tier.span, f"tier '{tier.name}' is declared twice")
            names.add(tier.name)
            if otherwise is not None:
                self.error(
                    tier.span,
                    f"tier '{tier.name}' comes after 'tier {otherwise.name} otherwise' and can never be reached",
                    "tiers are checked in order; put 'otherwise' last",
                )
            if tier.condition is None:
                otherwise = tier
                out.append(m.Tier(tier.name, None))
                continue
            try:
                out.append(m.Tier(tier.name, self.condition(tier.condition)))
            except _Invalid:
                continue
        self.in_tier = False
        return out

    # ---- conditions ----------------------------------------------------------------------
    def condition(self, c: n.Condition) -> m.Condition:
        """Check one condition; reports and raises `_Invalid` when it cannot be built.

        Sub-conditions are all checked even when one fails, so every error is reported.
        """
        if isinstance(c, n.And | n.Or):
            items = self._all(c.items)
            return m.And(items) if isinstance(c, n.And) else m.Or(items)
        if isinstance(c, n.Not):
            return m.Not(self.condition(c.item))
        if isinstance(c, n.Quantifier):
            items = self._all(c.items)
            if c.kind == "all":
                return m.And(items)
            if c.kind == "any":
                return m.Or(items)
            if c.kind == "none":
                return m.Not(m.Or(items))
            count = c.count or 0
            if count > len(items):
                self.error(
                    c.span,
                    f"'{c.kind.replace('_', ' ')} {count} of' has only {len(items)} conditions",
                    "the count cannot be more than the number of conditions in the parentheses",
                )
            return m.AtLeast(count, items) if c.kind == "at_least" else m.AtMost(count, items)
        return self.predicate(c)

    def _all(self, items: Sequence[n.Condition]) -> tuple[m.Condition, ...]:
        out: list[m.Condition] = []
        failed = False
        for item in items:
            try:
                out.append(self.condition(item))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return tuple(out)

    def operand(self, op: n.Operand) -> tuple[m.Term, m.FieldType]:
        if isinstance(op, n.ScoreRef):
            if not self.in_tier:
                raise self.error(
                    op.span,
                    "'score' can only be used in tiers",
                    "tiers rank accounts by score: tier A when score >= 70",
                )
            return m.ScoreTerm(), m.NumberT(None)
        name = op.name if isinstance(op, n.FieldRef) else op.field
        field = self.fields.get(name)
        if field is None:
            hint = did_you_mean(name, self.fields)
            raise self.error(
                op.span, f"unknown field '{name}'", hint or "declare it under 'fields'"
            )
        if isinstance(op, n.CountOf):
            if not isinstance(field.type, m.SetT):
                raise self.error(
                    op.span, f"'count of' needs a set, but {name} is {field.type.describe()}"
                )
            return m.FieldTerm(name, "count"), m.NumberT(None, integer=True)
        return m.FieldTerm(name), field.type

    def _field_only(self, op: n.Operand, what: str) -> tuple[str, m.FieldType]:
        term, ftype = self.operand(op)
        if not isinstance(term, m.FieldTerm) or term.via != "value":
            raise self.error(op.span, f"{what} applies to a field, not to this")
        return term.field, ftype

    def _wrong_type(
        self,
        span: n.Span | None,
        op: n.Operand,
        ftype: m.FieldType,
        predicate: str,
        applies: str,
        hint: str | None = None,
    ) -> _Invalid:
        name = _operand_text(op)
        return self.error(
            span, f"'{predicate}' applies to {applies}, but {name} is {ftype.describe()}", hint
        )

    def predicate(self, c: n.Condition) -> m.Condition:
        if isinstance(c, n.IsKnown):
            term, _ = self.operand(c.operand)
            if not isinstance(term, m.FieldTerm):
                raise self.error(c.span, "'is known' applies to fields")
            return m.Known(term.field, c.negated)
        if isinstance(c, n.Truthy):
            return self._truthy(c)
        if isinstance(c, n.IsValue):
            term, ftype = self.operand(c.operand)
            if isinstance(ftype, m.SetT):
                raise self._wrong_type(
                    c.span,
                    c.operand,
                    ftype,
                    "is",
                    "single values",
                    "for sets, write 'contains', 'contains all of' or 'is empty'",
                )
            right = self.value(c.value, ftype, term)
            return m.Compare(term, "!=" if c.negated else "==", right)
        if isinstance(c, n.IsOneOf):
            term, ftype = self.operand(c.operand)
            if not isinstance(ftype, m.ChoiceT | m.TextT | m.NumberT):
                raise self._wrong_type(
                    c.span, c.operand, ftype, "is one of", "choices, text and numbers"
                )
            values = self._constants(c.values, ftype, term)
            return m.OneOf(term, frozenset(values), c.negated)
        if isinstance(c, n.Compare):
            term, ftype = self.operand(c.operand)
            if not _comparable(ftype):
                hint = "write 'is' to test for a value" if c.op in ("=", "!=") else None
                raise self._wrong_type(c.span, c.operand, ftype, c.op, _COMPARABLE, hint)
            right = self.value(c.value, ftype, term)
            return m.Compare(_ranked(term, ftype), _OPS[c.op], _ranked(right, ftype))
        if isinstance(c, n.Between):
            term, ftype = self.operand(c.operand)
            if not _comparable(ftype):
                raise self._wrong_type(c.span, c.operand, ftype, "between", _COMPARABLE)
            low = self.value(c.low, ftype, term)
            high = self.value(c.high, ftype, term)
            self._ordered_bounds(c.span, low, high, ftype)
            return m.Between(
                _ranked(term, ftype), _ranked(low, ftype), _ranked(high, ftype), c.negated
            )
        if isinstance(c, n.Within):
            term, ftype = self.operand(c.operand)
            if isinstance(ftype, m.NumberT):
                lo, hi = self._range(c.range, ftype.unit, term)
                return m.Between(term, m.Const(lo), m.Const(hi))
            if not isinstance(ftype, m.RangeT) or not isinstance(term, m.FieldTerm):
                raise self._wrong_type(c.span, c.operand, ftype, "within", "ranges and numbers")
            lo, hi = self._range(c.range, ftype.unit, term)
            return m.RangeCheck(term.field, "within", lo, hi)
        if isinstance(c, n.Overlaps | n.Covers):
            word: m.RangeTest = "overlaps" if isinstance(c, n.Overlaps) else "covers"
            name, ftype = self._field_only(c.operand, f"'{word}'")
            if not isinstance(ftype, m.RangeT):
                raise self._wrong_type(c.span, c.operand, ftype, word, "ranges")
            target = c.range if isinstance(c, n.Overlaps) else c.target
            if isinstance(target, n.Quantity):
                point = self._number(target, ftype.unit)
                return m.RangeCheck(name, "covers", point, point)
            lo, hi = self._range(target, ftype.unit, m.FieldTerm(name))
            return m.RangeCheck(name, word, lo, hi)
        if isinstance(c, n.Contains | n.ContainsSome):
            name, ftype = self._field_only(c.operand, "'contains'")
            if not isinstance(ftype, m.SetT):
                raise self._wrong_type(
                    c.span, c.operand, ftype, "contains", "sets", "for one value, write 'is'"
                )
            members_written = (c.value,) if isinstance(c, n.Contains) else c.values
            if isinstance(c, n.Contains) and isinstance(c.value, n.SetLiteral):
                raise self.error(
                    c.value.span,
                    "'contains' takes one value",
                    "for several, write 'contains all of' or 'contains any of'",
                )
            members = frozenset(str(v) for v in self._constants(members_written, ftype, None))
            test: m.SetTestKind = "has" if isinstance(c, n.Contains) else c.test
            return m.SetCheck(name, test, members)
        if isinstance(c, n.IsEmpty):
            name, ftype = self._field_only(c.operand, "'is empty'")
            if not isinstance(ftype, m.SetT):
                raise self._wrong_type(
                    c.span,
                    c.operand,
                    ftype,
                    "is empty",
                    "sets",
                    "to test for a missing value, write 'is not known'",
                )
            return m.IsEmpty(name, c.negated)
        if isinstance(c, n.Mentions):
            name, ftype = self._field_only(c.operand, "'mentions'")
            if not isinstance(ftype, m.TextT) and not (
                isinstance(ftype, m.SetT) and ftype.values is None
            ):
                raise self._wrong_type(
                    c.span, c.operand, ftype, "mentions", "text and sets of text"
                )
            texts = tuple(str(t) for t in self._constants(c.texts, m.TextT(), None))
            return m.Mentions(name, texts, in_set=isinstance(ftype, m.SetT))
        if isinstance(c, n.StartsWith):
            name, ftype = self._field_only(c.operand, "'starts with'")
            if not isinstance(ftype, m.TextT):
                raise self._wrong_type(c.span, c.operand, ftype, "starts with", "text")
            return m.StartsWith(name, c.text.strip().casefold())
        if isinstance(c, n.InTheLast):
            name, ftype = self._field_only(c.operand, "'in the last'")
            if not isinstance(ftype, m.DateT):
                raise self._wrong_type(c.span, c.operand, ftype, "in the last", "dates")
            return m.InLast(name, self._days(c.amount))
        raise self.error(getattr(c, "span", None), f"unsupported condition {type(c).__name__}")

    def _truthy(self, c: n.Truthy) -> m.Condition:
        op = c.operand
        term, ftype = self.operand(op)
        if not isinstance(ftype, m.YesNoT) or not isinstance(term, m.FieldTerm):
            raise self.error(
                c.span,
                f"{_operand_text(op)} is {ftype.describe()}, not yes/no, so it cannot stand alone as a condition",
                "compare it with a value, for example 'is known'",
            )
        return m.Truthy(term.field)

    # ---- values --------------------------------------------------------------------------
    def value(self, v: n.Value, ftype: m.FieldType, left: m.Term | None) -> m.Term:
        """A right-hand value for a field of `ftype`: a constant, or another field."""
        if isinstance(v, n.NameValue) and v.name in self.fields:
            declared = ftype.values if isinstance(ftype, m.ChoiceT | m.SetT) else None
            if not (declared and normalize_name(v.name) in {normalize_name(x) for x in declared}):
                return self._field_value(v, ftype)
        if isinstance(v, n.SetLiteral):
            raise self.error(
                v.span,
                "a set of values cannot be compared here",
                "use 'is one of' or 'contains any of'",
            )
        return m.Const(self.constant(v, ftype))

    def _field_value(self, v: n.NameValue, ftype: m.FieldType) -> m.FieldTerm:
        other = self.fields[v.name]
        if isinstance(ftype, m.NumberT) and isinstance(other.type, m.NumberT):
            scale: float = 1
            if ftype.unit != other.type.unit:
                if ftype.unit is None or other.type.unit is None:
                    raise self.error(
                        v.span,
                        f"{v.name} is {other.type.describe()}, which cannot be compared with {ftype.describe()}",
                    )
                source, target = UNITS[other.type.unit], UNITS[ftype.unit]
                if source.dimension != target.dimension:
                    raise self._dimension_error(v.span, other.type.unit, ftype.unit, v.name)
                if source.logarithmic or target.logarithmic:
                    raise self.error(
                        v.span,
                        f"{v.name} is in {other.type.unit} and cannot be compared with a field in {ftype.unit}",
                        "a logarithmic unit (dBm) compares only with a field in the same unit",
                    )
                scale = float(convert_fraction(Fraction(1), source, target))
            return m.FieldTerm(v.name, scale=scale)
        if type(ftype) is not type(other.type) or ftype != other.type:
            raise self.error(
                v.span,
                f"{v.name} is {other.type.describe()}, which cannot be compared with {ftype.describe()}",
            )
        return m.FieldTerm(v.name)

    def _constants(
        self, values: Sequence[n.Value], ftype: m.FieldType, left: m.Term | None
    ) -> list[m.Constant]:
        out: list[m.Constant] = []
        failed = False
        for v in values:
            try:
                out.append(self.constant(v, ftype))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid()
        return out

    def constant(self, v: n.Value, ftype: m.FieldType) -> m.Constant:
        """The plain Python value of a literal for a field of `ftype`, in the field's unit."""
        span = getattr(v, "span", None)
        if isinstance(v, n.TextValue) and not isinstance(ftype, m.TextT | m.ChoiceT | m.SetT):
            # Any value can be written as a string: it is read as the same text in data would be.
            try:
                value = convert_field(v.text, m.Field("the field", ftype, "the field", 0))
            except DataError as exc:
                raise self.error(
                    span, f'cannot read "{v.text}" as {ftype.describe()}', exc.detail
                ) from None
            if value is None:
                raise self.error(
                    span, "an empty text is no value", "write the value, or test 'is not known'"
                )
            return value  # type: ignore[return-value]
        if isinstance(ftype, m.NumberT):
            if not isinstance(v, n.Quantity):
                raise self._expected(v, ftype)
            value = self._number(v, ftype.unit)
            return value
        if isinstance(ftype, m.ChoiceT | m.SetT) and ftype.values is not None:
            if not isinstance(v, n.NameValue | n.TextValue):
                raise self._expected(v, ftype)
            word = v.name if isinstance(v, n.NameValue) else v.text
            by_key = {normalize_name(x): x for x in ftype.values}
            found = by_key.get(normalize_name(word))
            if found is None:
                hint = (
                    did_you_mean(word, ftype.values) or f"the values are {', '.join(ftype.values)}"
                )
                raise self.error(
                    span, f"unknown value '{word}' for {self._field_named(ftype)}", hint
                )
            return found
        if isinstance(ftype, m.TextT | m.SetT):
            if isinstance(v, n.TextValue):
                return v.text.strip().casefold()
            quote = (
                f'write text in double quotes: "{v.name}"' if isinstance(v, n.NameValue) else None
            )
            raise self._expected(v, ftype, quote)
        if isinstance(ftype, m.YesNoT):
            if not isinstance(v, n.YesNoValue):
                raise self._expected(v, ftype)
            return v.value
        if isinstance(ftype, m.DateT):
            if not isinstance(v, n.DateValue):
                raise self._expected(v, ftype, "write dates as YYYY-MM-DD")
            return v.date
        if isinstance(ftype, m.RangeT):
            if isinstance(v, n.Quantity):
                point = self._number(v, ftype.unit)
                return (point, point)
            if not isinstance(v, n.RangeLiteral):
                raise self._expected(v, ftype)
            return self._range(v, ftype.unit, None)
        raise self._expected(v, ftype)

    def _field_named(self, ftype: m.FieldType) -> str:
        names = [f.name for f in self.fields.values() if f.type == ftype]
        return names[0] if len(names) == 1 else ftype.describe()

    def _expected(self, v: n.Value, ftype: m.FieldType, hint: str | None = None) -> _Invalid:
        return self.error(
            getattr(v, "span", None),
            f"expected {ftype.describe()} here, not {_describe_value(v)}",
            hint,
        )

    def _number(self, q: n.Quantity, unit_name: str | None) -> int | float:
        if q.unit is None:
            return self._plain(Fraction(q.value), q.span)
        source = self._unit(q.unit, q.span)
        if unit_name is None:
            raise self.error(
                q.span,
                f"this value has the unit '{q.unit}', but the field has no unit",
                f"write a plain number, or declare the field with a unit (number in {q.unit})",
            )
        target = UNITS[unit_name]
        if source.dimension != target.dimension:
            raise self._dimension_error(q.span, q.unit, unit_name, None)
        try:
            converted = convert_fraction(Fraction(q.value), source, target)
        except (ValueError, OverflowError) as exc:
            raise self.error(
                q.span, f"cannot convert {q.value} {q.unit} to {unit_name}: {exc}"
            ) from None
        return self._plain(converted, q.span)

    def _plain(self, value: Fraction | float, span: n.Span | None) -> int | float:
        try:
            return to_plain(value)
        except (ValueError, OverflowError):
            raise self.error(
                span, "this number is too large", "numbers must fit in a double (about 1.8e308)"
            ) from None

    def _dimension_error(
        self, span: n.Span | None, unit: str, field_unit: str, name: str | None
    ) -> _Invalid:
        a, b = UNITS[unit], UNITS[field_unit]
        return self.error(
            span,
            f"'{unit}' is {_article(a.dimension)} {a.dimension}, but the field is {_article(b.dimension)} {b.dimension} ({field_unit})",
            f"write the value in a unit of {b.dimension}, such as {field_unit}",
        )

    def _range(
        self, r: n.RangeLiteral, unit: str | None, left: m.Term | None
    ) -> tuple[int | float, int | float]:
        low = self._number(r.low, unit)
        high = self._number(r.high, unit)
        if low > high:
            raise self.error(
                r.span,
                "this range is reversed: its low end is greater than its high end",
                "write the smaller value first: LOW .. HIGH",
            )
        return (low, high)

    def _ordered_bounds(
        self, span: n.Span | None, low: m.Term, high: m.Term, ftype: m.FieldType
    ) -> None:
        if isinstance(low, m.Const) and isinstance(high, m.Const):
            lo, hi = _rank_of(low.value, ftype), _rank_of(high.value, ftype)
            if lo > hi:  # type: ignore[operator]
                raise self.error(
                    span, "'between' has its bounds reversed", "write the smaller bound first"
                )

    def _days(self, q: n.Quantity) -> int:
        per_day = _TIME_UNITS_IN_DAYS.get(q.unit or "")
        if per_day is None:
            raise self.error(
                q.span,
                "'in the last' takes a number of days, weeks, months or years",
                "for example: in the last 90 days",
            )
        days = Fraction(q.value) * per_day
        if days.denominator != 1 or days < 0:
            raise self.error(q.span, "'in the last' needs a whole, non-negative number of days")
        return int(days)

    # ---- examples ------------------------------------------------------------------------
    def _examples(
        self, examples: Sequence[n.Example], rules: list[m.Rule], tiers: list[m.Tier]
    ) -> list[m.Example]:
        out: list[m.Example] = []
        labels = {r.label: r.kind for r in rules}
        tier_names = {t.name for t in tiers}
        seen: set[str] = set()
        for ex in examples:
            if ex.label in seen:
                self.error(
                    ex.span,
                    f"two examples are labelled '{ex.label}'",
                    "give each example its own label",
                )
            seen.add(ex.label)
            account: dict[str, object] = {}
            for a in ex.given:
                field = self.fields.get(a.field)
                if field is None:
                    self.error(
                        a.span, f"unknown field '{a.field}'", did_you_mean(a.field, self.fields)
                    )
                    continue
                try:
                    account[field.key] = self._example_value(a.value, field)
                except _Invalid:
                    continue
            expectations = [self._expectation(e, labels, tier_names) for e in ex.expect]
            out.append(
                m.Example(
                    ex.label, account, tuple(e for e in expectations if e is not None), ex.as_of,
                    ex.span.line if ex.span else 0, ex.span.file if ex.span else self.file,
                )
            )  # fmt: skip
        return out

    def _example_value(self, v: n.Value, field: m.Field) -> object:
        ftype = field.type
        raw: Any
        if isinstance(ftype, m.SetT):
            if not isinstance(v, n.SetLiteral):
                items: Sequence[n.Value] = (v,)
            else:
                items = v.items
            raw = frozenset(str(x) for x in self._constants(items, ftype, None))
        else:
            raw = self.constant(v, ftype)
        try:
            return convert_field(raw, field)
        except DataError as exc:
            raise self.error(getattr(v, "span", None), str(exc)) from None

    def _expectation(
        self, e: n.Expectation, labels: Mapping[str, str], tiers: set[str]
    ) -> m.ExampleExpectation | None:
        if isinstance(e, n.ExpectVerdict):
            if e.verdict not in _VERDICTS:
                self.error(
                    e.span,
                    f"unknown verdict '{e.verdict}'",
                    did_you_mean(e.verdict, _VERDICTS) or f"expect one of {', '.join(_VERDICTS)}",
                )
                return None
            if e.by is not None:
                kind = labels.get(e.by)
                needed = {
                    "disqualified": "disqualifier",
                    "not_a_fit": "must_have",
                    "needs_research": "must_have",
                }.get(e.verdict)
                if kind is None:
                    self.error(e.span, f"no rule is labelled '{e.by}'", did_you_mean(e.by, labels))
                    return None
                if needed is None or kind != needed:
                    self.error(
                        e.span,
                        f"'{e.verdict}' cannot be decided by the {kind.replace('_', '-')} '{e.by}'",
                        "disqualified is decided by a disqualifier; not_a_fit and needs_research by a must-have",
                    )
                    return None
            return m.ExampleExpectation("verdict", e.verdict, by=e.by)
        if isinstance(e, n.ExpectTier):
            if e.name not in tiers:
                self.error(e.span, f"unknown tier '{e.name}'", did_you_mean(e.name, tiers))
                return None
            return m.ExampleExpectation("tier", e.name)
        try:
            return m.ExampleExpectation("score", self._plain(Fraction(e.value), e.span), _OPS[e.op])
        except _Invalid:
            return None


# ---- small helpers ---------------------------------------------------------------------


def _comparable(ftype: m.FieldType) -> bool:
    return isinstance(ftype, m.NumberT | m.DateT) or (
        isinstance(ftype, m.ChoiceT) and ftype.ordered
    )


def _rank_of(value: object, ftype: m.FieldType) -> object:
    if isinstance(ftype, m.ChoiceT) and ftype.ordered and isinstance(value, str):
        return ftype.values.index(value)
    return value


def _ranked(term: m.Term, ftype: m.FieldType) -> m.Term:
    """On ordered fields comparisons read positions, not spellings."""
    if not (isinstance(ftype, m.ChoiceT) and ftype.ordered):
        return term
    if isinstance(term, m.Const):
        return m.Const(ftype.values.index(str(term.value)))
    if isinstance(term, m.FieldTerm):
        return m.FieldTerm(term.field, "rank")
    return term


def _operand_text(op: n.Operand) -> str:
    if isinstance(op, n.FieldRef):
        return op.name
    if isinstance(op, n.CountOf):
        return f"count of {op.field}"
    return "score"


def _describe_value(v: n.Value) -> str:
    if isinstance(v, n.Quantity):
        return f"the number {v.value}{' ' + v.unit if v.unit else ''}"
    if isinstance(v, n.TextValue):
        return f'the text "{v.text}"'
    if isinstance(v, n.NameValue):
        return f"the name '{v.name}'"
    if isinstance(v, n.YesNoValue):
        return "yes" if v.value else "no"
    if isinstance(v, n.DateValue):
        return f"the date {v.date.isoformat()}"
    if isinstance(v, n.RangeLiteral):
        return "a range"
    return "a set"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
