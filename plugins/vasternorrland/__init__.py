"""Kommunförbundet Västernorrland: åtaganden per verksamhetsområde och särskilda verksamheter.

Västernorrlands verksamhetsplan redovisar, utöver kärnans prioriterade uppgifter och projekt,
två saker som bara förbundet har:

* ``ataganden`` – åtaganden och prioriteringar per verksamhetsområde (Utbildning, näringsliv och
  arbetsmarknad; Socialtjänst; Samhällsbyggnad; Kompetensutveckling), med målsättning, de presidier
  som förankrar området och varje åtagande. I delårsrapporten och årsredovisningen följs varje
  åtagande upp med status och kommentar, var rapport för sig.
* ``sarskilda_verksamheter`` – Mid Sweden Office och FoU Västernorrland: uppdrag, prioriteringar,
  åtaganden och finansiering per finansiär, kopplade till verksamhetsbudgetens kostnadsställen.

Pluginen lägger till sektionerna "Åtaganden och prioriteringar" och "Särskilda verksamheter" i
alla tre rapporterna, ett nyckeltal över hur många åtaganden som är genomförda i de uppföljande
rapporterna, och kontrollerar att data hänger ihop (se :func:`validate_federation`).
"""

from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pydantic import Field

from rapportkarna import hookimpl
from rapportkarna.economy import BudgetTable, budget_table
from rapportkarna.errors import Problem
from rapportkarna.extensions import DataExtension
from rapportkarna.formatting import kortdatum, kr
from rapportkarna.locations import Loc, Locations
from rapportkarna.model import (Amount, Budget, BudgetLine, Indicator, IndicatorStatus, LineKind, Slug,
                              StrictModel, YearData)
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation

__version__ = "1.0.0"

TEMPLATES = Path(__file__).parent / "templates"

#: Report period → field of an åtagande that holds that report's follow-up.
FOLLOW_UP_FIELD = {"interim": "delarsrapport", "annual": "arsredovisning"}

SERVED_REPORTS = {"verksamhetsplan", "delarsrapport", "arsredovisning"}


# -- the data ------------------------------------------------------------------------------------

class Status(StrEnum):
    """How far an åtagande has come; the report shows the word, the colour only repeats it."""

    GENOMFORT = "genomfort"
    PAGAR = "pagar"
    EJ_PABORJAT = "ej_paborjat"
    SENARELAGT = "senarelagt"
    UTGAR = "utgar"

    @property
    def label(self) -> str:
        return {
            "genomfort": "Genomfört",
            "pagar": "Pågår",
            "ej_paborjat": "Ej påbörjat",
            "senarelagt": "Senarelagt",
            "utgar": "Utgår",
        }[self.value]

    @property
    def css(self) -> str:
        """The core indicator status class whose colour matches this status."""
        return {
            "genomfort": "uppfyllt",
            "pagar": "delvis",
            "ej_paborjat": "ej_bedomt",
            "senarelagt": "ej_uppfyllt",
            "utgar": "ej_uppfyllt",
        }[self.value]


class Uppfoljning(StrictModel):
    """Follow-up of one åtagande in one report."""

    status: Status
    kommentar: str | None = Field(None, description="Vad som har gjorts, eller varför inte.")


class Atagande(StrictModel):
    text: str = Field(min_length=1, description="Åtagandet, som det står i verksamhetsplanen.")
    rubrik: str | None = Field(
        None, description="Rubrik som åtagandet står under: 'Intressebevakning och samverkan', "
                          "'Mötesplatser', 'Kompetensutveckling' …")
    delarsrapport: Uppfoljning | None = Field(None, description="Uppföljning i delårsrapporten.")
    arsredovisning: Uppfoljning | None = Field(None, description="Uppföljning i årsredovisningen.")

    def uppfoljning(self, field: str | None) -> Uppfoljning | None:
        """The follow-up for the report whose follow-up field is ``field``."""
        return getattr(self, field) if field in FOLLOW_UP_FIELD.values() else None


