"""Umeåregionen: arbetsgruppernas verksamhetsplaner och -berättelser.

A data extension with its own section and checks (the members' fees, "alla betalar relativt
invånare", are core's ``[fees]`` in year.toml since version 0.3.0):

``arbetsgrupper``
    A multi-year record of which arbetsgrupper handed in their verksamhetsplan (VP) and
    verksamhetsberättelse (VB) for which year (true/false, ja/nej; empty = no information).

    *Set once*, in the year's folder: ``arbetsgrupper.csv`` (``arbetsgrupp,ar,vp,vb``), the record
    as it stood when the year's plan was written: VP for years up to the year itself, VB for years
    up to two years back. ``[extensions.arbetsgrupper]`` in year.toml may set ``target`` (målvärde
    in percent, default 100) and ``source``.

    *Per moment*: a VB is handed in after its year, so the VB of the previous year and of the year
    itself are recorded by the moment that knows them, in the moment's
    ``verksamhetsberattelser.csv`` (``arbetsgrupp,ar,vb``): a delår records the previous year's VB
    handed in so far, the bokslut the previous year's and the year's. The bokslut must have it.

    Rendered as the table "Arbetsgruppernas verksamhetsplaner och verksamhetsberättelser" (VB09,
    VP10 … with a Summa row): in the verksamhetsplan from the set-once record alone, in a
    delårsrapport whose moment records VB, and in the årsredovisning with the bokslut's VB, never
    with another moment's. Computed indicators: "Andel arbetsgrupper som lämnat verksamhetsplan för
    <år>" (its utfall only in follow-ups) and, from the moment's own VB, "Andel arbetsgrupper som
    lämnat verksamhetsberättelse för <år>".

Checks (``validate_federation``), each placed at file, line and field: arbetsgrupper that are not
reporting bodies of federation.toml, a group and year given twice, a VP or VB recorded before it
could be known (in year.toml's table, or in a moment of the wrong kind), and a VB that an earlier
moment of the year recorded as handed in but a later one does not.

Settings in federation.toml, ``[plugin_config.umearegionen]``: ``indicator_priority`` names the
prioriterad uppgift the computed indicators are listed under (otherwise they go to Nyckeltal).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from rapportkarna import (hookimpl, Amount, BodyKind, CONFIG_FILE, ContributedIndicator,
                          DataExtension, Federation, FederationConfig, History, Indicator, IndicatorSource,
                          IndicatorValue, Locations, MomentData, MomentKind, MomentRef,
                          Organisation, Problem, ReportType, Section, Slug, StrictModel, YEAR_FILE, YearData)

__version__ = "0.3.0"

NAME = "umearegionen"
ARBETSGRUPPER_CSV = "arbetsgrupper.csv"
VB_CSV = "verksamhetsberattelser.csv"
#: Reports that show the arbetsgrupper table always.
PLAN_AND_ANNUAL = ("plan", "annual")
#: Bodies that hand in verksamhetsplan and verksamhetsberättelse: the arbetsgrupper, and the
#: kommunchefsgrupp, which the presentation lists among them and reports the same way.
REPORTING_KINDS = (BodyKind.ARBETSGRUPP, BodyKind.KOMMUNCHEFSGRUPP)
CONFIG_KEYS = ("indicator_priority",)


# -- data extensions ------------------------------------------------------------------------------

_YES = {"ja", "j", "x", "✓"}
_NO = {"nej", "n", "-", "–"}


def _ja_nej(value: Any) -> Any:
    """Accept Swedish ja/nej (and x/✓) besides pydantic's true/false, 1/0, yes/no."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return value


JaNej = Annotated[bool, BeforeValidator(_ja_nej)]


class Inlamning(StrictModel):
    """One arbetsgrupp and year: did it hand in its verksamhetsplan (vp) and -berättelse (vb)?"""

    arbetsgrupp: Slug = Field(description="Id of the arbetsgrupp's body in federation.toml.")
    ar: int = Field(ge=1990, le=2200, description="The year the plan or berättelse is for.")
    vp: JaNej | None = Field(None, description="Verksamhetsplan inlämnad; empty = uppgift saknas.")
    vb: JaNej | None = Field(None, description="Verksamhetsberättelse inlämnad; empty = uppgift saknas.")


