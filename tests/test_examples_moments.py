"""The example federations read truthfully for each moment: field by field, no value of a delår
reaches the årsredovisning, and the two-year example compares with its earlier year."""

from decimal import Decimal
from typing import Any

import pytest

from rapportkarna.build import FederationBuild
from rapportkarna.economy.project_table import budget_to_year_end
from rapportkarna.formatting import belopp, datum, kortdatum
from rapportkarna.moment_diff import leaves
from rapportkarna.model import MomentKind
from rapportkarna.plugins import discover
from rapportkarna.workspace import Workspace

from conftest import ROOT

REPO = Workspace(ROOT)
WITH_DELAR_AND_BOKSLUT = [
    (federation.slug, year) for federation in REPO.federations() for year in federation.report_years
    if (federation.root / str(year) / "bokslut").is_dir()
    and any(p.name.startswith("delar-") for p in (federation.root / str(year)).iterdir())
]


def _body(html: str) -> str:
    return html[html.index("<body"):]


def _forms(value: Any) -> list[str]:
    """How a follow-up value would show in a report, where that form is distinctive enough to
    search for: long texts, and amounts in kr and tkr of at least four digits."""
    if hasattr(value, "label") or isinstance(value, bool):
        return []  # a status word; checked through the views below
    if isinstance(value, str):
        return [value] if len(value) >= 25 else []
    if isinstance(value, int | Decimal):
        forms = [belopp(value, "kr"), belopp(value, "tkr")]
        return [f for f in forms if sum(c.isdigit() for c in f) >= 4]
    return []


def test_the_examples_have_moments_to_compare():
    assert len(WITH_DELAR_AND_BOKSLUT) >= 4, WITH_DELAR_AND_BOKSLUT


@pytest.mark.parametrize(("slug", "year"), WITH_DELAR_AND_BOKSLUT)
def test_no_value_of_a_delar_reaches_the_arsredovisning(catalogue, slug: str, year: int):
    fed = FederationBuild(REPO, REPO.federation(slug), catalogue)
    loaded = fed.load(year)
    annual = _body(fed.render_html(loaded, "arsredovisning").html)
    bokslut = dict(leaves(loaded.moments["bokslut"]))
    # a value the bokslut or the set-once data also holds (a budget, a financier's amount, a name)
    # may stand in the årsredovisning for its own sake
    elsewhere = {repr(v) for _, v in leaves(loaded.data)} | {repr(v) for v in bokslut.values()}
    # and so may a figure computed from the set-once data alone: a project's budget to the year's end
    elsewhere |= {repr(budget_to_year_end(p, year)) for p in loaded.data.projects}
    checked = 0
    for ref in loaded.refs():
        if ref.kind is not MomentKind.INTERIM:
            continue
        for path, value in leaves(loaded.moments[ref.id]):
            if bokslut.get(path) == value or repr(value) in elsewhere or path.startswith("meta."):
                continue  # the bokslut records the same value (a name, a key), or the notice's own text
            for form in _forms(value):
                checked += 1
                assert form not in annual, f"{slug} {year}: {ref.id} {path} = {value!r} is in the årsredovisning"
        assert ref.period_end is not None
        for phrase in (f"t.o.m. {kortdatum(ref.period_end)}", f"per {datum(ref.period_end)}"):
            assert phrase not in annual, f"{slug} {year}: the delår's period '{phrase}' in the årsredovisning"
    assert checked > 10, f"{slug} {year}: too few delår values to check ({checked})"


@pytest.mark.parametrize(("slug", "year"), WITH_DELAR_AND_BOKSLUT)
def test_the_arsredovisning_shows_the_bokslut_status_of_every_project(catalogue, slug: str, year: int):
    fed = FederationBuild(REPO, REPO.federation(slug), catalogue)
    loaded = fed.load(year)
    html = _body(fed.render_html(loaded, "arsredovisning").html)
    for project in loaded.data.projects:
        followed = loaded.moments["bokslut"].project(project.id)
        if followed is None or 'id="projekt"' not in html:
            continue
        row = html[html.index(f'href="#projekt-{project.id}"'):]
        row = row[:row.index("</tr>")]
        assert f"<td>{followed.status.label}</td>" in row, f"{slug}: {project.id}"
        assert project.end is None or project.end > loaded.refs()[-1].period_end or followed.status.value == "avslutat"


def test_the_two_year_example_shows_last_years_utfall(catalogue):
    with_earlier = [(f, y) for f in REPO.federations() for y in f.report_years if y - 1 in f.years]
    assert with_earlier, "no example federation has two consecutive years"
    for federation, year in with_earlier:
        fed = FederationBuild(REPO, federation, catalogue)
        loaded = fed.load(year)
        if "bokslut" not in loaded.moments:
            continue
        earlier = fed.load(year - 1).moments.get("bokslut")
        assert earlier is not None and earlier.outcomes
        html = _body(fed.render_html(loaded, "arsredovisning").html)
        # the budget table ("amounts", or "amounts with-codes" where the budget has kostnadsställe
        # codes): the table whose head has last year's utfall
        header = f'class="num earlier">Utfall {year - 1}</th>'
        assert header in html, f"{federation.slug} {year}: no column Utfall {year - 1}"
        table = html[html.rindex('<table class="amounts', 0, html.index(header)):]
        assert f'class="num earlier">Utfall {year - 1}</th>' in table[:table.index("</thead>")]
        first = earlier.outcomes[0]
        assert belopp(first.utfall, "tkr") in table


#: The resultatbudget's lines of financial items: budget.csv budgets the verksamhet by kostnadsställe,
#: before them (Botnia Digital's budget.csv has no line for interest).
FINANCIAL_LINES = {"finansiella_intakter", "finansiella_kostnader"}
WITH_RESULTATBUDGET = [(federation.slug, year) for federation in REPO.federations() for year in federation.years
                       if (federation.root / str(year) / "resultatbudget.csv").is_file()]


@pytest.mark.parametrize(("slug", "year"), WITH_RESULTATBUDGET)
def test_an_examples_resultatbudget_and_budget_csv_give_the_same_result(slug: str, year: int) -> None:
    """The two budgets of a year are adopted together: the report's "Budgeterat resultat" (from the
    resultatbudget) and its budget table's result row must not contradict each other."""
    fed = FederationBuild(REPO, REPO.federation(slug), discover([REPO.plugins_dir]))
    data = fed.load(year).data
    def amount(line: Any, plan_year: int | None) -> Decimal:
        return line.budget if plan_year is None else line.plan.get(plan_year, Decimal(0))

    for plan_year in [None, *data.budget.plan_years]:
        by_kostnadsstalle = sum((amount(line, plan_year) * (1 if line.kind.value == "intakt" else -1)
                                 for line in data.budget.lines), Decimal(0))
        by_kind = sum((amount(row, plan_year) for row in data.resultatbudget if row.rad not in FINANCIAL_LINES),
                      Decimal(0))
        assert by_kind == by_kostnadsstalle, (slug, year, plan_year or "budget")
