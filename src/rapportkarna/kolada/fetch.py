"""Filling the cache: a federation's KPIs × members × years from Kolada, all or nothing.

Everything is asked for first and written only when every request has succeeded, so a fetch
that fails halfway leaves the cache as it was. The clock is read once: every file of one fetch
carries the same retrieval date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from rapportkarna.errors import RapportError
from rapportkarna.kolada.cache import CachedKpi, CachedYear, write_kpi, write_year
from rapportkarna.kolada.model import DataRow, Gender, KpiMeta, Members
from rapportkarna.kolada.settings import KoladaSettings

if TYPE_CHECKING:  # the client brings httpx: imported by whoever makes one, not by every command
    from rapportkarna.kolada.client import BatchResult, KoladaClient

Clock = Callable[[], date]
"""Today's date; injected so that tests, and anyone re-creating a cache, control it."""

COUNTRY = "0000"
"""Kolada's code for the whole of Sweden: asked for like a member, though no municipality."""


class NoValue(BaseModel):
    """A KPI, member, year and gender Kolada had no figure for."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kpi: str
    municipality: str
    name: str
    year: int
    gender: Gender
    reason: str

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality} {self.name} {self.year} ({self.gender}): {self.reason}"


class FetchSummary(BaseModel):
    """What one fetch asked for, wrote, and found missing."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    retrieved: date
    cache_dir: Path
    kpis: list[str]
    titles: dict[str, str]
    members: int
    years: list[int]
    requests: int
    files: list[Path]
    no_value: list[NoValue]

    def lines(self) -> list[str]:
        kpis = ", ".join(f"{k} ({self.titles[k]})" if k in self.titles else k for k in self.kpis)
        fetched = (f"fetched {kpis} for {self.members} members and {_years(self.years)} from Kolada "
                   f"in {self.requests} requests, hämtad {self.retrieved.isoformat()}")
        out = [fetched, f"wrote {len(self.files)} files to {self.cache_dir}"]
        if self.no_value:
            out.append(f"Kolada has no value for {len(self.no_value)}:")
            out += [f"  {item}" for item in self.no_value]
        return out


def fetch(settings: KoladaSettings, members: Members, cache_dir: Path, client: KoladaClient,
          clock: Clock = date.today) -> FetchSummary:
    """Fetch every configured KPI for every member and year into ``cache_dir``."""
    day = clock()
    kpis, codes = settings.kpi_ids(), [code for code, _ in members]
    before = client.requests
    metas = _known_kpis(client, kpis)
    _known_members(client, members)
    results = client.data(kpis, codes, settings.years)
    entries = _entries(results, kpis, codes, settings.years, day)
    files = [write_kpi(cache_dir, CachedKpi(format=1, retrieved=day, urls=[url], kpi=meta))
             for meta, url in metas.values()]
    files += [write_year(cache_dir, entry) for entry in entries]
    return FetchSummary(retrieved=day, cache_dir=cache_dir, kpis=kpis, titles={k: m.title for k, (m, _) in metas.items()},
                        members=len(codes), years=list(settings.years), requests=client.requests - before,
                        files=files, no_value=_no_values(settings, members, entries))


def _known_kpis(client: KoladaClient, kpis: Sequence[str]) -> dict[str, tuple[KpiMeta, str]]:
    """The KPIs' metadata; an id Kolada does not know stops the fetch (its data would just be empty)."""
    metas = {meta.id: (meta, url) for meta, url in client.kpis(kpis)}
    if unknown := [k for k in kpis if k not in metas]:
        raise RapportError(f"Kolada has no KPI {', '.join(unknown)}; check the KPI ids of [kolada] "
                           "in federation.toml (search them on kolada.se)")
    return {k: metas[k] for k in kpis}


def _known_members(client: KoladaClient, members: Members) -> None:
    """A kommunkod Kolada does not know would fetch nothing, silently: say so instead."""
    known = {m.id for m in client.municipalities()} | {COUNTRY}
    if unknown := [f"{code} {name}" for code, name in members if code not in known]:
        raise RapportError(f"Kolada has no municipality {', '.join(unknown)}; check members' kommunkod "
                           "in federation.toml")


def _entries(results: list[BatchResult], kpis: Sequence[str], codes: Sequence[str], years: Sequence[int],
             day: date) -> list[CachedYear]:
    """One cache entry per KPI and year, with the rows and URLs of every batch that covered it."""
    rows: dict[tuple[str, int], list[DataRow]] = defaultdict(list)
    urls: dict[tuple[str, int], list[str]] = defaultdict(list)
    for result in results:
        for kpi in result.batch.kpis:
            for year in result.batch.years:
                urls[kpi, year] += [u for u in result.urls if u not in urls[kpi, year]]
        for row in result.rows:
            if row.municipality in codes:  # only what was asked for; Kolada may add its averages
                rows[row.kpi, row.period].append(row)
    return [CachedYear(format=1, kpi=kpi, year=year, retrieved=day, urls=urls[kpi, year],
                       municipalities=sorted(codes), rows=sorted(rows[kpi, year], key=lambda r: r.municipality))
            for kpi in kpis for year in years]


def _no_values(settings: KoladaSettings, members: Members, entries: list[CachedYear]) -> list[NoValue]:
    missing = []
    for entry in entries:
        for gender in settings.genders_of(entry.kpi):
            for code, name in members:
                reason = _why_none(entry, code, gender)
                if reason:
                    missing.append(NoValue(kpi=entry.kpi, municipality=code, name=name, year=entry.year,
                                           gender=gender, reason=reason))
    return missing


def _why_none(entry: CachedYear, code: str, gender: Gender) -> str | None:
    row = next((r for r in entry.rows if r.municipality == code), None)
    if row is None:
        return "no row"
    point = row.point(gender)
    if point is None:
        return f"no figure for gender {gender}"
    if point.value is None:
        return "null" + (f', status "{point.status}"' if point.status else "")
    return None


def _years(years: Sequence[int]) -> str:
    return f"{len(years)} year" + ("" if len(years) == 1 else "s") + f" ({', '.join(map(str, years))})"
