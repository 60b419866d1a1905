"""Kommunförbundet Norrbotten: what only this federation's reports have.

Two data extensions, both recorded per reporting moment (a delår and the bokslut each have their
own) and compared only with earlier moments, through ``history``:

``mediacenter``
    MediaCenter Norrbotten's lending statistics per member municipality for one term, from the
    moment's ``mediacenter.csv`` (one row per kommun, one column per kind of media; the ``period``
    column names the term). A delår shows the spring term (VT) of its year, the bokslut the autumn
    term (HT): the term is the moment's, never typed. Both compare with the HT of the previous
    year's bokslut (``history.annual(year − 1)``), so an årsredovisning never shows VT, an interim
    value. ``[extensions.mediacenter]`` in the moment's moment.toml may give a comment (``text``)
    and the ``source``; ``priority`` in year.toml (set once) names the prioriterad uppgift the
    total and the share of streaming are indicators under (else they go to Nyckeltal). Shown as
    the section "Utlåningsstatistik MediaCenter Norrbotten" in the delårsrapport and the
    årsredovisning: lending per kommun with a sum row and the change since the term compared
    with, lending per kind of media, and the compared term's table.

``kurser``
    The kurser och konferenser from 1 January to the moment's period end, per area of activity,
    from the moment's ``kurser.csv`` (or, where only totals are known, ``kurser`` and
    ``deltagare`` in ``[extensions.kurser]``; given with rows, they are the totals the text states
    and must agree with the rows). Compared with the same period of the previous year: the delår
    per the same day (``history.interim``), or the previous bokslut (``history.annual``). Shown
    as the section "Kurser och konferenser" right after Uppföljning; an area whose row names a
    prioriterad uppgift is also an indicator under that uppgift.

Both are expected at every delår and bokslut (``expected_at``); the plan has neither.

``validate_federation`` checks what only the federation knows, with each problem placed in the
moment's file and line: every kommunkod in mediacenter.csv is a member with that name; every row
is of the moment's term; no kommun has two rows; named prioriterade uppgifter exist; the plan
records no statistics; and the bokslut's kurser per area are at least what the year's delår had
counted.

``templates/css/norrbotten.css`` (included by convention, as every stylesheet of a plugin package is) keeps the plugin's tables whole and lets Norrbotten's
long prioriterade uppgifter and projekt run across pages.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from rapportkarna import (hookimpl, ContributedIndicator, DataExtension, datum, Federation, History,
                          Indicator, IndicatorSource, IndicatorValue, Kommunkod, Locations, MISSING, MOMENT_FILE,
                          MomentData, MomentKind, MomentRef, NonEmptyStr, Problem, procent, ReportType,
                          Section, Slug, StrictModel, tal, YearData)

__version__ = "0.2.0"

MEDIACENTER_CSV = "mediacenter.csv"
KURSER_CSV = "kurser.csv"

#: The kinds of media in MediaCenter's statistics: CSV column → heading, in the order of its tables.
MEDIA = (
    ("stream", "Stream"),
    ("dvd_inkopt", "Inköpt DVD"),
    ("ur_radio", "UR radio"),
    ("ped_dataprog", "Pedagogiska dataprogram"),
    ("ur_dvd", "UR DVD"),
    ("video_inkopt", "Inköpt video"),
)
#: Moments whose reports follow up a period; the plan has no statistics to show.
FOLLOW_UP = ("interim", "annual")


# -- the data ------------------------------------------------------------------------------------

def _count(value: Any) -> Any:
    """A count may be written with Swedish thousands spaces: '12 982'."""
    if isinstance(value, str):
        return value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return value


Count = Annotated[int, BeforeValidator(_count), Field(ge=0)]


class Lending(StrictModel):
    """One row of mediacenter.csv: a kommun's loans and viewings during one term."""

    kommun: NonEmptyStr
    kommunkod: Kommunkod
    period: NonEmptyStr = Field(description="Termin, t.ex. 'VT 2011'; the moment's term.")
    stream: Count = 0
    dvd_inkopt: Count = 0
    ur_radio: Count = 0
    ped_dataprog: Count = 0
    ur_dvd: Count = 0
    video_inkopt: Count = 0

    def count(self, medium: str) -> int:
        return int(getattr(self, medium))

    @property
    def total(self) -> int:
        return sum(self.count(key) for key, _ in MEDIA)


class MediaCenterSettings(StrictModel):
    """``[extensions.mediacenter]`` in year.toml: what is set once for the year."""

    priority: Slug | None = Field(None, description="Prioriterad uppgift som totalen redovisas under.")


