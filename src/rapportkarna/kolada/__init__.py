"""Kolada, the national database of municipal key figures: fetch once, build from the cache.

``rapportkarna kolada fetch SLUG`` asks Kolada's v3 API for a federation's KPIs and writes the
answers to ``federations/<slug>/kolada/``; builds read only that cache (:func:`read_values`,
:func:`population`), so a report is the same every time it is built. See docs/kolada.md.

The command group lives in :mod:`rapportkarna.kolada.cli` and is not imported here: this
package must stay importable from the model (``KoladaSettings``) without a cycle.
"""

import importlib
from typing import TYPE_CHECKING, Any

from rapportkarna.kolada.cache import collect_values, read_values
from rapportkarna.kolada.fetch import FetchSummary, fetch
from rapportkarna.kolada.model import KoladaValue, KoladaValues
from rapportkarna.kolada.population import population
from rapportkarna.kolada.settings import (
    POPULATION_KPI,
    KoladaSettings,
    KpiSettings,
    PopulationSettings,
)

__all__ = [
    "POPULATION_KPI",
    "FetchSummary",
    "KoladaClient",
    "KoladaSettings",
    "KoladaValue",
    "KoladaValues",
    "KpiSettings",
    "PopulationSettings",
    "collect_values",
    "fetch",
    "population",
    "read_values",
]

if TYPE_CHECKING:
    from rapportkarna.kolada.client import KoladaClient as KoladaClient

#: Imported on first use: the client brings httpx, which only ``kolada fetch`` needs, while the
#: model imports this package (``KoladaSettings``) in every command.
_LAZY = {"KoladaClient": "rapportkarna.kolada.client"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rapportkarna.kolada' has no attribute '{name}'")
