"""Hypothesis strategies for property-testing ICP rule sets (the `icpdsl[testing]` extra).

A team that owns a profile wants to state properties of it ("no qualified account
scores below 20", "a later buying stage never lowers the score") and have Hypothesis
hunt for counterexamples.  That only works if the accounts Hypothesis draws reach the
interesting places: a random account almost never passes every must-have of a real
profile, so "qualified" or "tier A" would be filtered away and the health checks would
fail.  So `accounts(profile, verdict=..., tier=...)` does not filter: it *reasons*
from the checked rules.

How the reasoning works
-----------------------
Each rule, tier and the target verdict become goals: "this condition must come out
true", "this one false or unknown".  The predicates that read a field cut its values
into regions where every predicate gives the same answer (the numbers below, between
and above each constant a rule compares with; each enum value; each subset of the set
values the rules mention; texts that mention this or start with that ...).  A small
backtracking search then picks, field by field, a region (or unknown) that keeps every
goal reachable under Kleene's three-valued logic, draws a concrete value inside the
region, and moves on; the score is bounded from the nice-to-haves that can still be
true, so tier thresholds prune the search too.  Every account is finally checked
against the tree-walking interpreter, the same oracle the compiler is tested against.

The same search, run once without Hypothesis when the strategy is built, decides
whether a target can be reached at all, so an unreachable one fails at once with
`UnreachableTarget` and a reason ("tier A needs score >= 70 but the maximum score is
60") instead of a health-check failure later.

Where an exhaustive search would be too costly (many texts or set values combined at
once, hundreds of interlocking rules) the regions are a spread rather than all of
them, and a search that runs out of budget is given up rather than reported.

`profiles()` builds random valid syntax trees (every construct of the language) that
pass the checker, and `profile_sources()` renders them with the formatter, because
random text almost never parses.  `check_account`, `check_profile` and
`assert_monotone` turn the properties people write most into one-liners.

Importing this module imports Hypothesis; `import icpdsl` never does.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import itertools
import math
import random
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from . import model as m
from . import nodes as n
from .accounts import convert_field
from .convert import DataError, ICPError, normalize_name
from .interpreter import Interpreter, interpret
from .units import UNITS, Unit, convert_fraction


def _hypothesis_setup_hook() -> None:
    """Called by Hypothesis through its `hypothesis` entry point, when it is imported.

    `st.from_type(icpdsl.Profile)` then draws compiled profiles from `profiles()`, and
    `st.from_type` of a syntax tree draws trees.  It is defined before this module
    imports Hypothesis: importing `icpdsl.testing` first imports Hypothesis, which
    calls this hook while the rest of the module is still loading, so the strategies
    are looked up only when first drawn (`st.deferred`).  Importing icpdsl.profile
    here (lark, the compiler) is the price of registering its class.
    """
    from hypothesis import strategies as st

    from .nodes import Profile as Tree
    from .profile import Profile, from_tree

    st.register_type_strategy(Profile, st.deferred(lambda: profiles().map(from_tree)))
    st.register_type_strategy(Tree, st.deferred(lambda: profiles()))


# Only after the hook: importing Hypothesis runs it (see its docstring).
from hypothesis import given, reject, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

if TYPE_CHECKING:
    from .profile import Profile
    from .results import Evaluation

__all__ = [
    "VERDICTS",
    "UnreachableTarget",
    "account_pairs",
    "accounts",
    "assert_monotone",
    "check_account",
    "check_profile",
    "profile_sources",
    "profiles",
]

VERDICTS: Final = ("qualified", "needs_research", "not_a_fit", "disqualified")
"""The verdicts, from best to worst as `assert_monotone(by="verdict")` ranks them."""

Truth: TypeAlias = bool | None
Account: TypeAlias = dict[str, Any]
ProfileLike: TypeAlias = "Profile | m.CheckedProfile | n.Profile"

_TRUTHS: Final = (True, False, None)
_ALL: Final[frozenset[Truth]] = frozenset(_TRUTHS)
_ONE: Final[dict[Truth, frozenset[Truth]]] = {t: frozenset({t}) for t in _TRUTHS}
_DEFAULT_UNKNOWN_RATE: Final = 0.25
# Search budgets, in values tried.  Construction-time checks search without Hypothesis
# and can afford more; while drawing, every value tried is a Hypothesis choice.
_BUILD_BUDGET: Final = 20_000
_DRAW_BUDGET: Final = 400
_WHY_BUDGET: Final = 2_000


class UnreachableTarget(ICPError, ValueError):
    """`accounts(profile, verdict=..., tier=...)` names a target no account can reach.

    The message says why, in the profile's own terms; it is also a ValueError, the
    error a bad argument raises.
    """


# ---- profiles of every kind -------------------------------------------------------------


def _checked(profile: object) -> m.CheckedProfile:
    """The checked model of a `Profile`, a `CheckedProfile` or a syntax tree."""
    if isinstance(profile, m.CheckedProfile):
        return profile
    if isinstance(profile, n.Profile):
        from .profile import check_tree

        return check_tree(profile)
    checked = getattr(profile, "checked", None)
    if isinstance(checked, m.CheckedProfile):
        return checked
    raise TypeError(
        f"expected an icpdsl.Profile (from icpdsl.load or icpdsl.loads), a checked "
        f"profile or a syntax tree, not {type(profile).__name__}"
    )


def _compiled(profile: object) -> Profile:
    """A compiled `Profile` from a `Profile` or a syntax tree (checks need the compiled code)."""
    from .profile import Profile, from_tree

    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, n.Profile):
        return from_tree(profile)
    raise TypeError(
        "expected an icpdsl.Profile (from icpdsl.load or icpdsl.loads) or a syntax tree, "
        f"not {type(profile).__name__}"
    )


def _field(checked: m.CheckedProfile, name: str) -> m.Field:
    """A field by its name, or by its input key (`from "Column"`)."""
    for f in checked.fields:
        if f.name == name:
            return f
    for f in checked.fields:
        if f.key == name:
            return f
    names = [f.name for f in checked.fields]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; the fields are {', '.join(names)}"
    raise ValueError(f"the profile has no field {name!r}{hint}")


def _today() -> datetime.date:
    return datetime.date.today()


# ---- three-valued possibilities ---------------------------------------------------------
# A condition whose fields are not all chosen yet may still come out true, false or
# unknown; these combine the sets of answers each part can still give, following
# Kleene's tables.  They over-approximate (parts that read the same field are treated
# as independent), which is what pruning needs: a goal is dropped only when it truly
# cannot hold, and once every field is chosen the answer is exact.


def _and_sets(sets: Sequence[frozenset[Truth]]) -> frozenset[Truth]:
    out: set[Truth] = set()
    if all(True in s for s in sets):
        out.add(True)
    if any(False in s for s in sets):
        out.add(False)
    if any(None in s for s in sets) and all(s - {False} for s in sets):
        out.add(None)
    return frozenset(out)


def _or_sets(sets: Sequence[frozenset[Truth]]) -> frozenset[Truth]:
    """De Morgan: `a or b` is `not (not a and not b)`, value set by value set."""
    return _not_set(_and_sets([_not_set(s) for s in sets]))


def _not_set(s: frozenset[Truth]) -> frozenset[Truth]:
    return frozenset(None if t is None else not t for t in s)


def _at_least_sets(k: int, sets: Sequence[frozenset[Truth]]) -> frozenset[Truth]:
    can_true = sum(True in s for s in sets)
    must_true = sum(s == _ONE[True] for s in sets)
    max_known_or_true = sum(bool(s - {False}) for s in sets)
    min_known_or_true = sum(False not in s for s in sets)
    out: set[Truth] = set()
    if can_true >= k:
        out.add(True)
    if min_known_or_true < k:
        out.add(False)
    if any(None in s for s in sets) and must_true < k <= max_known_or_true:
        out.add(None)
    return frozenset(out)


def _final(rule: m.Rule, raw: Truth) -> Truth:
    """A rule's result after `unknown means`."""
    return rule.unknown_means if raw is None and rule.unknown_means is not None else raw


def _raw_allowed(rule: m.Rule, finals: Iterable[Truth]) -> frozenset[Truth]:
    """The raw condition results that give one of `finals` after `unknown means`."""
    wanted = set(finals)
    return frozenset(t for t in _TRUTHS if _final(rule, t) in wanted)


# ---- regions of a field's values ------------------------------------------------------------


@attrs.frozen
class _Piece:
    """Values of one field on which the profile's predicates agree.

    `rep` is one such value (canonical, as `read_account` gives it); `sample`, when
    given, draws others that should agree with it, and `finish` makes the value from
    what it drew (each value is checked, and `rep` replaces one that does not).  No
    `.map()` here: Hypothesis would print a mapped value as the call that built it
    (`union(frozenset())`) in a falsifying example instead of the value itself.
    """

    rep: Any
    sample: st.SearchStrategy[Any] | None = None
    finish: Callable[[Any], Any] | None = None


@attrs.frozen
class _Region:
    """The pieces on which every predicate reading the field gives `vector`."""

    vector: tuple[Truth, ...]
    pieces: tuple[_Piece, ...]


_BIG: Final = 1e300
_NEUTRAL_WORDS: Final = (
    "acme", "globex", "initech", "umbrella", "hooli", "vandelay", "wonka", "cyberdyne",
    "tyrell", "soylent", "stark", "wayne",
)  # fmt: skip
_TEXT_ALPHABET: Final = string.ascii_lowercase + string.digits + " "


def _outer_width(c: float) -> float:
    return min(_BIG, max(100.0, abs(c) * 10))


def _ints_inside(a: float, b: float) -> tuple[int, int] | None:
    """The whole numbers strictly between a and b (either may be infinite), if any."""
    lo = math.floor(a) + 1 if math.isfinite(a) else -(10**18)
    hi = math.ceil(b) - 1 if math.isfinite(b) else 10**18
    return (lo, hi) if lo <= hi else None


def _float_interval(a: float, b: float) -> _Piece | None:
    """The open interval (a, b) of numbers, preferring whole numbers in samples."""
    if not math.nextafter(a, math.inf) < b:
        return None
    rep: float = a + (b - a) / 2
    if not a < rep < b:
        rep = math.nextafter(a, math.inf)
    inner = _ints_inside(a, b)
    floats = st.floats(
        a, b, exclude_min=True, exclude_max=True, allow_nan=False, allow_infinity=False
    )
    if inner is not None:
        mid = (inner[0] + inner[1]) // 2
        rep_value: int | float = mid if a < mid < b else rep
        return _Piece(rep_value, st.one_of(st.integers(*inner), floats))
    return _Piece(rep, floats)


