"""Kommunförbundet Västernorrland: åtaganden per verksamhetsområde och särskilda verksamheter.

Västernorrlands verksamhetsplan redovisar, utöver kärnans prioriterade uppgifter och projekt,
två saker som bara förbundet har. Båda sätts en gång, med planen, i ``year.toml``; varje
uppföljande tidpunkt (delår, bokslut) skriver sin egen uppföljning i sin ``moment.toml``:

* ``ataganden`` – åtaganden och prioriteringar per verksamhetsområde (Utbildning, näringsliv och
  arbetsmarknad; Socialtjänst; Samhällsbyggnad; Kompetensutveckling), med målsättning, de presidier
  som förankrar området och varje åtagande med ett id (``[extensions.ataganden]``). Tidpunktens
  uppföljning är status och kommentar per åtagande:
  ``[extensions.ataganden.uppfoljning.<åtagandets id>]``.
* ``sarskilda_verksamheter`` – Mid Sweden Office och FoU Västernorrland: uppdrag, prioriteringar,
  åtaganden och finansiering per finansiär, kopplade till verksamhetsbudgetens kostnadsställen
  (``[extensions.sarskilda_verksamheter]``). Tidpunktens uppföljning är en text per verksamhet:
  ``[extensions.sarskilda_verksamheter.uppfoljning]``, ``<verksamhetens id> = "…"``.

Pluginen lägger till sektionerna "Åtaganden och prioriteringar" och "Särskilda verksamheter" i
alla tre rapporterna (planen utan uppföljning, delår och årsredovisning med var sin tidpunkts
uppföljning och ett utdrag ur verksamhetsbudgeten med rapportens kolumner), och kontrollerar att
data hänger ihop, också mellan tidpunkterna (se :func:`validate_federation`). Hur många åtaganden
som är genomförda vid rapportens tidpunkt står i åtagandesektionens sammanställning per område:
det är en uppföljning av planen, inget nyckeltal, och hör inte till Nyckeltal.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from rapportkarna import (hookimpl, Amount, budget_table, BudgetLine, BudgetTable,
                          DataExtension, Federation, History,
                          kortdatum, kr, LineKind, Loc, Locations, MomentData, MomentKind, MomentRef,
                          NonEmptyStr, Problem, RegimeRules, ReportType, Section, Slug, StrictModel, YearData)

__version__ = "2.0.0"


SERVED_REPORTS = {"verksamhetsplan", "delarsrapport", "arsredovisning"}


# -- the data set once (year.toml) ---------------------------------------------------------------

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


class Atagande(StrictModel):
    id: Slug = Field(description="Unikt över alla områden; tidpunkternas uppföljning använder det.")
    text: str = Field(min_length=1, description="Åtagandet, som det står i verksamhetsplanen.")
    rubrik: str | None = Field(
        None, description="Rubrik som åtagandet står under: 'Intressebevakning och samverkan', "
                          "'Mötesplatser', 'Kompetensutveckling' …")


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


class Ataganden(StrictModel):
    """``[extensions.ataganden]`` in year.toml: åtaganden och prioriteringar per verksamhetsområde."""

    inledning: str | None = Field(None, description="Text före områdena.")
    omraden: list[Verksamhetsomrade] = Field(min_length=1)

    def alla(self) -> list[Atagande]:
        return [atagande for omrade in self.omraden for atagande in omrade.ataganden]


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

    @property
    def finansierat(self) -> Decimal:
        return sum((f.belopp for f in self.finansiering), Decimal(0))


class SarskildaVerksamheter(StrictModel):
    """``[extensions.sarskilda_verksamheter]`` in year.toml: Mid Sweden Office och FoU Västernorrland."""

    inledning: str | None = None
    verksamheter: list[Verksamhet] = Field(min_length=1)


# -- the data of each follow-up moment (moment.toml) ---------------------------------------------

class Uppfoljning(StrictModel):
    """Follow-up of one åtagande at one moment."""

    status: Status
    kommentar: str | None = Field(None, description="Vad som har gjorts, eller varför inte.")


class AtagandenUppfoljning(StrictModel):
    """``[extensions.ataganden]`` in a moment.toml: the moment's follow-up per åtagande id."""

    uppfoljning: dict[Slug, Uppfoljning] = Field(
        default_factory=dict, description="Uppföljning per åtagande (id i year.toml).")