class MediaCenterTerm(StrictModel):
    """``[extensions.mediacenter]`` in a moment's moment.toml, with the rows of its mediacenter.csv."""

    text: str | None = Field(None, description="Kommentar som står före tabellerna.")
    source: str | None = Field(None, description="Källa för statistiken.")
    rows: list[Lending] = Field(default_factory=list)


class KursArea(StrictModel):
    """One row of kurser.csv: the kurser och konferenser of one area."""

    omrade: NonEmptyStr
    kurser: Count
    deltagare: Count
    priority: Slug | None = Field(None, description="Prioriterad uppgift som raden redovisas under.")


class KurserPeriod(StrictModel):
    """``[extensions.kurser]`` in a moment's moment.toml, with the rows of its kurser.csv.

    The period is the moment's: from 1 January to its period end.
    """

    kurser: Count | None = Field(
        None, description="Antal kurser och konferenser enligt texten; ska stämma med raderna.")
    deltagare: Count | None = Field(None, description="Antal deltagare enligt texten; ska stämma med raderna.")
    areas: list[KursArea] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "KurserPeriod":
        if self.areas:
            for name, stated in (("kurser", self.kurser), ("deltagare", self.deltagare)):
                summed = sum(getattr(a, name) for a in self.areas)
                if stated is not None and stated != summed:
                    raise ValueError(f"{name} = {stated}, but the rows of {KURSER_CSV} add up to {summed}")
        elif self.kurser is None or self.deltagare is None:
            raise ValueError(f"give kurser and deltagare, or the rows of {KURSER_CSV}")
        return self

    @property
    def total_kurser(self) -> int:
        return sum(a.kurser for a in self.areas) if self.areas else int(self.kurser or 0)

    @property
    def total_deltagare(self) -> int:
        return sum(a.deltagare for a in self.areas) if self.areas else int(self.deltagare or 0)


# -- the moment's period and term ----------------------------------------------------------------

def term_of(ref: MomentRef) -> str | None:
    """The term a moment's MediaCenter statistics cover: VT at a delår, HT at the bokslut."""
    if ref.kind is MomentKind.PLAN:
        return None
    return f"{'HT' if ref.kind is MomentKind.ANNUAL else 'VT'} {ref.year}"


def period_label(ref: MomentRef) -> str:
    """'1 januari – 30 juni 2011' for a delår, '2011' for the bokslut (the whole year)."""
    if ref.kind is MomentKind.ANNUAL:
        return str(ref.year)
    start = datum(ref.period_start).rsplit(" ", 1)[0]  # '1 januari', without the year
    return f"{start} – {datum(ref.period_end)}"


def during(ref: MomentRef) -> str:
    """What follows 'Under' in a sentence about the moment's period."""
    return str(ref.year) if ref.kind is MomentKind.ANNUAL else f"perioden {period_label(ref)}"


def _same_period_last_year(ref: MomentRef, history: History) -> MomentData | None:
    """The previous year's moment per the same day: its bokslut for a bokslut, its delår for a delår."""
    assert ref.period_end is not None
    if ref.kind is MomentKind.ANNUAL:
        return history.annual(ref.year - 1)
    return history.interim(ref.year - 1, ref.period_end)


# -- computed tables -----------------------------------------------------------------------------

def _change_pct(current: int | None, previous: int | None) -> Decimal | None:
    if current is None or not previous:
        return None
    return Decimal(current - previous) * 100 / Decimal(previous)


@dataclass(frozen=True)
class TermLine:
    """A kommun's (or the sum's) lending in one term, per kind of media."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class KommunLine:
    """A kommun's row (or the sum row): both terms, and the totals that are compared."""

    label: str
    kommunkod: str | None
    current: TermLine | None
    previous: TermLine | None
    compared: tuple[int, int] | None = None
    """(current, previous) totals behind the change; only kommuner with both terms count."""

    @property
    def change(self) -> int | None:
        return None if self.compared is None else self.compared[0] - self.compared[1]

    @property
    def change_pct(self) -> Decimal | None:
        return None if self.compared is None else _change_pct(*self.compared)


@dataclass(frozen=True)
class MediumLine:
    label: str
    current: int
    previous: int | None
    share: Decimal | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        return _change_pct(self.current, self.previous)


