"""The statements from the accounts: figures against hand-worked ones from tests/sie/kommunalforbund.se.

The file is the bokslut 2024 of a small kommunalförbund (with 2023 as year −1):

- resultaträkning 2024: intäkter 700 000 (3511, kostnadsställe 100) + 250 000 (3590, 200) = 950 000;
  kostnader 80 000 + 372 000 + 113 112 + 45 000 + 120 000 + 4 500 = 734 612; avskrivningar 30 000;
  finansiella poster +1 250 − 3 200; årets resultat 950 000 − 734 612 − 30 000 + 1 250 − 3 200 = 183 438;
- balansräkning 2024-12-31: inventarier 200 000 − 110 000 = 90 000, förutbetalt 10 000, bank 720 438,
  tillgångar 820 438; eget kapital 300 000 + 183 438 = 483 438, avsättningar 195 000, lån 80 000,
  kortfristiga skulder 62 000;
- per kostnadsställe: 100 kostnader 240 000 + 75 408 + 120 000 + 30 000 + 45 000 + 12 000 = 522 408,
  200 kostnader 120 000 + 37 704 + 80 000 + 4 500 = 242 204.
"""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from rapportkarna import hookimpl
from rapportkarna.economy.accounts import Books, map_books
from rapportkarna.economy.balanskrav import utredning
from rapportkarna.economy.key_figures import Figure, fill, unknown
from rapportkarna.economy.operating import operating_outcomes, with_operating_outcomes
from rapportkarna.economy.overview import YearBooks, key_ratios
from rapportkarna.economy.plan import economic_plan
from rapportkarna.economy.reconcile import operating_check, statement_checks
from rapportkarna.economy.statements import prognos_values
from rapportkarna.model import Budget, BudgetLine, LineKind, MomentData, MomentRef, YearData
from rapportkarna.model.economy import Balanskrav, InvestmentBudgetRow, ResultBudgetRow, Underskott
from rapportkarna.reports import Section
from rapportkarna.sie.mapping import AccountMapping, load_mapping
from rapportkarna.sie.reader import read_sie
from rapportkarna.testing import MiniFederation

SIE = Path(__file__).parent / "sie" / "kommunalforbund.se"
D = Decimal

BUDGET_CSV = """\
    kostnadsstalle,kind,code,budget
    Kansli,intakt,100,700000
    Projektverksamhet,intakt,200,200000
    Kansli,kostnad,100,520000
    Projektverksamhet,kostnad,200,260000
    """


@pytest.fixture(scope="module")
def mapping() -> AccountMapping:
    return load_mapping("kommun-bas")


@pytest.fixture(scope="module")
def books(mapping: AccountMapping) -> Books:
    found, problems = map_books(MomentRef(2024, "bokslut"), read_sie(SIE), mapping)
    assert problems == []
    return found


def budget() -> Budget:
    return Budget(lines=[BudgetLine(kostnadsstalle="Kansli", kind=LineKind.INTAKT, code="100", budget=D(700000)),
                         BudgetLine(kostnadsstalle="Projekt", kind=LineKind.INTAKT, code="200", budget=D(200000)),
                         BudgetLine(kostnadsstalle="Kansli", kind=LineKind.KOSTNAD, code="100", budget=D(520000)),
                         BudgetLine(kostnadsstalle="Projekt", kind=LineKind.KOSTNAD, code="200", budget=D(260000))])


def kommunalforbund(tmp_path: Path, moment_toml: str, sie: bool = True) -> MiniFederation:
    fed = MiniFederation(tmp_path, regime="kommunalforbund")
    shutil.rmtree(fed.path("2011"))
    fed.append("federation.toml", '\n[accounts]\nmapping = "kommun-bas"\n')
    fed.write("2024/year.toml", '[budget]\nadopted = "Budgeten antogs av förbundsfullmäktige."\n')
    fed.write("2024/budget.csv", BUDGET_CSV)
    fed.write("2024/bokslut/moment.toml", moment_toml)
    if sie:
        shutil.copy(SIE, fed.path("2024/bokslut/bokforing.se"))
    return fed


