"""Property-based tests of every reader: whatever a file holds, the tool answers with its own
problem reports (ValidationFailed, RapportError), never with another exception.

The inputs are arbitrary text and bytes, and TOML made of the models' own keys with values of
every kind (huge and non-finite numbers, control characters, deep nesting, dates and times where
text belongs and numbers where times belong), so that the generated files reach past the syntax
into the models.
"""

import datetime as dt
import io
import json
import shutil
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from rapportkarna.csv_tables import read_csv_table
from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.loader import TomlFile, load_config, load_year, validate
from rapportkarna.model import FederationConfig, Meeting, MomentData, YearData
from rapportkarna.sie.mapping import load_mapping
from rapportkarna.sie.reader import read_sie
from rapportkarna.sie.tokens import TokenError, tokenize
from rapportkarna.spreadsheets import read_table, read_xlsx
from rapportkarna.testing import MiniFederation

#: Fast: the whole file runs in a few seconds.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- TOML made of the models' keys ------------------------------------------------------------------


def _keys(model: type[BaseModel]) -> list[str]:
    """Every field name of the model and the models inside it, as TOML keys."""
    seen: set[str] = set()
    todo: list[Any] = [model]
    while todo:
        current = todo.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, field in current.model_fields.items():
                if name not in seen:
                    seen.add(name)
                    todo.extend(_inner_types(field.annotation))
    return sorted(seen)


def _inner_types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for a in args for t in _inner_types(a)]]


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string (\uXXXX escapes included)


SCALARS = st.one_of(
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.sampled_from(["inf", "-inf", "nan", "1e300", "0", "1300", "20110101", "true", "false"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=12).map(_toml_string),
    st.sampled_from(['"\\u0000"', '"\\u202e"', '"a\\u0007b"', '"2480"', '"styrelse"', '"intakt"', '"pagaende"',
                     '"beslutad"', '"13:00"', '"2011-13-45"', '"1 234,50"']),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)).map(str),
    st.times().map(lambda t: t.replace(microsecond=0).isoformat()),
)


def _values(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return SCALARS
    inner = _values(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(["id", "name", "date", "x", "budget", "status"]), inner, max_size=3)
        .map(lambda table: "{ " + ", ".join(f"{k} = {v}" for k, v in table.items()) + " }"),
    )


def toml_documents(model: type[BaseModel]) -> st.SearchStrategy[str]:
    """TOML text: top-level keys, tables and arrays of tables named by the model's keys."""
    keys = st.sampled_from(_keys(model))
    pairs = st.dictionaries(keys, _values(2), max_size=5).map(
        lambda table: "".join(f"{k} = {v}\n" for k, v in table.items()))
    tables = st.tuples(st.sampled_from(["[{}]", "[[{}]]"]), keys, pairs).map(
        lambda t: t[0].format(t[1]) + "\n" + t[2])
    return st.tuples(pairs, st.lists(tables, max_size=3)).map(lambda t: t[0] + "".join(t[1]))


def _check_problems(problems: list[Problem], *files: Path) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message
        assert problem.file in files or problem.file.parent in {f.parent for f in files}, problem


@pytest.mark.parametrize("model", [FederationConfig, YearData, MomentData, Meeting], ids=lambda m: m.__name__)
@FAST
@given(data=st.data())
def test_toml_into_the_models_gives_only_problems(tmp_path: Path, model: type[BaseModel], data: Any) -> None:
    path = tmp_path / "file.toml"
    text = data.draw(st.one_of(toml_documents(model), st.text(max_size=200)))
    path.write_text(text, encoding="utf-8")
    source = TomlFile(path)
    problems = list(source.problems)
    if source.data is not None:
        validate(model, source.data, source.locator(), problems)
    _check_problems(problems, path)


