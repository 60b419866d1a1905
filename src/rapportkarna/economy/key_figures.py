"""Named figures of a report's moment, for texts and goals: the prose and the tables read the same
numbers, so they cannot disagree.

A text refers to a figure as ``{arets_resultat}``; literal braces are written ``{{`` and ``}}``.
Nothing else in a text is interpreted: it is data, never a template. An unknown name is an error
at the text's line, listing the names the moment has.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rapportkarna.formatting import kr, procent

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_.]*)\}")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    kind: str = "amount"
    """'amount' (kronor) or 'percent'."""
    label: str = ""

    def text(self, unit: str) -> str:
        return procent(self.value) if self.kind == "percent" else kr(self.value, unit)


def placeholders(text: str) -> Iterator[str]:
    """The names a text refers to."""
    for match in PLACEHOLDER.finditer(text):
        if match.group(1):
            yield match.group(1)


def fill(text: str, figures: dict[str, Figure], unit: str) -> str:
    """The text with each ``{name}`` replaced by its figure in words the report uses."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return figures[match.group(1)].text(unit)
    return PLACEHOLDER.sub(replace, text)


def unknown(text: str, figures: dict[str, Figure]) -> list[str]:
    return [name for name in placeholders(text) if name not in figures]


def text_fields(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a model's dump with its field path: the texts of a moment."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, (*path, index))
