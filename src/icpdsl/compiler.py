"""Checked profile → Python source → functions.

The generated module is flat, statement-per-line code: one local per field (`v0`, ...),
one per rule result (`r0`, ...), temporaries for compound conditions, and no nesting
deeper than one `if`, so a profile of any size compiles and runs without recursion.
Three-valued logic is spelled out inline: `None` is unknown, and every `and`, `or`,
`not` and quantifier follows Kleene's tables.

Safety: user text reaches the source only through `literal()`, which accepts plain
constants of known types and writes their `repr()`; the code runs with
`runtime.RUNTIME_NAMES` as its only globals and no builtins.  Every block carries a
`# line N` comment pointing back at the .icp file.
"""

from __future__ import annotations

import datetime
import math
import operator
import sys
from collections.abc import Callable
from typing import Any

from . import model as m
from .runtime import RUNTIME_NAMES


class UnsafeConstant(TypeError):
    """A value that `literal()` will not write into generated code."""


def literal(value: object) -> str:
    """The `repr()` of a vetted constant, or `UnsafeConstant`."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if type(value) is int:
        return repr(value)
    if type(value) is float:
        if not math.isfinite(value):
            raise UnsafeConstant(f"non-finite number {value!r}")
        return repr(value)
    if type(value) is str:
        return repr(value)
    if type(value) is datetime.date:
        return f"_date({value.year}, {value.month}, {value.day})"
    if type(value) is tuple:
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if type(value) is frozenset:
        return f"_frozenset({literal(tuple(sorted(value, key=repr)))})"
    if type(value) is dict:
        items = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise UnsafeConstant(f"cannot write a {type(value).__name__} into generated code")


class _Writer:
    """Lines of Python with an indentation level (Jinja's writeline/indent/outdent)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0

    def line(self, text: str) -> None:
        self.lines.append("    " * self.level + text)

    def indent(self) -> None:
        self.level += 1

    def outdent(self) -> None:
        self.level -= 1


class _Emitter:
    """Writes the code of conditions as assignments to fresh locals."""

    def __init__(
        self, profile: m.CheckedProfile, writer: _Writer, constants: dict[str, str]
    ) -> None:
        self.profile = profile
        self.w = writer
        self.constants = constants
        self.index = {f.name: f.index for f in profile.fields}
        self.temp = 0

    def const(self, value: object) -> str:
        """Hoist a set or mapping to a module constant; inline anything simpler."""
        text = literal(value)
        if not isinstance(value, frozenset | dict):
            return text
        for name, existing in self.constants.items():
            if existing == text:
                return name
        name = f"_K{len(self.constants)}"
        self.constants[name] = text
        return name

    def fresh(self) -> str:
        self.temp += 1
        return f"t{self.temp}"

    def var(self, field: str) -> str:
        return f"v{self.index[field]}"

    def term(self, t: m.Term) -> tuple[str, list[str]]:
        """The expression of a term and the locals that must be known for it."""
        if isinstance(t, m.Const):
            return literal(t.value), []
        if isinstance(t, m.ScoreTerm):
            return "score", []
        v = self.var(t.field)
        if t.via == "rank":
            ftype = self.profile.field(t.field).type
            assert isinstance(ftype, m.ChoiceT)
            ranks = self.const({value: i for i, value in enumerate(ftype.values)})
            return f"{ranks}[{v}]", [v]
        if t.via == "count":
            return f"_len({v})", [v]
        if t.scale != 1:
            return f"({v} * {literal(t.scale)})", [v]
        return v, [v]

    def guarded(self, expression: str, needs: list[str]) -> str:
        unique = list(dict.fromkeys(needs))
        if not unique:
            return expression
        test = " or ".join(f"{v} is None" for v in unique)
        return f"None if {test} else ({expression})"

    def test(self, c: m.Predicate) -> tuple[str, list[str]]:
        """The two-valued test of a predicate, valid once the locals it needs are known."""
        if isinstance(c, m.Compare):
            ranked = self._ranked_membership(c)
            if ranked is not None:
                return ranked
            left, a = self.term(c.left)
            right, b = self.term(c.right)
            return f"{left} {c.op} {right}", a + b
        if isinstance(c, m.Between):
            x, a = self.term(c.term)
            lo, b = self.term(c.low)
            hi, d = self.term(c.high)
            test = f"{lo} <= {x} <= {hi}"
            return (f"not ({test})" if c.negated else test), a + b + d
        if isinstance(c, m.OneOf):
            x, a = self.term(c.term)
            return f"{x} {'not in' if c.negated else 'in'} {self.const(c.values)}", a
        if isinstance(c, m.Known | m.Truthy):
            raise TypeError("known-ness and yes/no fields are tested by `predicate`")
        v = self.var(c.field)
        if isinstance(c, m.RangeCheck):
            lo, hi = literal(c.low), literal(c.high)
            return {
                "within": f"{lo} <= {v}[0] and {v}[1] <= {hi}",
                "overlaps": f"{v}[0] <= {hi} and {lo} <= {v}[1]",
                "covers": f"{v}[0] <= {lo} and {hi} <= {v}[1]",
            }[c.test], [v]
        if isinstance(c, m.SetCheck):
            if c.test == "has":
                return f"{literal(next(iter(c.values)))} in {v}", [v]
            k = self.const(c.values)
            return {
                "any": f"not {v}.isdisjoint({k})",
                "all": f"{k} <= {v}",
                "none": f"{v}.isdisjoint({k})",
            }[c.test], [v]
        if isinstance(c, m.IsEmpty):
            return (f"_len({v}) != 0" if c.negated else f"_len({v}) == 0"), [v]
        if isinstance(c, m.Mentions):
            if c.in_set:
                return f"_mentions_in_set({v}, {literal(c.texts)})", [v]
            return " or ".join(f"{literal(t)} in {v}" for t in c.texts), [v]
        if isinstance(c, m.StartsWith):
            return f"{v}.startswith({literal(c.text)})", [v]
        if isinstance(c, m.InLast):
            return f"today - {c.days} <= {v}.toordinal() <= today", [v]
        raise TypeError(f"no code for {type(c).__name__}")

    def _ranked_membership(self, c: m.Compare) -> tuple[str, list[str]] | None:
        """`stage >= qualification` as `stage in {qualification, production_planning}`."""
        left, right = c.left, c.right
        if not (
            isinstance(left, m.FieldTerm) and left.via == "rank" and isinstance(right, m.Const)
        ):
            return None
        ftype = self.profile.field(left.field).type
        assert isinstance(ftype, m.ChoiceT)
        compare = _OPERATORS[c.op]
        chosen = frozenset(v for i, v in enumerate(ftype.values) if compare(i, right.value))
        v = self.var(left.field)
        return f"{v} in {self.const(chosen)}", [v]

    def _unguarded_truth(self, c: m.Condition) -> str | None:
        """`v == 'x'` and `v in K` are already false for an unknown `v`: no guard needed."""
        if isinstance(c, m.Compare) and c.op == "==" and isinstance(c.right, m.Const):
            left = c.left
            if isinstance(left, m.FieldTerm) and left.via == "value" and left.scale == 1:
                return f"({self.var(left.field)} == {literal(c.right.value)})"
        term = c.term if isinstance(c, m.OneOf) and not c.negated else None
        if isinstance(term, m.FieldTerm) and term.via == "value" and term.scale == 1:
            assert isinstance(c, m.OneOf)
            return f"({self.var(term.field)} in {self.const(c.values)})"
        ranked = self._ranked_membership(c) if isinstance(c, m.Compare) else None
        return f"({ranked[0]})" if ranked is not None else None

    def predicate(self, c: m.Predicate) -> str:
        """The three-valued result of a predicate: None when a value it reads is unknown."""
        if isinstance(c, m.Known):
            return f"{self.var(c.field)} {'is' if c.negated else 'is not'} None"
        if isinstance(c, m.Truthy):
            return self.var(c.field)
        return self.guarded(*self.test(c))

    def decided(self, c: m.Condition, want: bool) -> str:
        """A plain boolean: whether `c` is definitely `want` (an unknown is neither).

        The fast `score()` needs no more than this: a disqualifier, nice-to-have or tier
        counts when definitely true, a must-have fails when definitely false.  Each rail
        short-circuits, so most rules cost a comparison or two.
        """
        if _depth(c) > _DECIDED_DEPTH:  # keep Python's parser far from its nesting limit
            return f"{self.condition(c)} is {want}"
        if isinstance(c, m.Known):
            return f"{self.var(c.field)} {'is not' if want != c.negated else 'is'} None"
        if isinstance(c, m.Truthy):
            return f"{self.var(c.field)} is {want}"
        if isinstance(c, m.Not):
            return self.decided(c.item, not want)
        if isinstance(c, m.And | m.Or):
            joiner = " and " if isinstance(c, m.And) == want else " or "
            return "(" + joiner.join(self.decided(item, want) for item in c.items) + ")"
        if isinstance(c, m.AtLeast | m.AtMost):
            # at least K: true once K are true; false once fewer than K can still be true
            counts_true = isinstance(c, m.AtLeast) == want
            terms = [
                f"({self.decided(i, True)})" if counts_true else f"(not {self.decided(i, False)})"
                for i in c.items
            ]
            total = " + ".join(terms) or "0"
            op = {(True, True): ">=", (True, False): "<", (False, True): "<=", (False, False): ">"}
            return f"({total} {op[isinstance(c, m.AtLeast), want]} {c.count})"
        if want:
            unguarded = self._unguarded_truth(c)
            if unguarded is not None:
                return unguarded
        expression, needs = self.test(c)
        guard = " and ".join(f"{v} is not None" for v in dict.fromkeys(needs))
        body = f"({expression})" if want else f"not ({expression})"
        return f"({guard} and {body})" if guard else f"({body})"

    def condition(self, c: m.Condition) -> str:
        """Write the lines that compute `c`; return the local (or simple expression) holding it."""
        if isinstance(c, m.And | m.Or):
            parts = [self.condition(item) for item in c.items]
            decisive, other = ("False", "True") if isinstance(c, m.And) else ("True", "False")
            hit = " or ".join(f"{p} is {decisive}" for p in parts)
            unknown = " or ".join(f"{p} is None" for p in parts)
            return self.assign(f"{decisive} if ({hit}) else (None if ({unknown}) else {other})")
        if isinstance(c, m.Not):
            inner = self.condition(c.item)
            return self.assign(f"None if {inner} is None else not {inner}")
        if isinstance(c, m.AtLeast | m.AtMost):
            parts = [self.condition(item) for item in c.items]
            true = self.assign(" + ".join(f"({p} is True)" for p in parts) or "0")
            unknown = self.assign(" + ".join(f"({p} is None)" for p in parts) or "0")
            k = c.count
            if isinstance(c, m.AtLeast):
                expr = f"True if {true} >= {k} else (False if {true} + {unknown} < {k} else None)"
            else:
                expr = f"False if {true} > {k} else (True if {true} + {unknown} <= {k} else None)"
            return self.assign(expr)
        expression = self.predicate(c)
        return expression if expression.isidentifier() else self.assign(expression)

    def assign(self, expression: str) -> str:
        name = self.fresh()
        self.w.line(f"{name} = {expression}")
        return name


_DECIDED_DEPTH = 16

_FLOAT_MAX = sys.float_info.max

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip


def _depth(c: m.Condition) -> int:
    """How deeply a condition nests (the parser bounds it, so recursion is safe)."""
    if isinstance(c, m.And | m.Or | m.AtLeast | m.AtMost):
        return 1 + max((_depth(i) for i in c.items), default=0)
    if isinstance(c, m.Not):
        return 1 + _depth(c.item)
    return 1


def _fast_check(field: m.Field, v: str) -> str | None:
    """An expression true when the raw value is already canonical (conversion is identity)."""
    t = field.type
    if isinstance(t, m.NumberT):
        # ints within the float range (a larger one is a DataError), finite floats
        whole = f"({v}.__class__ is _int and {-_FLOAT_MAX!r} <= {v} <= {_FLOAT_MAX!r})"
        if t.integer:
            return whole
        return f"{whole} or ({v}.__class__ is _float and {v} - {v} == 0.0)"
    if isinstance(t, m.YesNoT):
        return f"{v}.__class__ is _bool"
    if isinstance(t, m.DateT):
        return f"{v}.__class__ is _date"
    if isinstance(t, m.ChoiceT):  # a declared spelling (_E: the declared values)
        return f"{v}.__class__ is _str and {v} in _E{field.index}"
    if isinstance(t, m.SetT) and t.values is not None:
        return f"{v}.__class__ is _frozenset and {v} <= _E{field.index}"
    return None


class Compiler:
    """Writes the module source for one checked profile."""

    def __init__(self, profile: m.CheckedProfile) -> None:
        self.profile = profile
        self.constants: dict[str, str] = {}
        self.header: list[str] = []

    # -- pieces ---------------------------------------------------------------------------
    def _field_setup(self) -> None:
        for f in self.profile.fields:
            self.header.append(f"_C{f.index} = {{}}")
            t = f.type
            if isinstance(t, m.ChoiceT) or (isinstance(t, m.SetT) and t.values is not None):
                assert t.values is not None
                self.header.append(f"_L{f.index} = _choice_lookup({literal(t.values)})")
                self.header.append(f"_E{f.index} = _frozenset({literal(t.values)})")
            unit = getattr(t, "unit", None)
            if unit is not None:
                self.header.append(f"_U{f.index} = _UNITS[{literal(unit)}]")

    def _converter(self, f: m.Field, v: str) -> str:
        t, i, name, what = f.type, f.index, literal(f.name), literal(f.type.describe())
        unit = f"_U{i}" if getattr(t, "unit", None) is not None else "None"
        if isinstance(t, m.NumberT):
            return f"_to_number({v}, {name}, {unit}, {literal(t.integer)})"
        if isinstance(t, m.TextT):
            return f"_to_text({v}, {name})"
        if isinstance(t, m.YesNoT):
            return f"_to_yes_no({v}, {name})"
        if isinstance(t, m.ChoiceT):
            return f"_to_choice({v}, {name}, _L{i}, {what})"
        if isinstance(t, m.SetT):
            lookup = f"_L{i}" if t.values is not None else "None"
            return f"_to_set({v}, {name}, {lookup}, {what})"
        if isinstance(t, m.RangeT):
            return f"_to_range({v}, {name}, {unit})"
        return f"_to_date({v}, {name})"

    def _read_fields(self, w: _Writer, fields: list[m.Field]) -> None:
        w.line(
            f"_g = account.get if account.__class__ is _dict else _getter(account, {self._attributes()})"
        )
        for f in fields:
            v = f"v{f.index}"
            w.line(f"# line {f.line}")
            w.line(f"{v} = _g({literal(f.key)})")
            fast = _fast_check(f, v)
            w.line(f"if {v} is not None and not ({fast}):" if fast else f"if {v} is not None:")
            w.indent()
            # Text cells repeat ("500 mW", "Medical Device"): each field remembers what its
            # spellings read as, so exact decimal arithmetic runs once per distinct text.
            remembered = f"{v}.__class__ is _str"
            if isinstance(f.type, m.SetT):  # a frozenset is hashable too, and rebuilt at a cost
                remembered += f" or {v}.__class__ is _frozenset"
            w.line(f"if {remembered}:")
            w.indent()
            w.line(f"seen = _C{f.index}.get({v}, _MISSING)")
            w.line(
                f"{v} = _remember(_C{f.index}, {v}, {self._converter(f, v)}) if seen is _MISSING else seen"
            )
            w.outdent()
            w.line("else:")
            w.indent()
            w.line(f"{v} = {self._converter(f, v)}")
            w.outdent()
            w.outdent()

    def _attributes(self) -> str:
        return self.const({f.key: f.name for f in self.profile.fields if f.key != f.name})

    def const(self, value: object) -> str:
        return _Emitter(self.profile, _Writer(), self.constants).const(value)

    def _rules(self, w: _Writer, rules: list[tuple[int, m.Rule]]) -> None:
        emitter = _Emitter(self.profile, w, self.constants)
        for j, rule in rules:
            w.line(f"# line {rule.line}")
            result = emitter.condition(rule.condition)
            w.line(f"q{j} = {result}")
            if rule.unknown_means is None:
                w.line(f"r{j} = q{j}")
            else:
                w.line(f"r{j} = {literal(rule.unknown_means)} if q{j} is None else q{j}")

    def _verdict(
        self, w: _Writer, disqualified: list[str], failed: list[str], unknown: list[str]
    ) -> None:
        """The verdict, in the order of LANGUAGE.md section 6, from tests written by the caller."""
        branches = [
            (disqualified, "DISQUALIFIED"),
            (failed, "NOT_A_FIT"),
            (unknown, "NEEDS_RESEARCH"),
        ]
        keyword = "if"
        for tests, verdict in branches:
            if tests:
                w.line(f"{keyword} {' or '.join(tests)}:")
                w.indent()
                w.line(f"verdict = {verdict}")
                w.outdent()
                keyword = "elif"
        if keyword == "if":
            w.line("verdict = QUALIFIED")
        else:
            w.line("else:")
            w.indent()
            w.line("verdict = QUALIFIED")
            w.outdent()

    def _scaled(self, value: int | float) -> str:
        """A weight or cap as the whole number that compiled sums use (see `score_scale`)."""
        return literal(int(m.exact(value) * self.profile.score_scale))

    def _sum(self, w: _Writer, target: str, counts: Callable[[m.Rule, str], str]) -> list[str]:
        """`target` = the capped sum of the nice-to-haves, each term written by `counts`.

        Sums are of scaled whole numbers, divided once at the end; returns the locals
        that hold each category's capped (scaled) total, in category order.
        """
        groups: dict[str | None, list[str]] = {}
        for j, rule in enumerate(self.profile.rules):
            if rule.kind == "nice_to_have":
                groups.setdefault(rule.category, []).append(counts(rule, f"r{j}"))
        parts = list(groups.pop(None, []))
        totals = []
        for k, (category, terms) in enumerate(groups.items()):
            assert category is not None
            cap = self._scaled(self.profile.categories[category])
            w.line(f"c{k} = {' + '.join(terms)}")
            w.line(f"if c{k} > {cap}:")
            w.indent()
            w.line(f"c{k} = {cap}")
            w.outdent()
            parts.append(f"c{k}")
            totals.append(f"c{k}")
        total = " + ".join(parts) if parts else "0"
        scale = self.profile.score_scale
        w.line(f"{target} = {total}" if scale == 1 else f"{target} = ({total}) / {scale}")
        return totals

    def _score(self, w: _Writer, is_true: Callable[[m.Rule, str], str]) -> list[str]:
        return self._sum(
            w,
            "score",
            lambda rule, r: f"({self._scaled(rule.weight)} if {is_true(rule, r)} else 0)",
        )

    def _three_valued_verdict(self, w: _Writer) -> None:
        rules = list(enumerate(self.profile.rules))
        musts = [j for j, r in rules if r.kind == "must_have"]
        self._verdict(
            w,
            [f"r{j} is True" for j, r in rules if r.kind == "disqualifier"],
            [f"r{j} is False" for j in musts],
            [f"r{j} is None" for j in musts],
        )

    def _category_points(self, w: _Writer, totals: list[str]) -> None:
        names = list(
            dict.fromkeys(r.category for r in self.profile.rules if r.category is not None)
        )
        scale = self.profile.score_scale
        items = ", ".join(
            f"{literal(name)}: {total if scale == 1 else f'{total} / {scale}'}"
            for name, total in zip(names, totals, strict=True)
        )
        w.line(f"categories = {{{items}}}")

    def _potential(self, w: _Writer) -> None:
        def counts(rule: m.Rule, r: str) -> str:
            test = f"{r} is not False" if rule.weight > 0 else f"{r} is True"
            return f"({self._scaled(rule.weight)} if {test} else 0)"

        self._sum(w, "potential", counts)

    def _tier(self, w: _Writer, is_true: Callable[[_Emitter, m.Condition], str]) -> None:
        """The first tier whose condition `is_true` writes holds (qualified or needs research only)."""
        w.line("tier = None")
        if not self.profile.tiers:
            return
        w.line("if verdict is QUALIFIED or verdict is NEEDS_RESEARCH:")
        w.indent()
        emitter = _Emitter(self.profile, w, self.constants)
        emitter.temp = 10_000  # keep tier temporaries apart from rule temporaries
        for k, tier in enumerate(self.profile.tiers):
            if tier.condition is None:
                w.line("if tier is None:" if k else "if True:")
                w.indent()
                w.line(f"tier = {literal(tier.name)}")
                w.outdent()
                break
            if k:
                w.line("if tier is None:")
                w.indent()
            w.line(f"if {is_true(emitter, tier.condition)}:")
            w.indent()
            w.line(f"tier = {literal(tier.name)}")
            w.outdent()
            if k:
                w.outdent()
        w.outdent()

    def _today(self, w: _Writer) -> None:
        if self.profile.uses_dates:
            w.line("today = (_today() if as_of is None else as_of).toordinal()")

    # -- functions ------------------------------------------------------------------------
    def _score_function(self) -> list[str]:
        w = _Writer()
        w.line("def score(account, as_of=None):")
        w.indent()
        w.line('"""(verdict, score, tier) of one account: the fast path."""')
        self._today(w)
        self._read_fields(w, list(self.profile.fields))
        emitter = _Emitter(self.profile, w, self.constants)

        def rail(rule: m.Rule, want: bool) -> str:
            """Whether the rule's result (after `unknown means`) is definitely `want`."""
            if rule.unknown_means is None:
                return emitter.decided(rule.condition, want)
            # unknown means yes: true unless definitely false; no: false unless definitely true
            side = emitter.decided(rule.condition, not rule.unknown_means)
            return side if want != rule.unknown_means else f"not {side}"

        rules = self.profile.rules
        musts = [r for r in rules if r.kind == "must_have"]
        all_true = " and ".join(rail(r, True) for r in musts)
        self._verdict(
            w,
            [rail(r, True) for r in rules if r.kind == "disqualifier"],
            [rail(r, False) for r in musts],
            [f"not ({all_true})"] if musts else [],
        )
        self._score(w, lambda rule, _: rail(rule, True))
        self._tier(w, lambda e, condition: e.decided(condition, True))
        w.line("return (verdict, score, tier)")
        return w.lines

    def _evaluate_function(self) -> list[str]:
        w = _Writer()
        w.line("def evaluate(account, as_of=None):")
        w.indent()
        w.line('"""The full result of one account as a dict: outcomes, values read, potential."""')
        w.line("as_of = _today() if as_of is None else as_of")
        self._today(w)
        self._read_fields(w, list(self.profile.fields))
        self._rules(w, list(enumerate(self.profile.rules)))
        self._three_valued_verdict(w)
        self._category_points(w, self._score(w, lambda _, r: f"{r} is True"))
        self._potential(w)
        self._tier(w, lambda e, condition: f"{e.condition(condition)} is True")
        count = len(self.profile.rules)
        values = _tuple(f"v{f.index}" for f in self.profile.fields)
        raw = _tuple(f"q{j}" for j in range(count))
        final = _tuple(f"r{j}" for j in range(count))
        w.line(
            f"return _evaluation_dict(RULES, FIELD_NAMES, CATEGORIES, {values}, {raw}, {final}, "
            "verdict, score, potential, tier, categories, as_of)"
        )
        return w.lines

    def _rule_functions(self) -> list[str]:
        w = _Writer()
        for j, rule in enumerate(self.profile.rules):
            w.line(f"def rule_{j}(account, as_of=None):")
            w.indent()
            w.line(f'"""Rule {j} (RULES[{j}]): true, false, or None when unknown."""')
            fields = [self.profile.field(name) for name in rule.fields]
            if any(isinstance(c, m.InLast) for c in m.walk(rule.condition)):
                w.line("today = (_today() if as_of is None else as_of).toordinal()")
            self._read_fields(w, fields)
            self._rules(w, [(j, rule)])
            w.line(f"return r{j}")
            w.outdent()
            w.line("")
        return w.lines

    def _metadata(self) -> list[str]:
        index = {f.name: f.index for f in self.profile.fields}
        rules = tuple(
            (r.label, r.kind, r.category, r.weight, tuple(index[name] for name in r.fields))
            for r in self.profile.rules
        )
        return [
            f"PROFILE_NAME = {literal(self.profile.name)}",
            f"PROFILE_VERSION = {literal(self.profile.version)}",
            f"FIELD_NAMES = {literal(tuple(f.name for f in self.profile.fields))}",
            "# per rule: label, kind, category, weight, indexes of the fields it reads",
            f"RULES = {literal(rules)}",
            f"CATEGORIES = {literal(dict(self.profile.categories))}",
            f"RULE_FUNCTIONS = {_tuple(f'rule_{j}' for j in range(len(rules)))}",
        ]

    def sections(self) -> tuple[str, str]:
        """The module source in two parts: constants and `score`; then `evaluate`, one
        function per rule, and the metadata.  Together they are the whole module; `build`
        compiles the second part only when it is first needed, since Python's own
        compile() is most of the cost of loading a large profile."""
        self._field_setup()
        score = self._score_function()
        rest = ["", *self._evaluate_function(), "", *self._rule_functions(), *self._metadata()]
        constants = [f"{name} = {text}" for name, text in self.constants.items()]
        head = ["# Generated by icpdsl from a checked profile. Do not edit.", ""]
        first = "\n".join([*head, *self.header, *constants, "", "", *score]) + "\n"
        return first, "\n".join(rest) + "\n"


def _tuple(items: Any) -> str:
    parts = list(items)
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def generate(profile: m.CheckedProfile) -> str:
    """Python source for a checked profile (the seam golden tests read)."""
    return "".join(Compiler(profile).sections())


class Module:
    """A profile's compiled module: `score` at once, the rest on first use."""

    def __init__(self, profile: m.CheckedProfile) -> None:
        first, self._rest = Compiler(profile).sections()
        self.source = first + self._rest
        self._filename = f"<icpdsl {profile.file}>"
        self._offset = first.count("\n")
        self.namespace: dict[str, Any] = dict(RUNTIME_NAMES)
        exec(compile(first, self._filename, "exec"), self.namespace)

    def complete(self) -> dict[str, Any]:
        """The namespace with `evaluate`, the rule functions and the metadata defined."""
        if "evaluate" not in self.namespace:
            padded = "\n" * self._offset + self._rest  # tracebacks keep the module's line numbers
            exec(compile(padded, self._filename, "exec"), self.namespace)
        return self.namespace
