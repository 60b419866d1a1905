"""Kommunförbundet Norrbotten: what only this federation's reports have.

Two data extensions, both read from the year's folder:

``mediacenter``
    MediaCenter Norrbotten's lending statistics per member municipality and term, from
    ``mediacenter.csv`` (one row per kommun and period, one column per kind of media) with
    ``[extensions.mediacenter]`` in year.toml naming the current and the previous term. Shown as
    the section "Utlåningsstatistik MediaCenter Norrbotten" in the delårsrapport and the
    årsredovisning: lending per kommun with a sum row and the change since the previous term,
    lending per kind of media, and the previous term's table. The total and the share of streaming
    are also indicators under the prioriterad uppgift named by ``priority`` (else under Nyckeltal).

``kurser``
    The kurser och konferenser of the period, per area of activity, from ``kurser.csv`` with
    ``[extensions.kurser]`` giving the period (and, optionally, the totals the text states, which
    must agree with the rows, and a period to compare with). Shown as the section "Kurser och
    konferenser" right after Uppföljning, a table per area with a sum row; an area whose row names
    a prioriterad uppgift is also an indicator under that uppgift.

``validate_federation`` checks what only the federation knows: that every kommunkod in
mediacenter.csv is a member with that name, that every period is the current or the previous
one, that no kommun has two rows for one term, and that named prioriterade uppgifter exist. Each
problem names the file and line.

``css/norrbotten.css`` (hook ``extra_css``) keeps the plugin's tables whole and lets Norrbotten's
long prioriterade uppgifter and projekt run across pages.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from babel.dates import format_date
from pydantic import BeforeValidator, Field, model_validator

from rapportkarna import hookimpl
from rapportkarna.errors import Problem
from rapportkarna.extensions import DataExtension
from rapportkarna.formatting import LOCALE, MISSING, datum, procent, tal
from rapportkarna.loader import YEAR_FILE
from rapportkarna.locations import Locations
from rapportkarna.model import Indicator, Kommunkod, Slug, StrictModel, YearData
from rapportkarna.model.common import NonEmptyStr
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation

__version__ = "0.1.0"

MEDIACENTER_CSV = "mediacenter.csv"
KURSER_CSV = "kurser.csv"
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The kinds of media in MediaCenter's statistics: CSV column → heading, in the order of its tables.
MEDIA = (
    ("stream", "Stream"),
    ("dvd_inkopt", "Inköpt DVD"),
    ("ur_radio", "UR radio"),
    ("ped_dataprog", "Pedagogiska dataprogram"),
    ("ur_dvd", "UR DVD"),
    ("video_inkopt", "Inköpt video"),
)
#: Reports that follow up a period; the plan has no statistics to show.
FOLLOW_UP_PERIODS = ("interim", "annual")


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
    period: NonEmptyStr = Field(description="Termin, t.ex. 'VT 2011'.")
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


class MediaCenterData(StrictModel):
    """``[extensions.mediacenter]`` in year.toml, with the rows of mediacenter.csv."""

    current: NonEmptyStr = Field(description="Terminen som redovisas, t.ex. 'VT 2011'.")
    previous: NonEmptyStr | None = Field(None, description="Jämförelseterminen, t.ex. 'HT 2010'.")
    priority: Slug | None = Field(None, description="Prioriterad uppgift som totalen redovisas under.")
    text: str | None = Field(None, description="Kommentar som står före tabellerna.")
    source: str | None = Field(None, description="Källa för statistiken.")
    rows: list[Lending] = Field(default_factory=list)

    @model_validator(mode="after")
    def _two_terms(self) -> "MediaCenterData":
        if self.previous is not None and self.previous == self.current:
            raise ValueError(f"previous must be another term than current ('{self.current}')")
        return self


class KursArea(StrictModel):
    """One row of kurser.csv: the kurser och konferenser of one area."""

    omrade: NonEmptyStr
    kurser: Count
    deltagare: Count
    priority: Slug | None = Field(None, description="Prioriterad uppgift som raden redovisas under.")


class KurserData(StrictModel):
    """``[extensions.kurser]`` in year.toml, with the rows of kurser.csv."""

    period_start: date
    period_end: date
    kurser: Count | None = Field(None, description="Antal kurser och konferenser enligt texten; ska stämma med raderna.")
    deltagare: Count | None = Field(None, description="Antal deltagare enligt texten; ska stämma med raderna.")
    compare_label: str | None = Field(None, description="Jämförelseperiod, t.ex. 'första halvåret 2010'.")
    compare_kurser: Count | None = None
    compare_deltagare: Count | None = None
    areas: list[KursArea] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "KurserData":
        if self.period_end < self.period_start:
            raise ValueError(f"period_end {self.period_end} is before period_start {self.period_start}")
        if self.areas:
            for name, stated in (("kurser", self.kurser), ("deltagare", self.deltagare)):
                summed = sum(getattr(a, name) for a in self.areas)
                if stated is not None and stated != summed:
                    raise ValueError(f"{name} = {stated}, but the rows of {KURSER_CSV} add up to {summed}")
        elif self.kurser is None or self.deltagare is None:
            raise ValueError(f"give kurser and deltagare, or the rows of {KURSER_CSV}")
        if (self.compare_kurser is not None or self.compare_deltagare is not None) and not self.compare_label:
            raise ValueError("compare_kurser and compare_deltagare need compare_label (the period compared with)")
        return self

    @property
    def total_kurser(self) -> int:
        return sum(a.kurser for a in self.areas) if self.areas else int(self.kurser or 0)

    @property
    def total_deltagare(self) -> int:
        return sum(a.deltagare for a in self.areas) if self.areas else int(self.deltagare or 0)

    @property
    def period_label(self) -> str:
        """'1 januari – 30 juni 2011' (the year once when both ends are in it)."""
        if self.period_start.year == self.period_end.year:
            start = format_date(self.period_start, "d MMMM", locale=LOCALE)
        else:
            start = datum(self.period_start)
        return f"{start} – {datum(self.period_end)}".replace(" ", "\u00a0", 1)


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


def _term(label: str, row: Lending | None) -> TermLine | None:
    return None if row is None else TermLine(label, tuple(row.count(key) for key, _ in MEDIA))


def _sum_terms(label: str, terms: list[TermLine | None]) -> TermLine | None:
    present = [t for t in terms if t is not None]
    if not present:
        return None
    return TermLine(label, tuple(sum(t.counts[i] for t in present) for i in range(len(MEDIA))))


def mediacenter_table(mc: MediaCenterData, members: list[Any]) -> MediaCenterTable:
    """Lending per kommun in the members' order (rows of unknown codes after them, as given)."""
    by_key = {(row.kommunkod, row.period): row for row in mc.rows}
    order = [m.kommunkod for m in members]
    names = {m.kommunkod: m.name for m in members}
    for row in mc.rows:
        if row.kommunkod not in order:
            order.append(row.kommunkod)
            names[row.kommunkod] = row.kommun
    lines = []
    for code in order:
        current = _term(mc.current, by_key.get((code, mc.current)))
        previous = _term(mc.previous, by_key.get((code, mc.previous))) if mc.previous else None
        if current or previous:
            compared = (current.total, previous.total) if current and previous else None
            lines.append(KommunLine(names[code], code, current, previous, compared))
    total_current = _sum_terms(mc.current, [k.current for k in lines])
    total_previous = _sum_terms(mc.previous, [k.previous for k in lines]) if mc.previous else None
    # The sum's change compares only kommuner that have both terms, so that a kommun missing
    # from one term does not show as a change in lending.
    both = [k.compared for k in lines if k.compared]
    compared = (sum(c[0] for c in both), sum(c[1] for c in both)) if both else None
    total = KommunLine("Summa", None, total_current, total_previous, compared)
    by_medium = []
    grand = total_current.total if total_current else 0
    for index, (_, label) in enumerate(MEDIA):
        cur = total_current.counts[index] if total_current else 0
        prev = total_previous.counts[index] if total_previous else None
        share = Decimal(cur) * 100 / Decimal(grand) if grand else None
        by_medium.append(MediumLine(label, cur, prev, share))
    missing = [m.name for m in members if (m.kommunkod, mc.current) not in by_key]
    return MediaCenterTable(mc.current, mc.previous, MEDIA, lines, total, by_medium, missing,
                            mc.text, mc.source)