@dataclass(frozen=True)
class MediaCenterTable:
    current_label: str
    previous_label: str | None
    media: tuple[tuple[str, str], ...]
    kommuner: list[KommunLine]
    total: KommunLine
    by_medium: list[MediumLine]
    missing: list[str]
    """Members without a row for the current term."""
    text: str | None
    source: str | None

    @property
    def has_previous(self) -> bool:
        return self.previous_label is not None and any(k.previous for k in self.kommuner)

    @property
    def increased(self) -> int:
        return sum(1 for k in self.kommuner if k.change is not None and k.change > 0)


@dataclass(frozen=True)
class Term:
    """One term's statistics as a table shows them: its label and its rows."""

    label: str
    data: MediaCenterTerm


def _term(label: str, row: Lending | None) -> TermLine | None:
    return None if row is None else TermLine(label, tuple(row.count(key) for key, _ in MEDIA))


def _sum_terms(label: str, terms: list[TermLine | None]) -> TermLine | None:
    present = [t for t in terms if t is not None]
    if not present:
        return None
    return TermLine(label, tuple(sum(t.counts[i] for t in present) for i in range(len(MEDIA))))


def _kommun_order(terms: list[Term], members: list[Any]) -> tuple[list[str], dict[str, str]]:
    """Members in their order, then rows of unknown codes as given (validation names those)."""
    order = [m.kommunkod for m in members]
    names = {m.kommunkod: m.name for m in members}
    for term in terms:
        for row in term.data.rows:
            if row.kommunkod not in order:
                order.append(row.kommunkod)
                names[row.kommunkod] = row.kommun
    return order, names


def mediacenter_table(current: Term, previous: Term | None, members: list[Any]) -> MediaCenterTable:
    """Lending per kommun in ``current``, compared with ``previous`` where it is given."""
    now = {row.kommunkod: row for row in current.data.rows}
    before = {row.kommunkod: row for row in previous.data.rows} if previous else {}
    order, names = _kommun_order([current] + ([previous] if previous else []), members)
    lines = []
    for code in order:
        cur = _term(current.label, now.get(code))
        prev = _term(previous.label, before.get(code)) if previous else None
        if cur or prev:
            compared = (cur.total, prev.total) if cur and prev else None
            lines.append(KommunLine(names[code], code, cur, prev, compared))
    total_current = _sum_terms(current.label, [k.current for k in lines])
    total_previous = _sum_terms(previous.label, [k.previous for k in lines]) if previous else None
    # The sum's change compares only kommuner that have both terms, so that a kommun missing
    # from one term does not show as a change in lending.
    both = [k.compared for k in lines if k.compared]
    compared = (sum(c[0] for c in both), sum(c[1] for c in both)) if both else None
    total = KommunLine("Summa", None, total_current, total_previous, compared)
    grand = total_current.total if total_current else 0
    by_medium = []
    for index, (_, label) in enumerate(MEDIA):
        cur_count = total_current.counts[index] if total_current else 0
        prev_count = total_previous.counts[index] if total_previous else None
        share = Decimal(cur_count) * 100 / Decimal(grand) if grand else None
        by_medium.append(MediumLine(label, cur_count, prev_count, share))
    missing = [m.name for m in members if m.kommunkod not in now]
    return MediaCenterTable(current.label, previous.label if previous else None, MEDIA, lines, total,
                            by_medium, missing, current.data.text, current.data.source)


def _mediacenter_terms(ref: MomentRef, moment: MomentData, history: History) -> tuple[Term, Term | None] | None:
    """The moment's term and the term it is compared with: the HT of the previous bokslut.

    Only through ``history``: a delår and a bokslut both see the previous year's bokslut, and
    neither an annual report nor anything else ever sees a delår's VT from here.
    """
    mine = moment.extensions.get("mediacenter")
    label = term_of(ref)
    if not isinstance(mine, MediaCenterTerm) or label is None:
        return None
    earlier_ref = MomentRef(ref.year - 1, "bokslut")
    earlier = history.annual(earlier_ref.year)
    theirs = earlier.extensions.get("mediacenter") if earlier else None
    previous = Term(str(term_of(earlier_ref)), theirs) if isinstance(theirs, MediaCenterTerm) else None
    return Term(label, mine), previous


@dataclass(frozen=True)
class KursLine:
    label: str
    kurser: int
    deltagare: int
    share: Decimal | None
    """Share of all deltagare, in percent."""

    @property
    def per_kurs(self) -> Decimal | None:
        return Decimal(self.deltagare) / Decimal(self.kurser) if self.kurser else None


@dataclass(frozen=True)
class KursComparison:
    """The same period a year earlier, from an earlier moment."""

    during: str
    """'samma period 2010' (a delår) or '2010' (the bokslut)."""
    kurser: int
    deltagare: int


