"""Syntax trees ↔ JSON-ready dicts, through one cattrs converter configured once.

Tools outside Python (editors, web front ends, a diff viewer) want the tree as JSON, and
tests want to store trees; `to_dict` and `from_dict` give a form that `json.dumps`
takes as is and that reads back to an equal tree:

- a node is an object with one key per attrs field; wherever the field's type is a
  union (a condition, a value, a statement...), the object also says which node it is
  under the key `"type"` (the class name: `{"type": "IsValue", ...}`);
- Decimals are strings, exact (`"1.55"`, `"1E+3"`; reading also takes an integer);
  dates are ISO strings; tuples are lists;
- `"span"` (`file`, `line`, `column`, `end_line`, `end_column`) is present only when
  the node has one; a dict without spans loads, as spans take no part in equality.

Reading is strict, because a dict may come from anywhere: a missing key, an unknown key,
an unknown `"type"`, a number where a string belongs (or a string where a list does)
raises `ICPError` naming the first problem and where it is (`$.statements[2].label`),
never a cattrs or Python exception.

Results (`Evaluation`) have a converter of their own, `_RESULTS`: stable flat keys and
no tags, the verdict as its string, sets as sorted lists, ranges as `[low, high]`, dates
as ISO strings — the shape `icpdsl score --format json` and `explain --json` print.
`to_dict` picks the converter by the type of what it is given.
"""

from __future__ import annotations