# -- hooks ---------------------------------------------------------------------------------------

@hookimpl
def data_extensions() -> list[DataExtension]:
    return [
        DataExtension(
            name="mediacenter", model=MediaCenterData, tables={"rows": MEDIACENTER_CSV},
            description="MediaCenter Norrbottens utlåningsstatistik per medlemskommun och termin."),
        DataExtension(
            name="kurser", model=KurserData, tables={"areas": KURSER_CSV},
            description="Genomförda kurser och konferenser med deltagare, per verksamhetsområde."),
    ]


def _check_lending(row: Lending, index: int, members: dict[str, Any], periods: list[str],
                   where: Locations) -> list[Problem]:
    """A row of mediacenter.csv names a member by its code and name, in one of the two terms."""
    problems = []
    member = members.get(row.kommunkod)
    if member is None:
        known = ", ".join(f"{code} {m.name}" for code, m in members.items())
        problems.append(where.in_table(MEDIACENTER_CSV, index, "kommunkod",
                                       f"kommunkod {row.kommunkod} ({row.kommun}) is not a member of the "
                                       f"federation; members in federation.toml: {known}"))
    elif member.name != row.kommun:
        problems.append(where.in_table(MEDIACENTER_CSV, index, "kommun",
                                       f"kommun '{row.kommun}' does not match kommunkod {row.kommunkod}, "
                                       f"which is {member.name} in federation.toml"))
    if row.period not in periods:
        problems.append(where.in_table(MEDIACENTER_CSV, index, "period",
                                       f"period '{row.period}' is not a term of [extensions.mediacenter] "
                                       f"in {YEAR_FILE}; expected one of: {', '.join(periods)}"))
    return problems