class SarskildaUppfoljning(StrictModel):
    """``[extensions.sarskilda_verksamheter]`` in a moment.toml: a text per verksamhet id."""

    uppfoljning: dict[Slug, NonEmptyStr] = Field(
        default_factory=dict, description="Uppföljning per särskild verksamhet (id i year.toml), stycken.")


ATAGANDEN = DataExtension(
    name="ataganden", model=Ataganden, moment_model=AtagandenUppfoljning, expected_at=("interim", "annual"),
    description="Åtaganden och prioriteringar per verksamhetsområde, uppföljda vid varje tidpunkt.")
SARSKILDA = DataExtension(
    name="sarskilda_verksamheter", model=SarskildaVerksamheter, moment_model=SarskildaUppfoljning,
    expected_at=("interim", "annual"),
    description="Särskilda verksamheter (Mid Sweden Office, FoU Västernorrland) med finansiering.")


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [ATAGANDEN, SARSKILDA]


def _followed_ataganden(moment: MomentData) -> dict[str, Uppfoljning]:
    found = moment.extensions.get(ATAGANDEN.name)
    return found.uppfoljning if isinstance(found, AtagandenUppfoljning) else {}


def _followed_verksamheter(moment: MomentData) -> dict[str, str]:
    found = moment.extensions.get(SARSKILDA.name)
    return found.uppfoljning if isinstance(found, SarskildaUppfoljning) else {}


@dataclass
class Tally:
    """Åtaganden per status at one moment; ``saknas`` counts those the moment (a draft) has not followed up."""

    per: dict[Status, int] = field(default_factory=lambda: {status: 0 for status in Status})
    saknas: int = 0

    @classmethod
    def of(cls, ataganden: list[Atagande], followed: dict[str, Uppfoljning]) -> "Tally":
        tally = cls()
        for atagande in ataganden:
            if atagande.id in followed:
                tally.per[followed[atagande.id].status] += 1
            else:
                tally.saknas += 1
        return tally

    @property
    def total(self) -> int:
        return sum(self.per.values()) + self.saknas


# -- checks --------------------------------------------------------------------------------------

def _check_omrade(omrade: Verksamhetsomrade, at: Loc, bodies: set[str], where: Locations) -> list[Problem]:
    """The presidier an område names exist."""
    known = ", ".join(sorted(bodies)) or "inga"
    return [where.in_year(at + ("presidier", j), f"okänt organ '{body}'; organ i federation.toml: {known}")
            for j, body in enumerate(omrade.presidier) if body not in bodies]


def _check_atagande_ids(ext: Ataganden, base: Loc, where: Locations) -> list[Problem]:
    """Åtagande ids are unique over all områden: a moment's follow-up names them without område."""
    problems = []
    first: dict[str, str] = {}
    for i, omrade in enumerate(ext.omraden):
        for j, atagande in enumerate(omrade.ataganden):
            if atagande.id in first:
                problems.append(where.in_year(base + (i, "ataganden", j, "id"),
                                              f"åtagandet '{atagande.id}' finns redan ({first[atagande.id]}); "
                                              "varje åtagande ska ha ett eget id"))
            first.setdefault(atagande.id, f"omraden[{i}].ataganden[{j}]")
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
    return problems + _check_atagande_ids(ext, base, where)


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