DRAFT = """\
    [texts]
    inledning = "Årets resultat blev {arets_resultat} och soliditeten {soliditet}; {{ordagrant}}."
    redovisningsprinciper = "Förbundet följer lagen om kommunal bokföring och redovisning."
    [economy]
    pensionsforpliktelser = 1200000
    """


# -- the figures -----------------------------------------------------------------------------------

def test_resultatrakning_and_balansrakning_are_the_hand_worked_figures(books: Books) -> None:
    rr = {line: books.value("resultatrakning", line) for line in
          ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "arets_resultat")}
    assert rr == {"verksamhetens_intakter": D("950000.00"), "verksamhetens_kostnader": D("-734612.00"),
                  "avskrivningar": D("-30000.00"), "arets_resultat": D("183438.00")}
    assert books.value("balansrakning", "tillgangar") == D("820438.00")
    assert books.value("balansrakning", "eget_kapital") == D("483438.00")
    assert books.value("balansrakning", "eget_kapital_avsattningar_och_skulder") == D("820438.00")
    assert books.value("kassaflodesanalys", "likvida_medel_vid_arets_slut") == D("720438.00")


def test_utfall_per_kostnadsstalle_comes_from_dimension_1(books: Books) -> None:
    sums, problems = operating_outcomes(books, budget())
    assert problems == []
    assert sums == {("Kansli", LineKind.INTAKT): D("700000.00"), ("Projekt", LineKind.INTAKT): D("250000.00"),
                    ("Kansli", LineKind.KOSTNAD): D("522408.00"), ("Projekt", LineKind.KOSTNAD): D("242204.00")}


def test_a_row_on_a_kostnadsstalle_the_budget_lacks_is_an_error(books: Books) -> None:
    only_kansli = Budget(lines=[line for line in budget().lines if line.code == "100"])
    _, problems = operating_outcomes(books, only_kansli)
    messages = " ".join(p.message for p in problems)
    assert "kostnadsställe 200, which budget.csv has no intakt line" in messages
    assert "line 142 (voucher A 5, account 3590, -250000.00)" in messages


def test_a_typed_utfall_that_differs_from_the_accounts_is_an_error(books: Books) -> None:
    typed = MomentData.model_validate({"outcomes": [{"kostnadsstalle": "Kansli", "kind": "kostnad", "utfall": 500000,
                                                     "prognos": 520000}]})
    sums, _ = operating_outcomes(books, budget())
    moment, problems = with_operating_outcomes(typed, books, budget(), sums, "budget.csv")
    assert [p.message for p in problems] == [
        "utfall 500000.00 differs from the accounts in kommunalforbund.se, which give 522408.00; leave utfall "
        "empty where the moment has a SIE file"]
    kansli = moment.outcome(("Kansli", LineKind.KOSTNAD))
    assert kansli is not None and kansli.utfall == D("522408.00") and kansli.prognos == D(520000)


def test_key_ratios_are_the_hand_worked_ones(books: Books, mapping: AccountMapping) -> None:
    ratios = key_ratios(YearBooks(2024, books, 0, D(1200000)), mapping)
    assert round(ratios["soliditet"], 2) == D("58.92")  # 483 438 / 820 438
    assert round(ratios["soliditet_inkl_pensioner"], 2) == D("-87.34")  # (483 438 − 1 200 000) / 820 438
    assert round(ratios["kassalikviditet"], 1) == D("1178.1")  # (730 438 − 0) / 62 000
    assert round(ratios["resultat_andel_av_intakter"], 2) == D("19.31")  # 183 438 / 950 000
    assert ratios["nettoinvesteringar"] == 0


# -- the checks that tie the statements together ---------------------------------------------------

