"""What changed between two reporting moments, field by field: ``rapportkarna compare``.

A kansli checks what the bokslut says differently from the delår (a project now avslutat, an
indicator's new utfall, a budget line's outcome) without reading two files side by side.
"""

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from rapportkarna.model import MomentData


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value of a model tree with its field path (``projects.e-arkiv.status``)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from leaves(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    elif value is not None:
        yield path, value


def _keyed(moment: MomentData) -> dict[str, Any]:
    """The moment's values; budget rows keyed by their line rather than by their row number."""
    found = dict(leaves(moment.model_copy(update={"outcomes": []})))
    for row in moment.outcomes:
        for column in ("utfall", "prognos"):
            if getattr(row, column) is not None:
                found[f"budget.{row.kostnadsstalle} ({row.kind.value}).{column}"] = getattr(row, column)
    return found


def diff_moments(before: MomentData, after: MomentData) -> list[tuple[str, Any, Any]]:
    """(path, value before, value after) for every field that differs; None where absent."""
    old, new = _keyed(before), _keyed(after)
    paths = list(old) + [p for p in new if p not in old]
    return [(path, old.get(path), new.get(path)) for path in paths if old.get(path) != new.get(path)]


def _shown(value: Any) -> str:
    text = value.value if hasattr(value, "value") else str(value)
    return text if len(text) <= 70 else text[:69] + "…"


def diff_lines(before: MomentData, after: MomentData) -> list[str]:
    """The differences as lines: '~ path: a → b', '+ path: b', '- path: a'."""
    lines = []
    for path, old, new in diff_moments(before, after):
        if old is None:
            lines.append(f"+ {path}: {_shown(new)}")
        elif new is None:
            lines.append(f"- {path}: {_shown(old)}")
        else:
            lines.append(f"~ {path}: {_shown(old)} → {_shown(new)}")
    return lines