@dataclass(frozen=True)
class _Followed:
    """One extension's follow-up as the checks see it: which ids a moment may name, and its entries."""

    name: str
    unknown: str
    """How a message names an id year.toml lacks: 'inget åtagande'."""
    plural: str
    """The followed things in words: 'åtagandena'."""
    ids: list[str]
    """Ids of year.toml, in order."""
    entries: Callable[[MomentData], Mapping[str, object]]


def _moment_problems(ref: MomentRef, moment: MomentData, followed: _Followed, where: Locations) -> list[Problem]:
    """A moment names only ids of year.toml; the plan follows nothing up; an adopted follow-up is complete."""
    entries = followed.entries(moment)
    at: Loc = ("extensions", followed.name, "uppfoljning")
    if ref.kind is MomentKind.PLAN:
        if followed.name not in moment.extensions:
            return []
        return [where.in_moment(ref.id, ("extensions", followed.name),
                                "planen skrivs före året och följer inte upp något; uppföljningen av "
                                f"{followed.plural} hör till ett delår eller bokslutet")]
    known = ", ".join(followed.ids) or "inga"
    problems = [where.in_moment(ref.id, at + (key,), f"{followed.unknown} '{key}' i year.toml; id:n där: {known}")
                for key in entries if key not in followed.ids]
    if moment.adopted and followed.name in moment.extensions:
        # a draft prints "Uppgift saknas"; an adopted report must say how each one went (where the
        # moment has no such table at all, core names the missing extension once)
        problems += [where.in_moment(ref.id, at, f"ingen uppföljning av '{key}'; en beslutad rapport följer "
                                     f"upp alla {followed.plural}")
                     for key in followed.ids if key not in entries]
    return problems


def _genomfort_stays(year: int, moments: dict[str, MomentData], where: Locations) -> list[Problem]:
    """An åtagande that one follow-up calls genomfört is genomfört in every later one (delår → bokslut)."""
    refs = sorted((MomentRef(year, mid) for mid in moments), key=lambda r: r.order)
    done_at: dict[str, str] = {}
    problems = []
    for ref in refs:
        if ref.kind is MomentKind.PLAN:
            continue
        for key, followed in _followed_ataganden(moments[ref.id]).items():
            if key in done_at and followed.status is not Status.GENOMFORT:
                problems.append(where.in_moment(
                    ref.id, ("extensions", "ataganden", "uppfoljning", key, "status"),
                    f"åtagandet '{key}' är genomfört enligt {done_at[key]}/moment.toml men har status "
                    f"'{followed.status.value}' här; ett genomfört åtagande kan inte gå tillbaka"))
            elif followed.status is Status.GENOMFORT:
                done_at.setdefault(key, ref.id)
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData, moments: dict[str, MomentData]) -> list[Problem]:
    """Rules of Västernorrland's own data.

    Set once (year.toml):

    * every verksamhetsområde has its own id and its own name, and the presidier it names exist;
    * every åtagande has an id of its own, over all områden;
    * each särskild verksamhet's finansiering sums to its budget, its kostnadsställen exist in
      budget.csv and their costs sum to the same budget.

    Per moment (moment.toml), for both extensions (not in a ``comparison_only`` year):

    * the follow-up names only åtaganden and verksamheter of year.toml;
    * the plan follows nothing up;
    * an adopted delår or bokslut follows up every åtagande and every verksamhet.

    Across moments: an åtagande that a delår calls genomfört is still genomfört in later delår and
    in the bokslut; the problem is placed in the later moment's moment.toml.
    """
    where = Locations(federation, data.year)
    problems: list[Problem] = []
    ataganden = data.extensions.get(ATAGANDEN.name)
    if isinstance(ataganden, Ataganden):
        problems += _check_ataganden(ataganden, federation, where)
    sarskilda = data.extensions.get(SARSKILDA.name)
    if isinstance(sarskilda, SarskildaVerksamheter):
        problems += _check_sarskilda(sarskilda, data, where)
    if data.comparison_only:
        return problems  # such a year holds what later years compare with, not reports of its own
    followed = [
        _Followed(ATAGANDEN.name, "inget åtagande", "åtagandena",
                  [a.id for a in ataganden.alla()] if isinstance(ataganden, Ataganden) else [],
                  _followed_ataganden),
        _Followed(SARSKILDA.name, "ingen särskild verksamhet", "de särskilda verksamheterna",
                  [v.id for v in sarskilda.verksamheter] if isinstance(sarskilda, SarskildaVerksamheter) else [],
                  _followed_verksamheter),
    ]
    for moment_id, moment in moments.items():
        ref = MomentRef(data.year, moment_id)
        for one in followed:
            problems += _moment_problems(ref, moment, one, where)
    return problems + _genomfort_stays(data.year, moments, where)