@dataclass(frozen=True)
class KurserTable:
    period: str
    during: str
    areas: list[KursLine]
    total: KursLine
    compare: KursComparison | None


def kurser_table(kurser: KurserPeriod, ref: MomentRef, earlier: KurserPeriod | None = None) -> KurserTable:
    whole = kurser.total_deltagare

    def share(n: int) -> Decimal | None:
        return Decimal(n) * 100 / Decimal(whole) if whole else None

    areas = [KursLine(a.omrade, a.kurser, a.deltagare, share(a.deltagare)) for a in kurser.areas]
    total = KursLine("Summa", kurser.total_kurser, whole, share(whole))
    compare = None
    if earlier is not None:
        label = str(ref.year - 1) if ref.kind is MomentKind.ANNUAL else f"samma period {ref.year - 1}"
        compare = KursComparison(label, earlier.total_kurser, earlier.total_deltagare)
    return KurserTable(period_label(ref), during(ref), areas, total, compare)


def _kurser_of(ref: MomentRef, moment: MomentData,
               history: History) -> tuple[KurserPeriod, KurserPeriod | None] | None:
    """The moment's kurser, and the same period's a year earlier where an earlier moment has them."""
    mine = moment.extensions.get("kurser")
    if not isinstance(mine, KurserPeriod):
        return None
    found = _same_period_last_year(ref, history)
    theirs = found.extensions.get("kurser") if found else None
    return mine, theirs if isinstance(theirs, KurserPeriod) else None


# -- hooks: data and checks ----------------------------------------------------------------------

@hookimpl
def data_extensions() -> list[DataExtension]:
    return [
        DataExtension(
            name="mediacenter", model=MediaCenterSettings, moment_model=MediaCenterTerm,
            moment_tables={"rows": MEDIACENTER_CSV}, expected_at=FOLLOW_UP,
            description="MediaCenter Norrbottens utlåningsstatistik per medlemskommun för momentets termin"),
        DataExtension(
            name="kurser", moment_model=KurserPeriod, moment_tables={"areas": KURSER_CSV}, expected_at=FOLLOW_UP,
            description="genomförda kurser och konferenser med deltagare per verksamhetsområde, "
                        "1 januari till momentets periodslut"),
    ]


def _unknown_priority(priority: str, priorities: set[str]) -> str:
    return f"unknown prioriterad uppgift '{priority}'; priorities: {', '.join(sorted(priorities)) or 'none'}"


@dataclass(frozen=True)
class _Checking:
    """One moment of one year being checked, with where its problems go."""

    ref: MomentRef
    where: Locations
    members: dict[str, Any]
    priorities: set[str]

    def row(self, file_name: str, index: int, column: str | None, message: str) -> Problem:
        return self.where.in_table(file_name, index, column, message, moment=self.ref.id)


def _check_lending(row: Lending, index: int, term: str, at: _Checking) -> list[Problem]:
    """A row of mediacenter.csv names a member by its code and name, in the moment's term."""
    problems = []
    member = at.members.get(row.kommunkod)
    if member is None:
        known = ", ".join(f"{code} {m.name}" for code, m in at.members.items())
        problems.append(at.row(MEDIACENTER_CSV, index, "kommunkod",
                               f"kommunkod {row.kommunkod} ({row.kommun}) is not a member of the "
                               f"federation; members in federation.toml: {known}"))
    elif member.name != row.kommun:
        problems.append(at.row(MEDIACENTER_CSV, index, "kommun",
                               f"kommun '{row.kommun}' does not match kommunkod {row.kommunkod}, "
                               f"which is {member.name} in federation.toml"))
    if row.period != term:
        what = "the bokslut shows the autumn term" if at.ref.kind is MomentKind.ANNUAL else \
            "a delår shows the spring term"
        problems.append(at.row(MEDIACENTER_CSV, index, "period",
                               f"period '{row.period}' is not the term of {at.ref}; {what}, '{term}'"))
    return problems


def _check_mediacenter(mc: MediaCenterTerm, at: _Checking) -> list[Problem]:
    term = term_of(at.ref)
    assert term is not None
    problems = []
    first_of: dict[str, int] = {}
    for index, row in enumerate(mc.rows):
        problems += _check_lending(row, index, term, at)
        first = first_of.setdefault(row.kommunkod, index)
        if first != index:
            line = at.where.row_line(MEDIACENTER_CSV, first, at.ref.id)
            earlier = f"line {line}" if line else "an earlier row"
            problems.append(at.row(MEDIACENTER_CSV, index, "kommunkod",
                                   f"{row.kommun} has two rows for {row.period}; the first is on {earlier}"))
    return problems