def test_the_statements_of_a_consistent_file_reconcile(books: Books, mapping: AccountMapping) -> None:
    assert statement_checks(books, mapping) == []
    assert operating_check(books, mapping, operating_outcomes(books, budget())[0]) == []


def test_a_mapping_that_leaves_the_result_out_of_eget_kapital_fails_the_checks() -> None:
    broken = load_mapping("kommun-bas", {"statements": {"balansrakning": {"lines": [
        {"id": "eget_kapital", "label": "Eget kapital", "accounts": ["20"], "sign": "credit"}]}}})
    books, problems = map_books(MomentRef(2024, "bokslut"), read_sie(SIE), broken)
    assert problems == []
    messages = [p.message for p in statement_checks(books, broken)]
    assert any(m.startswith("the balansräkning does not balance (2024): Balansräkning: Summa tillgångar is "
                            "820438.00 but Balansräkning: Summa eget kapital, avsättningar och skulder is 637000.00")
               for m in messages), messages
    assert any(m.startswith("årets resultat is not the change in eget kapital (2024): Resultaträkning: Årets "
                            "resultat is 183438.00 but the change in eget kapital is 0.00") for m in messages), messages


def test_a_kassaflode_that_does_not_end_in_kassa_och_bank_fails(mapping: AccountMapping) -> None:
    broken = load_mapping("kommun-bas", {"statements": {"kassaflodesanalys": {"lines": [
        {"id": "likvida_medel_vid_arets_slut", "label": "Likvida medel vid årets slut", "accounts": ["19"],
         "sign": "debit", "measure": "opening"}]}}})
    books, _ = map_books(MomentRef(2024, "bokslut"), read_sie(SIE), broken)
    messages = [p.message for p in statement_checks(books, broken)]
    assert any("the kassaflödesanalys does not end in kassa och bank (2024): Kassaflödesanalys: Likvida medel vid "
               "årets slut is 520000.00 but Balansräkning: Kassa och bank is 720438.00" in m for m in messages)


def test_a_driftredovisning_that_does_not_sum_to_the_resultatrakning_fails(books: Books,
                                                                             mapping: AccountMapping) -> None:
    sums = operating_outcomes(books, budget())[0]
    sums[("Kansli", LineKind.KOSTNAD)] -= 1000
    [problem] = operating_check(books, mapping, sums)
    assert problem.message.startswith("the driftredovisning does not sum to the resultaträkning (2024): the "
                                      "driftredovisning's intäkter minus kostnader is 186388.00 but "
                                      "Resultaträkning: Verksamhetens nettokostnad is 185388.00")


# -- balanskrav ------------------------------------------------------------------------------------

def test_balanskravsutredning_restores_the_oldest_deficit_first() -> None:
    adjustments = Balanskrav(realisationsvinster=D(10000), rur_reservering=D(50000),
                             underskott=[Underskott(year=2023, amount=D(40000), restore_by=2026),
                                         Underskott(year=2022, amount=D(100000), restore_by=2025)])
    b = utredning(2024, D(183438), adjustments)
    assert [(r.label, r.value) for r in b.rows if r.kind == "sum"] == [
        ("Årets resultat efter balanskravsjusteringar", D(173438)), ("Balanskravsresultat", D(123438))]
    assert [(d.year, d.restored, d.remaining) for d in b.deficits] == [(2022, D(100000), 0), (2023, D(23438), D(16562))]
    assert b.conclusion.startswith("Balanskravet för 2024 är uppfyllt. Underskottet från 2023 på 16\u00a0562\u00a0kr "
                                   "ska återställas senast 2026.")
    assert b.overdue == []


def test_a_negative_balanskravsresultat_is_a_deficit_to_restore_within_three_years() -> None:
    b = utredning(2024, D(-50000), None)
    assert [(d.year, d.remaining, d.restore_by) for d in b.deficits] == [(2024, D(50000), 2027)]
    assert "inte uppfyllt" in b.conclusion


