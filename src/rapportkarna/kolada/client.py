"""Kolada's v3 API over httpx: batched, paginated requests, and failures as clear messages.

The data endpoint is ``/v3/data/kpi/{kpis}/municipality/{ids}/year/{years}``; each of the three
path segments takes a comma-separated list of at most 25 ids, so a federation's KPIs × members ×
years are cut into batches. Each answer is a page ``{"values": [...], "count": n, "next_url": ...}``
of at most ``per_page`` (5000) rows; ``next_url`` is followed until it is empty.

Tests hand in an ``httpx.MockTransport`` (or a whole ``httpx.Client``) and never reach the network.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from types import TracebackType
from typing import Any, Self

import httpx
from pydantic import TypeAdapter, ValidationError

from rapportkarna import __version__
from rapportkarna.errors import RapportError, format_path
from rapportkarna.kolada.model import (
    KPI_PATTERN,
    MUNICIPALITY_PATTERN,
    DataRow,
    KpiMeta,
    MunicipalityMeta,
    Page,
)

BASE_URL = "https://api.kolada.se/v3"
USER_AGENT = f"rapportkarna/{__version__} (Kolada client for reports of Swedish municipal federations)"
TIMEOUT_SECONDS = 30.0
PER_PAGE = 5000
"""The most rows Kolada sends in one page."""
MAX_IDS = 25
"""Kolada v3 refuses a path segment with more than 25 comma-separated ids."""
MAX_SEGMENT_CHARS = 400
"""Three segments of this length keep every URL far below the ~2000 characters servers accept."""
MAX_PAGES = 1000
"""A guard against a next_url that never ends; a federation's request is a handful of pages."""

_HINTS = {
    400: "Kolada refused the request: an id it does not know, or too many ids at once",
    404: "Kolada has no such resource; is the KPI id right?",
    429: "Kolada asks for fewer requests; wait a minute and fetch again",
}


@dataclass(frozen=True)
class Batch:
    """One data request: some KPIs × some municipalities × some years."""

    kpis: tuple[str, ...]
    municipalities: tuple[str, ...]
    years: tuple[int, ...]

    @property
    def path(self) -> str:
        return (f"/data/kpi/{','.join(self.kpis)}/municipality/{','.join(self.municipalities)}"
                f"/year/{','.join(map(str, self.years))}")

    def describe(self) -> str:
        return f"KPI {', '.join(self.kpis)}"


@dataclass(frozen=True)
class BatchResult:
    """What Kolada answered to one batch: its rows, and the URL of every page they came from."""

    batch: Batch
    urls: list[str] = field(default_factory=list)
    rows: list[DataRow] = field(default_factory=list)