class Arbetsgrupper(StrictModel):
    """The set-once part: the record as it stood when the year's plan was written."""

    rows: list[Inlamning] = Field(default_factory=list, description=f"Rows of {ARBETSGRUPPER_CSV}.")
    target: Amount = Field(Decimal(100), ge=0, le=100,
                           description="Målvärde (procent) för andelen arbetsgrupper som lämnat VP och VB.")
    source: str | None = Field(None, description="Källa till uppgifterna.")


class Berattelse(StrictModel):
    """One arbetsgrupp's verksamhetsberättelse for a year, as a reporting moment knows it."""

    arbetsgrupp: Slug = Field(description="Id of the arbetsgrupp's body in federation.toml.")
    ar: int = Field(ge=1990, le=2200, description="The year the berättelse is for.")
    vb: JaNej = Field(description="Inlämnad till och med tidpunkten.")


class Berattelser(StrictModel):
    """The per-moment part: the verksamhetsberättelser handed in since the plan was written."""

    rows: list[Berattelse] = Field(default_factory=list, description=f"Rows of {VB_CSV}.")


ARBETSGRUPPER = DataExtension(
    name="arbetsgrupper", model=Arbetsgrupper, tables={"rows": ARBETSGRUPPER_CSV},
    moment_model=Berattelser, moment_tables={"rows": VB_CSV}, expected_at=("annual",),
    description="Arbetsgruppernas inlämnade verksamhetsplaner och verksamhetsberättelser per år.")


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [ARBETSGRUPPER]


def _arbetsgrupper(data: YearData) -> Arbetsgrupper | None:
    ext = data.extensions.get(ARBETSGRUPPER.name)
    return ext if isinstance(ext, Arbetsgrupper) else None


def _berattelser(moment: MomentData) -> Berattelser | None:
    ext = moment.extensions.get(ARBETSGRUPPER.name)
    return ext if isinstance(ext, Berattelser) else None


def known_rows(year_part: Arbetsgrupper | None, moment_part: Berattelser | None) -> list[Inlamning]:
    """The record as one moment knows it: the set-once rows with that moment's VB added.

    Only the report's own moment is passed in, so no other moment's VB can reach the report.
    """
    merged: dict[tuple[str, int], Inlamning] = {
        (row.arbetsgrupp, row.ar): row for row in (year_part.rows if year_part else [])}
    for row in moment_part.rows if moment_part else []:
        key = (row.arbetsgrupp, row.ar)
        before = merged.get(key)
        merged[key] = (before.model_copy(update={"vb": row.vb}) if before
                       else Inlamning(arbetsgrupp=row.arbetsgrupp, ar=row.ar, vb=row.vb))
    return list(merged.values())


# -- computing the tables -------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    year: int
    kind: str  # "vp" or "vb"

    @property
    def label(self) -> str:
        return f"{self.kind.upper()}{self.year % 100:02d}"

    @property
    def long_label(self) -> str:
        word = "Verksamhetsplan" if self.kind == "vp" else "Verksamhetsberättelse"
        return f"{word} {self.year}"


@dataclass(frozen=True)
class GroupRow:
    body_id: str
    name: str
    cells: tuple[bool | None, ...]


@dataclass(frozen=True)
class VpVbTable:
    columns: tuple[Column, ...]
    rows: tuple[GroupRow, ...]
    sums: tuple[int, ...]
    """Per column: how many groups handed in."""
    reported: tuple[int, ...]
    """Per column: how many groups the column has information about (true or false)."""

    @property
    def has_gaps(self) -> bool:
        """Whether some cell has no information (shown as an empty cell)."""
        return any(count < len(self.rows) for count in self.reported)