def _check_kurser(kurser: KurserPeriod, at: _Checking) -> list[Problem]:
    return [at.row(KURSER_CSV, index, "priority", _unknown_priority(area.priority, at.priorities))
            for index, area in enumerate(kurser.areas)
            if area.priority and area.priority not in at.priorities]


def _check_kurser_grow(year: int, moments: dict[str, MomentData], where: Locations) -> list[Problem]:
    """What the year's last delår counted since 1 January is still counted in the bokslut."""
    annual = moments.get("bokslut")
    closed = annual.extensions.get("kurser") if annual else None
    interim = sorted((MomentRef(year, m) for m in moments if MomentRef(year, m).kind is MomentKind.INTERIM),
                     key=lambda r: r.order)
    if not isinstance(closed, KurserPeriod) or not closed.areas or not interim:
        return []
    last = interim[-1]
    counted = moments[last.id].extensions.get("kurser")
    if not isinstance(counted, KurserPeriod):
        return []
    problems = []
    rows = {area.omrade: (index, area) for index, area in enumerate(closed.areas)}
    for area in counted.areas:
        if area.omrade not in rows:
            problems.append(where.in_file(f"bokslut/{KURSER_CSV}", area.omrade,
                                          f"no row for '{area.omrade}', which had {area.kurser} kurser by "
                                          f"{last.period_end} ({last.id}/{KURSER_CSV})"))
            continue
        index, whole = rows[area.omrade]
        for column in ("kurser", "deltagare"):
            if getattr(whole, column) < getattr(area, column):
                problems.append(where.in_table(KURSER_CSV, index, column,
                                               f"{getattr(whole, column)} for the whole year, fewer than the "
                                               f"{getattr(area, column)} of {last.id} (to {last.period_end}); "
                                               "the year counts from 1 January", moment="bokslut"))
    return problems


def _not_in_plan(ref: MomentRef, moment: MomentData, where: Locations) -> list[Problem]:
    """The plan is written before the year: it has no statistics of the year."""
    return [where.in_file(f"{ref.id}/{MOMENT_FILE}", f"extensions.{name}",
                          f"the plan is written before the year and has no {name} statistics; "
                          "they belong in a delår or the bokslut")
            for name in ("mediacenter", "kurser") if name in moment.extensions]


@hookimpl
def validate_federation(federation: Federation, data: YearData, moments: dict[str, MomentData]) -> list[Problem]:
    where = Locations(federation, data.year)
    members = {m.kommunkod: m for m in federation.config.members}
    priorities = {p.id for p in data.priorities}
    problems = []
    settings = data.extensions.get("mediacenter")
    if isinstance(settings, MediaCenterSettings) and settings.priority and settings.priority not in priorities:
        problems.append(where.in_year(("extensions", "mediacenter", "priority"),
                                      _unknown_priority(settings.priority, priorities)))
    for moment_id, moment in moments.items():
        ref = MomentRef(data.year, moment_id)
        if ref.kind is MomentKind.PLAN:
            problems += _not_in_plan(ref, moment, where)
            continue
        at = _Checking(ref, where, members, priorities)
        mc, kurser = moment.extensions.get("mediacenter"), moment.extensions.get("kurser")
        if isinstance(mc, MediaCenterTerm):
            problems += _check_mediacenter(mc, at)
        if isinstance(kurser, KurserPeriod):
            problems += _check_kurser(kurser, at)
    return problems + _check_kurser_grow(data.year, moments, where)


# -- hooks: the reports --------------------------------------------------------------------------

def _follow_up_ref(report: ReportType, history: History) -> MomentRef | None:
    """The report's moment, where the report follows up a period."""
    ref = history.current
    if report.period not in FOLLOW_UP or ref is None or ref.kind.value not in FOLLOW_UP:
        return None
    return ref


