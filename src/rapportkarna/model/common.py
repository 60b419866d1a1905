"""Shared building blocks of the model: strict base model, slugs, kommunkod, amounts."""

import re
from decimal import Decimal, InvalidOperation
from collections.abc import Iterator
from typing import Annotated, Any, get_args

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationError,
                      ValidatorFunctionWrapHandler, WrapValidator)
from pydantic_core import PydanticCustomError


class StrictModel(BaseModel):
    """Base of every model read from a federation's files: unknown keys are errors, not ignored.

    ``defer_build``: pydantic makes a model's validator when the model is first used, not when its
    module is imported. Every command imports all the models, and making the validators of about a
    hundred took a third of the start-up; ``list`` uses a few of them. What a model validates,
    its errors and its JSON Schema are the same either way (:func:`ready` builds one early).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
]
"""Lower-case identifier: letters a-z, digits, '-' and '_' (``kommunchefsgrupp``)."""


def _kommunkod(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError(
            "kommunkod", 'expected four digits in quotes, as SCB writes it: "0180", "2480"') from None


Kommunkod = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$"), WrapValidator(_kommunkod)]
"""The four-digit municipality code of SCB, kept as a string so that "0180" keeps its zero."""

def repeated(values: list[Any]) -> list[Any]:
    """The values that occur more than once, sorted: for "must be unique" checks."""
    return sorted({v for v in values if values.count(v) > 1})


NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]

#: Characters a name must not hold: control characters, and the bidirectional and zero-width
#: marks that make two different names look alike ("Umeå" and "Ume\u200bå").
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _visible(value: str) -> str:
    found = _HIDDEN.search(value)
    if found:
        raise ValueError(f"holds the invisible character U+{ord(found.group()):04X} at position {found.start() + 1}; "
                         "names and titles are plain text (retype it, or remove it)")
    return value


Name = Annotated[str, StringConstraints(min_length=1), AfterValidator(_visible)]
"""A name or title: not empty, and without control, bidirectional or zero-width characters."""


def _to_decimal(value: Any) -> Any:
    """Read amounts exactly: a TOML float goes through its shortest repr, never binary noise.

    Strings may use Swedish writing: "1 234 567,50", "−12" (real minus), with spaces or
    non-breaking spaces between thousands.
    """
    if isinstance(value, bool):
        return value  # let pydantic reject it as "not a number"
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        cleaned = (
            value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            .replace("\u2212", "-").replace(",", ".")
        )
        try:
            return Decimal(cleaned)
        except InvalidOperation:
            return value  # pydantic reports "not a valid decimal" with the field path
    return value


Amount = Annotated[Decimal, BeforeValidator(_to_decimal)]
"""An amount in kronor. Always ``Decimal``; a float in the input is converted exactly."""


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The pydantic models an annotation names, also inside ``list[...]``, ``X | None``, ``Annotated``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


def ready(model: type[BaseModel], _seen: set[type[BaseModel]] | None = None) -> None:
    """Build the validator of a model defined with ``defer_build`` now, the models inside it first.

    Built on its own at first use, a model remakes the schema of every not yet built model inside
    it, and again for the next model that holds them (a year file and a moment file share many):
    built inside out, each is made once and reused, as when they were built at import. Nothing
    changes for a model already built; one that cannot be built yet is left to pydantic, which
    tries again (and explains) when it is used.
    """
    seen = set() if _seen is None else _seen
    if model in seen or model.__pydantic_complete__:
        return
    seen.add(model)  # a model that holds itself, directly or further in, is built once
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            ready(inner, seen)
    model.model_rebuild(raise_errors=False, _parent_namespace_depth=0)