import datetime
import functools
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import (
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import nodes as n
from .errors import ICPError

__all__ = ["TAG", "from_dict", "to_dict"]

TAG = "type"
"""The key that names a node's class wherever the field holds one of several kinds."""

MAX_DEPTH = 500
"""Deepest nesting of dicts and lists `from_dict` reads (a parsed tree reaches about 460)."""

_TOO_DEEP = "not a valid syntax tree: nested too deeply"

_NODE_CLASSES = frozenset(
    cls for cls in vars(n).values() if attrs.has(cls) and cls.__module__ == n.__name__
)
_UNIONS: tuple[Any, ...] = (
    n.Scalar,
    n.Value,
    n.Operand,
    n.Quantity | n.RangeLiteral,
    n.Condition,
    n.TypeExpr,
    n.Expectation,
    n.Statement,
)

N = TypeVar("N")


def to_dict(node: object) -> dict[str, Any]:
    """A JSON-ready dict of any syntax tree node (usually a `Profile`) or of an `Evaluation`."""
    from .results import Evaluation

    if isinstance(node, Evaluation):
        result: dict[str, Any] = _results_converter().unstructure(node)
        return result
    if type(node) not in _NODE_CLASSES:
        raise TypeError(
            f"to_dict() takes an icpdsl syntax tree node or an Evaluation, not {type(node).__name__}"
        )
    try:
        data: dict[str, Any] = _AST.unstructure(node)
    except RecursionError:
        raise ICPError(_TOO_DEEP) from None
    return data


@overload
def from_dict(data: Mapping[str, Any]) -> n.Profile: ...
@overload
def from_dict(data: Mapping[str, Any], cls: type[N]) -> N: ...
def from_dict(data: Mapping[str, Any], cls: type[Any] = n.Profile) -> Any:
    """The node of class `cls` (a `Profile` by default) that `to_dict` turned into `data`."""
    if cls not in _NODE_CLASSES:
        raise TypeError(f"from_dict() builds icpdsl syntax tree nodes, not {cls!r}")
    if _too_deep(data):
        raise ICPError(_TOO_DEEP)
    try:
        return _AST.structure(data, cls)
    except RecursionError:  # only when called with little stack left
        raise ICPError(_TOO_DEEP) from None
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        if isinstance(exc, ExceptionGroup) and exc.split(RecursionError)[0] is not None:
            raise ICPError(_TOO_DEEP) from None
        problems = cattrs.transform_error(exc, format_exception=_problem)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ICPError(f"not a valid syntax tree: {problems[0]}{more}") from None


def _too_deep(data: object) -> bool:
    """Whether containers nest past MAX_DEPTH, checked without recursion."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, Mapping):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((value, depth + 1) for value in item)
    return False


def _problem(exc: BaseException, _type: object) -> str:
    """One problem in words; every hook below raises with a message meant to be read."""
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown key " + ", ".join(repr(key) for key in sorted(exc.extra_fields))
    return str(exc)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---- strict leaves: cattrs would otherwise call str(5), int("5"), bool("no") -----------------


def _exactly(kind: type, words: str) -> Callable[[object, object], Any]:
    def structure(value: object, _: object) -> Any:
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        raise TypeError(f"expected {words}, not {_shown(value)}")

    return structure


def _structure_decimal(value: object, _: object) -> Decimal:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        try:
            number = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise ValueError(f'expected a number written as a string, like "1.55", not {_shown(value)}')


def _structure_date(value: object, _: object) -> datetime.date:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f'expected a date written as a string, like "2026-06-01", not {_shown(value)}')


def _is_literal(type_: object) -> bool:
    return typing.get_origin(type_) is typing.Literal


def _literal_hook(type_: object) -> Callable[[object, object], Any]:
    choices = typing.get_args(type_)

    def structure(value: object, _: object) -> Any:
        if isinstance(value, str) and value in choices:
            return value
        raise ValueError(f"expected one of {', '.join(map(repr, choices))}, not {_shown(value)}")

    return structure


def _is_tuple_of(type_: object) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_structure_hook(
    type_: Any, converter: cattrs.Converter
) -> Callable[[object, object], Any]:
    """Like cattrs' own, with the index of each bad item, but refusing a string or a dict."""
    (item_type, _) = typing.get_args(type_)
    item = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, not {_shown(value)}")
        items, errors = [], []
        for index, element in enumerate(value):
            try:
                items.append(item(element, item_type))
            except Exception as exc:  # gathered for the caller, as cattrs does
                note = IterableValidationNote(f"item {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while reading a list of {item_type}", errors, type_)
        return tuple(items)

    return structure


def _tuple_unstructure_hook(type_: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    item = converter.get_unstructure_hook(typing.get_args(type_)[0])
    return lambda value: list(map(item, value))


# ---- nodes ------------------------------------------------------------------------------
#
# A parsed condition may nest about 256 nodes deep (the parser bounds brackets, and each
# bracket can hold an `or`, an `and`, a `not` and a quantifier), so the hooks call the
# generated per-class functions directly and read lists in a plain loop: two or three
# frames per node instead of five or more keep the deepest parsed tree (about 460 levels
# of dicts and lists) inside Python's default recursion limit, with room to spare.


def _ast_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _exactly(str, "a string"))
    converter.register_structure_hook(int, _exactly(int, "a whole number"))
    converter.register_structure_hook(bool, _exactly(bool, "true or false"))
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(
        _is_tuple_of, lambda type_: _tuple_structure_hook(type_, converter)
    )
    converter.register_unstructure_hook_factory(
        _is_tuple_of, lambda type_: _tuple_unstructure_hook(type_, converter)
    )

    structure_fns: dict[type, Callable[[Mapping[str, Any], type], Any]] = {}
    unstructure_fns: dict[type, Callable[[Any], dict[str, Any]]] = {}

    def fields_of(cls: type) -> Callable[[Mapping[str, Any], type], Any]:
        if cls not in structure_fns:
            structure_fns[cls] = make_dict_structure_fn(cls, converter)
        return structure_fns[cls]

    def dict_of(cls: type) -> Callable[[Any], dict[str, Any]]:
        if cls not in unstructure_fns:
            function: Callable[[Any], dict[str, Any]]
            if "span" in attrs.fields_dict(cls):
                function = make_dict_unstructure_fn(
                    cls, converter, span=override(omit_if_default=True)
                )
            else:
                function = make_dict_unstructure_fn(cls, converter)
            unstructure_fns[cls] = function
        return unstructure_fns[cls]

    def node_hook(cls: type) -> Callable[[object, object], Any]:
        def structure(value: object, _: object) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected an object for {cls.__name__}, not {_shown(value)}")
            return fields_of(cls)(value, cls)

        return structure

    def tag_union(union: Any) -> None:
        """Un/structure `union` (and `union | None`) with the node's class name under TAG."""
        members = {cls.__name__: cls for cls in typing.get_args(union)}
        names = ", ".join(members)

        def structure(value: object, _: object) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected an object with a {TAG!r} key, not {_shown(value)}")
            tag = value.get(TAG)
            if not isinstance(tag, str) or tag not in members:
                got = "it is missing" if TAG not in value else f"not {_shown(tag)}"
                raise ValueError(f"{TAG!r} must be one of {names}; {got}")
            cls = members[tag]
            return fields_of(cls)({k: v for k, v in value.items() if k != TAG}, cls)

        def unstructure(node: Any) -> dict[str, Any]:
            return {TAG: type(node).__name__, **dict_of(type(node))(node)}

        converter.register_structure_hook(union, structure)
        converter.register_unstructure_hook(union, unstructure)
        # Tier.condition is `Condition | None`, which cattrs would not send to the hooks above.
        converter.register_structure_hook(
            union | None, lambda value, _: None if value is None else structure(value, union)
        )
        converter.register_unstructure_hook(
            union | None, lambda node: None if node is None else unstructure(node)
        )

    converter.register_structure_hook_factory(attrs.has, node_hook)
    converter.register_unstructure_hook_factory(attrs.has, dict_of)
    for union in _UNIONS:
        tag_union(union)
    return converter


_AST = _ast_converter()


@functools.cache
def _results_converter() -> cattrs.Converter:
    """Evaluations → plain JSON data with stable keys (built on first use)."""
    from .results import Evaluation, Outcome
    from .runtime import Verdict

    converter = cattrs.Converter()
    converter.register_unstructure_hook(Verdict, str)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_unstructure_hook(frozenset, lambda items: sorted(items))
    converter.register_unstructure_hook(
        tuple, lambda items: [converter.unstructure(i) for i in items]
    )

    def values(outcome_values: dict[str, Any]) -> dict[str, Any]:
        return {
            k: converter.unstructure(v, unstructure_as=type(v)) for k, v in outcome_values.items()
        }

    converter.register_unstructure_hook(
        Outcome,
        make_dict_unstructure_fn(Outcome, converter, values=override(unstruct_hook=values)),
    )
    converter.register_unstructure_hook(Evaluation, make_dict_unstructure_fn(Evaluation, converter))
    return converter