@FAST
@given(raw=st.binary(max_size=300))
def test_toml_of_any_bytes_gives_only_problems(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "file.toml"
    path.write_bytes(raw)
    source = TomlFile(path)
    assert source.data is not None or source.problems


# -- federation.toml and a year's folder, read as the build reads them -------------------------------

@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> MiniFederation:
    return MiniFederation(tmp_path_factory.mktemp("properties"))


@FAST
@given(text=toml_documents(FederationConfig))
def test_federation_toml_gives_only_problems(federation: MiniFederation, text: str) -> None:
    root = federation.fed_dir.parent / "egen"
    root.mkdir(exist_ok=True)
    (root / "federation.toml").write_text(text, encoding="utf-8")
    try:
        load_config(root)
    except ValidationFailed as failed:
        _check_problems(failed.problems, root / "federation.toml")


CELLS = st.one_of(st.text(max_size=10), st.sampled_from(["1e999999", "1e1000000", "0e1000000", "9" * 40, "NaN", "-0", "1 234,50", "−12",
                                                         "intakt", "kostnad", "Kansli", "\x00", "\u202e"]))


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    import csv
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def csv_texts(header: list[str]) -> st.SearchStrategy[str]:
    rows = st.lists(st.lists(CELLS, min_size=len(header) - 1, max_size=len(header) + 1), max_size=5)
    structured = st.tuples(rows, st.sampled_from([",", ";"])).map(lambda t: _csv([header, *t[0]], t[1]))
    return st.one_of(structured, st.text(max_size=200))


@pytest.mark.parametrize(("relative", "header"), [
    ("2011/budget.csv", ["kostnadsstalle", "kind", "budget", "plan_2012"]),
    ("2011/bokslut/budget.csv", ["kostnadsstalle", "kind", "utfall"]),
    ("2011/delar-0630/projekt.csv", ["projekt", "utfall", "prognos"]),
    ("2011/resultatbudget.csv", ["rad", "budget", "plan_2012"]),
    ("2011/investeringsbudget.csv", ["projekt", "budget"]),
])
@FAST
@given(data=st.data())
def test_a_years_tables_give_only_problems(federation: MiniFederation, relative: str, header: list[str],
                                           data: Any) -> None:
    path = federation.path(relative)
    original = path.read_bytes() if path.exists() else None
    path.write_text(data.draw(csv_texts(header)), encoding="utf-8")
    config = load_config(federation.fed_dir)
    try:
        load_year(federation.fed_dir, config, 2011, {})
    except ValidationFailed as failed:
        _check_problems(failed.problems, path, federation.path("2011/year.toml"))
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


@FAST
@given(raw=st.binary(max_size=300))
def test_csv_of_any_bytes_gives_only_problems(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "budget.csv"
    path.write_bytes(raw)
    names, rows, problems = read_csv_table(path)
    _check_problems(problems, path)
    assert all(len(row.values) <= len(names) for row in rows)


SHEET_CELLS = st.one_of(st.none(), st.text(max_size=8), st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
                        st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                        st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
                        st.sampled_from(["=A1*2", "#DIV/0!"]))


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(st.lists(SHEET_CELLS, max_size=4), max_size=4))
def test_a_spreadsheet_gives_only_problems(tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError
    path = tmp_path_factory.mktemp("xlsx") / "budget.xlsx"
    book = Workbook()
    try:
        for row in rows:
            book.active.append(row)
    except IllegalCharacterError:
        return  # a text openpyxl will not save: no workbook holds it
    book.save(path)
    table = read_xlsx(path, ("kostnadsstalle", "kind"))
    _check_problems(table.problems, path)
    shutil.rmtree(path.parent)


@FAST
@given(raw=st.binary(max_size=200))
def test_a_spreadsheet_of_any_bytes_gives_only_problems(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04" + raw)
    assert read_table(path).problems


# -- SIE ------------------------------------------------------------------------------------------

LABELS = ["#FLAGGA", "#SIETYP", "#RAR", "#KONTO", "#KTYP", "#IB", "#UB", "#RES", "#VER", "#TRANS", "#DIM",
          "#OBJEKT", "#PSALDO", "#ORGNR", "#FNAMN", "#GEN", "{", "}", "#OKAND"]
SIE_FIELDS = st.one_of(st.sampled_from(["0", "-1", "1930", "20110101", "20111231", "201113", "1234.50",
                                        "9" * 30, "-" + "9" * 5000, '"Bank"', '"öppen', "{}", '{1 "A"}', "{1",
                                        "A", ""]),
                       st.text(alphabet=string.printable, max_size=8))


def sie_texts() -> st.SearchStrategy[str]:
    lines = st.tuples(st.sampled_from(LABELS), st.lists(SIE_FIELDS, max_size=5)).map(
        lambda t: " ".join([t[0], *t[1]]))
    return st.one_of(st.lists(lines, max_size=12).map(lambda ls: "#FLAGGA 0\n" + "\n".join(ls) + "\n"),
                     st.text(max_size=200))


@FAST
@given(line=st.one_of(st.text(max_size=60), sie_texts()))
def test_the_sie_tokenizer_raises_only_its_own_error(line: str) -> None:
    for part in line.splitlines() or [line]:
        try:
            tokenize(part)
        except TokenError:
            pass


@FAST
@given(data=st.one_of(sie_texts().map(str.encode), st.binary(max_size=300)))
def test_the_sie_reader_gives_only_problems(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bokforing.se"
    path.write_bytes(data)
    try:
        read_sie(path)
    except ValidationFailed as failed:
        _check_problems(failed.problems, path)


# -- account mappings -------------------------------------------------------------------------------

MAPPING_KEYS = ["extends", "title", "description", "statements", "lines", "id", "label", "accounts", "sum",
                "sign", "after", "before", "remove", "scope"]


@FAST
@given(data=st.data())
def test_the_mapping_loader_gives_only_problems(tmp_path: Path, data: Any) -> None:
    keys = st.sampled_from(MAPPING_KEYS)
    pairs = st.dictionaries(keys, st.one_of(_values(2), st.sampled_from(['"bas"', '"kommun-bas"', '"mapping.toml"',
                                                                         '"3000-3999"', '["30"]'])), max_size=4)
    head = data.draw(pairs.map(lambda t: "".join(f"{k} = {v}\n" for k, v in t.items())))
    tables = data.draw(st.lists(st.tuples(st.sampled_from(["[statements.{}]", "[[statements.{}.lines]]"]),
                                          st.sampled_from(["resultatrakning", "balansrakning", "x"]),
                                          pairs), max_size=3))
    text = head + "".join(f"{h.format(name)}\n" + "".join(f"{k} = {v}\n" for k, v in body.items())
                          for h, name, body in tables)
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_mapping(path, roots=[tmp_path])
    except RapportError:
        pass
