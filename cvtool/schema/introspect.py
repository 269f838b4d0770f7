"""Answers questions about the schema's shape at a given path, for error messages:
which keys are allowed where an unknown key was written ("did you mean ...?")."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag

from cvtool.schema.cv import Cv


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _tag_of(tp: Any) -> str | None:
    if get_origin(tp) is Annotated:
        return next((m.tag for m in get_args(tp)[1:] if isinstance(m, Tag)), None)
    return None


def _step(tp: Any, component: str | int) -> tuple[Any, bool]:
    """Move one step down the type tree; the flag says if the component was consumed."""
    tp = _unwrap(tp)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(tp) if m is not type(None)]
        for member in members:
            if _tag_of(member) == component:
                return _unwrap(member), True
        models = [
            m for m in members if isinstance(_unwrap(m), type) and issubclass(_unwrap(m), BaseModel)
        ]
        return (_unwrap(models[0]) if models else None), False
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(component))
        return (field.annotation if field else None), True
    if origin in (list, tuple):
        return get_args(tp)[0], True
    if origin is dict:
        return get_args(tp)[1], True
    return None, True


def allowed_keys(loc: tuple[str | int, ...], root: Any = Cv) -> list[str]:
    """The keys the model found at ``loc`` accepts: its fields, then the other names it
    reads as them (``issuer`` for an award's ``awarder``), so that a typo of either is
    answered with "did you mean". Empty when ``loc`` is not a model. ``root``: the model
    of the whole file (a CV, or a cover letter)."""
    tp: Any = root
    for component in loc:
        consumed = False
        while not consumed and tp is not None:
            tp, consumed = _step(tp, component)
        if tp is None:
            return []
    tp = _unwrap(tp)
    while get_origin(tp) in (Union, types.UnionType):
        tp, _ = _step(tp, "")
        if tp is None:
            return []
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        aliases: dict[str, str] = getattr(tp, "ALIASES", {})
        return [*tp.model_fields, *(a for a in aliases if a not in tp.model_fields)]
    return []