def _second_row(row: Lending, index: int, first: int, where: Locations) -> Problem:
    """Row ``index`` gives again the kommun and term of row ``first``."""
    line = where.row_line(MEDIACENTER_CSV, first)
    earlier = f"line {line}" if line else "an earlier row"
    return where.in_table(MEDIACENTER_CSV, index, "kommunkod",
                          f"{row.kommun} has two rows for {row.period}; the first is on {earlier}")


def _unknown_priority(priority: str, priorities: set[str]) -> str:
    return f"unknown prioriterad uppgift '{priority}'; priorities: {', '.join(sorted(priorities)) or 'none'}"


def _check_mediacenter(mc: MediaCenterData, members: dict[str, Any], priorities: set[str],
                       where: Locations) -> list[Problem]:
    periods = [p for p in (mc.current, mc.previous) if p]
    problems = []
    first_of: dict[tuple[str, str], int] = {}
    for index, row in enumerate(mc.rows):
        problems += _check_lending(row, index, members, periods, where)
        first = first_of.setdefault((row.kommunkod, row.period), index)
        if first != index:
            problems.append(_second_row(row, index, first, where))
    if mc.priority and mc.priority not in priorities:
        problems.append(where.in_year(("extensions", "mediacenter", "priority"),
                                      _unknown_priority(mc.priority, priorities)))
    return problems


def _check_kurser(kurser: KurserData, year: int, priorities: set[str], where: Locations) -> list[Problem]:
    problems = [where.in_table(KURSER_CSV, index, "priority", _unknown_priority(area.priority, priorities))
                for index, area in enumerate(kurser.areas)
                if area.priority and area.priority not in priorities]
    if kurser.period_end.year != year:
        problems.append(where.in_year(("extensions", "kurser", "period_end"),
                                      f"{kurser.period_end} is not in {year}, the year of this folder"))
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData) -> list[Problem]:
    mc = data.extensions.get("mediacenter")
    kurser = data.extensions.get("kurser")
    where = Locations(federation, data.year)
    members = {m.kommunkod: m for m in federation.config.members}
    priorities = {p.id for p in data.priorities}
    problems = []
    if isinstance(mc, MediaCenterData):
        problems += _check_mediacenter(mc, members, priorities, where)
    if isinstance(kurser, KurserData):
        problems += _check_kurser(kurser, data.year, priorities, where)
    return problems