def chunks(items: Sequence[str], max_items: int = MAX_IDS, max_chars: int = MAX_SEGMENT_CHARS) -> list[tuple[str, ...]]:
    """Cut ``items`` into runs short enough for one path segment, keeping their order."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for item in items:
        if run and (len(run) >= max_items or len(",".join([*run, item])) > max_chars):
            runs.append(tuple(run))
            run = []
        run.append(item)
    return runs + ([tuple(run)] if run else [])


def batches(kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int],
            max_ids: int = MAX_IDS) -> list[Batch]:
    """Every KPI × municipality × year, in as few requests as the URL limits allow."""
    year_texts = [str(y) for y in years]
    return [Batch(k, m, tuple(int(y) for y in y_run))
            for k, m, y_run in product(chunks(kpis, max_ids), chunks(municipalities, max_ids),
                                       chunks(year_texts, max_ids))]


def _check_ids(kpis: Iterable[str], municipalities: Iterable[str], years: Iterable[int]) -> None:
    bad = [f"KPI id {k!r} (expected a capital letter and five digits, e.g. N01951)"
           for k in kpis if not KPI_PATTERN.fullmatch(k)]
    bad += [f"municipality id {m!r} (expected four digits in quotes, e.g. \"0180\"; \"0000\" is Sweden)"
            for m in municipalities if not MUNICIPALITY_PATTERN.fullmatch(m)]
    bad += [f"year {y!r} (expected a year such as 2013)" for y in years
            if isinstance(y, bool) or not isinstance(y, int) or not 1900 <= y <= 2200]
    if bad:
        raise RapportError("cannot ask Kolada for " + "; ".join(bad))


class KoladaClient:
    """A synchronous client of Kolada's v3 API.

    Pass ``transport`` (e.g. ``httpx.MockTransport``) or a ready ``http`` client; without either
    the client makes its own and closes it on :meth:`close`. The User-Agent and timeout are sent
    with every request, whichever httpx client carries it.
    """

    def __init__(self, http: httpx.Client | None = None, *, transport: httpx.BaseTransport | None = None,
                 base_url: str = BASE_URL, timeout: float = TIMEOUT_SECONDS, max_ids: int = MAX_IDS) -> None:
        if http is not None and transport is not None:
            raise ValueError("pass an httpx.Client or a transport, not both")
        self._owns_http = http is None
        self._http = http or httpx.Client(transport=transport)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_ids = max_ids
        self.requests = 0

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # -- the three endpoints ------------------------------------------------------------------

    def data(self, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int]) -> list[BatchResult]:
        """The rows of every KPI × municipality × year, one result per batched request."""
        _check_ids(kpis, municipalities, years)
        results = []
        for batch in batches(kpis, municipalities, years, self.max_ids):
            pages = self._pages(batch.path, batch.describe())
            rows = [row for url, items in pages for row in _parse(list[DataRow], items, batch.describe(), url)]
            results.append(BatchResult(batch, [url for url, _ in pages], rows))
        return results

    def kpis(self, ids: Sequence[str]) -> list[tuple[KpiMeta, str]]:
        """The metadata of KPIs by id, each with the URL it came from; unknown ids are absent."""
        _check_ids(ids, [], [])
        found: list[tuple[KpiMeta, str]] = []
        for run in chunks(ids, self.max_ids):
            what = f"the metadata of KPI {', '.join(run)}"
            for url, items in self._pages(f"/kpi/{','.join(run)}", what):
                found += [(meta, url) for meta in _parse(list[KpiMeta], items, what, url)]
        return found

    def municipalities(self) -> list[MunicipalityMeta]:
        """Every municipality and region Kolada knows."""
        what = "the list of municipalities"
        return [m for url, items in self._pages("/municipality", what)
                for m in _parse(list[MunicipalityMeta], items, what, url)]

    # -- paging and errors ----------------------------------------------------------------------

    def _pages(self, path: str, what: str) -> list[tuple[str, list[Any]]]:
        """Every page of ``path``, in order: the URL requested and the page's ``values``."""
        url: str | None = f"{self.base_url}{path}?per_page={PER_PAGE}"
        pages: list[tuple[str, list[Any]]] = []
        while url is not None:
            if len(pages) >= MAX_PAGES or url in (seen for seen, _ in pages):
                raise RapportError(f"Kolada's pages for {what} do not end (page {len(pages) + 1}: {url}); "
                                   "try again later")
            requested, page = self._page(url, what)
            pages.append((requested, page.values))
            url = self._next(page, requested, what)  # next_url carries its own query: page, per_page
        return pages

    def _page(self, url: str, what: str) -> tuple[str, Page]:
        response = self._get(url, what)
        requested = str(response.request.url)
        try:
            data = json.loads(response.text, parse_float=Decimal)  # exact decimals, never float noise
        except json.JSONDecodeError as exc:
            raise RapportError(f"Kolada's answer for {what} is not valid JSON ({exc.msg} at line {exc.lineno}, "
                               f"column {exc.colno}): {requested}") from None
        return requested, _parse(Page, data, what, requested)

    def _get(self, url: str, what: str) -> httpx.Response:
        self.requests += 1
        try:
            response = self._http.get(url, timeout=self.timeout,
                                      headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        except httpx.TimeoutException:
            raise RapportError(f"Kolada did not answer within {self.timeout:g} s for {what}: {url}; "
                               "try again later") from None
        except httpx.HTTPError as exc:
            raise RapportError(f"could not reach Kolada for {what}: {exc or type(exc).__name__} ({url})") from None
        if not response.is_success:
            hint = _HINTS.get(response.status_code, "a fault at Kolada; try again later"
                              if response.is_server_error else "an answer that is not data")
            raise RapportError(f"Kolada answered HTTP {response.status_code} {response.reason_phrase} for {what}: "
                               f"{response.request.url}; {hint}")
        return response

    def _next(self, page: Page, current: str, what: str) -> str | None:
        """The next page's URL; only one on Kolada's own host is followed."""
        if not page.next:
            return None
        target = httpx.URL(current).join(page.next)
        if (target.scheme, target.host) != (httpx.URL(self.base_url).scheme, httpx.URL(self.base_url).host):
            raise RapportError(f"Kolada's next page for {what} points away from {self.base_url}: {target}")
        return str(target)


def _parse(shape: Any, data: Any, what: str, url: str) -> Any:
    """``data`` as ``shape``, or a message naming the first field that is not as Kolada documents."""
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        # a list of rows is the page's "values"; name the field as it stands in the answer
        where = format_path(("values", *first["loc"]) if shape is not Page else first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RapportError(f"Kolada's answer for {what} is not in the expected shape: "
                           f"{where or 'the answer'}: {first['msg']}{more}: {url}") from None
