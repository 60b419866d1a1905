"""The Kolada client, cache, fetch, population and command, against recorded v3 answers.

Every request goes to an ``httpx.MockTransport`` serving the files in tests/kolada/; an autouse
guard fails any test that tries to reach the network.
"""

import json
import socket
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from click.testing import CliRunner
from conftest import MINIMAL_CONFIG
from pydantic import ValidationError

from rapportkarna.errors import RapportError, ValidationFailed
from rapportkarna.kolada import (
    KoladaClient,
    KoladaSettings,
    fetch,
    population,
    read_values,
)
from rapportkarna.kolada.cache import CachedYear, read_year, write_year, year_path
from rapportkarna.kolada.cli import FetchTarget, federation_target, kolada, make_group
from rapportkarna.kolada.client import MAX_IDS, batches, chunks
from rapportkarna.kolada.model import DataRow, KoladaValue, KoladaValues
from rapportkarna.model import FederationConfig
from rapportkarna.workspace import Federation

FIXTURES = Path(__file__).parent / "kolada"
TODAY = date(2026, 11, 20)
MEMBERS = [("2480", "Umeå"), ("2460", "Vännäs"), ("2404", "Vindeln"),
           ("2409", "Robertsfors"), ("2401", "Nordmaling"), ("2403", "Bjurholm")]
DATA_PATH = "/v3/data/kpi/N01951,U07414/municipality/2480,2460,2404,2409,2401,2403/year/2012,2013"
SETTINGS = {"years": [2013, 2012], "kpis": [{"id": "U07414", "label": "Återvunnet hushållsavfall"}],
            "population": {}}


