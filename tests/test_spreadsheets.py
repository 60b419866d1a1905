"""Budget and utfall as .xlsx beside CSV: read like the CSV, and every mistake named by file,
sheet, row and column. The workbooks are written here with openpyxl, never kept as binary files."""

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from rapportkarna.errors import Problem
from rapportkarna.spreadsheets import read_xlsx
from rapportkarna.testing.federation import relative_message
from conftest import problems_of

D = Decimal


def workbook(path: Path, rows: list[list[Any]], sheet: str = "Budget", first: str | None = None) -> Path:
    """A workbook with ``rows`` on the sheet ``sheet``; ``first`` puts another sheet before it."""
    book = Workbook()
    active = book.active
    assert active is not None
    if first:
        active.title = first
        active.append(["nothing", "to", "see"])
        target = book.create_sheet(sheet)
    else:
        active.title = sheet
        target = active
    for row in rows:
        target.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def with_cached_value(path: Path, formula: str, value: str) -> None:
    """Give a formula the value a computing program (Excel, Calc) saves with it; openpyxl saves none."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    xml = items[sheet].decode()
    assert f"<f>{formula}</f><v></v>" in xml
    items[sheet] = xml.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>").encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in items.items():
            target.writestr(name, data)


def messages(mini: Any, problems: list[Problem]) -> list[str]:
    return [relative_message(p, mini.fed_dir) for p in problems]


HEADER = ["kostnadsstalle", "kind", "budget", "plan_2012"]


def use_xlsx_budget(mini: Any, rows: list[list[Any]], **kwargs: Any) -> Path:
    mini.path("2011/budget.csv").unlink()
    return workbook(mini.path("2011/budget.xlsx"), rows, **kwargs)


# -- read like the CSV ----------------------------------------------------------------------------

def test_a_budget_xlsx_is_read_like_the_csv(mini):
    use_xlsx_budget(mini, [HEADER, ["Medlemsavgifter", "intakt", 1000000, "1 100 000"],
                           ["Kansli", "kostnad", 899999.5, None], [None, None, None, None]],
                    first="Instruktioner")  # the sheet named like the file, not the first
    loaded = mini.build().load(2011)
    lines = {line.kostnadsstalle: line for line in loaded.data.budget.lines}
    assert lines["Medlemsavgifter"].budget == D(1000000) and lines["Medlemsavgifter"].plan == {2012: D(1100000)}
    assert lines["Kansli"].budget == D("899999.5") and lines["Kansli"].plan == {}
    assert mini.build().unread_files(2011) == []


def test_the_first_sheet_when_none_is_named_like_the_file(tmp_path):
    path = workbook(tmp_path / "budget.xlsx", [["kostnadsstalle", "kind", "budget"], ["Kansli", "kostnad", 5]],
                    sheet="Blad1")
    table = read_xlsx(path, ("kostnadsstalle", "kind"))
    assert table.sheet == "Blad1" and [row.values for row in table.rows] == [
        {"kostnadsstalle": "Kansli", "kind": "kostnad", "budget": "5"}]


def test_a_formula_gives_the_value_saved_with_the_file(mini):
    path = use_xlsx_budget(mini, [HEADER, ["Medlemsavgifter", "intakt", 1000000, None],
                                  ["Kansli", "kostnad", "=C2*0.9", None]])
    with_cached_value(path, "C2*0.9", "900000")
    lines = {line.kostnadsstalle: line.budget for line in mini.build().load(2011).data.budget.lines}
    assert lines == {"Medlemsavgifter": D(1000000), "Kansli": D(900000)}


def test_a_moments_budget_xlsx_and_its_rows_in_later_checks(mini):
    mini.path("2011/bokslut/budget.csv").unlink()
    workbook(mini.path("2011/bokslut/budget.xlsx"), [["kostnadsstalle", "kind", "utfall"],
                                                    ["Medlemsavgifter", "intakt", 1000000],
                                                    ["Kansli", "kostnad", 871000],
                                                    ["Kansli", "kostnad", 1]])
    found = messages(mini, problems_of(mini.build()))
    # the check that runs after loading (a line twice) names the sheet's row, not a CSV line
    assert found == ["2011/bokslut/budget.xlsx: sheet 'Budget', row 4, column A (kostnadsstalle): Kansli "
                     "(kostnad) has two rows; the first is on line 3"]


# -- messages -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "message"), [
    ("nio", "column C (budget): expected a number like 1234,50 or 1 234 567; Input should be a valid decimal "
            "(got 'nio')"),
    (dt.date(2025, 3, 1), "column C (budget): expected an amount like 1234,50, not a date or time "
                          "(2025-03-01T00:00:00); format the cell as a number or text"),
    (True, "column C (budget): expected an amount like 1234,50, not the truth value TRUE"),
    ("#DIV/0!", "column C (budget): expected an amount like 1234,50; the cell holds the error value #DIV/0!"),
])
def test_a_wrong_cell_is_named_by_sheet_row_and_column(mini, cell, message):
    use_xlsx_budget(mini, [HEADER, ["Medlemsavgifter", "intakt", 1000000, None], ["Kansli", "kostnad", cell, None]])
    assert messages(mini, problems_of(mini.build())) == [f"2011/budget.xlsx: sheet 'Budget', row 3, {message}"]


def test_a_formula_without_a_saved_value_is_said_so(mini):
    use_xlsx_budget(mini, [HEADER, ["Medlemsavgifter", "intakt", 1000000, None],
                           ["Kansli", "kostnad", "=SUM(C2:C2)*0.9", None]])
    assert messages(mini, problems_of(mini.build())) == [
        "2011/budget.xlsx: sheet 'Budget', row 3, column C (budget): the formula =SUM(C2:C2)*0.9 has no saved "
        "value: the file was saved by a program that does not compute formulas. Open it in Excel or LibreOffice "
        "Calc and save it, or type the value"]


def test_a_missing_column_is_named_once(mini):
    use_xlsx_budget(mini, [["kostnadsstalle", "kind", "budgt"], ["Medlemsavgifter", "intakt", 1000000],
                           ["Kansli", "kostnad", 900000]])
    assert messages(mini, problems_of(mini.build())) == [
        "2011/budget.xlsx: sheet 'Budget', row 1: no column 'budget'; the header has 'kostnadsstalle', 'kind', "
        "'budgt', and this table needs kostnadsstalle, kind, budget"]


def test_a_column_named_twice(mini):
    use_xlsx_budget(mini, [["kostnadsstalle", "kind", "budget", "plan_2012", "budget"],
                           ["Kansli", "kostnad", 900000, 1, 2]])
    assert messages(mini, problems_of(mini.build())) == [
        "2011/budget.xlsx: sheet 'Budget', row 1: columns C and E are both named 'budget'; each column is named once"]


def test_a_csv_column_named_twice(mini):
    mini.write("2011/budget.csv", "kostnadsstalle,kind,budget,budget\nKansli,kostnad,900000,1\n")
    assert messages(mini, problems_of(mini.build())) == [
        "2011/budget.csv:1: column 'budget' is named 2 times in the header (columns 3 and 4); each column is "
        "named once"]


def test_both_csv_and_xlsx_present(mini):
    workbook(mini.path("2011/budget.xlsx"), [HEADER, ["Kansli", "kostnad", 900000, None]])
    found = messages(mini, problems_of(mini.build()))
    assert found == [f"2011/budget.xlsx: both budget.csv and budget.xlsx are in {mini.path('2011')}; the table is "
                     "read from one file: remove or rename the other"]


def test_a_value_under_no_column_and_a_file_that_is_no_workbook(mini, tmp_path):
    use_xlsx_budget(mini, [HEADER, ["Kansli", "kostnad", 900000, None, "extra"]])
    assert messages(mini, problems_of(mini.build())) == [
        "2011/budget.xlsx: sheet 'Budget', row 2, column E: a value (extra) in a column without a name in row 1"]
    broken = tmp_path / "trasig.xlsx"
    broken.write_text("kostnadsstalle,kind\n", encoding="utf-8")
    table = read_xlsx(broken)
    assert len(table.problems) == 1 and "not a readable .xlsx workbook" in table.problems[0].message


# -- per project ----------------------------------------------------------------------------------

PROJECT_YEAR = """
    [[projects]]
    id = "bredband"
    name = "Bredband till alla"
    start = 2011-01-01
    end = 2011-12-31
    budget = 1200000
    """


def test_projekt_xlsx_gives_each_projects_utfall_and_prognos(mini):
    mini.append("2011/year.toml", PROJECT_YEAR)
    mini.append("2011/delar-0630/moment.toml", '[projects.bredband]\nstatus = "pagaende"\n')
    workbook(mini.path("2011/delar-0630/projekt.xlsx"), [["projekt", "utfall", "prognos"],
                                                       ["bredband", 500000, "1 150 000"]], sheet="Projekt")
    followed = mini.build().load(2011).moments["delar-0630"].project("bredband")
    assert followed is not None and (followed.spent, followed.prognos) == (D(500000), D(1150000))


def test_projekt_csv_mistakes(mini):
    mini.append("2011/year.toml", PROJECT_YEAR)
    mini.append("2011/delar-0630/moment.toml", '[projects.bredband]\nstatus = "pagaende"\nspent = 1\n')
    mini.write("2011/delar-0630/projekt.csv", "projekt,utfall,prognos\nbredband,500000,x\nvagar,1,2\n")
    assert messages(mini, problems_of(mini.build())) == [
        "2011/delar-0630/projekt.csv:2: row 1, column prognos: expected a number like 1234,50 or 1 234 567; "
        "Input should be a valid decimal (got 'x')",
        "2011/delar-0630/projekt.csv:2: row 1, column utfall: utfall of 'bredband' is also given as "
        "projects.bredband.spent in moment.toml; write it in one place",
        "2011/delar-0630/projekt.csv:3: row 2, column projekt: project 'vagar' has no [projects.vagar] in "
        "moment.toml; its status is written there (status = \"pagaende\")"]


def test_projekt_csv_unknown_column(mini):
    mini.append("2011/year.toml", PROJECT_YEAR)
    mini.append("2011/bokslut/moment.toml", '[projects.bredband]\nstatus = "avslutat"\n')
    mini.write("2011/bokslut/projekt.csv", "projekt,budget,utfall\nbredband,1,2\n")
    assert messages(mini, problems_of(mini.build())) == [
        "2011/bokslut/projekt.csv:1: unknown column 'budget'; projekt.csv has the columns projekt, utfall and "
        "prognos (a project's budget is its budget in year.toml, its status in moment.toml)"]


def test_problems_name_the_workbook_not_a_csv(mini):
    mini.path("2011/delar-0630/budget.csv").unlink()
    workbook(mini.path("2011/delar-0630/budget.xlsx"), [["kostnadsstalle", "kind", "utfall", "prognos"],
                                                       ["Medlemsavgifter", "plusintakt", 1, 2]])
    found = messages(mini, problems_of(mini.build()))
    assert len(found) == 1 and re.match(r"2011/delar-0630/budget.xlsx: sheet 'Budget', row 2, column B \(kind\): "
                                        r"Input should be 'intakt' or 'kostnad'", found[0])


def test_a_csv_without_a_required_column(mini):
    mini.write("2011/delar-0630/budget.csv", "kostnadsstalle,typ,utfall\nKansli,kostnad,1\n")
    assert messages(mini, problems_of(mini.build())) == [
        "2011/delar-0630/budget.csv:1: no column 'kind'; the header has 'kostnadsstalle', 'typ', 'utfall', and "
        "this table needs kostnadsstalle, kind"]


def test_projekt_csv_of_the_bokslut_has_no_prognos(mini):
    mini.append("2011/year.toml", PROJECT_YEAR)
    mini.append("2011/bokslut/moment.toml", '[projects.bredband]\nstatus = "avslutat"\n')
    mini.write("2011/bokslut/projekt.csv", "projekt,utfall,prognos\nbredband,1190000,1200000\n")
    assert messages(mini, problems_of(mini.build())) == [
        "2011/bokslut/projekt.csv:1: column 'prognos': the bokslut has the year's utfall; a prognos belongs to a delår"]