def vp_vb_table(rows: Sequence[Inlamning], config: FederationConfig) -> VpVbTable:
    """Arbetsgrupper × (VB09, VP10, VB10, VP11, …): only columns with some information, in the
    order year, then plan before berättelse; groups in the order the rows first name them."""
    columns = sorted({Column(row.ar, kind) for row in rows for kind in ("vp", "vb")
                      if getattr(row, kind) is not None},
                     key=lambda c: (c.year, 0 if c.kind == "vp" else 1))
    values: dict[tuple[str, Column], bool] = {}
    order: list[str] = []
    for row in rows:
        if row.arbetsgrupp not in order:
            order.append(row.arbetsgrupp)
        for column in columns:
            value = getattr(row, column.kind)
            if column.year == row.ar and value is not None:
                values[(row.arbetsgrupp, column)] = value
    groups = []
    for group in order:
        body = config.organisation.body(group)
        groups.append(GroupRow(group, body.name if body else group,
                               tuple(values.get((group, column)) for column in columns)))
    sums = tuple(sum(1 for r in groups if r.cells[i] is True) for i in range(len(columns)))
    reported = tuple(sum(1 for r in groups if r.cells[i] is not None) for i in range(len(columns)))
    return VpVbTable(tuple(columns), tuple(groups), sums, reported)


@dataclass(frozen=True)
class Share:
    """How many of the groups with information handed in their VP or VB for ``year``."""

    kind: str  # "vp" or "vb"
    year: int
    handed_in: int
    groups: int

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.handed_in) * 100 / Decimal(self.groups)).quantize(Decimal("0.1"))

    @property
    def document(self) -> str:
        return "verksamhetsplan" if self.kind == "vp" else "verksamhetsberättelse"


def _share(rows: Iterable[Inlamning | Berattelse], kind: str, up_to: int) -> Share | None:
    """The share for the latest year up to ``up_to`` that has information of ``kind``."""
    rows = list(rows)
    known = sorted({row.ar for row in rows if getattr(row, kind) is not None and row.ar <= up_to})
    if not known:
        return None
    latest = [row for row in rows if row.ar == known[-1] and getattr(row, kind) is not None]
    return Share(kind, known[-1], sum(1 for row in latest if getattr(row, kind)), len(latest))


def plan_share(rows: Sequence[Inlamning], year: int) -> Share | None:
    """Groups that handed in a verksamhetsplan for ``year``, or for the latest year before it
    that has information; None when there is none."""
    return _share(rows, "vp", year)


def report_share(moment_part: Berattelser | None, year: int) -> Share | None:
    """Groups that handed in a verksamhetsberättelse, for the latest year the moment records."""
    return _share(moment_part.rows, "vb", year) if moment_part else None


# -- validation: arbetsgrupper --------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    """Where a table of arbetsgrupper rows is: its file, and the moment folder (None: the year's)."""

    file: str
    moment: str | None = None

    def at(self, where: Locations, row: int, column: str | None, message: str) -> Problem:
        return where.in_table(self.file, row, column, message, moment=self.moment)


def _check_groups(organisation: Organisation, rows: Sequence[Inlamning | Berattelse], table: _Table,
                  where: Locations) -> list[Problem]:
    """Every row names a reporting body, and each group and year once."""
    known = ", ".join(b.id for b in organisation.bodies if b.kind in REPORTING_KINDS) or "(none)"
    problems = []
    first_of: dict[tuple[str, int], int] = {}
    for i, row in enumerate(rows):
        body = organisation.body(row.arbetsgrupp)
        if body is None:
            problems.append(table.at(where, i, "arbetsgrupp", f"unknown arbetsgrupp '{row.arbetsgrupp}'; "
                                     f"arbetsgrupper in {CONFIG_FILE}: {known}"))
        elif body.kind not in REPORTING_KINDS:
            problems.append(table.at(where, i, "arbetsgrupp", f"'{row.arbetsgrupp}' is a body of kind "
                                     f"'{body.kind.value}' in {CONFIG_FILE}; expected kind 'arbetsgrupp'"))
        first = first_of.setdefault((row.arbetsgrupp, row.ar), i)
        if first != i:
            problems.append(table.at(where, i, None, f"'{row.arbetsgrupp}' {row.ar} is already given on "
                                     f"row {first + 1}"))
    return problems


