"""Data extensions: how a plugin attaches data of its own to a federation's year and moments.

A plugin returns :class:`DataExtension` objects from the ``data_extensions`` hook. Data that is
set once for the year is read from ``[extensions.<name>]`` in ``year.toml`` (and, for each entry
of ``tables``, a CSV file in the year's folder) and validated with ``model``. Data recorded per
reporting moment (a term's statistics, a follow-up's status) is read from ``[extensions.<name>]``
in the moment's ``moment.toml`` (and the CSV files of ``moment_tables`` in the moment's folder)
and validated with ``moment_model``. Mistakes are reported with file, line and field path,
exactly as for core data.

Templates and hooks find the year's part as ``data.extensions[<name>]`` and the report's moment's
part as ``moment.extensions[<name>]``.
"""

from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass(frozen=True)
class DataExtension:
    name: str
    """Key under ``[extensions]`` in year.toml and moment.toml, and in ``extensions`` of both."""
    model: type[BaseModel] | None = None
    """Pydantic model of the part set once for the year (year.toml); None if there is none."""
    tables: dict[str, str] = field(default_factory=dict)
    """Field of ``model`` → CSV file name in the year's folder whose rows fill that field."""
    description: str = ""
    moment_model: type[BaseModel] | None = None
    """Pydantic model of the part recorded per reporting moment (moment.toml); None if none."""
    moment_tables: dict[str, str] = field(default_factory=dict)
    """Field of ``moment_model`` → CSV file name in the moment's folder."""
    expected_at: tuple[str, ...] = ()
    """Moment kinds ('plan', 'interim', 'annual') whose data must include this extension's moment
    part; where it is absent, ``validate`` and ``build`` name it as missing (a draft goes on)."""

    def __post_init__(self) -> None:
        if self.model is None and self.moment_model is None:
            raise ValueError(f"data extension '{self.name}' needs a model, a moment_model or both")
        if self.expected_at and self.moment_model is None:
            raise ValueError(f"data extension '{self.name}': expected_at needs a moment_model")
