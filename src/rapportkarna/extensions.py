"""Data extensions: how a plugin attaches data of its own to a federation's year.

A plugin returns :class:`DataExtension` objects from the ``data_extensions`` hook. The loader then
reads ``[extensions.<name>]`` from the year's ``year.toml`` (and, for each entry of ``tables``, a
CSV file in the year's folder), validates it with the plugin's pydantic model and reports any
mistake with file, line and field path, exactly as for core data. The validated model instance is
available to templates and hooks as ``year_data.extensions[<name>]``.
"""

from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass(frozen=True)
class DataExtension:
    name: str
    """Key under ``[extensions]`` in year.toml, and in ``YearData.extensions``."""
    model: type[BaseModel]
    """Pydantic model that validates the extension's data."""
    tables: dict[str, str] = field(default_factory=dict)
    """Field of ``model`` → CSV file name in the year's folder whose rows fill that field."""
    description: str = ""