class Verksamhetsomrade(StrictModel):
    id: Slug
    namn: str = Field(min_length=1)
    malsattning: str | None = Field(None, description="Områdets målsättning.")
    inriktning: str | None = Field(None, description="Bakgrund och inriktning för året (stycken).")
    presidier: list[Slug] = Field(
        default_factory=list, description="Organ i federation.toml som förankrar området (id).")
    ataganden: list[Atagande] = Field(min_length=1)

    def grupper(self) -> list[tuple[str | None, list[Atagande]]]:
        """Åtagandena grouped by rubrik, in the order the rubriker first appear."""
        groups: dict[str | None, list[Atagande]] = {}
        for atagande in self.ataganden:
            groups.setdefault(atagande.rubrik, []).append(atagande)
        return list(groups.items())

    def antal(self, field: str | None) -> dict[Status, int]:
        """Number of åtaganden per status in the report whose follow-up field is ``field``."""
        counts = {status: 0 for status in Status}
        for atagande in self.ataganden:
            followed = atagande.uppfoljning(field)
            if followed is not None:
                counts[followed.status] += 1
        return counts


class Ataganden(StrictModel):
    """``[extensions.ataganden]``: åtaganden och prioriteringar per verksamhetsområde."""

    inledning: str | None = Field(None, description="Text före områdena.")
    omraden: list[Verksamhetsomrade] = Field(min_length=1)

    def antal(self, field: str | None) -> dict[Status, int]:
        """Number of åtaganden per status over all områden."""
        counts = {status: 0 for status in Status}
        for omrade in self.omraden:
            for status, count in omrade.antal(field).items():
                counts[status] += count
        return counts

    @property
    def totalt(self) -> int:
        return sum(len(omrade.ataganden) for omrade in self.omraden)


class Finansiering(StrictModel):
    finansiar: str = Field(min_length=1)
    belopp: Amount


class Verksamhet(StrictModel):
    id: Slug
    namn: str = Field(min_length=1)
    placering: str | None = Field(None, description="Var verksamheten bedrivs.")
    huvudman: str | None = Field(None, description="Formell huvudman eller projektägare.")
    uppdrag: str = Field(min_length=1, description="Verksamhetens uppdrag (stycken).")
    prioriteringar: list[str] = Field(default_factory=list, description="Prioriterade områden under året.")
    ataganden: list[str] = Field(default_factory=list, description="Kommunförbundets åtaganden.")
    budget: Amount = Field(description="Verksamhetens kostnader för året, kr.")
    finansiering: list[Finansiering] = Field(min_length=1, description="Finansiering per finansiär, kr.")
    kostnadsstallen: list[str] = Field(
        default_factory=list,
        description="Verksamhetsbudgetens rader (budget.csv) som hör till verksamheten, intäkter och kostnader.")
    delarsrapport: str | None = Field(None, description="Uppföljning i delårsrapporten.")
    arsredovisning: str | None = Field(None, description="Uppföljning i årsredovisningen.")

    def uppfoljning(self, field: str | None) -> str | None:
        return getattr(self, field) if field in FOLLOW_UP_FIELD.values() else None

    @property
    def finansierat(self) -> Decimal:
        return sum((f.belopp for f in self.finansiering), Decimal(0))


class SarskildaVerksamheter(StrictModel):
    """``[extensions.sarskilda_verksamheter]``: Mid Sweden Office och FoU Västernorrland."""

    inledning: str | None = None
    verksamheter: list[Verksamhet] = Field(min_length=1)


ATAGANDEN = DataExtension(
    name="ataganden", model=Ataganden,
    description="Åtaganden och prioriteringar per verksamhetsområde, med uppföljning per rapport.")
SARSKILDA = DataExtension(
    name="sarskilda_verksamheter", model=SarskildaVerksamheter,
    description="Särskilda verksamheter (Mid Sweden Office, FoU Västernorrland) med finansiering.")


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [ATAGANDEN, SARSKILDA]


# -- checks --------------------------------------------------------------------------------------