def test_a_deficit_past_its_year_is_overdue_unless_synnerliga_skal() -> None:
    late = [Underskott(year=2020, amount=D(90000), restore_by=2023)]
    late_one = utredning(2024, D(0), Balanskrav(underskott=late))
    assert [d.year for d in late_one.overdue] == [2020]
    assert "Underskottet från 2020 på 90\u00a0000\u00a0kr skulle ha återställts senast 2023 och är inte återställt." \
        in late_one.conclusion
    assert utredning(2024, D(0), Balanskrav(underskott=late, synnerliga_skal="Beslut KF § 12")).overdue == []


# -- delår and plan ----------------------------------------------------------------------------------

def test_the_prognos_is_utfall_plus_the_budget_for_the_remaining_months(mapping: AccountMapping) -> None:
    interim, _ = map_books(MomentRef(2024, "delar-0831"), read_sie(SIE), mapping)
    rows = [ResultBudgetRow(rad="verksamhetens_intakter", budget=D(900000)),
            ResultBudgetRow(rad="verksamhetens_kostnader", budget=D(-780000))]
    values, computed = prognos_values(interim, mapping.statements["resultatrakning"], rows,
                                      {"verksamhetens_kostnader": D(-760000)})
    assert computed
    assert values["verksamhetens_intakter"] == D("950000.00") + D(900000) * 4 / 12  # 4 months after 31 August
    assert values["verksamhetens_kostnader"] == D(-760000)  # given in [economy.prognos]
    assert values["avskrivningar"] == D("-30000.00")  # no budget: utfall as it stands


def test_the_balansbudget_rolls_the_last_bokslut_forward_and_balances(books: Books, mapping: AccountMapping) -> None:
    data = YearData(year=2026, resultatbudget=[
        ResultBudgetRow(rad="verksamhetens_intakter", budget=D(1000000), plan={2027: D(1000000)}),
        ResultBudgetRow(rad="verksamhetens_kostnader", budget=D(-920000), plan={2027: D(-1010000)}),
        ResultBudgetRow(rad="avskrivningar", budget=D(-30000), plan={2027: D(-30000)})],
        investeringsbudget=[InvestmentBudgetRow(projekt="P9", budget=D(20000), plan={2027: D(0)})])
    plan = economic_plan(data, mapping, books, None)
    assert plan.balanskrav == [(2026, D(50000), True), (2027, D(-40000), False)]
    balance = plan.balansbudget
    assert balance is not None and balance.columns == ["Bokslut 2024", "Budget 2026", "Plan 2027"]
    assert balance.value("eget_kapital", 1) == D("533438.00")
    assert balance.value("materiella_anlaggningstillgangar", 1) == D("80000.00")  # 90 000 + 20 000 − 30 000
    assert balance.value("kassa_och_bank", 1) == D("780438.00")  # 720 438 + 50 000 + 30 000 − 20 000
    for column in range(3):
        assert balance.value("tillgangar", column) == balance.value("eget_kapital_avsattningar_och_skulder", column)
    cash = plan.kassaflodesbudget
    assert cash is not None and cash.value("likvida medel vid årets slut".replace(" ", "_"), 1) == \
        balance.value("kassa_och_bank", 2)


# -- figures in text -----------------------------------------------------------------------------------

def test_placeholders_are_filled_and_literal_braces_kept() -> None:
    figures = {"arets_resultat": Figure(D(183438)), "soliditet": Figure(D("58.92"), "percent")}
    assert fill("Resultat {arets_resultat}, soliditet {soliditet}, {{inte}}.", figures, "tkr") == \
        "Resultat 183\u00a0tkr, soliditet 58,9\u00a0%, {inte}."
    assert unknown("{arets_resultat} {arets_resulat}", figures) == ["arets_resulat"]