class NetworkRefused(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real request, through httpx or a bare socket, fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkRefused("a Kolada test tried to reach the network")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


# -- a recorded Kolada ----------------------------------------------------------------------------

Handler = Callable[[httpx.Request], httpx.Response]


def _file(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class RecordedKolada:
    """Serves the fixture files by path (and ``page``), and remembers every request."""

    def __init__(self, overrides: dict[tuple[str, str | None], Handler] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.overrides = overrides or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.url.path, request.url.params.get("page"))
        if key in self.overrides:
            return self.overrides[key](request)
        if _same_ids(request.url.path, DATA_PATH):
            return httpx.Response(200, content=_file(f"data_page{key[1] or 1}.json"))
        if _same_ids(request.url.path, "/v3/kpi/N01951,U07414"):
            return httpx.Response(200, content=_file("kpi_N01951_U07414.json"))
        if request.url.path == "/v3/municipality":
            return httpx.Response(200, content=_file("municipality.json"))
        return httpx.Response(200, json={"count": 0, "values": [], "next_url": None})

    def client(self) -> KoladaClient:
        return KoladaClient(transport=httpx.MockTransport(self))


def _same_ids(path: str, recorded: str) -> bool:
    """The recorded answer serves a request for the same ids in any order."""
    ids = [set(part.split(",")) for part in path.split("/")]
    return ids == [set(part.split(",")) for part in recorded.split("/")]


def answer(status: int = 200, body: object = None, content: bytes | None = None) -> Handler:
    return lambda request: httpx.Response(status, json=body, content=content)


def raising(error: type[httpx.HTTPError], text: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error(text, request=request)
    return handler


def data_request(overrides: dict[tuple[str, str | None], Handler]) -> None:
    """Ask for one KPI of one member and year through a Kolada that answers with ``overrides``."""
    with RecordedKolada(overrides).client() as client:
        client.data(["N01951"], ["2480"], [2013])


ONE = "/v3/data/kpi/N01951/municipality/2480/year/2013"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "federations" / "umearegionen" / "kolada"


@pytest.fixture
def fetched(cache_dir: Path) -> Path:
    """A cache filled by one fetch from the recorded answers."""
    with RecordedKolada().client() as client:
        fetch(KoladaSettings.model_validate(SETTINGS), MEMBERS, cache_dir, client, lambda: TODAY)
    return cache_dir


# -- the guard --------------------------------------------------------------------------------------

def test_the_guard_stops_a_real_request() -> None:
    with KoladaClient() as client, pytest.raises(NetworkRefused):
        client.municipalities()


# -- parsing answers ----------------------------------------------------------------------------------

def test_pagination_follows_next_url_across_three_pages() -> None:
    kolada = RecordedKolada()
    with kolada.client() as client:
        [result] = client.data(["N01951", "U07414"], [code for code, _ in MEMBERS], [2012, 2013])
    assert len(result.rows) == 23 and len(result.urls) == 3
    assert [r.url.params.get("page") for r in kolada.requests] == [None, "2", "3"]
    assert kolada.requests[0].url.params["per_page"] == "5000"
    page1 = json.loads(_file("data_page1.json"))
    assert result.urls[1] == page1["next_url"]  # the link is followed as Kolada wrote it


def _rows() -> dict[tuple[str, str, int], DataRow]:
    with RecordedKolada().client() as client:
        [result] = client.data(["N01951", "U07414"], [code for code, _ in MEMBERS], [2012, 2013])
    return {(r.kpi, r.municipality, r.period): r for r in result.rows}


def test_numeric_and_string_periods_are_both_years() -> None:
    rows = _rows()
    assert isinstance(json.loads(_file("data_page2.json"))["values"][0]["period"], str)
    assert ("N01951", "2401", 2012) in rows and ("N01951", "2480", 2013) in rows
    assert all(isinstance(year, int) for _, _, year in rows)


def test_gender_rows_t_k_m() -> None:
    row = _rows()["N01951", "2480", 2013]
    t, k, m = (row.point(g).value for g in "TKM")
    assert (t, k + m) == (Decimal(118349), Decimal(118349))
    assert _rows()["U07414", "2480", 2013].point("K") is None  # not divided by gender


def test_null_values_are_kept_and_a_missing_status_is_none() -> None:
    rows = _rows()
    bjurholm = rows["U07414", "2403", 2013].point("T")
    assert (bjurholm.value, bjurholm.status) == (None, "Missing")
    assert rows["U07414", "2401", 2013].point("T").status is None
    assert ("U07414", "2409", 2013) not in rows  # Kolada sent no row


def test_values_are_exact_decimals() -> None:
    assert _rows()["U07414", "2404", 2013].point("T").value == Decimal("36.85")


def test_a_row_is_read_tolerantly() -> None:
    row = DataRow.model_validate({"kpi": "N01951", "municipality": 180, "period": "2012",
                                  "values": [{"gender": "T", "value": 12.5}], "new_field": 1})
    assert (row.municipality, row.period, row.point("T").value) == ("0180", 2012, Decimal("12.5"))
    assert row.point("T").status is None and row.point("T").count is None
    with pytest.raises(ValidationError, match="gender"):
        DataRow.model_validate({"kpi": "N01951", "municipality": "0180", "period": 2012,
                                "values": [{"gender": "X", "value": 1}]})


def test_a_deleted_figure_is_no_value() -> None:
    row = DataRow.model_validate({"kpi": "N01951", "municipality": "2480", "period": 2013,
                                  "values": [{"gender": "T", "value": 5, "isdeleted": True}]})
    assert row.point("T") is None


def test_user_agent_and_timeout_go_with_every_request() -> None:
    kolada = RecordedKolada()
    with kolada.client() as client:
        client.data(["N01951", "U07414"], [code for code, _ in MEMBERS], [2012, 2013])
    for request in kolada.requests:
        assert request.headers["User-Agent"].startswith("rapportkarna/")
        assert request.extensions["timeout"]["read"] == 30.0


def test_a_given_httpx_client_is_used_and_left_open() -> None:
    kolada = RecordedKolada()
    http = httpx.Client(transport=httpx.MockTransport(kolada))
    with KoladaClient(http) as client:
        assert [m.title for m in client.municipalities()][:2] == ["Riket", "Region Stockholm"]
    assert not http.is_closed and len(kolada.requests) == 1
    http.close()


# -- batching -----------------------------------------------------------------------------------------

def test_many_ids_are_batched_within_the_limits() -> None:
    kpis = [f"N{i:05d}" for i in range(30)]
    members = [f"{i:04d}" for i in range(1, 61)]
    found = batches(kpis, members, [2011, 2012, 2013])
    assert len(found) == 2 * 3
    assert all(len(b.kpis) <= MAX_IDS and len(b.municipalities) <= MAX_IDS for b in found)
    assert all(len("https://api.kolada.se/v3" + b.path + "?per_page=5000") < 2000 for b in found)
    covered = {(k, m, y) for b in found for k in b.kpis for m in b.municipalities for y in b.years}
    assert len(covered) == 30 * 60 * 3


def test_the_client_sends_one_request_per_batch() -> None:
    kolada = RecordedKolada()
    with kolada.client() as client:
        results = client.data([f"N{i:05d}" for i in range(26)], ["2480"], [2013])
    assert len(results) == len(kolada.requests) == 2
    assert kolada.requests[1].url.path == "/v3/data/kpi/N00025/municipality/2480/year/2013"


def test_chunks_keep_a_segment_short() -> None:
    assert chunks(["N00001", "N00002", "N00003"], max_items=25, max_chars=13) == [
        ("N00001", "N00002"), ("N00003",)]


def test_ids_are_checked_before_asking() -> None:
    with KoladaClient(transport=httpx.MockTransport(RecordedKolada())) as client, \
            pytest.raises(RapportError) as caught:
        client.data(["N1951"], ["180"], [13])
    message = str(caught.value)
    assert "KPI id 'N1951'" in message and "municipality id '180'" in message and "year 13" in message


# -- errors as messages -----------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "hint"), [
    (400, "an id it does not know"), (404, "no such resource"), (429, "wait a minute"),
    (500, "a fault at Kolada"), (503, "a fault at Kolada")])
def test_an_http_error_names_the_kpi_the_url_and_what_to_do(status: int, hint: str) -> None:
    with pytest.raises(RapportError) as caught:
        data_request({(ONE, None): answer(status, content=b"<html>error</html>")})
    message = str(caught.value)
    assert f"Kolada answered HTTP {status}" in message and "for KPI N01951" in message
    assert f"https://api.kolada.se{ONE}?per_page=5000" in message and hint in message


def test_a_timeout_is_a_message() -> None:
    with pytest.raises(RapportError, match=rf"did not answer within 30 s for KPI N01951: https://api\.kolada\.se{ONE}\?per_page=5000; try"):
        data_request({(ONE, None): raising(httpx.ReadTimeout, "timed out")})


def test_an_unreachable_kolada_is_a_message() -> None:
    with pytest.raises(RapportError, match="could not reach Kolada for KPI N01951: Name or service not known"):
        data_request({(ONE, None): raising(httpx.ConnectError, "Name or service not known")})


def test_malformed_json_is_a_message() -> None:
    with pytest.raises(RapportError) as caught:
        data_request({(ONE, None): answer(content=_file("malformed.txt"))})
    message = str(caught.value)
    assert message.startswith("Kolada's answer for KPI N01951 is not valid JSON (")
    assert "at line 2, column 1" in message and message.endswith(f"https://api.kolada.se{ONE}?per_page=5000")


def test_an_answer_of_the_wrong_shape_names_the_field() -> None:
    bad = {"values": [{"kpi": "N01951", "municipality": "2480", "period": "tjugotretton", "values": []}]}
    with pytest.raises(RapportError, match=r"not in the expected shape: values\[0\]\.period: "):
        data_request({(ONE, None): answer(body=bad)})
    with pytest.raises(RapportError, match="not in the expected shape: values: Field required"):
        data_request({(ONE, None): answer(body={"rows": []})})


def test_a_next_url_elsewhere_is_not_followed() -> None:
    page = {"values": [], "next_url": "https://example.org/steal?page=2"}
    with pytest.raises(RapportError, match="points away from https://api.kolada.se/v3"):
        data_request({(ONE, None): answer(body=page)})


def test_pages_that_never_end_are_stopped() -> None:
    loop = f"https://api.kolada.se{ONE}?page=2&per_page=5000"
    with pytest.raises(RapportError, match="do not end"):
        data_request({(ONE, None): answer(body={"values": [], "next_url": loop}),
                      (ONE, "2"): answer(body={"values": [], "next_url": loop})})


def test_a_v2_style_next_page_is_followed_too() -> None:
    kolada = RecordedKolada({
        (ONE, None): answer(body={"values": [], "next_page": f"https://api.kolada.se{ONE}?page=2"}),
        (ONE, "2"): answer(body={"values": [{"kpi": "N01951", "municipality": "2480", "period": 2013,
                                             "values": [{"gender": "T", "value": 118349}]}]})})
    with kolada.client() as client:
        [result] = client.data(["N01951"], ["2480"], [2013])
    assert len(result.urls) == 2 and result.rows[0].point("T").value == 118349


# -- the cache: fetch writes, builds read --------------------------------------------------------------

def test_fetch_writes_each_kpi_and_year_with_its_date_and_urls(fetched: Path) -> None:
    assert sorted(p.relative_to(fetched).as_posix() for p in fetched.rglob("*.json")) == [
        "N01951/2012.json", "N01951/2013.json", "N01951/kpi.json",
        "U07414/2012.json", "U07414/2013.json", "U07414/kpi.json"]
    entry = read_year(fetched, "N01951", 2013)
    assert entry.retrieved == TODAY and len(entry.rows) == 6
    assert entry.municipalities == sorted(code for code, _ in MEMBERS)
    first = "https://api.kolada.se/v3/data/kpi/U07414,N01951/municipality/2480,2460,2404,2409,2401,2403/year/2012,2013"
    assert entry.urls[0] == first + "?per_page=5000" and len(entry.urls) == 3
    assert json.loads((fetched / "N01951" / "kpi.json").read_text())["retrieved"] == "2026-11-20"


def test_the_cache_keeps_what_kolada_sent(fetched: Path) -> None:
    data = json.loads((fetched / "U07414" / "2013.json").read_text(encoding="utf-8"))
    points = {row["municipality"]: row["values"][0] for row in data["rows"]}
    assert points["2404"] == {"count": 1, "gender": "T", "status": "", "value": 36.85}
    assert points["2403"] == {"count": 0, "gender": "T", "status": "Missing", "value": None}
    assert "status" not in points["2401"] and "2409" not in points
    kpi = json.loads((fetched / "U07414" / "kpi.json").read_text(encoding="utf-8"))["kpi"]
    assert kpi["perspective"] == "Kvalitet"  # a field the model does not name is kept


def test_write_and_read_round_trip(cache_dir: Path) -> None:
    row = DataRow.model_validate({"kpi": "N01951", "municipality": "2480", "period": 2013,
                                  "values": [{"gender": "T", "status": "", "value": 118349, "count": 1}]})
    entry = CachedYear(format=1, kpi="N01951", year=2013, retrieved=TODAY, municipalities=["2480"],
                       urls=["https://api.kolada.se/v3/data/kpi/N01951/municipality/2480/year/2013"], rows=[row])
    path = write_year(cache_dir, entry)
    assert path == year_path(cache_dir, "N01951", 2013) and read_year(cache_dir, "N01951", 2013) == entry
    value = read_values(cache_dir, "N01951", [("2480", "Umeå")], [2013]).get("2480", 2013)
    assert value.value == Decimal(118349) and value.retrieved == TODAY
    assert value.citation() == "Källa: Kolada, KPI N01951, hämtad 2026-11-20"


def test_read_values_reads_only_the_cache(fetched: Path) -> None:
    values = read_values(fetched, "U07414", MEMBERS, [2012, 2013])
    assert values.value("2480", 2013) == Decimal("43.2")
    assert values.title.startswith("Hushållsavfall som återvinns")
    bjurholm, robertsfors = values.get("2403", 2013), values.get("2409", 2013)
    assert (bjurholm.value, bjurholm.status) == (None, "Missing")  # null: Kolada's answer, kept
    assert (robertsfors.value, robertsfors.status) == (None, None)  # no row: no value either
    assert values.citation() == "Källa: Kolada, KPI U07414, hämtad 2026-11-20"


def test_read_values_in_a_gender(fetched: Path) -> None:
    women = read_values(fetched, "N01951", MEMBERS, [2013], gender="K")
    assert women.value("2480", 2013) == Decimal(59420) and women.gender == "K"


def test_a_kpi_not_in_the_cache(fetched: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_values(fetched, "N00002", MEMBERS, [2013])
    assert "KPI N00002 is not in the cache; run `rapportkarna kolada fetch umearegionen`" in str(caught.value)


def test_a_year_not_in_the_cache(fetched: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_values(fetched, "N01951", MEMBERS, [2011, 2013])
    [problem] = caught.value.problems
    assert problem.file == fetched / "N01951" / "2011.json"
    assert problem.message == "KPI N01951 has no values for 2011 in the cache; run `rapportkarna kolada fetch umearegionen`"


def test_a_member_not_in_the_cache(cache_dir: Path) -> None:
    entry = CachedYear(format=1, kpi="N01951", year=2013, retrieved=TODAY, urls=[], municipalities=["2460"], rows=[])
    write_year(cache_dir, entry)
    with pytest.raises(ValidationFailed) as caught:
        read_values(cache_dir, "N01951", [("2480", "Umeå"), ("2460", "Vännäs")], [2013])
    assert str(caught.value.problems[0]).endswith(
        "2013.json: KPI N01951 has no value for 2480 Umeå in 2013 in the cache; run `rapportkarna kolada fetch umearegionen`")


def test_every_gap_is_named_at_once(fetched: Path) -> None:
    members = [*MEMBERS, ("2482", "Skellefteå"), ("0180", "Stockholm")]
    with pytest.raises(ValidationFailed) as caught:
        read_values(fetched, "N01951", members, [2010, 2012, 2013], slug="umea")
    assert len(caught.value.problems) == 1 + 2 * 2
    assert str(caught.value).startswith("5 problems found:") and "kolada fetch umea`" in str(caught.value)


def test_a_damaged_cache_file_is_a_message(fetched: Path) -> None:
    (fetched / "N01951" / "2013.json").write_text('{"format": 1, "kpi": "N01951"}', encoding="utf-8")
    with pytest.raises(RapportError, match=r"2013\.json: not a Kolada cache file \(year: Field required\); delete it"):
        read_values(fetched, "N01951", MEMBERS, [2013])


def test_a_kpi_id_never_becomes_another_path(cache_dir: Path) -> None:
    with pytest.raises(RapportError, match="'../etc' is not a Kolada KPI id"):
        read_values(cache_dir, "../etc", MEMBERS, [2013])


def test_a_citation_names_every_day_of_fetching() -> None:
    def value(day: date) -> KoladaValue:
        return KoladaValue(kpi="N01951", municipality="2480", year=2013, gender="T", value=1, retrieved=day)
    values = KoladaValues(kpi="N01951", gender="T", values=[value(TODAY), value(date(2026, 11, 18)), value(TODAY)])
    assert values.citation() == "Källa: Kolada, KPI N01951, hämtad 2026-11-18 och 2026-11-20"


# -- fetch ----------------------------------------------------------------------------------------------

def test_the_fetch_summary_says_what_kolada_had_no_value_for(cache_dir: Path) -> None:
    with RecordedKolada().client() as client:
        summary = fetch(KoladaSettings.model_validate(SETTINGS), MEMBERS, cache_dir, client, lambda: TODAY)
    assert summary.requests == 5 and summary.retrieved == TODAY and len(summary.files) == 6
    assert [str(item) for item in summary.no_value] == [
        "U07414 2409 Robertsfors 2013 (T): no row",
        "U07414 2403 Bjurholm 2013 (T): null, status \"Missing\""]
    lines = summary.lines()
    assert lines[0] == ("fetched U07414 (Hushållsavfall som återvinns genom materialåtervinning, inkl. biologisk "
                        "behandling, andel (%)), N01951 (Invånare totalt, antal) for 6 members and 2 years "
                        "(2012, 2013) from Kolada in 5 requests, hämtad 2026-11-20")
    assert lines[1] == f"wrote 6 files to {cache_dir}" and lines[2] == "Kolada has no value for 2:"


def test_a_gender_kolada_does_not_divide_by_is_reported(cache_dir: Path) -> None:
    settings = KoladaSettings.model_validate({"years": [2012, 2013], "kpis": [{"id": "U07414", "gender": "K"}],
                                              "population": {}})
    with RecordedKolada().client() as client:
        summary = fetch(settings, MEMBERS, cache_dir, client, lambda: TODAY)
    assert str(summary.no_value[0]) == "U07414 2480 Umeå 2012 (K): no figure for gender K"
    reasons = [item.reason for item in summary.no_value]
    assert len(reasons) == 6 * 2 and reasons.count("no row") == 1  # Robertsfors 2013 has no row at all


def test_an_unknown_kpi_stops_the_fetch(cache_dir: Path) -> None:
    settings = KoladaSettings.model_validate({"years": [2013], "kpis": [{"id": "N99999"}, {"id": "U07414"}]})
    kolada = RecordedKolada({("/v3/kpi/N99999,U07414", None): lambda r: httpx.Response(
        200, json={"values": json.loads(_file("kpi_N01951_U07414.json"))["values"][1:]})})
    with kolada.client() as client, pytest.raises(RapportError, match="Kolada has no KPI N99999; check the KPI ids"):
        fetch(settings, MEMBERS, cache_dir, client, lambda: TODAY)
    assert not cache_dir.exists()


def test_an_unknown_member_stops_the_fetch(cache_dir: Path) -> None:
    with RecordedKolada().client() as client, \
            pytest.raises(RapportError, match="Kolada has no municipality 2499 Ingenstans; check members' kommunkod"):
        fetch(KoladaSettings.model_validate(SETTINGS), [*MEMBERS, ("2499", "Ingenstans")], cache_dir, client,
              lambda: TODAY)


def test_a_failed_fetch_leaves_the_cache_as_it_was(fetched: Path) -> None:
    before = {p: p.read_bytes() for p in fetched.rglob("*.json")}
    broken = RecordedKolada({(DATA_PATH, "3"): answer(500, content=b"")})  # page 3, as page 2 links it
    with broken.client() as client, pytest.raises(RapportError, match="HTTP 500"):
        fetch(KoladaSettings.model_validate(SETTINGS), MEMBERS, fetched, client, lambda: date(2026, 12, 1))
    assert {p: p.read_bytes() for p in fetched.rglob("*.json")} == before


# -- population -------------------------------------------------------------------------------------------

def test_population_from_the_cache(fetched: Path) -> None:
    assert population(fetched, MEMBERS, 2013) == {"2480": 118349, "2460": 8546, "2404": 5417,
                                                   "2409": 6698, "2401": 7125, "2403": 2420}
    assert list(population(fetched, MEMBERS[::-1], 2012)) == [code for code, _ in MEMBERS[::-1]]


def test_population_without_a_figure_is_a_problem(cache_dir: Path) -> None:
    row = DataRow.model_validate({"kpi": "N01951", "municipality": "2403", "period": 2013,
                                  "values": [{"gender": "T", "status": "Missing", "value": None}]})
    write_year(cache_dir, CachedYear(format=1, kpi="N01951", year=2013, retrieved=TODAY, urls=[],
                                     municipalities=["2403", "2480"], rows=[row]))
    with pytest.raises(ValidationFailed) as caught:
        population(cache_dir, [("2480", "Umeå"), ("2403", "Bjurholm")], 2013)
    assert sorted(p.message for p in caught.value.problems) == [
        ('Kolada has no population for 2403 Bjurholm in 2013 (status "Missing"): KPI N01951, hämtad 2026-11-20; '
         "a member fee needs one"),
        "Kolada has no population for 2480 Umeå in 2013: KPI N01951, hämtad 2026-11-20; a member fee needs one"]


def test_population_of_a_year_not_fetched(fetched: Path) -> None:
    with pytest.raises(ValidationFailed, match="KPI N01951 has no values for 2011 in the cache"):
        population(fetched, MEMBERS, 2011)


def test_population_of_a_kpi_that_is_not_a_count(fetched: Path) -> None:
    with pytest.raises(ValidationFailed, match=r"KPI U07414 gives 43\.2 for 2480 Umeå in 2013, not a number"):
        population(fetched, MEMBERS[:1], 2013, kpi="U07414")


# -- settings ---------------------------------------------------------------------------------------------

def test_settings_from_a_kolada_table() -> None:
    table = tomllib.loads("""
        [kolada]
        years = [2013, 2011, 2012]
        kpis = [{ id = "U07414", label = "Återvunnet avfall" }, { id = "N01951", gender = "K" }]
        population = { reference_date = "12-31" }
    """)["kolada"]
    settings = KoladaSettings.model_validate(table)
    assert settings.years == [2011, 2012, 2013] and settings.kpi_ids() == ["U07414", "N01951"]
    assert settings.population.kpi == "N01951" and settings.genders_of("N01951") == ["K", "T"]


@pytest.mark.parametrize(("table", "expected"), [
    ({"years": [2013], "kpis": [{"id": "N1951"}]}, 'kpis.0.id\n  expected a Kolada KPI id: a capital letter and five digits, e.g. "N01951"'),
    ({"years": [2013], "kpis": [{"id": "N01951", "gender": "X"}]}, "Input should be 'T', 'K' or 'M'"),
    ({"years": [2013, 2013], "kpis": [{"id": "N01951"}]}, "years must be unique; repeated: 2013"),
    ({"years": [2013], "kpis": [{"id": "N01951"}, {"id": "N01951"}]}, "repeated: N01951 (T)"),
    ({"years": [2013], "population": {"reference_date": "02-30"}}, "02-30 is not a day of the year"),
    ({"years": [2013], "kpis": [{"id": "N01951", "colour": "red"}]}, "Extra inputs are not permitted"),
    ({"years": [2013]}, "name at least one KPI"),
    ({"kpis": [{"id": "N01951"}]}, "years\n  Field required"),
])
def test_settings_mistakes_are_named(table: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        KoladaSettings.model_validate(table)
    assert expected in str(caught.value)


def test_the_kolada_package_does_not_import_the_model() -> None:
    """FederationConfig will import KoladaSettings; an import back would be a cycle."""
    code = ("import sys, rapportkarna.kolada.settings, rapportkarna.kolada; "
            "print([m for m in sys.modules if m.startswith('rapportkarna.model')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the command --------------------------------------------------------------------------------------------

def _group(cache_dir: Path, kolada_answers: RecordedKolada) -> object:
    target = FetchTarget("umearegionen", KoladaSettings.model_validate(SETTINGS), MEMBERS, cache_dir)
    return make_group(resolve=lambda ctx, slug: target, client_factory=kolada_answers.client, clock=lambda: TODAY)


def test_the_fetch_command(cache_dir: Path) -> None:
    result = CliRunner().invoke(_group(cache_dir, RecordedKolada()), ["fetch", "umearegionen"])
    assert result.exit_code == 0, result.output
    assert "hämtad 2026-11-20" in result.output and "Kolada has no value for 2:" in result.output
    assert read_year(cache_dir, "U07414", 2013).retrieved == TODAY


def test_the_fetch_command_shows_a_failure_as_a_message(cache_dir: Path) -> None:
    broken = RecordedKolada({("/v3/municipality", None): answer(503, content=b"")})
    result = CliRunner().invoke(_group(cache_dir, broken), ["fetch", "umearegionen"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: Kolada answered HTTP 503 Service Unavailable for the list of municipalities" in result.output


def test_the_registered_group() -> None:
    assert kolada.name == "kolada" and list(kolada.commands) == ["fetch"]
    result = CliRunner().invoke(kolada, ["fetch", "umearegionen"])
    assert result.exit_code == 1 and "no workspace: run this as `rapportkarna kolada fetch SLUG`" in result.output


def test_a_federation_without_a_kolada_table(tmp_path: Path) -> None:
    root = tmp_path / "federations" / "test"
    root.mkdir(parents=True)
    (root / "federation.toml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    with pytest.raises(RapportError, match=r"federation\.toml: no \[kolada\] table; add one"):
        federation_target(Federation("test", root))


def test_a_federation_with_a_kolada_table(tmp_path: Path) -> None:
    members = [SimpleNamespace(kommunkod="2480", name="Umeå"), SimpleNamespace(kommunkod="2460", name="Vännäs")]
    federation = SimpleNamespace(slug="umearegionen", root=tmp_path,
                                 config=SimpleNamespace(kolada=SETTINGS, members=members))
    target = federation_target(federation)
    assert target.members == [("2480", "Umeå"), ("2460", "Vännäs")]
    assert target.cache_dir == tmp_path / "kolada" and target.settings.years == [2012, 2013]


def test_the_settings_fit_into_the_federation_config(tmp_path: Path) -> None:
    """How the lead wires it: a ``kolada`` field on FederationConfig, read by federation_target."""

    class WithKolada(FederationConfig):
        kolada: KoladaSettings | None = None

    table = tomllib.loads(MINIMAL_CONFIG + '\n[kolada]\nyears = [2013]\nkpis = [{ id = "U07414" }]\n')
    config = WithKolada.model_validate(table)
    target = federation_target(SimpleNamespace(slug="test", root=tmp_path, config=config))
    assert target.members == [("2480", "Umeå"), ("2460", "Vännäs")] and target.settings.kpi_ids() == ["U07414"]
    table["kolada"]["kpis"][0]["id"] = "U7414"
    with pytest.raises(ValidationError, match=r"kolada\.kpis\.0\.id\n  expected a Kolada KPI id"):
        WithKolada.model_validate(table)
