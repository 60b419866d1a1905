"""The example federations' SIE files (written by scripts/example_sie.py): they read without a
problem, map without an unmapped account, their statements reconcile, the years follow on from
each other, the books agree with the budget files beside them, and the generator writes exactly
the committed bytes."""

import csv
import importlib.util
import sys
import tomllib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from rapportkarna.sie.figures import apply_mapping
from rapportkarna.sie.mapping import load_mapping
from rapportkarna.sie.model import SieFile
from rapportkarna.sie.reader import read_sie

ROOT = Path(__file__).resolve().parent.parent
FEDERATIONS = ROOT / "federations"
MAPPINGS = {"botniadigital": "kommun-bas", "norrbotten": "bas", "vasternorrland": "bas"}
FILES = sorted(p for slug in MAPPINGS for p in (FEDERATIONS / slug).glob("*/*/bokforing.se"))
# The lines of each mapping's balance sheet: total assets, and eget kapital and skulder.
TOTALS = {"kommun-bas": ("tillgangar", "eget_kapital_avsattningar_och_skulder"),
          "bas": ("tillgangar", "eget_kapital_och_skulder")}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_sie", ROOT / "scripts" / "example_sie.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["example_sie"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _slug(path: Path) -> str:
    return path.relative_to(FEDERATIONS).parts[0]


def _name(path: Path) -> str:
    return str(path.relative_to(FEDERATIONS))


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _generator()


@pytest.fixture(scope="module")
def files() -> dict[Path, SieFile]:
    return {path: read_sie(path) for path in FILES}


def test_the_examples_are_there() -> None:
    names = {_name(p) for p in FILES}
    assert {"botniadigital/2021/bokslut/bokforing.se", "botniadigital/2025/bokslut/bokforing.se",
            "botniadigital/2026/delar-0831/bokforing.se", "norrbotten/2011/delar-0630/bokforing.se",
            "norrbotten/2011/bokslut/bokforing.se", "vasternorrland/2007/bokslut/bokforing.se"} <= names


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_a_file_reads_maps_and_reconciles(path: Path, files: dict[Path, SieFile]) -> None:
    sie = files[path]
    assert sie.company.format == "PC8" and sie.encoding == "cp437"
    assert set(sie.years) == {0, -1}
    mapping = load_mapping(MAPPINGS[_slug(path)])
    figures = apply_mapping(sie, mapping)  # raises on an account on no line, or on two
    assets, liabilities = TOTALS[mapping.name]
    balance = figures["balansrakning"]
    result = figures["resultatrakning"]
    for year in (0, -1):
        assert balance.value(assets, year) == balance.value(liabilities, year), f"year {year}"
        assert balance.value(assets, year) > 0
    # Årets resultat is the change in eget kapital (nothing else moves it in these books).
    assert (balance.value("eget_kapital", 0) - balance.value("eget_kapital", -1)
            == result.value("arets_resultat", 0))
    flow = figures["kassaflodesanalys"]
    assert flow.value("likvida_medel_vid_arets_slut") == balance.value("kassa_och_bank")
    assert flow.value("likvida_medel_vid_arets_borjan") + flow.value("arets_kassaflode") == balance.value("kassa_och_bank")


def test_each_year_opens_where_the_last_closed(files: dict[Path, SieFile]) -> None:
    def balances(sie: SieFile, kind: str, year: int) -> dict[str, Decimal]:
        found = {b.account: b.amount for b in getattr(sie, kind) if b.year == year and not b.objects}
        return {a: v for a, v in found.items() if v}

    bokslut = {(_slug(p), int(p.parent.parent.name)): sie for p, sie in files.items() if p.parent.name == "bokslut"}
    pairs = 0
    for (slug, year), sie in bokslut.items():
        assert balances(sie, "closing", -1) == balances(sie, "opening", 0), f"{slug} {year}: #UB -1 and #IB 0"
        before = bokslut.get((slug, year - 1))
        if before is not None:
            pairs += 1
            assert balances(before, "closing", 0) == balances(sie, "opening", 0), f"{slug} {year - 1} → {year}"
            assert balances(before, "closing", 0) == balances(sie, "closing", -1)
            assert ({r.account: r.amount for r in before.results if r.year == 0}
                    == {r.account: r.amount for r in sie.results if r.year == -1})
    assert pairs >= 5
    for path, sie in files.items():  # a delår's year −1 is the year before's bokslut
        if path.parent.name.startswith("delar"):
            before = bokslut.get((_slug(path), int(path.parent.parent.name) - 1))
            if before is not None:
                assert balances(before, "closing", 0) == balances(sie, "opening", 0)


def _by_kostnadsstalle(sie: SieFile) -> dict[tuple[str, str], Decimal]:
    """Utfall per (kostnadsställe name, kind) from the vouchers' dimension 1, both kinds positive."""
    names = {o.id: o.name for o in sie.objects[1].values()}
    sums: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            if row.account[0] not in "34567":
                continue
            code = next((obj for dim, obj in row.objects if dim == 1), None)
            assert code is not None, f"{row.account} on line {row.line} has no kostnadsställe"
            income = row.account[0] == "3"
            sums[(names[code], "intakt" if income else "kostnad")] += -row.amount if income else row.amount
    return dict(sums)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


TYPED = [p for p in FILES if (p.parent / "budget.csv").exists() and "utfall" in _rows(p.parent / "budget.csv")[0]]


def test_typed_utfall_is_there_to_check() -> None:
    assert {"norrbotten", "vasternorrland", "botniadigital"} == {_slug(p) for p in TYPED}


@pytest.mark.parametrize("path", TYPED, ids=_name)
def test_a_file_gives_the_utfall_its_moment_types(path: Path, files: dict[Path, SieFile]) -> None:
    """Where a moment's budget.csv types the utfall per kostnadsställe (Norrbotten, Västernorrland,
    Botnia Digital's comparison year 2021), the books give exactly that."""
    utfall = _by_kostnadsstalle(files[path])
    typed = {(r["kostnadsstalle"], r["kind"]): Decimal(r["utfall"]) for r in _rows(path.parent / "budget.csv")}
    assert utfall == typed


@pytest.mark.parametrize("path", [p for p in FILES if _slug(p) != "botniadigital"], ids=_name)
def test_an_association_budget_names_its_kostnadsstallen_by_code(path: Path, files: dict[Path, SieFile]) -> None:
    budget = path.parent.parent / "budget.csv"
    if not budget.exists():
        pytest.skip("a comparison-only year has no budget of its own")
    objects = {o.id: o.name for o in files[path].objects[1].values()}
    for row in _rows(budget):
        assert objects[row["code"]] == row["kostnadsstalle"]


def _botnia(year: int, moment: str) -> Path:
    return FEDERATIONS / "botniadigital" / str(year) / moment / "bokforing.se"


def test_botnia_every_row_has_its_dimensions(files: dict[Path, SieFile]) -> None:
    for path, sie in files.items():
        if _slug(path) != "botniadigital":
            continue
        for voucher in sie.vouchers:
            for row in voucher.transactions:
                dims = {dim for dim, _ in row.objects}
                if row.account[0] in "34567":
                    assert 1 in dims, f"{_name(path)}:{row.line}: no kostnadsställe"
                if row.account[:2] in ("10", "11", "12") and row.amount > 0:
                    assert 6 in dims, f"{_name(path)}:{row.line}: an investment without its project"


def test_botnia_utfall_fits_the_budget_lines(files: dict[Path, SieFile]) -> None:
    """Every kostnadsställe of the books is a line of the year's budget.csv, by code and name."""
    for path, sie in files.items():
        if _slug(path) != "botniadigital":
            continue
        budget = path.parent.parent / "budget.csv"
        if not budget.exists():
            continue
        lines = {(r["kostnadsstalle"], r["kind"]): r["code"] for r in _rows(budget)}
        objects = {o.name: o.id for o in sie.objects[1].values()}
        for key in _by_kostnadsstalle(sie):
            assert key in lines, f"{_name(path)}: {key} is no line of {budget.name}"
            assert lines[key] == objects[key[0]]


def test_botnia_member_fees_are_rate_times_population(files: dict[Path, SieFile]) -> None:
    config = tomllib.loads((FEDERATIONS / "botniadigital" / "federation.toml").read_text(encoding="utf-8"))
    checked = 0
    for path, sie in files.items():
        if _slug(path) != "botniadigital" or path.parent.name != "bokslut":
            continue
        year = int(path.parent.parent.name)
        year_toml = path.parent.parent / "year.toml"
        if not year_toml.exists() or "fees" not in tomllib.loads(year_toml.read_text(encoding="utf-8")):
            continue
        fees = tomllib.loads(year_toml.read_text(encoding="utf-8"))["fees"]
        rate = Decimal(str(fees["rate"]))
        decided = sum(rate * m["population"][str(fees["population_year"])] for m in config["members"])
        booked = _by_kostnadsstalle(sie)[(fees["budget_line"], "intakt")]
        budget = {r["kostnadsstalle"]: Decimal(r["budget"]) for r in _rows(path.parent.parent / "budget.csv")}
        assert booked == decided == budget[fees["budget_line"]], year
        invoiced = tomllib.loads((path.parent / "moment.toml").read_text(encoding="utf-8"))["fees"]["invoiced"]
        assert sum(Decimal(v) for v in invoiced.values()) == booked
        checked += 1
    assert checked >= 4


def test_botnia_has_the_deficit_2023_restored_2024_and_2025(files: dict[Path, SieFile]) -> None:
    mapping = load_mapping("kommun-bas")
    result = {year: apply_mapping(files[_botnia(year, "bokslut")], mapping)["resultatrakning"].value("arets_resultat")
              for year in (2022, 2023, 2024, 2025)}
    assert result[2022] > 0 > result[2023]
    assert 0 < result[2024] < -result[2023] < result[2024] + result[2025]
    turnover = apply_mapping(files[_botnia(2025, "bokslut")], mapping)["resultatrakning"].value("verksamhetens_intakter")
    assert Decimal(38_000_000) < turnover < Decimal(48_000_000)


def test_the_generator_writes_the_committed_files(generator: ModuleType) -> None:
    written = generator.example_files()
    assert sorted(written) == FILES
    for path, data in written.items():
        assert path.read_bytes() == data, f"{_name(path)} differs from scripts/example_sie.py; run it again"


def test_the_big_file_reads(generator: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "big.se"
    rows = generator.write_big(path, 2_000)
    sie = read_sie(path)
    assert rows == sum(len(v.transactions) for v in sie.vouchers) >= 2_000
    apply_mapping(sie, load_mapping("kommun-bas"))
    again = tmp_path / "again.se"
    generator.write_big(again, 2_000)
    assert again.read_bytes() == path.read_bytes()