# -- the reports ---------------------------------------------------------------------------------------

def test_the_arsredovisning_has_every_statutory_part_from_the_accounts(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT)
    report = fed.report("arsredovisning", year=2024)
    text = report.text
    assert "Årets resultat blev 183 tkr och soliditeten 58,9 %; {ordagrant}." in text.replace("\u00a0", " ")
    for part in ("Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Noter", "Driftredovisning",
                 "Förvaltningsberättelse", "Balanskravsutredning 2024", "Femårsöversikt", "Ansvarsförbindelser",
                 "Not 1. Redovisningsprinciper", "3511 Medlemsavgifter"):
        assert part in text, part
    assert "Balanskravet för 2024 är uppfyllt." in text
    html = report.html
    assert 'href="#not-2"' in html and 'id="not-2"' in html  # the statement refers to its note


def test_an_unknown_figure_in_a_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT.replace("{soliditet}", "{solidite}"))
    with pytest.raises(Exception) as raised:
        fed.report("arsredovisning", year=2024)
    message = str(raised.value)
    assert "moment.toml:2: texts.inledning: unknown figure {solidite}; did you mean {soliditet}?" in message


ADOPTED = """\
    [adoption]
    status = "beslutad"
    body = "styrelse"
    date = 2025-04-20
    paragraph = 12
    """


def test_an_adopted_arsredovisning_without_its_accounts_is_refused(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, ADOPTED, sie=False)
    messages = " ".join(fed.messages(2024))
    assert "bokforing.se: missing: the statements of this report are computed from the accounts" in messages
    assert "the förvaltningsberättelse lacks: oversikt" in messages
    assert "economy.pensionsforpliktelser: missing" in messages


def test_a_plugin_section_named_resultatrakning_does_not_stand_in_for_the_statement(tmp_path: Path) -> None:
    class Fake:
        @hookimpl
        def report_sections(self) -> list[Section]:
            return [Section(id="resultatrakning", title="Resultaträkning", template="sections/inledning.html")]
    fed = kommunalforbund(tmp_path, DRAFT)
    fed.use_plugin(Fake(), name="fake")
    with pytest.raises(Exception, match="section 'resultatrakning' is contributed twice"):
        fed.report("arsredovisning", year=2024)


def test_provenance_names_the_file_the_mapping_line_and_each_account(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rapportkarna.cli import main
    fed = kommunalforbund(tmp_path, DRAFT)
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "economy", "trace", "test", "--year", "2024",
                                       "--moment", "bokslut", "resultatrakning.verksamhetens_intakter"])
    assert result.exit_code == 0, result.output
    import json
    traced = json.loads(result.output)
    this_year = traced["columns"][0]
    assert this_year["file"] == "2024/bokslut/bokforing.se" and this_year["value"] == "950000.00"
    assert this_year["mapping"].startswith("kommun-bas.toml (built-in):")
    assert [(a["account"], a["value"], a["sie_lines"]) for a in this_year["accounts"]] == [
        ("3511", "700000.00", [87]), ("3590", "250000.00", [88])]
    built = fed.build()
    loaded = built.load(2024)
    rendered = built.render_html(loaded, "arsredovisning")
    assert rendered.provenance is not None
    assert rendered.provenance["balansrakning.tillgangar"]["columns"][0]["sum_of"] == [
        "anlaggningstillgangar", "omsattningstillgangar"]


# -- the other legal forms -------------------------------------------------------------------------

def test_an_ideell_forening_with_books_must_have_its_sie_file_when_adopted(tmp_path: Path) -> None:
    fed = MiniFederation(tmp_path, regime="ideell_forening")
    fed.append("federation.toml", '\n[accounts]\nmapping = "bas"\n')
    fed.append("2011/bokslut/moment.toml", '\n[adoption]\nstatus = "beslutad"\nbody = "styrelse"\n'
                                           'date = 2012-03-20\nparagraph = 4\n')
    messages = " ".join(fed.messages())
    assert "2011/bokslut/bokforing.se: missing: the statements of this report are computed from the accounts" \
        in messages
    assert "economy.revisionsberattelse: missing: the date the auditors gave their revisionsberättelse" in messages