def _check_set_once_years(rows: Sequence[Inlamning], year: int, where: Locations) -> list[Problem]:
    """The year's table holds what the plan knew: VP up to the year, VB up to two years back.

    A VB for the previous year or the year itself is handed in after the plan was written; in
    year.toml's table it would reach the verksamhetsplan, which cannot know it.
    """
    table = _Table(ARBETSGRUPPER_CSV)
    problems = []
    for i, row in enumerate(rows):
        if row.vb is not None and row.ar >= year - 1:
            problems.append(table.at(where, i, "vb", f"the verksamhetsberättelse for {row.ar} is handed in "
                                     f"after the plan for {year} was written; record it in the moment that "
                                     f"knows it: delar-MMDD/{VB_CSV} (for {year - 1}) or bokslut/{VB_CSV}"))
        if row.vp is not None and row.ar > year:
            problems.append(table.at(where, i, "vp", f"a verksamhetsplan for {row.ar} belongs in the "
                                     f"{row.ar}/{ARBETSGRUPPER_CSV}, not in the table for {year}"))
    return problems


def _vb_years(ref: MomentRef) -> tuple[int, ...]:
    """The years whose VB a moment may record: none in the plan, the previous year's in a delår
    (the year's own is handed in after the year), both in the bokslut."""
    if ref.kind is MomentKind.PLAN:
        return ()
    return (ref.year - 1,) if ref.kind is MomentKind.INTERIM else (ref.year - 1, ref.year)


def _check_moment_years(rows: Sequence[Berattelse], ref: MomentRef, where: Locations) -> list[Problem]:
    table = _Table(VB_CSV, ref.id)
    allowed = _vb_years(ref)
    words = " and ".join(map(str, allowed)) or "no year (the plan is written before any is handed in)"
    return [table.at(where, i, "ar", f"{ref.id} cannot record a verksamhetsberättelse for {row.ar}; it "
                     f"knows those for {words}") for i, row in enumerate(rows) if row.ar not in allowed]


def _check_still_handed_in(year: int, moments: Mapping[str, MomentData], where: Locations) -> list[Problem]:
    """A VB that an earlier moment of the year recorded as handed in is handed in at every later
    moment that records VB: the bokslut cannot take back what the delår reported."""
    recorded = sorted(((MomentRef(year, mid), part) for mid, m in moments.items()
                       if (part := _berattelser(m)) is not None), key=lambda item: item[0].order)
    problems = []
    for index, (later, part) in enumerate(recorded):
        rows = {(row.arbetsgrupp, row.ar): (i, row) for i, row in enumerate(part.rows)}
        for earlier, before in recorded[:index]:
            for row in before.rows:
                if not row.vb:
                    continue
                found = rows.get((row.arbetsgrupp, row.ar))
                message = (f"{earlier.id} recorded the verksamhetsberättelse {row.ar} of '{row.arbetsgrupp}' "
                           "as handed in")
                if found is None:
                    problems.append(where.in_file(f"{later.id}/{VB_CSV}", f"{row.arbetsgrupp} {row.ar}",
                                                  f"{message}; {later.id} has no row for it"))
                elif not found[1].vb:
                    problems.append(_Table(VB_CSV, later.id).at(where, found[0], "vb",
                                                                f"{message}; it cannot be 'false' later"))
    return problems


def _check_arbetsgrupper(federation: Federation, data: YearData, moments: Mapping[str, MomentData],
                         where: Locations) -> list[Problem]:
    organisation = federation.config.organisation
    problems = []
    year_part = _arbetsgrupper(data)
    if year_part is not None:
        problems += _check_groups(organisation, year_part.rows, _Table(ARBETSGRUPPER_CSV), where)
        problems += _check_set_once_years(year_part.rows, data.year, where)
    for moment_id, moment in moments.items():
        part = _berattelser(moment)
        if part is not None:
            ref = MomentRef(data.year, moment_id)
            problems += _check_groups(organisation, part.rows, _Table(VB_CSV, moment_id), where)
            problems += _check_moment_years(part.rows, ref, where)
    return problems + _check_still_handed_in(data.year, moments, where)


# -- validation: settings ------------------------------------------------------------------------