def _number_pieces(cuts: Iterable[float], *, integer: bool) -> list[_Piece]:
    """Pieces of the number line cut at every constant a predicate compares with.

    Each cut is a piece of its own (boundaries are where mistakes live: `within` and
    `between` are inclusive), and so is every open interval between two cuts and the
    two beyond them.  0 is always a cut, so most values drawn are not negative.
    """
    points = sorted(
        {float(c) if isinstance(c, float) else c for c in cuts if math.isfinite(c)} | {0}
    )
    bounds: list[float] = [max(-_BIG, points[0] - _outer_width(points[0])), *points]
    bounds.append(min(_BIG, points[-1] + _outer_width(points[-1])))
    pieces: list[_Piece] = []
    for index in range(len(bounds) - 1):
        a, b = bounds[index], bounds[index + 1]
        if index > 0:
            point = a
            if integer:
                if float(point).is_integer():
                    pieces.append(_Piece(int(point)))
            else:
                pieces.append(_Piece(point))
        if not a < b:
            continue
        if integer:
            inner = _ints_inside(a, b)
            if inner is not None:
                pieces.append(_Piece((inner[0] + inner[1]) // 2, st.integers(*inner)))
        else:
            piece = _float_interval(a, b)
            if piece is not None:
                pieces.append(piece)
    return pieces


_FIRST_DAY: Final = datetime.date(1, 1, 1).toordinal()
_LAST_DAY: Final = datetime.date(9999, 12, 31).toordinal()


def _date_pieces(cuts: Iterable[float], as_of: datetime.date) -> list[_Piece]:
    """Like `_number_pieces` on day numbers, around the evaluation date."""
    today = as_of.toordinal()
    points = sorted({int(c) for c in cuts if float(c).is_integer()} | {today})
    points = [p for p in points if _FIRST_DAY <= p <= _LAST_DAY]
    bounds = [max(_FIRST_DAY - 1, points[0] - 3651), *points, min(_LAST_DAY + 1, points[-1] + 3651)]
    pieces: list[_Piece] = []
    for index in range(len(bounds) - 1):
        a, b = bounds[index], bounds[index + 1]
        if index > 0:
            pieces.append(_Piece(datetime.date.fromordinal(a)))
        if b - a >= 2:
            pieces.append(
                _Piece(
                    datetime.date.fromordinal((a + b) // 2),
                    st.integers(a + 1, b - 1),
                    datetime.date.fromordinal,
                )
            )
    return pieces


def _range_pieces(cuts: Iterable[float]) -> list[_Piece]:
    """Ranges whose two ends fall in any two pieces of the number line (low first)."""
    line = _number_pieces(cuts, integer=False)
    pairs = [(i, j) for i in range(len(line)) for j in range(i, len(line))]
    if len(pairs) > 600:  # many constants: keep the narrow ranges and the widest ones
        pairs = [(i, j) for i, j in pairs if j - i <= 2 or i == 0 or j == len(line) - 1]
    pieces: list[_Piece] = []
    for i, j in pairs:
        a, b = line[i], line[j]
        rep = (a.rep, b.rep)
        sa = a.sample if a.sample is not None else st.just(a.rep)
        sb = b.sample if b.sample is not None else st.just(b.rep)
        if i == j:
            sample = st.tuples(sa, sa) if a.sample is not None else None
            pieces.append(_Piece(rep, sample, _low_first))
        else:
            both = a.sample is not None or b.sample is not None
            pieces.append(_Piece(rep, st.tuples(sa, sb) if both else None))
    return pieces


def _low_first(ends: tuple[float, float]) -> tuple[float, float]:
    return (min(ends), max(ends))


def _subsets(items: Sequence[Any], limit: int) -> list[tuple[Any, ...]]:
    """Every subset when there are at most `limit` items, else a spread of them."""
    if len(items) <= limit:
        return [c for size in range(len(items) + 1) for c in itertools.combinations(items, size)]
    chosen = [(), tuple(items)]
    chosen += [(x,) for x in items]
    chosen += [tuple(y for y in items if y != x) for x in items]
    chosen += list(itertools.combinations(items, 2))[:64]
    rng = random.Random(len(items))
    chosen += [tuple(x for x in items if rng.random() < 0.5) for _ in range(64)]
    return list(dict.fromkeys(chosen))


def _extra_counts(count_cuts: Sequence[float], counted: bool, base: int, limit: int) -> list[int]:
    """How many values beyond the mentioned ones to add, so `count of` hits its cuts."""
    wanted = {0, 1} if not counted else {0, 1, 2}
    if counted:
        for c in count_cuts:
            for total in (math.floor(c) - 1, math.floor(c), math.ceil(c), math.ceil(c) + 1):
                wanted.add(total - base)
        wanted.add(limit)
    return sorted(k for k in wanted if 0 <= k <= limit)


def _neutral(avoid_inside: Iterable[str], avoid_equal: Iterable[str], count: int) -> list[str]:
    """Texts that mention none of `avoid_inside` and equal none of `avoid_equal`."""
    inside = [t for t in avoid_inside if t]
    equal = set(avoid_equal)
    words: list[str] = []
    candidates = itertools.chain(_NEUTRAL_WORDS, (f"item {i}" for i in itertools.count(1)))
    for tries, word in enumerate(candidates):
        if len(words) >= count or tries > count + 200:
            break
        if word not in equal and not any(t in word for t in inside):
            words.append(word)
    return words


_WORDS: Final = st.lists(st.sampled_from(_NEUTRAL_WORDS), max_size=2)
_RANDOM_TEXT: Final = st.one_of(
    st.sampled_from(_NEUTRAL_WORDS), st.text(_TEXT_ALPHABET, min_size=1, max_size=12)
)
_NO_WORDS: Final[st.SearchStrategy[list[str]]] = st.just([])


def _text(raw: str) -> str:
    """A drawn text made canonical: words single-spaced, never empty."""
    return " ".join(raw.split()) or "x"


def _padded(core: str, *, before: bool) -> tuple[st.SearchStrategy[Any], Callable[[Any], Any]]:
    """`core` with random words around it (not before it when it must stay a prefix)."""

    def finish(words: tuple[list[str], list[str]]) -> str:
        return " ".join([*words[0], core, *words[1]])

    return st.tuples(_WORDS if before else _NO_WORDS, _WORDS), finish


def _text_pieces(equals: set[str], mentions: set[str], prefixes: set[str]) -> list[_Piece]:
    pieces = [_Piece(e) for e in sorted(equals) if e]
    neutral = _neutral(mentions | prefixes, equals, 1)
    if neutral:
        pieces.append(_Piece(neutral[0], _RANDOM_TEXT, _text))
    features = sorted((mentions | prefixes) - {""})
    for subset in _subsets(features, 5):
        if not subset:
            continue
        prefix = next((t for t in subset if t in prefixes), None)
        rest = [t for t in subset if t != prefix]
        core = " ".join([prefix, *rest] if prefix is not None else rest)
        canonical = core.strip().casefold()
        if not canonical:
            continue
        sample, finish = _padded(canonical, before=prefix is None)
        # Alone, and with a word after (and before): "lidar" may be a value a rule
        # compares with while "lidar team" only starts with it or mentions it.
        pieces.append(_Piece(canonical, sample, finish))
        pieces += [_Piece(f"{canonical} {word}", sample, finish) for word in neutral[:1]]
        if prefix is None:
            pieces += [_Piece(f"{word} {canonical}", sample, finish) for word in neutral[:1]]
    return pieces


def _union_with(base: frozenset[str], *, texts: bool = False) -> Callable[[Any], Any]:
    """Adds drawn values (texts made canonical) to the values a piece must contain."""

    def union(extra: frozenset[str]) -> frozenset[str]:
        return base | (frozenset(_text(x) for x in extra) if texts else extra)

    return union


def _enum_set_pieces(
    universe: tuple[str, ...], mentioned: set[str], count_cuts: list[float], counted: bool
) -> list[_Piece]:
    named = [v for v in universe if v in mentioned]
    rest = [v for v in universe if v not in mentioned]
    pieces: list[_Piece] = []
    for subset in _subsets(named, 8):
        base = frozenset(subset)
        for k in _extra_counts(count_cuts, counted, len(base), len(rest)):
            rep = base | frozenset(rest[:k])
            if not rest or (k == 0 and not base):
                pieces.append(_Piece(rep))
                continue
            top = k if counted else len(rest)
            extras = st.frozensets(st.sampled_from(rest), min_size=k, max_size=top)
            pieces.append(_Piece(rep, extras, _union_with(base)))
    return pieces


def _text_set_pieces(
    constants: set[str], mentions: set[str], count_cuts: list[float], counted: bool
) -> list[_Piece]:
    limit = 20 if counted else 2
    neutral = _neutral(mentions, constants, limit)
    # An element may equal a value a rule names, or only mention a text: "hiring" and
    # "hiring now" differ for `contains "hiring"` but not for `mentions "hiring"`.
    padded = {f"{t} {neutral[0]}" for t in mentions if t and neutral}
    features = sorted((constants | mentions | padded) - {""})
    pieces: list[_Piece] = []
    for subset in _subsets(features, 6):
        base = frozenset(subset)
        for k in _extra_counts(count_cuts, counted, len(base), len(neutral)):
            rep = base | frozenset(neutral[:k])
            top = k if counted else k + 2
            extras = st.frozensets(_RANDOM_TEXT, min_size=k, max_size=top)
            sample = extras if (k or not counted) else None
            pieces.append(_Piece(rep, sample, _union_with(base, texts=True)))
    return pieces


# ---- the solver ---------------------------------------------------------------------------


@attrs.frozen
class _Info:
    """What the search needs to know about one predicate."""

    fields: frozenset[str]
    uses_score: bool
    static: frozenset[Truth]


@attrs.frozen
class _Goal:
    """A condition whose (raw) result must be one of `allowed`; `rule` or `tier` names it."""

    condition: m.Condition
    allowed: frozenset[Truth]
    rule: m.Rule | None = None
    tier: str | None = None

    def subject(self) -> str:
        if self.tier is not None:
            return f"the condition of tier {self.tier}"
        assert self.rule is not None
        kind = {"must_have": "must-have", "disqualifier": "disqualifier"}.get(
            self.rule.kind, "nice-to-have"
        )
        return f'the {kind} "{self.rule.label}"'

    def wanted(self) -> str:
        """What the goal wants, as "true", "false or unknown" ..."""
        finals = {_final(self.rule, t) for t in self.allowed} if self.rule else set(self.allowed)
        words = {True: "true", False: "false", None: "unknown"}
        return " or ".join(words[t] for t in _TRUTHS if t in finals)

    def impossible(self) -> str:
        """Why the goal alone fails, in the profile's words (for UnreachableTarget)."""
        wanted = self.wanted()
        if wanted == "false or unknown":
            return f"{self.subject()} is always true"
        if wanted == "true or unknown":
            return f"{self.subject()} is always false"
        return f"{self.subject()} can never be {wanted}"


_UNSET: Final = object()
"""Stands for a field not chosen yet, in cache keys."""


class _State:
    """One account being built: canonical values by field name, and which are chosen."""

    def __init__(self, solver: _Solver) -> None:
        self.values: dict[str, Any] = {f.name: None for f in solver.fields}
        self.assigned: set[str] = set()
        self.interp = Interpreter(solver.checked, self.values, solver.as_of)
        self.version = 0
        self.bounds: tuple[int, tuple[float, float]] | None = None
        self.rule_cache: dict[int, tuple[tuple[Any, ...], frozenset[Truth]]] = {}
        self.broken: set[str] = set()


def fields_read(condition: m.Condition) -> tuple[str, ...]:
    """The fields a condition reads, in first-use order."""
    names: dict[str, None] = {}
    for node in m.walk(condition):
        name = getattr(node, "field", None)
        if isinstance(name, str):
            names[name] = None
        for term in _terms(node):
            if isinstance(term, m.FieldTerm):
                names[term.field] = None
    return tuple(names)


def _is_predicate(c: m.Condition) -> bool:
    return not isinstance(c, m.And | m.Or | m.Not | m.AtLeast | m.AtMost)


def _terms(c: m.Condition) -> list[m.Term]:
    """The terms a comparison reads, with a `OneOf`'s values as constants."""
    values = sorted(c.values, key=repr) if isinstance(c, m.OneOf) else []
    return [*m.terms(c), *(m.Const(v) for v in values)]


def _numbers_of(value: object) -> list[float]:
    """The numbers a constant or field value contributes as cuts (dates as day numbers)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, datetime.date):
        return [value.toordinal()]
    if isinstance(value, tuple):
        return [x for v in value for x in _numbers_of(v)]
    return []


class _Solver:
    """The regions of every field and the goal-directed search over them, for one profile."""

    def __init__(self, checked: m.CheckedProfile, as_of: datetime.date) -> None:
        self.checked = checked
        self.as_of = as_of
        self.fields = checked.fields
        self.by_name = {f.name: f for f in checked.fields}
        self.info: dict[m.Condition, _Info] = {}
        self.preds_of: dict[str, list[m.Condition]] = {f.name: [] for f in self.fields}
        conditions = [r.condition for r in checked.rules]
        conditions += [t.condition for t in checked.tiers if t.condition is not None]
        for condition in conditions:
            for node in m.walk(condition):
                if not _is_predicate(node) or node in self.info:
                    continue
                names = frozenset(fields_read(node))
                uses_score = any(isinstance(t, m.ScoreTerm) for t in _terms(node))
                static = frozenset({True, False}) if isinstance(node, m.Known) else _ALL
                self.info[node] = _Info(names, uses_score, static)
                for name in names:
                    self.preds_of[name].append(node)
        self.cross = {
            name: tuple(sorted({g for p in preds for g in self.info[p].fields} - {name}))
            for name, preds in self.preds_of.items()
        }
        self.nice = [r for r in checked.rules if r.kind == "nice_to_have"]
        self.nice_reads = [(r, fields_read(r.condition)) for r in self.nice]
        self.nice_fields = frozenset(f for _, reads in self.nice_reads for f in reads)
        self._regions: dict[tuple[Any, ...], list[_Region]] = {}
        self._condition_fields: dict[m.Condition, tuple[frozenset[str], bool]] = {}
        # Fields read from one column (`from "X"` twice) get one value in the account:
        # the first is chosen, the others follow by reading that same value.
        first: dict[str, m.Field] = {}
        self.followers: dict[str, list[m.Field]] = {f.name: [] for f in self.fields}
        self.leader: dict[str, str] = {}
        for f in self.fields:
            head = first.setdefault(f.key, f)
            if head is not f:
                self.followers[head.name].append(f)
                self.leader[f.name] = head.name

    # -- reading conditions -----------------------------------------------------------------
    def condition_fields(self, c: m.Condition) -> tuple[frozenset[str], bool]:
        """The fields a condition reads, and whether it reads the score."""
        found = self._condition_fields.get(c)
        if found is None:
            preds = [self.info[p] for p in m.walk(c) if _is_predicate(p)]
            found = (
                frozenset(f for info in preds for f in info.fields),
                any(info.uses_score for info in preds),
            )
            self._condition_fields[c] = found
        return found

    def goal_fields(self, goal: _Goal) -> frozenset[str]:
        """The fields to choose for a goal (a field read from a shared column: its leader)."""
        names, uses_score = self.condition_fields(goal.condition)
        names = names | self.nice_fields if uses_score else names
        return frozenset(self.leader.get(name, name) for name in names)

    def possible(self, c: m.Condition, state: _State) -> frozenset[Truth]:
        """What `c` can still come out as, given the fields chosen so far."""
        if isinstance(c, m.And):
            return _and_sets([self.possible(i, state) for i in c.items])
        if isinstance(c, m.Or):
            return _or_sets([self.possible(i, state) for i in c.items])
        if isinstance(c, m.Not):
            return _not_set(self.possible(c.item, state))
        if isinstance(c, m.AtLeast):
            return _at_least_sets(c.count, [self.possible(i, state) for i in c.items])
        if isinstance(c, m.AtMost):
            return _not_set(_at_least_sets(c.count + 1, [self.possible(i, state) for i in c.items]))
        info = self.info[c]
        if not info.fields <= state.assigned:
            return info.static
        if info.uses_score:
            return self._score_possible(c, state)
        return _ONE[state.interp.evaluate(c)]

    def score_bounds(self, state: _State) -> tuple[float, float]:
        """The lowest and highest score the nice-to-haves can still add up to."""
        if state.bounds is not None and state.bounds[0] == state.version:
            return state.bounds[1]
        low: dict[str | None, float] = {}
        high: dict[str | None, float] = {}
        for index, (rule, reads) in enumerate(self.nice_reads):
            seen = tuple(state.values[g] if g in state.assigned else _UNSET for g in reads)
            cached = state.rule_cache.get(index)
            if cached is not None and cached[0] == seen:
                finals = cached[1]
            else:
                finals = frozenset(_final(rule, t) for t in self.possible(rule.condition, state))
                state.rule_cache[index] = (seen, finals)
            w = rule.weight
            can, must = True in finals, finals == {True}
            group = rule.category
            if w > 0:
                high[group] = high.get(group, 0) + (w if can else 0)
                low[group] = low.get(group, 0) + (w if must else 0)
            else:
                low[group] = low.get(group, 0) + (w if can else 0)
                high[group] = high.get(group, 0) + (w if must else 0)
        if all(len(finals) == 1 for _, finals in state.rule_cache.values()):
            # Every nice-to-have is decided: the exact score, as the interpreter adds it.
            true_rules = {
                r.label: state.rule_cache[i][1] == _ONE[True] for i, r in enumerate(self.nice)
            }
            exact = float(m.score_of(self.checked, true_rules))
            state.bounds = (state.version, (exact, exact))
            return exact, exact
        lo = hi = 0.0
        for group in set(low) | set(high):
            cap = self.checked.categories[group] if group is not None else math.inf
            group_lo, group_hi = min(low.get(group, 0), cap), min(high.get(group, 0), cap)
            lo += group_lo
            hi += group_hi
        bounds = (lo, hi)
        state.bounds = (state.version, bounds)
        return bounds

    def _score_possible(self, c: m.Condition, state: _State) -> frozenset[Truth]:
        lo, hi = self.score_bounds(state)
        if lo == hi:
            points = [lo]
        else:
            cuts = sorted(
                {lo, hi}
                | {x for t in _terms(c) for x in self._term_numbers(t, state) if lo < x < hi}
            )
            points = cuts + [(a + b) / 2 for a, b in itertools.pairwise(cuts)]
        out: set[Truth] = set()
        for point in points:
            state.interp.score = point
            out.add(state.interp.evaluate(c))
        return frozenset(out)

    def _term_numbers(self, t: m.Term, state: _State) -> list[float]:
        if isinstance(t, m.Const):
            return _numbers_of(t.value)
        if isinstance(t, m.FieldTerm) and t.field in state.assigned:
            value = state.interp.term(t)
            return [] if value is None else _numbers_of(value)
        return []

    # -- regions ----------------------------------------------------------------------------
    def vector(self, name: str, value: Any, state: _State) -> tuple[Truth, ...]:
        """Every (score-free) predicate reading the field, evaluated with this value."""
        old = state.values[name]
        state.values[name] = value
        try:
            return tuple(
                state.interp.evaluate(p) for p in self.preds_of[name] if not self.info[p].uses_score
            )
        finally:
            state.values[name] = old

    def regions(self, f: m.Field, state: _State) -> list[_Region]:
        context = tuple(
            (g, state.values[g]) if g in state.assigned else (g,) for g in self.cross[f.name]
        )
        key = (f.name, context)
        found = self._regions.get(key)
        if found is None:
            # While a field this one is compared with is still open, pieces that look
            # alike now may differ once it is chosen (count 0 or 3 against `count of s >
            # n`), so each piece stays a region of its own and the search can try each.
            apart = any(len(c) == 1 for c in context)
            groups: dict[tuple[Any, ...], list[_Piece]] = {}
            for index, piece in enumerate(self._pieces(f, state)):
                vector = self.vector(f.name, piece.rep, state)
                groups.setdefault((vector, index) if apart else (vector,), []).append(piece)
            found = [_Region(v[0], tuple(p)) for v, p in groups.items()]
            self._regions[key] = found
        return found

    def _cuts(self, name: str, state: _State, via: str = "value") -> list[float]:
        out: list[float] = []
        today = self.as_of.toordinal()
        for p in self.preds_of[name]:
            if isinstance(p, m.RangeCheck):
                out += [p.low, p.high]
                continue
            if isinstance(p, m.InLast):
                out += [today - p.days, today]
                continue
            terms = _terms(p)
            mine = [
                i for i, t in enumerate(terms)
                if isinstance(t, m.FieldTerm) and t.field == name and t.via == via
            ]  # fmt: skip
            for i in mine:
                scale = terms[i].scale if isinstance(terms[i], m.FieldTerm) else 1  # type: ignore[union-attr]
                for j, other in enumerate(terms):
                    if j in mine:
                        continue
                    for x in self._term_numbers(other, state):
                        out.append(x / scale if scale != 1 else x)
        return out

    def _pieces(self, f: m.Field, state: _State) -> list[_Piece]:
        t = f.type
        preds = self.preds_of[f.name]
        if isinstance(t, m.YesNoT):
            return [_Piece(True), _Piece(False)]
        if isinstance(t, m.ChoiceT):
            return [_Piece(v) for v in t.values]
        if isinstance(t, m.NumberT):
            return _number_pieces(self._cuts(f.name, state), integer=t.integer)
        if isinstance(t, m.DateT):
            return _date_pieces(self._cuts(f.name, state), self.as_of)
        if isinstance(t, m.RangeT):
            return _range_pieces(self._cuts(f.name, state))
        if isinstance(t, m.TextT):
            equals: set[str] = set()
            mentions: set[str] = set()
            prefixes: set[str] = set()
            for p in preds:
                if isinstance(p, m.Mentions):
                    mentions.update(p.texts)
                elif isinstance(p, m.StartsWith):
                    prefixes.add(p.text)
                else:
                    for term in _terms(p):
                        if isinstance(term, m.Const) and isinstance(term.value, str):
                            equals.add(term.value)
                        elif isinstance(term, m.FieldTerm) and term.field != f.name:
                            other = (
                                state.values[term.field] if term.field in state.assigned else None
                            )
                            if isinstance(other, str):
                                equals.add(other)
            return _text_pieces(equals, mentions, prefixes)
        assert isinstance(t, m.SetT)
        members: set[str] = set()
        mentions = set()
        for p in preds:
            if isinstance(p, m.SetCheck):
                members.update(p.values)
            elif isinstance(p, m.Mentions):
                mentions.update(p.texts)
        count_cuts = self._cuts(f.name, state, via="count")
        counted = any(
            isinstance(term, m.FieldTerm) and term.field == f.name and term.via == "count"
            for p in preds
            for term in _terms(p)
        )
        if t.values is not None:
            return _enum_set_pieces(t.values, members, count_cuts, counted)
        return _text_set_pieces(members, mentions, count_cuts, counted)

    # -- choosing values --------------------------------------------------------------------
    def assign(self, state: _State, name: str, value: Any) -> None:
        state.values[name] = value
        state.assigned.add(name)
        state.version += 1
        for g in self.followers[name]:
            try:
                state.values[g.name] = convert_field(value, g)
            except DataError:  # that value cannot be read by a field of the same column
                state.values[g.name] = None
                state.broken.add(name)
            state.assigned.add(g.name)

    def unassign(self, state: _State, name: str) -> None:
        state.values[name] = None
        state.assigned.discard(name)
        state.version += 1
        state.broken.discard(name)
        for g in self.followers[name]:
            state.values[g.name] = None
            state.assigned.discard(g.name)

    def fits(self, goals: Sequence[_Goal], state: _State, name: str) -> bool:
        """Whether the value just chosen for `name` keeps every goal possible."""
        if name in state.broken:
            return False
        return all(self.possible(g.condition, state) & g.allowed for g in goals)

    def options(
        self,
        f: m.Field,
        state: _State,
        chooser: _Chooser,
        goals: Sequence[_Goal] = (),
        *,
        unknown: bool = True,
    ) -> Iterator[Any]:
        """Values to try for a field, in the chooser's order: unknown, and one value from
        each region that keeps every goal in `goals` possible (judged by the region's
        representative, so no draw is spent on a region that cannot work).
        """
        feasible: list[_Region] = []
        for region in self.regions(f, state):
            if not goals or self._keeps(goals, state, f.name, region.pieces[0].rep):
                feasible.append(region)
        unknown = unknown and (not goals or self._keeps(goals, state, f.name, None))
        first = chooser.first(len(feasible), unknown)
        if first is None and unknown:
            yield None
        start = first or 0
        for index in [*range(start, len(feasible)), *range(start)]:
            region = feasible[index]
            piece = region.pieces[chooser.index(len(region.pieces))]
            value = chooser.sample(piece)
            if value != piece.rep and self.vector(f.name, value, state) != region.vector:
                value = piece.rep
            yield value
        if unknown and first is not None:
            yield None

    def _keeps(self, goals: Sequence[_Goal], state: _State, name: str, value: Any) -> bool:
        """Whether every goal stays possible with the field set to `value`."""
        self.assign(state, name, value)
        try:
            return self.fits(goals, state, name)
        finally:
            self.unassign(state, name)

    def search(
        self, goals: Sequence[_Goal], state: _State, chooser: _Chooser, budget: int
    ) -> bool | None:
        """Choose the fields the goals read so that every goal holds.

        True when `state` now holds such values; False when there are none (the search
        was exhaustive); None when the budget ran out first.  On False and None, the
        fields it chose are unchosen again.
        """
        wanted = frozenset().union(*(self.goal_fields(g) for g in goals)) if goals else frozenset()
        order = [f for f in self.fields if f.name in wanted and f.name not in state.assigned]
        affected = {f.name: [g for g in goals if f.name in self.goal_fields(g)] for f in order}
        if not all(self.possible(g.condition, state) & g.allowed for g in goals):
            return False
        iterators: list[Iterator[Any] | None] = [None] * len(order)
        spent = 0
        i = 0
        while True:
            if i == len(order):
                if all(self.possible(g.condition, state) <= g.allowed for g in goals):
                    return True
                i -= 1
                if i < 0:
                    return False
                self.unassign(state, order[i].name)
                continue
            f = order[i]
            iterator = iterators[i]
            if iterator is None:
                iterator = iterators[i] = self.options(f, state, chooser, affected[f.name])
            moved = False
            for value in iterator:
                spent += 1
                if spent > budget:
                    for g in order:
                        if g.name in state.assigned:
                            self.unassign(state, g.name)
                    return None
                self.assign(state, f.name, value)
                if self.fits(affected[f.name], state, f.name):
                    moved = True
                    break
                self.unassign(state, f.name)
            if moved:
                i += 1
                if i < len(order):
                    iterators[i] = None
                continue
            iterators[i] = None
            i -= 1
            if i < 0:
                return False
            self.unassign(state, order[i].name)


class _Chooser:
    """The order in which the search tries things: the first choice, deterministically."""

    def first(self, count: int, unknown: bool) -> int | None:
        """Which of `count` regions to try first, or None for unknown first."""
        return 0 if count else None

    def order(self, count: int) -> Sequence[int]:
        return range(count)

    def index(self, count: int) -> int:
        return 0

    def sample(self, piece: _Piece) -> Any:
        return piece.rep


_BELOW: dict[int, st.SearchStrategy[int]] = {}


def _below(count: int) -> st.SearchStrategy[int]:
    """`st.integers(0, count - 1)`, built once: building strategies costs more than drawing."""
    found = _BELOW.get(count)
    if found is None:
        found = _BELOW[count] = st.integers(0, count - 1)
    return found


class _DrawChooser(_Chooser):
    """Hypothesis decides: each first choice is a draw, so it shrinks toward simple values."""

    def __init__(self, draw: st.DrawFn, unknown_rate: float) -> None:
        self.draw = draw
        self.percent = round(unknown_rate * 100)

    def first(self, count: int, unknown: bool) -> int | None:
        """One draw decides both: unknown (with the plan's rate) or which region.

        Draws are what a Hypothesis example is made of; fewer of them make accounts
        cheaper to generate and much cheaper to shrink.  0, where shrinking goes, is
        unknown whenever unknown is allowed.
        """
        percent = self.percent if unknown else 0
        if count == 0 or percent >= 100:
            return None
        if percent <= 0:
            return self.draw(_below(count)) if count > 1 else 0
        roll = self.draw(_below(100))
        return None if roll < percent else (roll - percent) * count // (100 - percent)

    def order(self, count: int) -> Sequence[int]:
        if count <= 1:
            return range(count)
        start = self.draw(_below(count))
        return [*range(start, count), *range(start)]

    def index(self, count: int) -> int:
        return self.draw(_below(count)) if count > 1 else 0

    def sample(self, piece: _Piece) -> Any:
        if piece.sample is None:
            return piece.rep
        value = self.draw(piece.sample)
        return piece.finish(value) if piece.finish is not None else value


_SOLVERS: dict[tuple[int, datetime.date], tuple[m.CheckedProfile, _Solver]] = {}


def _solver(checked: m.CheckedProfile, as_of: datetime.date) -> _Solver:
    """One solver per profile and date, reused by every draw (its region cache is the point)."""
    key = (id(checked), as_of)
    found = _SOLVERS.get(key)
    if found is None or found[0] is not checked:
        if len(_SOLVERS) > 256:
            _SOLVERS.clear()
        found = (checked, _Solver(checked, as_of))
        _SOLVERS[key] = found
    return found[1]


# ---- targets ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class _Plan:
    """What `accounts()` was asked for, with the goals that reach it.

    `alternatives` are goal lists of which any one reaches the target (for example:
    one per disqualifier that could be the one that rules the account out).
    """

    checked: m.CheckedProfile
    verdict: str | None
    tier: str | None
    alternatives: tuple[tuple[_Goal, ...], ...]
    unknown_rate: float
    raw_spellings: bool
    as_of: datetime.date | None

    def __repr__(self) -> str:
        options = [f"{k}={v!r}" for k, v in (("verdict", self.verdict), ("tier", self.tier)) if v]
        options.append(f"unknown_rate={self.unknown_rate!r}")
        if self.raw_spellings:
            options.append("raw_spellings=True")
        if self.as_of is not None:
            options.append(f"as_of={self.as_of!r}")
        name = self.checked.name or self.checked.file
        return f"accounts(<profile {name!r}>, {', '.join(options)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints strategies with its pretty-printer: keep it to one line."""
        printer.text(repr(self))

    @property
    def target(self) -> str:
        parts = [f"verdict {self.verdict}"] if self.verdict else []
        if self.tier is not None:
            parts.append(f"tier {self.tier}")
        return " and ".join(parts)

    def reached(self, result: dict[str, Any]) -> bool:
        verdict_ok = self.verdict is None or result["verdict"] == self.verdict
        return verdict_ok and (self.tier is None or result["tier"] == self.tier)


def _rule_goal(rule: m.Rule, finals: Iterable[Truth]) -> _Goal:
    return _Goal(rule.condition, _raw_allowed(rule, finals), rule=rule)


def _verdict_alternatives(
    checked: m.CheckedProfile, verdict: str | None, tier: str | None
) -> list[list[_Goal]]:
    disq = [r for r in checked.rules if r.kind == "disqualifier"]
    musts = [r for r in checked.rules if r.kind == "must_have"]
    not_out = [_rule_goal(r, (False, None)) for r in disq]
    if verdict is None:
        if tier is None:
            return [[]]
        return [not_out + [_rule_goal(r, (True, None)) for r in musts]]
    if verdict == "qualified":
        return [not_out + [_rule_goal(r, (True,)) for r in musts]]
    if verdict == "needs_research":
        witnesses = [r for r in musts if r.unknown_means is None]
        if not witnesses:
            why = (
                "the profile has no must-haves"
                if not musts
                else "every must-have says 'unknown means', so none can stay unknown"
            )
            raise UnreachableTarget(f"no account can need research: {why}")
        return [
            not_out + [_rule_goal(r, (None,) if r is w else (True, None)) for r in musts]
            for w in witnesses
        ]
    if verdict == "not_a_fit":
        if not musts:
            raise UnreachableTarget("no account can be not_a_fit: the profile has no must-haves")
        return [[*not_out, _rule_goal(w, (False,))] for w in musts]
    if not disq:
        raise UnreachableTarget("no account can be disqualified: the profile has no disqualifiers")
    return [[_rule_goal(w, (True,))] for w in disq]


def _tier_goals(checked: m.CheckedProfile, tier: str) -> list[_Goal]:
    names = [t.name for t in checked.tiers]
    if tier not in names:
        if not names:
            raise ValueError(f"the profile has no tiers, so there is no tier {tier!r}")
        close = difflib.get_close_matches(tier, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"the profile has no tier {tier!r}; {hint}its tiers are {', '.join(names)}"
        )
    goals: list[_Goal] = []
    for t in checked.tiers:
        if t.name == tier:
            if t.condition is not None:
                goals.append(_Goal(t.condition, _ONE[True], tier=t.name))
            break
        if t.condition is not None:
            goals.append(_Goal(t.condition, frozenset({False, None}), tier=t.name))
    return goals


def _min_score(checked: m.CheckedProfile) -> int | float:
    """The score with every negative-weight rule true and nothing else (caps respected)."""
    return m.score_of(
        checked, {r.label: r.weight < 0 for r in checked.rules if r.kind == "nice_to_have"}
    )


def _achievable_scores(checked: m.CheckedProfile, limit: int = 5000) -> list[float] | None:
    """Every score some combination of nice-to-haves gives, or None when there are too many."""
    groups: dict[str | None, set[float]] = {}
    for rule in checked.rules:
        if rule.kind != "nice_to_have":
            continue
        sums = groups.setdefault(rule.category, {0})
        sums |= {s + rule.weight for s in sums}
        if len(sums) > limit:
            return None
    totals: set[float] = {0}
    for category, sums in groups.items():
        capped = {min(s, checked.categories[category]) if category is not None else s for s in sums}
        capped.add(0)  # no rule of the category true
        totals = {a + b for a in totals for b in capped}
        if len(totals) > limit:
            return None
    return sorted(totals)


def _pure_score_check(checked: m.CheckedProfile, tier: str, as_of: datetime.date) -> None:
    """Fail fast when the score alone decides that a tier is never reached."""
    tiers = list(checked.tiers)
    index = next(i for i, t in enumerate(tiers) if t.name == tier)
    target = tiers[index]
    c = target.condition
    if c is not None and fields_read(c):
        return
    max_score, min_score = checked.max_score, _min_score(checked)
    if (
        isinstance(c, m.Compare)
        and isinstance(c.left, m.ScoreTerm)
        and isinstance(c.right, m.Const)
    ):
        need = c.right.value
        shown = f"tier {tier} needs score {c.op} {need}"
        if c.op in (">=", ">") and (max_score < need or (c.op == ">" and max_score == need)):  # type: ignore[operator]
            raise UnreachableTarget(f"{shown} but the maximum score is {max_score}")
        if c.op in ("<=", "<") and (min_score > need or (c.op == "<" and min_score == need)):  # type: ignore[operator]
            raise UnreachableTarget(f"{shown} but the minimum score is {min_score}")
    scores = _achievable_scores(checked)
    if scores is None:
        return
    machine = Interpreter(checked, {}, as_of)

    def matches(condition: m.Condition, score: float) -> bool:
        machine.score = score
        return machine.evaluate(condition) is True

    own = [s for s in scores if c is None or matches(c, s)]
    if not own:
        raise UnreachableTarget(
            f"no score the nice-to-haves can add up to ({min_score} to {max_score}) "
            f"matches the condition of tier {tier}"
        )
    earlier = tiers[:index]
    if any(t.condition is None or fields_read(t.condition) for t in earlier):
        return
    left = [s for s in own if not any(matches(t.condition, s) for t in earlier if t.condition)]
    if not left:
        names = ", ".join(t.name for t in earlier)
        which = "that matches its condition" if c is not None else "the nice-to-haves can add up to"
        raise UnreachableTarget(
            f"tier {tier} is never reached: every score {which} "
            f"({own[0]} to {own[-1]}) already matches an earlier tier ({names})"
        )


def _why(solver: _Solver, goals: Sequence[_Goal]) -> str:
    """The smallest set of goals (one or two) that cannot hold together, in words."""
    chooser = _Chooser()
    for g in goals:
        if solver.search([g], _State(solver), chooser, _WHY_BUDGET) is False:
            return g.impossible()
    for a, b in itertools.combinations(goals, 2):
        if solver.search([a, b], _State(solver), chooser, _WHY_BUDGET) is False:
            return f"{a.subject()} cannot be {a.wanted()} while {b.subject()} is {b.wanted()}"
    return "its rules contradict each other"


def _plan(
    profile: object,
    *,
    verdict: str | None,
    tier: str | None,
    unknown_rate: float,
    raw_spellings: bool,
    as_of: datetime.date | None,
) -> _Plan:
    checked = _checked(profile)
    if verdict is not None and verdict not in VERDICTS:
        close = difflib.get_close_matches(str(verdict), VERDICTS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"{verdict!r} is not a verdict; {hint}the verdicts are {', '.join(VERDICTS)}"
        )
    if not 0 <= unknown_rate <= 1:
        raise ValueError(f"unknown_rate is a probability between 0 and 1, not {unknown_rate!r}")
    tier_goals: list[_Goal] = []
    if tier is not None:
        tier_goals = _tier_goals(checked, tier)
        if verdict in ("not_a_fit", "disqualified"):
            raise UnreachableTarget(
                f"a {verdict} account has no tier: tiers rank qualified and needs_research accounts"
            )
        _pure_score_check(checked, tier, as_of or _today())
    alternatives = tuple(
        tuple(goals + tier_goals) for goals in _verdict_alternatives(checked, verdict, tier)
    )
    plan = _Plan(checked, verdict, tier, alternatives, unknown_rate, raw_spellings, as_of)
    if verdict is not None or tier is not None:
        solver = _solver(checked, as_of or _today())
        outcomes = [
            solver.search(goals, _State(solver), _Chooser(), _BUILD_BUDGET)
            for goals in alternatives
        ]
        if not any(outcomes) and all(o is False for o in outcomes):
            reasons = list(dict.fromkeys(_why(solver, goals) for goals in alternatives))
            raise UnreachableTarget(f"no account reaches {plan.target}: {'; '.join(reasons)}")
    return plan


# ---- spelling the values ------------------------------------------------------------------

_MISSING: Final = object()
"""Stands for a key left out of the account."""


def _ascii_upper(text: str) -> str:
    return "".join(c.upper() if c.isascii() else c for c in text)


def _ascii_title(text: str) -> str:
    return " ".join(_ascii_upper(w[:1]) + w[1:] for w in text.split(" "))


def _decimal_text(value: Fraction) -> str | None:
    """The exact decimal spelling of a fraction, or None when it does not terminate."""
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return None
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.{digits}f}"
    return text if len(text) <= 40 else None


def _number_text(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _same_dimension(unit: Unit) -> list[str]:
    """Other units of the field's dimension that data may be written in (exact ones only)."""
    return [
        name for name, u in UNITS.items()
        if u.dimension == unit.dimension and name != unit.name and not u.logarithmic
        and name.isascii()
    ]  # fmt: skip


def _in_unit(value: int | float, unit: Unit, other: str) -> str | None:
    exact = Fraction(Decimal(_number_text(value)))
    converted = convert_fraction(exact, unit, UNITS[other])
    return _decimal_text(Fraction(converted)) if isinstance(converted, Fraction) else None


def _number_spellings(f: m.Field, value: int | float) -> list[Any]:
    t = f.type
    assert isinstance(t, m.NumberT | m.RangeT)
    text = _number_text(value)
    out: list[Any] = [value, text, f" {text} ", Decimal(text)]
    if isinstance(value, int):
        out += [f"{value:,}", float(value)]
    if t.unit is not None:
        unit = UNITS[t.unit]
        out += [f"{text} {t.unit}", f"{text}{t.unit}"]
        for other in _same_dimension(unit)[:6]:
            converted = _in_unit(value, unit, other)
            if converted is not None:
                out.append(f"{converted} {other}")
    return out


def _range_spellings(f: m.Field, value: tuple[int | float, int | float]) -> list[Any]:
    t = f.type
    assert isinstance(t, m.RangeT)
    lo, hi = value
    a, b = _number_text(lo), _number_text(hi)
    unit = f" {t.unit}" if t.unit else ""
    out: list[Any] = [
        value, [lo, hi], {"min": lo, "max": hi}, {"low": lo, "high": hi},
        f"{a} .. {b}", f"{a}..{b}{unit}", f"{a} to {b}{unit}", [f"{a}{unit}", f"{b}{unit}"],
    ]  # fmt: skip
    if lo >= 0 and "e" not in a + b and "-" not in b:
        out.append(f"{a}-{b}{unit}")
    if lo == hi:
        out += [lo, f"{a}{unit}"]
    if t.unit is not None:
        u = UNITS[t.unit]
        for other in _same_dimension(u)[:4]:
            x, y = _in_unit(lo, u, other), _in_unit(hi, u, other)
            if x is not None and y is not None:
                out.append(f"{x} .. {y} {other}")
    return out


def _choice_spellings(value: str) -> list[str]:
    spaced = value.replace("_", " ")
    return [
        value,
        spaced,
        value.replace("_", "-"),
        _ascii_upper(value),
        _ascii_title(spaced),
        f"  {value} ",
    ]


def _element_spellings(f: m.Field, value: str) -> list[Any]:
    t = f.type
    assert isinstance(t, m.SetT)
    if t.values is not None:
        return _choice_spellings(value)
    return [value, _ascii_upper(value), f" {value}"]


def _set_spellings(f: m.Field, value: frozenset[str]) -> list[Any]:
    items = sorted(value)
    out: list[Any] = [value, items, tuple(items), set(items)]
    if not items:
        return out
    out += [[*items, None], [" ", *items], [_element_spellings(f, x)[-1] for x in items]]
    if all(x and not any(sep in x for sep in ";,|") for x in items):
        out += ["; ".join(items), ",".join(items), " | ".join(items)]
        out.append(
            ";".join(_element_spellings(f, x)[3 % len(_element_spellings(f, x))] for x in items)
        )
    return out


def _date_spellings(value: datetime.date) -> list[Any]:
    iso = value.isoformat()
    at = datetime.datetime(value.year, value.month, value.day, 10, 30)
    return [
        value, iso, at, f"{iso}T10:30:00", f"{iso} 23:59", f"{iso}T00:00:00Z",
        f"{iso}T08:15:00+05:30", at.replace(tzinfo=datetime.UTC), f" {iso} ",
    ]  # fmt: skip


def _spellings(f: m.Field, value: Any) -> list[Any]:
    """Ways data may spell `value` (LANGUAGE.md section 4), the canonical one first.

    Only spellings that read back as exactly `value` are kept, so every raw account
    means what the search chose.
    """
    t = f.type
    if isinstance(t, m.NumberT):
        candidates = _number_spellings(f, value)
    elif isinstance(t, m.TextT):
        candidates = [value, _ascii_upper(value), _ascii_title(value), f"  {value}\t"]
        if value.isascii() and value.isdigit() and str(int(value)) == value:
            candidates.append(int(value))
    elif isinstance(t, m.YesNoT):
        candidates = [
            value,
            *(
                ["yes", "Y", "TRUE", "1", 1, " y "]
                if value
                else ["no", "N", "False", "0", 0, " n "]
            ),
        ]
    elif isinstance(t, m.ChoiceT):
        candidates = _choice_spellings(value)
    elif isinstance(t, m.SetT):
        candidates = _set_spellings(f, value)
    elif isinstance(t, m.RangeT):
        candidates = _range_spellings(f, value)
    else:
        candidates = _date_spellings(value)
    kept: list[Any] = []
    for raw in candidates:
        try:
            if convert_field(raw, f) == value:
                kept.append(raw)
        except (DataError, ArithmeticError):
            continue
    return kept or [value]


_UNKNOWN_PLAIN: Final = (_MISSING, None)
_UNKNOWN_RAW: Final = (_MISSING, None, "", "   ")
_EXTRA_KEY: Final = "notes (not a field)"


def _pick(draw: st.DrawFn, options: Sequence[Any]) -> Any:
    """One of `options`, shrinking toward the first (the canonical spelling)."""
    return options[draw(_below(len(options)))] if len(options) > 1 else options[0]


def _reads_as(raw: Any, fields: Sequence[m.Field], values: dict[str, Any]) -> bool:
    """Whether every one of `fields` reads `raw` as the value it was given."""
    try:
        return all(convert_field(raw, g) == values[g.name] for g in fields)
    except (DataError, ArithmeticError):
        return False


def _spell(draw: st.DrawFn, plan: _Plan, values: dict[str, Any]) -> Account:
    """The account as data: each field's value under its input key, spelled plainly or
    (with `raw_spellings`) as data may spell it; unknowns left out or empty."""
    solver = _solver(plan.checked, plan.as_of or _today())
    account: Account = {}
    for f in plan.checked.fields:
        if f.name in solver.leader:
            continue  # its column holds its leader's value
        value = values[f.name]
        if value is None:
            spellings = _UNKNOWN_RAW if plan.raw_spellings else _UNKNOWN_PLAIN
            unknown = spellings[draw(_below(len(spellings)))]
            if unknown is not _MISSING:
                account[f.key] = unknown
        elif plan.raw_spellings:
            followers = solver.followers[f.name]
            options = [r for r in _spellings(f, value) if _reads_as(r, followers, values)]
            account[f.key] = _pick(draw, options or [value])
        else:
            account[f.key] = value
    if plan.raw_spellings and _EXTRA_KEY not in account and draw(_below(2)):
        account[_EXTRA_KEY] = "keys no field declares are ignored"
    return account


@st.composite
def _draw_values(draw: st.DrawFn, plan: _Plan) -> tuple[_Solver, _State]:
    """Canonical values for every field, reaching the plan's target."""
    solver = _solver(plan.checked, plan.as_of or _today())
    chooser = _DrawChooser(draw, plan.unknown_rate)
    state = _State(solver)
    if plan.alternatives != ((),):
        for index in chooser.order(len(plan.alternatives)):
            if solver.search(plan.alternatives[index], state, chooser, _DRAW_BUDGET):
                break
        else:
            reject()
    for f in solver.fields:
        if f.name not in state.assigned:
            for value in solver.options(f, state, chooser):
                solver.assign(state, f.name, value)
                if f.name not in state.broken:
                    break
                solver.unassign(state, f.name)
    return solver, state


@st.composite
def _draw_account(draw: st.DrawFn, plan: _Plan) -> Account:
    solver, state = draw(_draw_values(plan))
    account = _spell(draw, plan, state.values)
    if plan.verdict is not None or plan.tier is not None:
        result = interpret(plan.checked, account, solver.as_of)
        if not plan.reached(result):  # pragma: no cover - a bug in this module
            raise AssertionError(
                f"icpdsl.testing built an account for {plan.target} that the interpreter "
                f"gives verdict {result['verdict']}, tier {result['tier']}: {account!r}"
            )
    return account


def accounts(
    profile: ProfileLike,
    *,
    verdict: str | None = None,
    tier: str | None = None,
    unknown_rate: float = _DEFAULT_UNKNOWN_RATE,
    raw_spellings: bool = False,
    as_of: datetime.date | None = None,
) -> st.SearchStrategy[Account]:
    """Accounts for `profile`: dicts keyed by each field's input key (`from "Column"`).

    - `verdict`: "qualified", "needs_research", "not_a_fit" or "disqualified"; every
      account drawn has it.  `tier`: a tier's name; every account drawn lands in it
      (and is then qualified or needs research).  Accounts are built to reach the
      target, not filtered, so rare targets cost nothing; a target no account can
      reach raises `UnreachableTarget` here, saying why.
    - `unknown_rate`: the chance that a field is unknown (left out or None, or with
      `raw_spellings` also "" or blank) where the target allows it.  0 makes every
      field known except those the target needs unknown.
    - `raw_spellings`: False gives the values `read_account` would produce (int,
      float, str, bool, frozenset, (low, high) tuples, dates).  True spells them as
      data does (LANGUAGE.md section 4): "1,200", "500 mW", "Medical Device",
      "sensing; imaging", "405-1064 nm", {"min": ..., "max": ...}, ISO datetimes ...,
      each chosen to read back as the same value, plus now and then a key no field
      declares.  Use it to test input conversion along with the rules.
    - `as_of`: the evaluation date that `in the last N days` rules are reached for;
      pass the same date to `evaluate`/`score`.  Default: today, as theirs.

    Values land on both sides of, and exactly on, every constant the rules compare
    with, and shrink toward unknowns and simple values.
    """
    plan = _plan(
        profile,
        verdict=verdict,
        tier=tier,
        unknown_rate=unknown_rate,
        raw_spellings=raw_spellings,
        as_of=as_of,
    )
    return _draw_account(plan)


# ---- pairs that differ in one field ---------------------------------------------------------


def _order_key(f: m.Field) -> Callable[[Any], Any]:
    t = f.type
    if isinstance(t, m.ChoiceT) and t.ordered:
        return t.values.index
    if isinstance(t, m.NumberT | m.DateT | m.YesNoT):
        return lambda v: v
    raise TypeError(
        f"{f.name} is {t.describe()}, which has no order; 'more {f.name}' means something "
        "only for numbers, dates, yes/no, ordered values and sets"
    )


@st.composite
def _draw_pair(draw: st.DrawFn, plan: _Plan, name: str) -> tuple[Account, Account]:
    solver, state = draw(_draw_values(plan))
    f = solver.by_name[name]
    solver.unassign(state, name)
    chooser = _DrawChooser(draw, 0)
    first = next(solver.options(f, state, chooser, unknown=False))
    second = next(solver.options(f, state, chooser, unknown=False))
    if isinstance(f.type, m.SetT):
        low, high = first, first | second
    else:
        key = _order_key(f)
        low, high = sorted((first, second), key=key)
    values = dict(state.values)
    others = _spell(draw, plan, {**values, name: None})
    others.pop(f.key, None)

    def spell(value: Any) -> Any:
        return _pick(draw, _spellings(f, value)) if plan.raw_spellings else value

    return {**others, f.key: spell(low)}, {**others, f.key: spell(high)}


def account_pairs(
    profile: ProfileLike,
    field: str,
    *,
    unknown_rate: float = _DEFAULT_UNKNOWN_RATE,
    raw_spellings: bool = False,
    as_of: datetime.date | None = None,
) -> st.SearchStrategy[tuple[Account, Account]]:
    """Pairs `(lower, higher)` of accounts identical but for `field`, which is known in both
    and no smaller in `higher`: a larger number, a later date, yes over no, a later
    ordered value, or a superset.  The other fields follow `accounts()` (same options).

    This is the building block of "more X never lowers the score"; `assert_monotone`
    runs that property for you.
    """
    checked = _checked(profile)
    f = _field(checked, field)
    if not isinstance(f.type, m.SetT):
        _order_key(f)
    shared = [g.name for g in checked.fields if g.key == f.key and g is not f]
    if shared:
        raise ValueError(
            f"{f.name} is read from the same column as {', '.join(shared)}, so no two "
            f"accounts can differ in {f.name} alone"
        )
    plan = _plan(
        checked, verdict=None, tier=None, unknown_rate=unknown_rate,
        raw_spellings=raw_spellings, as_of=as_of,
    )  # fmt: skip
    return _draw_pair(plan, f.name)


# ---- invariants -----------------------------------------------------------------------------

_VERDICT_RANK: Final = {v: len(VERDICTS) - i for i, v in enumerate(VERDICTS)}
_MARK: Final[dict[Truth, str]] = {True: "yes", False: "no", None: "unknown"}


def _expected_verdict(kinds: Sequence[str], results: Sequence[Truth]) -> str:
    """LANGUAGE.md section 6, restated: the first of these that applies."""
    pairs = list(zip(kinds, results, strict=True))
    if any(k == "disqualifier" and r is True for k, r in pairs):
        return "disqualified"
    if any(k == "must_have" and r is False for k, r in pairs):
        return "not_a_fit"
    if any(k == "must_have" and r is None for k, r in pairs):
        return "needs_research"
    return "qualified"


def _data_error_problems(
    compiled: Profile, account: object, day: datetime.date, exc: DataError
) -> list[str]:
    try:
        compiled.score(account, day)
    except DataError as again:
        if again.field != exc.field:
            return [f"the interpreter fails on field {exc.field!r} but score() on {again.field!r}"]
        return []
    return [f"the interpreter cannot read the account ({exc}) but score() can"]


def check_account(
    profile: ProfileLike, account: object, *, as_of: datetime.date | None = None
) -> None:
    """Check the invariants every evaluation must satisfy, whatever the profile says.

    Raises AssertionError listing each one `account` breaks:

    - the compiled `evaluate`, the fast `score` and each rule's `predicate` agree with
      the tree-walking interpreter (verdict, score, potential, tier, every rule);
    - the verdict follows from the rule results in LANGUAGE.md's order: a true
      disqualifier always disqualifies (disqualifier dominance), then a false
      must-have makes it not a fit, then an unknown one needs research;
    - `decided_by` names a rule of the kind that decides that verdict;
    - minimum score <= score <= potential <= maximum score;
    - only qualified and needs_research accounts get a tier, and with a `tier ...
      otherwise` they always do;
    - `explain()` runs and starts with the verdict.

    A value the profile cannot read is fine as long as both the interpreter and the
    compiled code refuse it with a DataError for the same field.
    """
    compiled = _compiled(profile)
    checked = compiled.checked
    day = as_of or _today()
    try:
        oracle = interpret(checked, account, day)
    except DataError as exc:
        refused = _data_error_problems(compiled, account, day, exc)
        if refused:
            raise AssertionError("\n".join(refused)) from exc
        return
    ev = compiled.evaluate(account, day)
    problems: list[str] = []
    mine = (ev.verdict.value, ev.score, ev.potential, ev.tier)
    theirs = (oracle["verdict"], oracle["score"], oracle["potential"], oracle["tier"])
    if mine != theirs:
        problems.append(
            f"evaluate() gives (verdict, score, potential, tier) {mine}, the interpreter {theirs}"
        )
    results = [o.result for o in ev.outcomes]
    for rule, got, want in zip(checked.rules, results, oracle["results"], strict=True):
        if got is not want:
            problems.append(
                f'rule "{rule.label}": evaluate() says {_MARK[got]}, the interpreter {_MARK[want]}'
            )
    fast = tuple(compiled.score(account, day))
    if fast != (ev.verdict, ev.score, ev.tier):
        problems.append(f"score() gives {fast}, evaluate() {(ev.verdict, ev.score, ev.tier)}")
    for compiled_rule, want in zip(compiled.rules, oracle["results"], strict=True):
        got = compiled_rule.predicate(account, day)
        if got is not want:
            problems.append(
                f'rule "{compiled_rule.label}": its predicate says {_MARK[got]}, '
                f"the interpreter {_MARK[want]}"
            )
    kinds = [r.kind for r in checked.rules]
    expected = _expected_verdict(kinds, results)
    if ev.verdict.value != expected:
        problems.append(
            f"the rule results make the verdict {expected}, but it is {ev.verdict.value}"
        )
    deciding = {"disqualified": ("disqualifier", True), "not_a_fit": ("must_have", False),
                "needs_research": ("must_have", None)}.get(ev.verdict.value)  # fmt: skip
    if deciding is None:
        if ev.decided_by is not None:
            problems.append(f"a qualified account says it was decided by {ev.decided_by!r}")
    else:
        ok = [o.label for o in ev.outcomes if (o.kind, o.result) == deciding]
        if ev.decided_by not in ok:
            problems.append(f"{ev.verdict.value} is decided by {ev.decided_by!r}, not one of {ok}")
    low, high = _min_score(checked), checked.max_score
    if not low <= ev.score <= ev.potential <= high:
        problems.append(
            f"expected min {low} <= score {ev.score} <= potential {ev.potential} <= max {high}"
        )
    ranked = ev.verdict.value in ("qualified", "needs_research")
    if ev.tier is not None and not ranked:
        problems.append(f"a {ev.verdict.value} account has tier {ev.tier}")
    if ranked and ev.tier is None and any(t.condition is None for t in checked.tiers):
        problems.append(f"a {ev.verdict.value} account has no tier despite 'otherwise'")
    if not ev.explain().startswith(f"Verdict: {ev.verdict.value}"):
        problems.append("explain() does not start with the verdict")
    if problems:
        raise AssertionError(f"invariants broken for {account!r}:\n  " + "\n  ".join(problems))


def _tier_order_problems(checked: m.CheckedProfile, as_of: datetime.date) -> list[str]:
    """Tiers decided by the score alone must never give a higher score a lower tier."""
    tiers = checked.tiers
    if not tiers or any(t.condition is not None and fields_read(t.condition) for t in tiers):
        return []
    scores = _achievable_scores(checked)
    if scores is None:
        return []
    machine = Interpreter(checked, {}, as_of)

    def tier_of(score: float) -> int:
        machine.score = score
        for index, t in enumerate(tiers):
            if t.condition is None or machine.evaluate(t.condition) is True:
                return index
        return len(tiers)

    ranked = [(s, tier_of(s)) for s in scores]
    for (low, a), (high, b) in itertools.pairwise(ranked):
        if b > a:
            names = [t.name for t in tiers] + ["no tier"]
            return [
                f"tiers are out of order: score {high} lands in {names[b]} but the lower "
                f"score {low} lands in {names[a]}, which comes first"
            ]
    return []


def _inner_settings(given_settings: settings | None) -> settings:
    """The settings of the test a helper runs: the caller's, or the active profile's."""
    return given_settings if given_settings is not None else settings()


def check_profile(
    profile: ProfileLike,
    *,
    as_of: datetime.date | None = None,
    settings: settings | None = None,
) -> None:
    """Run every built-in invariant on a profile; AssertionError says what is wrong.

    First what can be decided at once: every `example` block holds; every tier can be
    reached (`UnreachableTarget` says why not); tiers that depend on the score alone
    are in order (a higher score never lands in a later tier).  Then Hypothesis checks
    `check_account` on accounts drawn at random and aimed at every verdict and tier
    the profile can give, so rare corners are covered too.

    Call it from a plain test function, not from inside an `@given` test (it runs
    Hypothesis itself).  `settings` (a `hypothesis.settings`, such as
    `settings(max_examples=500)`) replaces the active settings profile for that run;
    `as_of` is the evaluation date (default today).
    """
    compiled = _compiled(profile)
    checked = compiled.checked
    day = as_of or _today()
    problems = [
        f'example "{r.label}" ({r.file}:{r.line}) fails: ' + "; ".join(r.problems)
        for r in compiled.run_examples(day)
        if not r.passed
    ]
    strategies = [accounts(compiled, as_of=day), accounts(compiled, as_of=day, raw_spellings=True)]
    for verdict in VERDICTS:
        # A profile need not give every verdict (one without disqualifiers, say).
        with contextlib.suppress(UnreachableTarget):
            strategies.append(accounts(compiled, verdict=verdict, as_of=day))
    for t in checked.tiers:
        try:
            strategies.append(accounts(compiled, tier=t.name, as_of=day))
        except UnreachableTarget as exc:
            problems.append(str(exc))
    problems += _tier_order_problems(checked, day)
    if problems:
        raise AssertionError(f"{checked.name or checked.file}:\n  " + "\n  ".join(problems))

    @_inner_settings(settings)
    @given(st.one_of(strategies))
    def invariants_hold(account: Account) -> None:
        check_account(compiled, account, as_of=day)

    invariants_hold()


Metric: TypeAlias = "Literal['score', 'potential', 'verdict', 'tier'] | Callable[[Evaluation], Any]"


def _metric(by: Any, checked: m.CheckedProfile) -> tuple[str, Callable[[Evaluation], Any]]:
    if callable(by):
        return getattr(by, "__name__", "key"), by
    if by == "score":
        return "score", lambda ev: ev.score
    if by == "potential":
        return "potential", lambda ev: ev.potential
    if by == "verdict":
        return "verdict", lambda ev: _VERDICT_RANK[ev.verdict.value]
    if by == "tier":
        names = [t.name for t in checked.tiers]
        return "tier", lambda ev: len(names) - names.index(ev.tier) if ev.tier in names else 0
    raise ValueError(f"by= takes 'score', 'potential', 'verdict', 'tier' or a function, not {by!r}")


def _shown(value: Any) -> str:
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    if isinstance(value, tuple):
        return f"{value[0]} .. {value[1]}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value)


def _shown_metric(what: str, ev: Evaluation, key: Callable[[Evaluation], Any]) -> str:
    if what == "verdict":
        return ev.verdict.value
    if what == "tier":
        return "no tier" if ev.tier is None else f"tier {ev.tier}"
    return repr(key(ev))


def assert_monotone(
    profile: ProfileLike,
    field: str,
    *,
    by: Metric = "score",
    decreasing: bool = False,
    unknown_rate: float = _DEFAULT_UNKNOWN_RATE,
    raw_spellings: bool = False,
    as_of: datetime.date | None = None,
    settings: settings | None = None,
) -> None:
    """Assert that more of `field` never lowers `by` (never raises it, with `decreasing`).

    "More" is a larger number, a later date, yes over no, a later ordered value, or a
    superset of a set.  `by` is "score", "potential", "verdict" (disqualified <
    not_a_fit < needs_research < qualified), "tier" (the first tier is the highest, no
    tier the lowest), or a function of the `Evaluation`.  Hypothesis draws pairs of
    accounts that differ only in `field` (see `account_pairs`, which takes the same
    options) and shrinks a failure to a small pair; the AssertionError names both
    values, both results and the rules whose result changed.

    Call it from a plain test function, not from inside an `@given` test; `settings`
    (a `hypothesis.settings`) replaces the active settings profile for its run.
    """
    compiled = _compiled(profile)
    checked = compiled.checked
    f = _field(checked, field)
    what, key = _metric(by, checked)
    day = as_of or _today()
    pairs = account_pairs(
        compiled, f.name, unknown_rate=unknown_rate, raw_spellings=raw_spellings, as_of=day
    )

    @_inner_settings(settings)
    @given(pairs)
    def monotone(pair: tuple[Account, Account]) -> None:
        lower, higher = pair
        a, b = compiled.evaluate(lower, day), compiled.evaluate(higher, day)
        if (key(b) > key(a)) if decreasing else (key(b) < key(a)):
            values = (
                interpret(checked, lower, day)["values"],
                interpret(checked, higher, day)["values"],
            )
            changed = [
                f'  "{x.label}": {_MARK[x.result]} -> {_MARK[y.result]}'
                for x, y in zip(a.outcomes, b.outcomes, strict=True)
                if x.result is not y.result
            ]
            raise AssertionError(
                "\n".join(
                    [
                        f"raising {f.name} from {_shown(values[0][f.name])} to "
                        f"{_shown(values[1][f.name])} {'raised' if decreasing else 'lowered'} "
                        f"the {what} from {_shown_metric(what, a, key)} to {_shown_metric(what, b, key)}",
                        "rules whose result changed:" if changed else "no rule result changed",
                        *changed,
                    ]
                )
            )

    monotone()


# ---- random profiles --------------------------------------------------------------------------
# Trees are built node by node and only ever hold what the checker accepts: values
# declared by the field's type, literals in units of the field's dimension, ranges whose
# low end is the low one, field-to-field comparisons between fields of one type.  The
# pools below are ordered simplest first, because Hypothesis shrinks toward the first
# element; keywords used as names (backquoted by the formatter) come last.

_KINDS: Final = (
    "yes_no", "number", "integer", "one_of", "ordered", "set", "text", "set_text", "range", "date",
)  # fmt: skip
_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "yes_no": ("certified", "has_budget", "partner", "known"),
    "number": ("power", "budget", "revenue", "score"),
    "integer": ("employees", "sites", "engineers", "count"),
    "text": ("notes", "website", "owner", "text"),
    "one_of": ("industry", "region", "segment", "one"),
    "ordered": ("stage", "maturity", "priority", "last"),
    "set": ("applications", "docs", "channels", "all"),
    "set_text": ("triggers", "tags", "keywords", "empty"),
    "range": ("band", "temperature_range", "wavelength", "range"),
    "date": ("last_contact", "signed", "renewal", "date"),
}
_VALUES: Final = (
    "oem", "lab", "fab", "eu", "na", "apac", "pilot", "volume", "medical device", "non-profit",
    "Tier 1", "none", "yes",
)  # fmt: skip
_TEXTS: Final = (
    "lidar", "new fab", "optical engineer", "hiring", "Launch", "urgent", "é", 'say "hi"',
    "back\\slash", "tab\there",
)  # fmt: skip
_LABELS: Final = (
    "Core application", "Late stage", "Big enough", "Right region", "Recent contact",
    'Says "urgent"', "Back\\slash", "Ünïcode label",
)  # fmt: skip
_CATEGORIES: Final = ("Fit", "Timing", "Signals")
_TIER_NAMES: Final = ("A", "B", "C", "gold", "Tier 2", "none")
_SOURCES: Final = ("Column A", "Wavelength band", "ACCOUNT_TYPE", 'Say "hi"', "ü column")
_PROFILE_NAMES: Final = ("Generated", "Optics buyers", 'A "quoted" name')
_FIELD_UNITS: Final = ("nm", "W", "mW", "degC", "days", "kUSD", "%", "GHz", "um", "K")
_LITERAL_UNITS: Final[dict[str, tuple[str, ...]]] = {
    "length": ("nm", "um", "mm", "m"),
    "power": ("W", "mW", "kW", "dBm"),
    "temperature": ("degC", "K", "degF"),
    "time": ("days", "weeks", "h", "s"),
    "money (USD)": ("USD", "kUSD", "MUSD"),
    "ratio": ("%",),
    "frequency": ("GHz", "MHz", "kHz"),
}
_SET_TESTS: Final[tuple[n.SetTest, ...]] = ("any", "all", "none")
_RULE_KINDS: Final[tuple[n.RuleKind, ...]] = ("must_have", "nice_to_have", "disqualifier")
_SMALL: Final = st.integers(0, 5)
_DAY_UNITS: Final = ("days", "weeks", "months", "years", "day", "week")
_OPS: Final = ("<=", ">=", "<", ">", "=", "!=")
_DATES: Final = st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))
_EXAMPLE_DAY: Final = datetime.date(2026, 6, 1)
_ODD_DECIMALS: Final = (Decimal("1E+3"), Decimal("2.50"), Decimal("0.001"))


@st.composite
def _decimals(draw: st.DrawFn) -> Decimal:
    """Numbers as written in profiles: small whole ones, tenths, a few odd spellings.

    Built in code rather than with `.map()`, so trees print with plain Decimals.
    """
    shape = draw(_below(4))
    if shape == 0:
        return Decimal(draw(st.integers(0, 100)))
    if shape == 1:
        return Decimal(draw(st.integers(-50, 5000)))
    if shape == 2:
        return Decimal(draw(st.integers(-500, 50_000))).scaleb(-1)
    return _ODD_DECIMALS[draw(_below(len(_ODD_DECIMALS)))]


_DECIMALS: Final = _decimals()


@attrs.frozen
class _GenField:
    name: str
    kind: str
    type: n.TypeExpr

    @property
    def unit(self) -> str | None:
        return getattr(self.type, "unit", None)

    @property
    def values(self) -> tuple[str, ...]:
        values = getattr(self.type, "values", None)
        return values if isinstance(values, tuple) else ()


@attrs.frozen
class _Ctx:
    fields: list[_GenField]


def _compatible(a: _GenField, b: _GenField) -> bool:
    """Whether the checker lets `a` be compared with field `b`."""
    if a.name == b.name:
        return False
    if a.kind in ("number", "integer") and b.kind in ("number", "integer"):
        if a.unit is None or b.unit is None:
            return a.unit is None and b.unit is None
        return UNITS[a.unit].dimension == UNITS[b.unit].dimension
    if a.kind in ("one_of", "ordered", "range"):
        return a.type == b.type
    return a.kind == b.kind and a.kind in ("text", "yes_no", "date")


@st.composite
def _type_node(draw: st.DrawFn, kind: str) -> n.TypeExpr:
    values = st.lists(st.sampled_from(_VALUES), min_size=1, max_size=4, unique_by=normalize_name)
    if kind == "yes_no":
        return n.YesNoType()
    if kind in ("number", "integer"):
        units = st.one_of(st.none(), st.sampled_from(_FIELD_UNITS))
        unit = draw(units) if kind == "number" or draw(st.integers(0, 3)) == 3 else None
        return n.NumberType(unit, integer=kind == "integer")
    if kind == "text":
        return n.TextType()
    if kind == "one_of":
        return n.OneOfType(tuple(draw(values)))
    if kind == "ordered":
        ordered = st.lists(
            st.sampled_from(_VALUES), min_size=2, max_size=4, unique_by=normalize_name
        )
        return n.OrderedType(tuple(draw(ordered)))
    if kind == "set":
        return n.SetType(tuple(draw(values)))
    if kind == "set_text":
        return n.SetType(None)
    if kind == "range":
        return n.RangeType(draw(st.one_of(st.none(), st.sampled_from(_FIELD_UNITS))))
    return n.DateType()


@st.composite
def _field_draft(draw: st.DrawFn) -> tuple[str, n.TypeExpr, int, int | None, int | None, int]:
    """A field before it knows its neighbours: kind, type, which name, which column
    (`from`), whose type it copies, and which unit of that type's dimension.

    Fields are a list of these, resolved afterwards, because Hypothesis shrinks a list
    by deleting whole elements; a count drawn first would shift every later draw.
    """
    kind = draw(st.sampled_from(_KINDS))
    type_ = draw(_type_node(kind))
    name = draw(_below(len(_NAMES[kind])))
    source_roll = draw(st.integers(0, 4 * len(_SOURCES) - 1))
    source = source_roll - 3 * len(_SOURCES) if source_roll >= 3 * len(_SOURCES) else None
    twin_roll = draw(st.integers(0, 15))
    twin = twin_roll - 12 if twin_roll >= 12 else None
    return kind, type_, name, source, twin, draw(_below(4))


def _resolve_fields(
    drafts: Sequence[tuple[str, n.TypeExpr, int, int | None, int | None, int]],
) -> list[tuple[_GenField, str | None]]:
    """Unique names and columns; a twin takes an earlier field's type (another unit of
    the same dimension for numbers), so field-to-field comparisons have partners."""
    out: list[tuple[_GenField, str | None]] = []
    names: set[str] = set()
    sources: set[str] = set()
    for index, (kind, type_, name_pick, source_pick, twin, unit_pick) in enumerate(drafts):
        if twin is not None and out:
            base = out[twin % len(out)][0]
            kind, type_ = base.kind, base.type
            if kind in ("number", "integer") and base.unit is not None:
                dimension = UNITS[base.unit].dimension
                siblings = [u for u in _FIELD_UNITS if UNITS[u].dimension == dimension]
                unit = siblings[unit_pick % len(siblings)]
                type_ = n.NumberType(unit, integer=kind == "integer")
        name = _NAMES[kind][name_pick]
        if name in names:
            name = f"{name}_{index}"
        names.add(name)
        source = _SOURCES[source_pick] if source_pick is not None else None
        if source in sources:
            source = None
        if source is not None:
            sources.add(source)
        out.append((_GenField(name, kind, type_), source))
    return out


def _to_unit(q: n.Quantity, unit: str | None) -> Fraction:
    """A literal's value in the field's unit, to order the ends of a range."""
    if q.unit is None or unit is None:
        return Fraction(q.value)
    return Fraction(convert_fraction(Fraction(q.value), UNITS[q.unit], UNITS[unit]))


@st.composite
def _quantity(
    draw: st.DrawFn, unit: str | None, *, literal_unit: str | None = "draw"
) -> n.Quantity:
    if literal_unit == "draw":
        literal_unit = None
        if unit is not None and draw(st.booleans()):
            literal_unit = draw(st.sampled_from(_LITERAL_UNITS[UNITS[unit].dimension]))
    if literal_unit == "dBm":
        return n.Quantity(Decimal(draw(st.integers(-30, 40))), "dBm")
    return n.Quantity(draw(_DECIMALS), literal_unit)


@st.composite
def _two_quantities(draw: st.DrawFn, unit: str | None) -> tuple[n.Quantity, n.Quantity]:
    """Two literals, low end first once converted; both carry a unit or neither does."""
    units: tuple[str | None, str | None] = (None, None)
    if unit is not None and draw(st.booleans()):
        pool = st.sampled_from(_LITERAL_UNITS[UNITS[unit].dimension])
        first = draw(pool)
        units = (first, draw(pool) if draw(st.booleans()) else first)
    a = draw(_quantity(unit, literal_unit=units[0]))
    b = draw(_quantity(unit, literal_unit=units[1]))
    return (a, b) if _to_unit(a, unit) <= _to_unit(b, unit) else (b, a)


@st.composite
def _range_literal(draw: st.DrawFn, unit: str | None) -> n.RangeLiteral:
    low, high = draw(_two_quantities(unit))
    return n.RangeLiteral(low, high)


def _enum_value(value: str, quoted: bool) -> n.NameValue | n.TextValue:
    plain = value.isidentifier() and value.isascii()
    return n.NameValue(value) if plain and not quoted else n.TextValue(value)


@st.composite
def _value_of(draw: st.DrawFn, f: _GenField) -> n.Scalar:
    """One literal of the field's type (in conditions and in examples)."""
    if f.kind == "yes_no":
        return n.YesNoValue(draw(st.booleans()))
    if f.kind in ("number", "integer"):
        return draw(_quantity(f.unit))
    if f.kind in ("text", "set_text"):
        return n.TextValue(draw(st.sampled_from(_TEXTS)))
    if f.kind in ("one_of", "ordered", "set"):
        return _enum_value(draw(st.sampled_from(f.values)), draw(st.integers(0, 3)) == 3)
    if f.kind == "range":
        return draw(_range_literal(f.unit))
    return n.DateValue(draw(_DATES))


@st.composite
def _values_of(draw: st.DrawFn, f: _GenField) -> tuple[n.Scalar, ...]:
    if f.kind in ("one_of", "ordered", "set"):
        chosen = draw(st.lists(st.sampled_from(f.values), min_size=1, max_size=3, unique=True))
        return tuple(_enum_value(v, False) for v in chosen)
    return tuple(draw(st.lists(_value_of(f), min_size=1, max_size=3)))


_PREDICATES: Final[dict[str, tuple[str, ...]]] = {
    "yes_no": ("truthy", "is", "known", "field"),
    "number": ("compare", "is", "one_of", "between", "within", "known", "field", "between_fields"),
    "integer": ("compare", "between", "is", "one_of", "within", "known", "field"),
    "text": ("is", "one_of", "mentions", "mentions_any", "starts", "known", "field"),
    "one_of": ("is", "one_of", "known", "field"),
    "ordered": ("compare", "is", "one_of", "between", "known", "field"),
    "set": ("contains", "contains_some", "empty", "count", "known"),
    "set_text": (
        "contains",
        "contains_some",
        "mentions",
        "mentions_any",
        "empty",
        "count",
        "known",
    ),
    "range": ("within", "overlaps", "covers", "is", "known", "field"),
    "date": ("compare", "is", "between", "in_last", "known", "field"),
}


@st.composite
def _predicate(draw: st.DrawFn, ctx: _Ctx, in_tier: bool) -> n.Condition:
    if in_tier and draw(st.integers(0, 2)) == 0:
        return draw(_score_predicate())
    f = draw(st.sampled_from(ctx.fields))
    ref = n.FieldRef(f.name)
    others = [g for g in ctx.fields if _compatible(f, g)]
    kinds = [k for k in _PREDICATES[f.kind] if others or k not in ("field", "between_fields")]
    kind = draw(st.sampled_from(kinds))
    negated = draw(st.integers(0, 3)) == 3
    if kind in ("field", "between_fields"):
        if kind == "between_fields" and len(others) >= 2:
            low, high = draw(st.lists(st.sampled_from(others), min_size=2, max_size=2, unique=True))
            return n.Between(ref, n.NameValue(low.name), n.NameValue(high.name), negated)
        else:
            other = n.NameValue(draw(st.sampled_from(others)).name)
            if f.kind in ("number", "integer", "ordered", "date"):
                return n.Compare(ref, draw(st.sampled_from(_OPS)), other)
            return n.IsValue(ref, other, negated)
    if kind == "known":
        return n.IsKnown(ref, negated)
    if kind == "truthy":
        return n.Truthy(ref)
    if kind == "is":
        return n.IsValue(ref, draw(_value_of(f)), negated)
    if kind == "one_of":
        return n.IsOneOf(ref, draw(_values_of(f)), negated)
    if kind == "compare":
        return n.Compare(ref, draw(st.sampled_from(_OPS)), draw(_value_of(f)))
    if kind == "between":
        if f.kind == "ordered":
            i, j = sorted(draw(st.lists(st.integers(0, len(f.values) - 1), min_size=2, max_size=2)))
            low_v, high_v = _enum_value(f.values[i], False), _enum_value(f.values[j], False)
            return n.Between(ref, low_v, high_v, negated)
        if f.kind == "date":
            a, b = sorted(draw(st.lists(_DATES, min_size=2, max_size=2)))
            return n.Between(ref, n.DateValue(a), n.DateValue(b), negated)
        low_q, high_q = draw(_two_quantities(f.unit))
        return n.Between(ref, low_q, high_q, negated)
    if kind == "within":
        return n.Within(ref, draw(_range_literal(f.unit)))
    if kind == "overlaps":
        return n.Overlaps(ref, draw(_range_literal(f.unit)))
    if kind == "covers":
        target = draw(st.one_of(_quantity(f.unit), _range_literal(f.unit)))
        return n.Covers(ref, target)
    if kind == "contains":
        return n.Contains(ref, draw(_value_of(f)))
    if kind == "contains_some":
        test = draw(st.sampled_from(_SET_TESTS))
        return n.ContainsSome(ref, test, draw(_values_of(f)))
    if kind == "empty":
        return n.IsEmpty(ref, negated)
    if kind == "mentions":
        return n.Mentions(ref, (n.TextValue(draw(st.sampled_from(_TEXTS))),), any_of=False)
    if kind == "mentions_any":
        texts = draw(st.lists(st.sampled_from(_TEXTS), min_size=1, max_size=3))
        return n.Mentions(ref, tuple(n.TextValue(t) for t in texts), any_of=True)
    if kind == "starts":
        return n.StartsWith(ref, draw(st.sampled_from(_TEXTS)))
    if kind == "in_last":
        amount = n.Quantity(Decimal(draw(st.integers(0, 400))), draw(st.sampled_from(_DAY_UNITS)))
        return n.InTheLast(ref, amount)
    # count of a set field
    count = n.CountOf(f.name)
    shape = draw(st.integers(0, 2))
    if shape == 0:
        return n.Compare(count, draw(st.sampled_from(_OPS)), n.Quantity(Decimal(draw(_SMALL))))
    if shape == 1:
        lo, hi = sorted(draw(st.lists(st.integers(0, 5), min_size=2, max_size=2)))
        return n.Between(count, n.Quantity(Decimal(lo)), n.Quantity(Decimal(hi)), negated)
    sizes = draw(st.lists(_SMALL, min_size=1, max_size=3))
    return n.IsOneOf(count, tuple(n.Quantity(Decimal(i)) for i in sizes), negated)


@st.composite
def _score_predicate(draw: st.DrawFn, threshold: int | None = None) -> n.Condition:
    score = n.ScoreRef()
    if threshold is None:
        threshold = draw(st.integers(-10, 80))
    if draw(st.integers(0, 3)) == 3:
        width = draw(st.integers(0, 40))
        return n.Between(
            score, n.Quantity(Decimal(threshold)), n.Quantity(Decimal(threshold + width))
        )
    return n.Compare(
        score, draw(st.sampled_from((">=", ">", "<", "<=", "="))), n.Quantity(Decimal(threshold))
    )


@st.composite
def _condition(draw: st.DrawFn, ctx: _Ctx, depth: int, in_tier: bool = False) -> n.Condition:
    shape = draw(st.integers(0, 9)) if depth > 0 else 0
    if shape <= 5:
        return draw(_predicate(ctx, in_tier))
    inner = _condition(ctx, depth - 1, in_tier)
    if shape in (6, 7):
        items = tuple(draw(st.lists(inner, min_size=2, max_size=3)))
        return n.And(items) if shape == 6 else n.Or(items)
    if shape == 8:
        return n.Not(draw(inner))
    kind = draw(st.sampled_from(("any", "all", "none", "at_least", "at_most")))
    items = tuple(draw(st.lists(inner, min_size=1, max_size=3)))
    count = draw(st.integers(0, len(items))) if kind in ("at_least", "at_most") else None
    return n.Quantifier(kind, items, count)  # type: ignore[arg-type]


@st.composite
def _rule(draw: st.DrawFn, ctx: _Ctx, max_depth: int, categories: list[str]) -> n.Rule:
    """One rule; its label is made unique when the profile is put together."""
    kind = draw(st.sampled_from(_RULE_KINDS))
    label = draw(st.sampled_from(_LABELS))
    condition = draw(_condition(ctx, max_depth))
    means = draw(st.sampled_from((None, True, False)))
    if kind != "nice_to_have":
        return n.Rule(kind, label, condition, unknown_means=means)
    plain = draw(_below(2)) == 0
    weight = Decimal(draw(st.sampled_from([10, 5, 20, 30, -10]))) if plain else draw(_DECIMALS)
    category = draw(st.one_of(st.none(), st.sampled_from(categories))) if categories else None
    return n.Rule(kind, label, condition, weight, category, means)


def _unique_labels(rules: Sequence[n.Rule]) -> list[n.Rule]:
    out: list[n.Rule] = []
    labels: set[str] = set()
    for index, rule in enumerate(rules):
        label = rule.label if rule.label not in labels else f"{rule.label} {index}"
        labels.add(label)
        out.append(attrs.evolve(rule, label=label))
    return out


@st.composite
def _tiers(draw: st.DrawFn, ctx: _Ctx, max_depth: int) -> list[n.Tier]:
    names = draw(st.lists(st.sampled_from(_TIER_NAMES), max_size=3, unique=True))
    thresholds = sorted(
        draw(st.lists(st.integers(-10, 80), min_size=len(names), max_size=len(names))), reverse=True
    )
    tiers: list[n.Tier] = []
    for position, (name, threshold) in enumerate(zip(names, thresholds, strict=True)):
        if position == len(names) - 1 and draw(st.booleans()):
            tiers.append(n.Tier(name, None))
            break
        shape = draw(st.integers(0, 3))
        if shape == 0:
            condition = draw(_condition(ctx, max(1, max_depth - 1), in_tier=True))
        elif shape == 1:
            condition = n.And((draw(_score_predicate(threshold)), draw(_predicate(ctx, False))))
        else:
            condition = n.Compare(n.ScoreRef(), ">=", n.Quantity(Decimal(threshold)))
        tiers.append(n.Tier(name, condition))
    return tiers


@st.composite
def _given(draw: st.DrawFn, f: _GenField) -> n.Value:
    """A value an example gives a field: exact in the field's unit, so it always reads."""
    if f.kind in ("number", "integer"):
        value = Decimal(draw(st.integers(-50, 5000))) if f.kind == "integer" else draw(_DECIMALS)
        return n.Quantity(value, f.unit if draw(st.booleans()) else None)
    if f.kind == "range":
        unit = f.unit if draw(st.booleans()) else None
        a, b = sorted(draw(st.lists(_DECIMALS, min_size=2, max_size=2)))
        if a == b and draw(st.booleans()):
            return n.Quantity(a, unit)
        return n.RangeLiteral(n.Quantity(a, unit), n.Quantity(b, unit))
    if f.kind == "set":
        chosen = draw(st.lists(st.sampled_from(f.values), max_size=3, unique=True))
        return n.SetLiteral(tuple(_enum_value(v, False) for v in chosen))
    if f.kind == "set_text":
        texts = draw(st.lists(st.sampled_from(_TEXTS), max_size=3, unique=True))
        return n.SetLiteral(tuple(n.TextValue(t) for t in texts))
    return draw(_value_of(f))


def _decided_by(checked: m.CheckedProfile, verdict: str, results: Sequence[Truth]) -> str | None:
    deciding = {"disqualified": ("disqualifier", True), "not_a_fit": ("must_have", False),
                "needs_research": ("must_have", None)}.get(verdict)  # fmt: skip
    for rule, result in zip(checked.rules, results, strict=True):
        if deciding is not None and (rule.kind, result) == deciding:
            return rule.label
    return None


def _score_decimal(score: float) -> Decimal:
    return Decimal(score) if isinstance(score, int) else Decimal(repr(score))


def _nodes(value: Any) -> Iterator[Any]:
    """Every node of a tree, depth first."""
    if attrs.has(type(value)):
        yield value
        for attribute in attrs.fields(type(value)):
            yield from _nodes(getattr(value, attribute.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)


@st.composite
def _example_draft(
    draw: st.DrawFn, ctx: _Ctx
) -> tuple[tuple[n.Assignment, ...], datetime.date | None]:
    chosen = draw(st.lists(st.sampled_from(ctx.fields), max_size=4, unique_by=lambda f: f.name))
    given_ = tuple(n.Assignment(f.name, draw(_given(f))) for f in chosen)
    return given_, draw(st.one_of(st.none(), _DATES))


@st.composite
def _examples(draw: st.DrawFn, ctx: _Ctx, tree: n.Profile) -> list[n.Example]:
    """Examples whose expectations hold: given values are drawn, outcomes computed."""
    from .profile import check_tree

    uses_dates = any(isinstance(node, n.InTheLast) for node in _nodes(tree))
    drafts: list[n.Example] = []
    for index, (given_, as_of) in enumerate(draw(st.lists(_example_draft(ctx), max_size=2))):
        label = "Example" if index == 0 else f"Example {index + 1}"
        when = _EXAMPLE_DAY if uses_dates else as_of
        drafts.append(n.Example(label, given_, (n.ExpectVerdict("qualified"),), when))
    if not drafts:
        return []
    checked = check_tree(attrs.evolve(tree, statements=(*tree.statements, *drafts)))
    out: list[n.Example] = []
    for draft, example in zip(drafts, checked.examples, strict=True):
        result = interpret(checked, example.given, example.as_of or _EXAMPLE_DAY)
        verdict = result["verdict"]
        by = _decided_by(checked, verdict, result["results"]) if draw(st.booleans()) else None
        expect: list[n.Expectation] = [n.ExpectVerdict(verdict, by)]
        if result["tier"] is not None and draw(st.booleans()):
            expect.append(n.ExpectTier(result["tier"]))
        score = _score_decimal(result["score"])
        shape = draw(st.integers(0, 2))
        if shape == 1:
            expect.append(n.ExpectScore("=", score))
        elif shape == 2:
            expect.append(n.ExpectScore(">=", score - draw(st.integers(0, 5))))
        out.append(n.Example(draft.label, draft.given, tuple(expect), draft.as_of))
    return out


@st.composite
def _profile_tree(
    draw: st.DrawFn, max_fields: int, max_rules: int, max_depth: int, examples: bool
) -> n.Profile:
    from .profile import check_tree

    declared = _resolve_fields(draw(st.lists(_field_draft(), min_size=1, max_size=max_fields)))
    ctx = _Ctx([f for f, _ in declared])
    decls = [n.FieldDecl(f.name, f.type, source) for f, source in declared]
    split = (
        draw(st.integers(1, len(decls))) if len(decls) > 1 and draw(st.booleans()) else len(decls)
    )
    blocks: list[n.Statement] = [n.FieldsBlock(tuple(decls[:split]))]
    if split < len(decls):
        blocks.append(n.FieldsBlock(tuple(decls[split:])))
    category_names = draw(st.lists(st.sampled_from(_CATEGORIES), max_size=2, unique=True))
    caps = [
        draw(st.sampled_from([Decimal(20), Decimal(30), Decimal(5), Decimal("12.5")]))
        for _ in category_names
    ]
    categories = [n.Category(name, cap) for name, cap in zip(category_names, caps, strict=True)]
    # At least one rule, but now and then none: an empty profile is valid too.
    rule_drafts = st.lists(_rule(ctx, max_depth, category_names), min_size=1, max_size=max_rules)
    rules = _unique_labels(draw(rule_drafts)) if max_rules and draw(_below(20)) < 19 else []
    tiers = draw(_tiers(ctx, max_depth))
    name = draw(st.one_of(st.none(), st.sampled_from(_PROFILE_NAMES)))
    version = draw(st.one_of(st.none(), st.just("2026.12"))) if name is not None else None
    tree = n.Profile((*blocks, *categories, *rules, *tiers), name, version)
    if examples:
        tree = attrs.evolve(tree, statements=(*tree.statements, *draw(_examples(ctx, tree))))
    check_tree(tree)  # every tree drawn passes the checker, or this module has a bug
    return tree


def profiles(
    *, max_fields: int = 6, max_rules: int = 6, max_depth: int = 2, examples: bool = True
) -> st.SearchStrategy[n.Profile]:
    """Random valid profiles, as syntax trees that pass the checker.

    They use every construct of the language: every field type (with units, `from
    "Column"`, several `fields` blocks, keywords as names), every predicate, `and`,
    `or`, `not` and the quantifiers, `count of`, field-to-field comparisons, literals
    in other units of the field's dimension, `unknown means`, negative and fractional
    weights, categories, tiers on the score and on fields, and examples whose
    expectations hold (`as of` a fixed date when rules use `in the last`).
    `include` and comments are not generated (a tree has no files and no positions).

    - `max_fields`, `max_rules`: the most fields (at least 1) and rules (at least 0);
    - `max_depth`: how deep `and`/`or`/`not`/quantifiers nest in a rule;
    - `examples`: whether to add `example` blocks.

    Compile one with `icpdsl.profile.from_tree(tree)`.  Fields, rules and examples
    are lists, which Hypothesis shrinks by dropping whole elements, so a failure
    shrinks toward one field, one rule and plain names.
    """
    if max_fields < 1 or max_rules < 0 or max_depth < 0:
        raise ValueError("max_fields must be at least 1, max_rules and max_depth at least 0")
    return _profile_tree(max_fields, max_rules, max_depth, examples)


def profile_sources(
    *, max_fields: int = 6, max_rules: int = 6, max_depth: int = 2, examples: bool = True
) -> st.SearchStrategy[str]:
    """`profiles()` rendered as `.icp` text by the formatter (same options)."""
    return _profile_text(
        profiles(max_fields=max_fields, max_rules=max_rules, max_depth=max_depth, examples=examples)
    )


@st.composite
def _profile_text(draw: st.DrawFn, trees: st.SearchStrategy[n.Profile]) -> str:
    """The formatter's text of a drawn tree (a falsifying example shows the text)."""
    from .formatter import format_profile

    return format_profile(draw(trees))
