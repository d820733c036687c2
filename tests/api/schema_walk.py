"""Walks the API's operations and the types they accept and answer, for the schema tests."""

from __future__ import annotations

import enum
import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from ninja.operation import Operation
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from medskapa.api.api import api
from medskapa.api.schemas import STRING_CHECKS


def operations() -> Iterator[tuple[str, Operation]]:
    api.urls  # noqa: B018  (binds the routers, as Django's URL loading does)
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield f"{bound.prefix}{path}", operation


def _checked(metadata: list[Any] | tuple[Any, ...]) -> bool:
    return any(m is check for m in metadata for check in STRING_CHECKS)


def plain_strings(model: type[BaseModel], where: str = "") -> Iterator[str]:
    """Every place in ``model`` (nested models included) where a string or a free-form value is
    accepted without one of the API's checked types."""
    for name, field in model.model_fields.items():
        yield from _unchecked(field.annotation, list(field.metadata), f"{where}{name}", set())


def _unchecked(annotation: Any, metadata: list[Any], where: str, seen: set[Any]) -> Iterator[str]:
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        yield from _unchecked(inner, [*metadata, *extra], where, seen)
        return
    if annotation is str:
        if not _checked(metadata):
            yield f"{where}: str"
        return
    if annotation is Any or annotation is object:
        yield f"{where}: {annotation}"
        return
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, set, tuple, frozenset, dict):
        if origin is dict and not get_args(annotation):
            yield f"{where}: dict"
        for arg in get_args(annotation):
            yield from _unchecked(arg, [], f"{where}[]", seen)
        return
    if annotation in (dict, list):
        yield f"{where}: bare {annotation.__name__}"
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for name, field in annotation.model_fields.items():
            yield from _unchecked(field.annotation, list(field.metadata), f"{where}.{name}", seen)
        return
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return  # only its own values validate


def models_in(annotation: Any, found: dict[int, type[Any]]) -> None:
    """Collect the models and enums ``annotation`` reaches (they become schema components)."""
    if isinstance(annotation, FieldInfo):
        annotation = annotation.annotation
    for arg in get_args(annotation):
        models_in(arg, found)
    if not isinstance(annotation, type) or id(annotation) in found:
        return
    if issubclass(annotation, enum.Enum):
        found[id(annotation)] = annotation
    elif issubclass(annotation, BaseModel):
        found[id(annotation)] = annotation
        for field in annotation.model_fields.values():
            models_in(field.annotation, found)