@hookimpl
def report_sections(report: ReportType, federation: Federation, moment: MomentData,
                    history: History) -> list[Section]:
    ref = _follow_up_ref(report, history)
    if ref is None:
        return []
    sections = []
    kurser = _kurser_of(ref, moment, history)
    if kurser is not None:
        # right after core's Uppföljning (order 55), before Sammanträden (58) and Nyckeltal (60)
        courses = kurser_table(kurser[0], ref, kurser[1])
        sections.append(Section(id="kurser", title="Kurser och konferenser", order=56,
                                template="sections/kurser.html", data={"table": courses}))
    terms = _mediacenter_terms(ref, moment, history)
    table = mediacenter_table(*terms, federation.config.members) if terms else None
    if table is not None and table.total.current is not None:  # nothing to show without the moment's term
        sections.append(Section(id="mediacenter", title="Utlåningsstatistik MediaCenter Norrbotten",
                                template="sections/mediacenter.html", order=75, data={"table": table}))
    return sections


def _mediacenter_indicators(table: MediaCenterTable, source: str | None,
                            priority: str | None) -> list[ContributedIndicator]:
    current, previous = table.total.current, table.total.previous
    if current is None:
        return []
    source = source or "MediaCenter Norrbottens utlåningsstatistik"
    change = None
    if table.total.change is not None:
        change = (f"{forandring(table.total.change)} ({forandring(table.total.change_pct, 1)}\u00a0%) "
                  f"jämfört med {table.previous_label}.")
    # per member: each kommun's loans and viewings in the term, so the report has a table per kommun
    per_member = {k.kommunkod: Decimal(k.current.total) for k in table.kommuner if k.kommunkod and k.current}
    found = [(Indicator(id="mediacenter-utlan", text=f"Utlånade och strömmade program {table.current_label}",
                        unit="st", direction="increase", source=IndicatorSource.PLUGIN, source_text=source,
                        per_member=True),
              IndicatorValue(outcome=Decimal(current.total), members=per_member, assessment=change))]
    stream_index = [key for key, _ in MEDIA].index("stream")
    stream = table.by_medium[stream_index]
    if stream.share is not None:
        before = None
        if previous is not None and previous.total:
            share = Decimal(previous.counts[stream_index]) * 100 / Decimal(previous.total)
            before = f"{procent(share)} under {table.previous_label}."
        found.append((Indicator(id="mediacenter-stream", unit="%", direction="increase", source=IndicatorSource.PLUGIN,
                                source_text=source,
                                text=f"Strömmad media som andel av utlåningen {table.current_label}"),
                      IndicatorValue(outcome=stream.share.quantize(Decimal("0.1")), assessment=before)))
    return [ContributedIndicator(indicator=i, value=v, priority=priority, group="MediaCenter Norrbotten")
            for i, v in found]


def _kurser_indicators(kurser: KurserPeriod, ref: MomentRef) -> list[ContributedIndicator]:
    """Each area's kurser under the prioriterad uppgift its row names; the rest is in the table."""
    when = f"under {ref.year}" if ref.kind is MomentKind.ANNUAL else period_label(ref)
    found = []
    for area in kurser.areas:
        if not area.priority:
            continue
        assessment = f"{tal(area.deltagare)} deltagare"
        if kurser.total_deltagare:
            share = Decimal(area.deltagare) * 100 / kurser.total_deltagare
            assessment += f", {procent(share, 0)} av alla deltagare"
        found.append(ContributedIndicator(
            priority=area.priority, group="Kurser och konferenser",
            indicator=Indicator(text=f"Genomförda kurser och konferenser inom området {when}", unit="st",
                                source=IndicatorSource.PLUGIN),
            value=IndicatorValue(outcome=Decimal(area.kurser), assessment=assessment + ".")))
    return found


@hookimpl
def indicators(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
               history: History) -> list[ContributedIndicator]:
    ref = _follow_up_ref(report, history)
    if ref is None:
        return []
    found: list[ContributedIndicator] = []
    terms = _mediacenter_terms(ref, moment, history)
    if terms is not None and terms[0].data.rows:
        settings = data.extensions.get("mediacenter")
        priority = settings.priority if isinstance(settings, MediaCenterSettings) else None
        table = mediacenter_table(*terms, federation.config.members)
        found += _mediacenter_indicators(table, terms[0].data.source, priority)
    kurser = moment.extensions.get("kurser")
    if isinstance(kurser, KurserPeriod):
        found += _kurser_indicators(kurser, ref)
    return found




def forandring(value: Any, decimals: int = 0) -> str:
    """A change with its sign: 2491 → '+2 491', −12 → '−12', 0 → '±0'; None → en dash."""
    if value is None:
        return MISSING
    text = tal(value, decimals)
    if text.lstrip("0,") == "":
        return f"±{text}"
    return text if text.startswith("\u2212") else f"+{text}"


@hookimpl
def template_filters() -> dict[str, Any]:
    return {"forandring": forandring}