# -- the reports ---------------------------------------------------------------------------------

def _budget_excerpt(data: YearData, verksamhet: Verksamhet, moment: MomentData,
                    history: History) -> BudgetTable | None:
    """The lines of the verksamhetsbudget that belong to ``verksamhet``, with the report's columns."""
    ref = history.current
    names = set(verksamhet.kostnadsstallen)
    lines = [line for line in data.budget.lines if line.kostnadsstalle in names]
    if not lines or ref is None:
        return None
    draft = ref.kind is not MomentKind.PLAN and not moment.adopted
    table = budget_table(data.budget, ref, moment, history, draft, only={line.key for line in lines})
    # an excerpt's bottom line is the verksamhet's net, not the förbund's result
    return replace(table, result=replace(table.result, label="Netto, intäkter minus kostnader"))


def _follow_up(history: History) -> MomentRef | None:
    """The report's moment when it follows up (delår or bokslut); None for the plan."""
    ref = history.current
    return ref if ref is not None and ref.kind is not MomentKind.PLAN else None


def _ataganden_section(ext: Ataganden, moment: MomentData, history: History, rules: RegimeRules,
                       report: ReportType) -> Section:
    ref = _follow_up(history)
    followed = _followed_ataganden(moment) if ref else {}
    tallies = {omrade.id: Tally.of(omrade.ataganden, followed) for omrade in ext.omraden}
    total = Tally.of(ext.alla(), followed)
    caption = None
    if ref is not None:
        assert ref.period_end is not None
        caption = (f"Uppföljning av åtagandena t.o.m. {kortdatum(ref.period_end)}"
                   if ref.kind is MomentKind.INTERIM else f"Uppföljning av åtagandena {ref.year}")
    return Section(
        id="ataganden", title=rules.section_title(report.id, "ataganden", "Åtaganden och prioriteringar"),
        template="sections/ataganden.html", order=45,
        data={"follow_up": ref is not None, "uppfoljning": followed, "tally": tallies, "totalt": total,
              "caption": caption,
              # the summary shows only the statuses that occur at this moment
              "statusar": [status for status, count in total.per.items() if count]})


@hookimpl
def report_sections(report: ReportType, data: YearData, moment: MomentData, history: History,
                    rules: RegimeRules) -> list[Section]:
    if report.id not in SERVED_REPORTS:
        return []
    sections = []
    ataganden = data.extensions.get(ATAGANDEN.name)
    if isinstance(ataganden, Ataganden):
        sections.append(_ataganden_section(ataganden, moment, history, rules, report))
    sarskilda = data.extensions.get(SARSKILDA.name)
    if isinstance(sarskilda, SarskildaVerksamheter):
        ref = _follow_up(history)
        tables = {v.id: _budget_excerpt(data, v, moment, history) for v in sarskilda.verksamheter}
        sections.append(Section(
            id="sarskilda_verksamheter",
            title=rules.section_title(report.id, "sarskilda_verksamheter", "Särskilda verksamheter"),
            template="sections/sarskilda_verksamheter.html", order=47,
            data={"follow_up": ref is not None, "uppfoljning": _followed_verksamheter(moment) if ref else {},
                  "budget_tables": tables}))
    return sections