def _check_config(federation: Federation, data: YearData, where: Locations) -> list[Problem]:
    settings = federation.config.plugin_config.get(NAME, {})
    problems = [where.in_config(("plugin_config", NAME, key),
                                f"unknown setting '{key}'; expected one of: {', '.join(CONFIG_KEYS)}")
                for key in settings if key not in CONFIG_KEYS]
    priority = settings.get("indicator_priority")
    ids = [p.id for p in data.priorities]
    if priority is not None and _arbetsgrupper(data) is not None and priority not in ids:
        problems.append(where.in_config(("plugin_config", NAME, "indicator_priority"),
                                        f"no prioriterad uppgift '{priority}' in {data.year}/{YEAR_FILE}; "
                                        f"priorities: {', '.join(ids) or '(none)'}"))
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData, moments: dict[str, MomentData]) -> list[Problem]:
    where = Locations(federation, data.year)
    return (_check_config(federation, data, where)
            + _check_arbetsgrupper(federation, data, moments, where))


# -- indicators and sections ----------------------------------------------------------------------

def share_indicator(share: Share, ext: Arbetsgrupper) -> Indicator:
    return Indicator(id=f"andel-arbetsgrupper-{share.kind}",
                     text=f"Andel arbetsgrupper som lämnat {share.document} för {share.year}",
                     unit="%", target=ext.target, direction="increase", source=IndicatorSource.PLUGIN,
                     source_text=ext.source)


def share_value(share: Share) -> IndicatorValue:
    """Utfall and bedömning in words; core judges the status against the målvärde by the federation's
    thresholds ([goals.thresholds] in federation.toml)."""
    return IndicatorValue(
        outcome=share.percent,
        assessment=f"{share.handed_in} av {share.groups} arbetsgrupper har lämnat {share.document} för {share.year}.")


def share_trend(rows: Sequence[Inlamning], share: Share) -> list[tuple[int, Decimal]]:
    """The share in each earlier year with information, oldest first: the indicator over the years."""
    years = sorted({row.ar for row in rows if getattr(row, share.kind) is not None and row.ar < share.year})
    found = []
    for year in years:
        earlier = _share(rows, share.kind, year)
        if earlier is not None and earlier.year == year and earlier.groups:
            found.append((year, earlier.percent))
    return found


def _shares(data: YearData, moment: MomentData, ref: MomentRef) -> tuple[Share | None, Share | None]:
    """The VP share (set once) and the VB share of the report's own moment."""
    ext = _arbetsgrupper(data)
    vp = plan_share(ext.rows, data.year) if ext else None
    return vp, report_share(_berattelser(moment), ref.year)


@hookimpl
def indicators(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
               history: History) -> list[ContributedIndicator]:
    ref, ext = history.current, _arbetsgrupper(data)
    if ref is None or ext is None:
        return []
    follow_up = ref.kind is not MomentKind.PLAN
    priority = federation.config.plugin_config.get(NAME, {}).get("indicator_priority")
    found = []
    for share in _shares(data, moment, ref):
        if share is None or share.groups == 0:
            continue
        # a plan states the målvärde; utfall and status belong to the follow-ups
        value = share_value(share) if follow_up else None
        # the VP record of earlier years is set once (arbetsgrupper.csv), so the trend is known in every report
        trend = share_trend(ext.rows, share) if share.kind == "vp" else []
        found.append(ContributedIndicator(indicator=share_indicator(share, ext), value=value,
                                          priority=priority, group="Arbetsgrupper", earlier=trend))
    return found


def _arbetsgrupper_section(federation: Federation, data: YearData, moment: MomentData,
                           ref: MomentRef) -> Section | None:
    ext, part = _arbetsgrupper(data), _berattelser(moment)
    if ext is None or (ref.kind.value not in PLAN_AND_ANNUAL and part is None):
        return None  # a delår shows the table only where it records the VB handed in so far
    table = vp_vb_table(known_rows(ext, part), federation.config)
    if not table.columns:
        return None
    vp, vb = _shares(data, moment, ref)
    return Section(id="arbetsgrupper", title="Arbetsgrupper", template="sections/arbetsgrupper.html", order=35,
                   data={"table": table, "plan_share": vp, "report_share": vb, "source": ext.source,
                         "interim": ref.kind is MomentKind.INTERIM})


@hookimpl
def report_sections(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
                    history: History) -> list[Section]:
    ref = history.current
    if ref is None:
        return []
    sections = []
    groups = _arbetsgrupper_section(federation, data, moment, ref)
    if groups is not None:
        sections.append(groups)
    return sections