def _check_omrade(omrade: Verksamhetsomrade, at: Loc, bodies: set[str], where: Locations) -> list[Problem]:
    """The presidier an område names exist, and no åtagande goes back from genomfört."""
    problems = []
    for j, body in enumerate(omrade.presidier):
        if body not in bodies:
            known = ", ".join(sorted(bodies)) or "inga"
            problems.append(where.in_year(at + ("presidier", j),
                                          f"okänt organ '{body}'; organ i federation.toml: {known}"))
    for j, atagande in enumerate(omrade.ataganden):
        delar, helar = atagande.delarsrapport, atagande.arsredovisning
        if (delar and delar.status is Status.GENOMFORT and helar
                and helar.status is not Status.GENOMFORT):
            problems.append(where.in_year(
                at + ("ataganden", j, "arsredovisning", "status"),
                f"åtagandet är genomfört enligt delårsrapporten men har status "
                f"'{helar.status.value}' i årsredovisningen; ett genomfört åtagande kan inte gå tillbaka"))
    return problems


def _check_ataganden(ext: Ataganden, federation: Federation, where: Locations) -> list[Problem]:
    problems = []
    base: Loc = ("extensions", "ataganden", "omraden")
    bodies = {b.id for b in federation.config.organisation.bodies}
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for i, omrade in enumerate(ext.omraden):
        if omrade.id in seen_ids:
            problems.append(where.in_year(base + (i, "id"), f"område '{omrade.id}' finns redan "
                                          f"(omraden[{seen_ids[omrade.id]}]); varje område ska ha ett eget id"))
        seen_ids.setdefault(omrade.id, i)
        key = omrade.namn.casefold()
        if key in seen_names:
            problems.append(where.in_year(base + (i, "namn"), f"området '{omrade.namn}' finns redan "
                                          f"(omraden[{seen_names[key]}]); slå ihop åtagandena under ett område"))
        seen_names.setdefault(key, i)
        problems += _check_omrade(omrade, base + (i,), bodies, where)
    return problems


def _check_kostnadsstallen(verksamhet: Verksamhet, at: Loc, lines: dict[str, list[BudgetLine]],
                           where: Locations) -> list[Problem]:
    """A verksamhet's kostnadsställen exist in budget.csv, and their costs are its budget."""
    known = "; ".join(lines) or "inga rader"
    problems = [where.in_year(at + ("kostnadsstallen", j),
                              f"kostnadsstället '{name}' finns inte i budget.csv; rader: {known}")
                for j, name in enumerate(verksamhet.kostnadsstallen) if name not in lines]
    cost_lines = [line for name in verksamhet.kostnadsstallen for line in lines.get(name, [])
                  if line.kind is LineKind.KOSTNAD]
    costs = sum((line.budget for line in cost_lines), Decimal(0))
    if cost_lines and not problems and costs != verksamhet.budget:
        problems.append(where.in_year(
            at + ("budget",),
            f"budgeten för {verksamhet.namn} är {kr(verksamhet.budget)}, men kostnaderna på dess "
            f"kostnadsställen i budget.csv ({', '.join(verksamhet.kostnadsstallen)}) är budgeterade "
            f"till {kr(costs)}"))
    return problems


def _check_sarskilda(ext: SarskildaVerksamheter, data: YearData, where: Locations) -> list[Problem]:
    problems = []
    base: Loc = ("extensions", "sarskilda_verksamheter", "verksamheter")
    lines: dict[str, list[BudgetLine]] = {}
    for line in data.budget.lines:
        lines.setdefault(line.kostnadsstalle, []).append(line)
    ids: dict[str, int] = {}
    for i, verksamhet in enumerate(ext.verksamheter):
        if verksamhet.id in ids:
            problems.append(where.in_year(base + (i, "id"), f"verksamheten '{verksamhet.id}' finns redan "
                                          f"(verksamheter[{ids[verksamhet.id]}])"))
        ids.setdefault(verksamhet.id, i)
        if verksamhet.finansierat != verksamhet.budget:
            problems.append(where.in_year(
                base + (i, "finansiering"),
                f"finansieringen av {verksamhet.namn} summerar till {kr(verksamhet.finansierat)}, "
                f"men budgeten är {kr(verksamhet.budget)} (skillnad "
                f"{kr(verksamhet.finansierat - verksamhet.budget)})"))
        problems += _check_kostnadsstallen(verksamhet, base + (i,), lines, where)
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData) -> list[Problem]:
    """Rules of Västernorrland's own data.

    * every verksamhetsområde has its own id and its own name, and the presidier it names exist;
    * an åtagande that the delårsrapport calls genomfört is still genomfört in the årsredovisning;
    * each särskild verksamhet's finansiering sums to its budget, its kostnadsställen exist in
      budget.csv and their costs sum to the same budget.
    """
    where = Locations(federation, data.year)
    problems: list[Problem] = []
    ataganden = data.extensions.get(ATAGANDEN.name)
    if isinstance(ataganden, Ataganden):
        problems += _check_ataganden(ataganden, federation, where)
    sarskilda = data.extensions.get(SARSKILDA.name)
    if isinstance(sarskilda, SarskildaVerksamheter):
        problems += _check_sarskilda(sarskilda, data, where)
    return problems


