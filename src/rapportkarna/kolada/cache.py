"""The on-disk cache of Kolada's answers: all that a build reads, offline and reproducibly.

A federation's cache is ``federations/<slug>/kolada/``; under it, per KPI::

    N01951/kpi.json    the KPI's metadata as Kolada gave it, with the day and URL it came from
    N01951/2013.json   Kolada's rows of that KPI and year, as sent, with the day it was fetched,
                       the URLs of the pages, and the members asked for

Only ``rapportkarna kolada fetch`` writes here. A build never asks Kolada and never looks at the
clock: the same cache gives the same report. A member in ``municipalities`` without a row is a
member Kolada had nothing for; a member not in ``municipalities`` was never fetched.
"""

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from rapportkarna.atomic import write_atomic
from rapportkarna.errors import Problem, RapportError, ValidationFailed, format_path
from rapportkarna.kolada.model import (
    KPI_PATTERN,
    DataRow,
    Gender,
    KoladaValue,
    KoladaValues,
    KpiId,
    KpiMeta,
    Members,
    MunicipalityId,
    as_sent,
)

KPI_FILE = "kpi.json"


class CachedYear(BaseModel):
    """One KPI's rows for one year, with where and when they came from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Literal[1]
    kpi: KpiId
    year: int
    retrieved: date
    urls: list[str]
    municipalities: list[MunicipalityId]
    rows: list[DataRow]


class CachedKpi(BaseModel):
    """One KPI's metadata, with where and when it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Literal[1]
    retrieved: date
    urls: list[str]
    kpi: KpiMeta


Cached = TypeVar("Cached", CachedYear, CachedKpi)


def year_path(cache_dir: Path, kpi: str, year: int) -> Path:
    return _kpi_dir(cache_dir, kpi) / f"{year}.json"


def kpi_path(cache_dir: Path, kpi: str) -> Path:
    return _kpi_dir(cache_dir, kpi) / KPI_FILE


def _kpi_dir(cache_dir: Path, kpi: str) -> Path:
    if not KPI_PATTERN.fullmatch(kpi):  # the id becomes a folder name: nothing else may
        raise RapportError(f"{kpi!r} is not a Kolada KPI id (a capital letter and five digits, e.g. N01951)")
    return cache_dir / kpi


# -- writing ------------------------------------------------------------------------------------

def write_year(cache_dir: Path, entry: CachedYear) -> Path:
    data = entry.model_dump(mode="json", exclude={"rows"}) | {"rows": [as_sent(row) for row in entry.rows]}
    return _write(year_path(cache_dir, entry.kpi, entry.year), data)


def write_kpi(cache_dir: Path, entry: CachedKpi) -> Path:
    data = entry.model_dump(mode="json", exclude={"kpi"}) | {"kpi": as_sent(entry.kpi)}
    return _write(kpi_path(cache_dir, entry.kpi.id), data)


def _write(path: Path, data: dict[str, object]) -> Path:
    # one key a line and UTF-8 as is: the cache is committed with the federation and read in diffs
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


# -- reading ------------------------------------------------------------------------------------

def read_year(cache_dir: Path, kpi: str, year: int) -> CachedYear | None:
    """The cached rows of ``kpi`` in ``year``, or None when they were never fetched."""
    return _read(year_path(cache_dir, kpi, year), CachedYear)


def read_kpi(cache_dir: Path, kpi: str) -> CachedKpi | None:
    return _read(kpi_path(cache_dir, kpi), CachedKpi)


def _read(path: Path, shape: type[Cached]) -> Cached | None:
    if not path.is_file():
        return None
    try:
        return shape.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = format_path(first["loc"]) or "the file"
        raise RapportError(f"{path}: not a Kolada cache file ({where}: {first['msg']}); "
                           "delete it and fetch again") from None


def fetch_hint(cache_dir: Path, slug: str | None) -> str:
    """``run `rapportkarna kolada fetch umearegionen` ``: the folder's parent names the federation."""
    return f"run `rapportkarna kolada fetch {slug or cache_dir.resolve().parent.name}`"


def collect_values(cache_dir: Path, kpi: str, members: Members, years: Sequence[int], gender: Gender = "T",
                   slug: str | None = None) -> tuple[KoladaValues, list[Problem]]:
    """What the cache holds of ``kpi`` for every member and year, and a problem for each gap.

    A value Kolada did not have (null, or no row) is no gap: it reads as ``value=None``. A gap is
    what was never fetched: the KPI, a year or a member missing from the cache.
    """
    hint = fetch_hint(cache_dir, slug)
    if not _kpi_dir(cache_dir, kpi).is_dir():
        return KoladaValues(kpi=kpi, gender=gender, values=[]), [
            Problem(_kpi_dir(cache_dir, kpi), None, None, f"KPI {kpi} is not in the cache; {hint}")]
    meta = read_kpi(cache_dir, kpi)
    values: list[KoladaValue] = []
    problems: list[Problem] = []
    for year in years:
        entry = read_year(cache_dir, kpi, year)
        if entry is None:
            problems.append(Problem(year_path(cache_dir, kpi, year), None, None,
                                    f"KPI {kpi} has no values for {year} in the cache; {hint}"))
            continue
        for code, name in members:
            if code in entry.municipalities:
                values.append(_value(entry, code, gender))
            else:
                problems.append(Problem(year_path(cache_dir, kpi, year), None, None,
                                        f"KPI {kpi} has no value for {code} {name} in {year} in the cache; {hint}"))
    title = meta.kpi.title if meta else None
    return KoladaValues(kpi=kpi, title=title, gender=gender, values=values), problems


def read_values(cache_dir: Path, kpi: str, members: Members, years: Sequence[int], gender: Gender = "T",
                slug: str | None = None) -> KoladaValues:
    """The cached values of ``kpi`` for every member and year; every gap at once as a problem list."""
    values, problems = collect_values(cache_dir, kpi, members, years, gender, slug)
    if problems:
        raise ValidationFailed(problems)
    return values


def _value(entry: CachedYear, code: str, gender: Gender) -> KoladaValue:
    row = next((r for r in entry.rows if r.municipality == code and r.period == entry.year), None)
    point = row.point(gender) if row else None
    return KoladaValue(kpi=entry.kpi, municipality=code, year=entry.year, gender=gender,
                       value=point.value if point else None, status=point.status if point else None,
                       count=point.count if point else None, retrieved=entry.retrieved)