@hookimpl
def report_sections(report: ReportType, federation: Federation, data: YearData) -> list[Section]:
    if report.period not in FOLLOW_UP_PERIODS:
        return []
    sections = []
    kurser = data.extensions.get("kurser")
    if isinstance(kurser, KurserData):
        # right after core's Uppföljning (order 55), before Sammanträden (58) and Nyckeltal (60)
        sections.append(Section(id="kurser", title="Kurser och konferenser", order=56,
                                template="sections/kurser.html", data={"table": kurser_table(kurser)}))
    mc = data.extensions.get("mediacenter")
    table = mediacenter_table(mc, federation.config.members) if isinstance(mc, MediaCenterData) else None
    if table is not None and table.total.current is not None:  # nothing to show without the current term
        sections.append(Section(id="mediacenter", title="Utlåningsstatistik MediaCenter Norrbotten",
                                template="sections/mediacenter.html", order=75, data={"table": table}))
    return sections


def _mediacenter_indicators(mc: MediaCenterData, members: list[Any]) -> list[ContributedIndicator]:
    table = mediacenter_table(mc, members)
    current = table.total.current
    if current is None:
        return []
    previous = table.total.previous
    source = mc.source or "MediaCenter Norrbottens utlåningsstatistik"
    change = ""
    if table.total.change is not None:
        change = (f"{forandring(table.total.change)} ({forandring(table.total.change_pct, 1)}\u00a0%) "
                  f"jämfört med {table.previous_label}.")
    indicators = [Indicator(
        id="mediacenter-utlan", text=f"Utlånade och strömmade program {table.current_label}",
        unit="st", outcome=Decimal(current.total), direction="increase",
        assessment=change or None, source=source)]
    stream_index = [key for key, _ in MEDIA].index("stream")
    stream = table.by_medium[stream_index]
    if stream.share is not None:
        before = ""
        if previous is not None and previous.total:
            share = Decimal(previous.counts[stream_index]) * 100 / Decimal(previous.total)
            before = (f"{procent(share)} "
                      f"under {table.previous_label}.")
        indicators.append(Indicator(
            id="mediacenter-stream", text=f"Strömmad media som andel av utlåningen {table.current_label}",
            unit="%", outcome=stream.share.quantize(Decimal("0.1")), direction="increase",
            assessment=before or None, source=source))
    return [ContributedIndicator(indicator=i, priority=mc.priority, group="MediaCenter Norrbotten")
            for i in indicators]


def _kurser_indicators(kurser: KurserData) -> list[ContributedIndicator]:
    """Each area's kurser under the prioriterad uppgift its row names; the rest is in the table."""
    found = []
    for area in kurser.areas:
        if not area.priority:
            continue
        assessment = f"{tal(area.deltagare)} deltagare"
        if kurser.total_deltagare:
            assessment += f", {procent(Decimal(area.deltagare) * 100 / kurser.total_deltagare, 0)} av alla deltagare"
        found.append(ContributedIndicator(priority=area.priority, group="Kurser och konferenser", indicator=Indicator(
            text=f"Genomförda kurser och konferenser inom området {kurser.period_label}", unit="st",
            outcome=Decimal(area.kurser), assessment=assessment + ".")))
    return found


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
class KurserTable:
    period: str
    areas: list[KursLine]
    total: KursLine
    compare_label: str | None
    compare_kurser: int | None
    compare_deltagare: int | None


def kurser_table(kurser: KurserData) -> KurserTable:
    whole = kurser.total_deltagare

    def share(n: int) -> Decimal | None:
        return Decimal(n) * 100 / Decimal(whole) if whole else None

    areas = [KursLine(a.omrade, a.kurser, a.deltagare, share(a.deltagare)) for a in kurser.areas]
    total = KursLine("Summa", kurser.total_kurser, whole, share(whole))
    return KurserTable(kurser.period_label, areas, total, kurser.compare_label,
                       kurser.compare_kurser, kurser.compare_deltagare)


@hookimpl
def indicators(report: ReportType, federation: Federation, data: YearData) -> list[ContributedIndicator]:
    if report.period not in FOLLOW_UP_PERIODS:
        return []
    found: list[ContributedIndicator] = []
    mc = data.extensions.get("mediacenter")
    if isinstance(mc, MediaCenterData) and mc.rows:
        found += _mediacenter_indicators(mc, federation.config.members)
    kurser = data.extensions.get("kurser")
    if isinstance(kurser, KurserData):
        found += _kurser_indicators(kurser)
    return found


@hookimpl
def template_dirs() -> list[Path]:
    return [TEMPLATES]


@hookimpl
def extra_css() -> list[str]:
    return ["css/norrbotten.css"]


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