# -- the reports ---------------------------------------------------------------------------------

def _budget_excerpt(data: YearData, verksamhet: Verksamhet, period: str) -> BudgetTable | None:
    """The lines of the verksamhetsbudget that belong to ``verksamhet``, as a core budget table."""
    names = set(verksamhet.kostnadsstallen)
    lines = [line for line in data.budget.lines if line.kostnadsstalle in names]
    if not lines:
        return None
    excerpt = Budget(period_end=data.budget.period_end, lines=lines)
    table = budget_table(excerpt, period, data.year)
    result = table.result.model_copy(update={"label": "Netto, intäkter minus kostnader"})
    return table.model_copy(update={"result": result})


@hookimpl
def report_sections(report: ReportType, data: YearData, rules: RegimeRules) -> list[Section]:
    if report.id not in SERVED_REPORTS:
        return []
    follow_up = FOLLOW_UP_FIELD.get(report.period)
    sections = []
    ataganden = data.extensions.get(ATAGANDEN.name)
    if isinstance(ataganden, Ataganden):
        # the summary table shows only the statuses that occur in this report's follow-up
        used = [status for status, count in ataganden.antal(follow_up).items() if count]
        sections.append(Section(
            id="ataganden", title=rules.section_title(report.id, "ataganden", "Åtaganden och prioriteringar"),
            template="sections/ataganden.html", order=45,
            data={"follow_up": follow_up, "statusar": used}))
    sarskilda = data.extensions.get(SARSKILDA.name)
    if isinstance(sarskilda, SarskildaVerksamheter):
        tables = {v.id: _budget_excerpt(data, v, report.period) for v in sarskilda.verksamheter}
        sections.append(Section(
            id="sarskilda_verksamheter",
            title=rules.section_title(report.id, "sarskilda_verksamheter", "Särskilda verksamheter"),
            template="sections/sarskilda_verksamheter.html", order=47,
            data={"follow_up": follow_up, "budget_tables": tables}))
    return sections


@hookimpl
def indicators(report: ReportType, data: YearData) -> list[ContributedIndicator]:
    """In a follow-up report: how many of the year's åtaganden are genomförda, per område."""
    field = FOLLOW_UP_FIELD.get(report.period)
    ext = data.extensions.get(ATAGANDEN.name)
    if report.id not in SERVED_REPORTS or field is None or not isinstance(ext, Ataganden):
        return []
    when = (f"t.o.m. {kortdatum(data.budget.period_end)}" if field == "delarsrapport" and data.budget.period_end
            else f"under {data.year}")
    found = []
    for omrade in ext.omraden:
        counts = omrade.antal(field)
        if not any(counts.values()):
            continue
        done = counts[Status.GENOMFORT]
        rest = ", ".join(f"{n} {s.label.lower()}" for s, n in counts.items() if n and s is not Status.GENOMFORT)
        total = len(omrade.ataganden)
        status = None  # mid-year, an åtagande not yet genomfört is no shortfall
        if field == "arsredovisning":
            status = (IndicatorStatus.UPPFYLLT if done == total
                      else IndicatorStatus.DELVIS if done else IndicatorStatus.EJ_UPPFYLLT)
        found.append(ContributedIndicator(
            group="Genomförda åtaganden",
            indicator=Indicator(
                text=f"{omrade.namn}: genomförda åtaganden {when}", unit="st",
                outcome=Decimal(done), target=Decimal(total), direction="increase", status=status,
                assessment=f"{done} av {total} genomförda" + (f"; {rest}" if rest else "") + ".")))
    return found


@hookimpl
def template_dirs() -> list[Path]:
    return [TEMPLATES]


@hookimpl
def extra_css() -> list[str]:
    return ["css/vasternorrland.css"]