def test_an_ideell_forening_without_books_reports_its_budget_only(tmp_path: Path) -> None:
    text = MiniFederation(tmp_path, regime="ideell_forening").report("arsredovisning").text
    assert "Resultaträkning" not in text and "Ekonomisk redovisning" in text


def test_a_samverkan_keeps_no_accounts(tmp_path: Path) -> None:
    fed = MiniFederation(tmp_path, regime="samverkan")
    fed.append("federation.toml", '\n[accounts]\nmapping = "kommun-bas"\n')
    assert any("federation.toml" in m and "accounts: a samverkan utan egen juridisk person keeps no accounts" in m
               for m in fed.messages()), fed.messages()


# -- the project ledger from dimension 6 ----------------------------------------------------------------

PROJECT = """\
    [[projects]]
    id = "tillvaxt"
    name = "Tillväxt i Norr"
    code = "P1"
    start = 2024-01-01
    end = 2025-12-31
    budget = 400000
    """


def test_a_projects_upparbetat_comes_from_dimension_6(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT + '[projects.tillvaxt]\nstatus = "pagaende"\n')
    fed.append("2024/year.toml", PROJECT)
    loaded = fed.build().load(2024)
    follow = loaded.moments["bokslut"].project("tillvaxt")
    assert follow is not None and follow.spent == D("157704.00")  # 5110 120 000 + 5610 37 704 on P1


def test_a_typed_upparbetat_that_differs_from_the_books_is_an_error(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT + '[projects.tillvaxt]\nstatus = "pagaende"\nspent = 100000\n')
    fed.append("2024/year.toml", PROJECT)
    assert any("projects.tillvaxt.spent: upparbetat 100000.00 differs from the books, which give 157704.00 for "
               "project P1" in m for m in fed.messages(2024)), fed.messages(2024)


# -- what the resultatbudget and a prognos may name -----------------------------------------------------

def test_a_resultatbudget_row_must_name_a_line_that_takes_accounts(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT)
    fed.write("2024/resultatbudget.csv", """\
        rad,budget
        verksamhetens_intakter,900000
        verksamhetens_intakt,1
        arets_resultat,2
        verksamhetens_intakter,3
        """)
    messages = fed.messages(2024)
    assert any("resultatbudget.csv:3: row 2, column rad: no line 'verksamhetens_intakt' in the resultaträkning "
               "of mapping kommun-bas; its lines: verksamhetens_intakter" in m for m in messages), messages
    assert any("resultatbudget.csv:4: row 3, column rad: 'arets_resultat' is a sum line" in m for m in messages)
    assert any("resultatbudget.csv:5: row 4, column rad: line 'verksamhetens_intakter' is given twice" in m
               for m in messages)


def test_a_prognos_for_an_unknown_line_is_an_error_at_its_key(tmp_path: Path) -> None:
    fed = kommunalforbund(tmp_path, DRAFT)
    fed.write("2024/delar-0831/moment.toml", "[economy.prognos]\nverksamhetens_kostnder = -700000\n")
    assert any("delar-0831/moment.toml:2: economy.prognos.verksamhetens_kostnder: no line" in m
               for m in fed.messages(2024)), fed.messages(2024)


def test_a_resultatbudget_without_an_account_mapping_is_not_left_unused(tmp_path: Path) -> None:
    fed = MiniFederation(tmp_path, regime="ideell_forening")
    fed.write("2011/resultatbudget.csv", "rad,budget\nintakter,1000000\n")
    assert any("2011/resultatbudget.csv: resultatbudget.csv is read with the federation's account mapping" in m
               for m in fed.messages()), fed.messages()
