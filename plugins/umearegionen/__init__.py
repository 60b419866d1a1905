"""Umeåregionen: arbetsgruppernas verksamhetsplaner och -berättelser, och finansiering relativt invånare.

Two data extensions of a year's folder, each with its own section and checks:

``arbetsgrupper``
    ``arbetsgrupper.csv``: one row per arbetsgrupp and year (``arbetsgrupp,ar,vp,vb``), where
    ``vp``/``vb`` say whether the group handed in its verksamhetsplan / verksamhetsberättelse for
    that year (true/false, ja/nej; empty = no information). Rendered as the table
    "Arbetsgruppernas verksamhetsplaner och verksamhetsberättelser" (VB09, VP10 … with a Summa
    row) in the verksamhetsplan and the årsredovisning, and as the computed indicator "Andel
    arbetsgrupper som lämnat verksamhetsplan". ``[extensions.arbetsgrupper]`` in year.toml may
    set ``target`` (målvärde in percent, default 100) and ``source``.

``finansiering``
    ``[extensions.finansiering]``: ``total`` kronor that the members finance for the year, split
    by population ("alla betalar relativt invånare") with the largest-remainder method, so that
    the parts are whole kronor and add up exactly to the total (:func:`apportion`). Rendered as
    "Medlemskommunernas finansiering" in the verksamhetsplan and the årsredovisning.

Settings in federation.toml, ``[plugin_config.umearegionen]``: ``indicator_priority`` names the
prioriterad uppgift the computed indicator is listed under (otherwise it goes to Nyckeltal).
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field, field_validator

from rapportkarna import hookimpl
from rapportkarna.errors import Problem
from rapportkarna.extensions import DataExtension
from rapportkarna.loader import CONFIG_FILE, YEAR_FILE
from rapportkarna.locations import Locations
from rapportkarna.model import Amount, BodyKind, FederationConfig, Indicator, IndicatorStatus, LineKind, YearData
from rapportkarna.model.common import Slug, StrictModel
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation

__version__ = "0.1.0"

NAME = "umearegionen"
TEMPLATES = Path(__file__).resolve().parent / "templates"
ARBETSGRUPPER_CSV = "arbetsgrupper.csv"
#: Reports that show the plugin's two sections.
REPORTS = ("verksamhetsplan", "arsredovisning")
#: Bodies that hand in verksamhetsplan and verksamhetsberättelse: the arbetsgrupper, and the
#: kommunchefsgrupp, which the presentation lists among them and reports the same way.
REPORTING_KINDS = (BodyKind.ARBETSGRUPP, BodyKind.KOMMUNCHEFSGRUPP)
CONFIG_KEYS = ("indicator_priority",)

K = TypeVar("K", bound=Hashable)


# -- apportioning, exact to the krona -------------------------------------------------------------

def apportion(total: int | Decimal, weights: Mapping[K, int]) -> dict[K, int]:
    """Split ``total`` whole kronor in proportion to ``weights`` (e.g. population).

    Largest-remainder (Hamilton) method, in exact integer arithmetic: each part first gets the
    whole kronor of its exact quota ``total * weight / sum(weights)``; the kronor left over go
    one each to the parts with the largest remainders (ties: larger weight first, then the
    order of ``weights``). The parts always add up exactly to ``total``, and each differs from
    its exact quota by less than one krona. A part of weight 0 gets 0.

    Raises ``ValueError`` for a negative or non-whole total, a negative weight, or weights that
    sum to zero.
    """
    total_dec = Decimal(total)
    if total_dec != total_dec.to_integral_value() or total_dec < 0:
        raise ValueError(f"total must be a whole, non-negative number of kronor; got {total}")
    whole = int(total_dec)
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    denominator = sum(weights.values())
    if denominator <= 0:
        raise ValueError("weights must not all be zero")
    floors: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for key, weight in weights.items():
        floors[key], remainders[key] = divmod(whole * weight, denominator)
    left = whole - sum(floors.values())
    position = {key: i for i, key in enumerate(weights)}
    ranked = sorted(weights, key=lambda k: (-remainders[k], -weights[k], position[k]))
    for key in ranked[:left]:
        floors[key] += 1
    return floors


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
    rows: list[Inlamning] = Field(default_factory=list, description=f"Rows of {ARBETSGRUPPER_CSV}.")
    target: Amount = Field(Decimal(100), ge=0, le=100,
                           description="Målvärde (procent) för andelen arbetsgrupper som lämnat verksamhetsplan.")
    source: str | None = Field(None, description="Källa till uppgifterna.")


class Finansiering(StrictModel):
    total: Amount = Field(gt=0, description="Belopp i hela kronor som medlemskommunerna finansierar under året.")
    population_year: int | None = Field(
        None, ge=1900, le=2200,
        description="Folkmängden det här årets (31 december, eller senast kända före) ligger till grund; "
                    "standard är rapportåret.")
    description: str | None = Field(None, description="Vad finansieringen avser.")
    budget_line: str | None = Field(
        None, description="Intäktsrad i budget.csv (kostnadsställe) vars budget ska vara lika med total.")

    @field_validator("total")
    @classmethod
    def _whole_kronor(cls, value: Decimal) -> Decimal:
        if value != value.to_integral_value():
            raise ValueError("must be whole kronor (no öre): the split is exact to the krona")
        return value


ARBETSGRUPPER = DataExtension(
    name="arbetsgrupper", model=Arbetsgrupper, tables={"rows": ARBETSGRUPPER_CSV},
    description="Arbetsgruppernas inlämnade verksamhetsplaner och verksamhetsberättelser per år.")
FINANSIERING = DataExtension(
    name="finansiering", model=Finansiering,
    description="Medlemskommunernas finansiering, fördelad efter invånarantal.")


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [ARBETSGRUPPER, FINANSIERING]


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


def vp_vb_table(ext: Arbetsgrupper, config: FederationConfig) -> VpVbTable:
    """Arbetsgrupper × (VB09, VP10, VB10, VP11, …): only columns with some information, in the
    order year, then plan before berättelse; groups in the order the CSV first names them."""
    columns = sorted({Column(row.ar, kind) for row in ext.rows for kind in ("vp", "vb")
                      if getattr(row, kind) is not None},
                     key=lambda c: (c.year, 0 if c.kind == "vp" else 1))
    values: dict[tuple[str, Column], bool] = {}
    order: list[str] = []
    for row in ext.rows:
        if row.arbetsgrupp not in order:
            order.append(row.arbetsgrupp)
        for column in columns:
            value = getattr(row, column.kind)
            if column.year == row.ar and value is not None:
                values[(row.arbetsgrupp, column)] = value
    rows = []
    for group in order:
        body = config.organisation.body(group)
        rows.append(GroupRow(group, body.name if body else group,
                             tuple(values.get((group, column)) for column in columns)))
    sums = tuple(sum(1 for r in rows if r.cells[i] is True) for i in range(len(columns)))
    reported = tuple(sum(1 for r in rows if r.cells[i] is not None) for i in range(len(columns)))
    return VpVbTable(tuple(columns), tuple(rows), sums, reported)


@dataclass(frozen=True)
class PlanShare:
    year: int
    handed_in: int
    groups: int

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.handed_in) * 100 / Decimal(self.groups)).quantize(Decimal("0.1"))


def plan_share(ext: Arbetsgrupper, year: int) -> PlanShare | None:
    """Groups that handed in a verksamhetsplan for ``year``, or for the latest year before it
    that has information; None when there is none."""
    known = sorted({row.ar for row in ext.rows if row.vp is not None and row.ar <= year})
    if not known:
        return None
    rows = [row for row in ext.rows if row.ar == known[-1] and row.vp is not None]
    return PlanShare(known[-1], sum(1 for row in rows if row.vp), len(rows))


@dataclass(frozen=True)
class MemberShare:
    name: str
    kommunkod: str
    population: int
    share: Decimal
    """Percent of the total population, to two decimals; the shares add up to exactly 100."""
    amount: int


@dataclass(frozen=True)
class FinancingTable:
    total: int
    population_year: int
    rows: tuple[MemberShare, ...]
    population: int


def population_year(ext: Finansiering, year: int) -> int:
    return ext.population_year or year


def financing_table(ext: Finansiering, config: FederationConfig, year: int) -> FinancingTable:
    """Each member's share of ``ext.total`` by population; members without population are
    left out here (validate_federation reports them before any build)."""
    basis = population_year(ext, year)
    populations = {m.kommunkod: m.population_in(basis) for m in config.members}
    weights = {code: pop for code, pop in populations.items() if pop is not None}
    amounts = apportion(ext.total, weights)
    # shares in hundredths of a percent, split the same way, so that the shown shares add up
    # to exactly 100,00 % like the amounts add up to the total
    hundredths = apportion(10_000, weights)
    rows = tuple(MemberShare(m.name, m.kommunkod, weights[m.kommunkod],
                             Decimal(hundredths[m.kommunkod]) / 100, amounts[m.kommunkod])
                 for m in config.members if m.kommunkod in weights)
    return FinancingTable(int(ext.total), basis, rows, sum(weights.values()))


# -- validation -----------------------------------------------------------------------------------

def _check_arbetsgrupper(federation: Federation, ext: Arbetsgrupper, where: Locations) -> list[Problem]:
    organisation = federation.config.organisation
    known = ", ".join(b.id for b in organisation.bodies if b.kind in REPORTING_KINDS) or "(none)"
    problems = []
    first_of: dict[tuple[str, int], int] = {}
    for i, row in enumerate(ext.rows):
        body = organisation.body(row.arbetsgrupp)
        if body is None:
            problems.append(where.in_table(ARBETSGRUPPER_CSV, i, "arbetsgrupp",
                                           f"unknown arbetsgrupp '{row.arbetsgrupp}'; arbetsgrupper in "
                                           f"{CONFIG_FILE}: {known}"))
        elif body.kind not in REPORTING_KINDS:
            problems.append(where.in_table(ARBETSGRUPPER_CSV, i, "arbetsgrupp",
                                           f"'{row.arbetsgrupp}' is a body of kind '{body.kind.value}' in "
                                           f"{CONFIG_FILE}; expected kind 'arbetsgrupp'"))
        first = first_of.setdefault((row.arbetsgrupp, row.ar), i)
        if first != i:
            problems.append(where.in_table(ARBETSGRUPPER_CSV, i, None,
                                           f"'{row.arbetsgrupp}' {row.ar} is already given on row {first + 1}"))
    return problems


def _check_population(config: FederationConfig, year: int, basis: int, where: Locations) -> list[Problem]:
    """Every member has a population to split finansiering by, and not all of them are 0."""
    problems = [where.in_config(("members", i, "population"),
                                f"{member.name} has no population for {basis} or earlier; "
                                f"finansiering {year} is split by population")
                for i, member in enumerate(config.members) if member.population_in(basis) is None]
    if not problems and sum(m.population_in(basis) or 0 for m in config.members) == 0:
        problems.append(where.in_config(("members",), f"the members' population for {basis} adds up to 0; "
                                                      "finansiering cannot be split by population"))
    return problems


def _check_budget_line(data: YearData, ext: Finansiering, where: Locations) -> list[Problem]:
    """The income line that ``budget_line`` names exists in budget.csv and budgets the total."""
    if ext.budget_line is None:
        return []
    loc = ("extensions", "finansiering", "budget_line")
    income = data.budget.lines_of(LineKind.INTAKT)
    found = [b for b in income if b.kostnadsstalle == ext.budget_line]
    if not found:
        names = ", ".join(b.kostnadsstalle for b in income) or "(none)"
        return [where.in_year(loc, f"no income line '{ext.budget_line}' in budget.csv; income lines: {names}")]
    budget = sum((b.budget for b in found), Decimal(0))
    if budget != ext.total:
        return [where.in_year(loc, f"budget of '{ext.budget_line}' is {budget} kr but finansiering "
                                   f"total is {ext.total} kr; they must be equal")]
    return []


def _check_finansiering(federation: Federation, data: YearData, ext: Finansiering,
                        where: Locations) -> list[Problem]:
    basis = population_year(ext, data.year)
    return (_check_population(federation.config, data.year, basis, where)
            + _check_budget_line(data, ext, where))


def _check_config(federation: Federation, data: YearData, where: Locations) -> list[Problem]:
    settings = federation.config.plugin_config.get(NAME, {})
    problems = [where.in_config(("plugin_config", NAME, key),
                                f"unknown setting '{key}'; expected one of: {', '.join(CONFIG_KEYS)}")
                for key in settings if key not in CONFIG_KEYS]
    priority = settings.get("indicator_priority")
    ids = [p.id for p in data.priorities]
    if priority is not None and "arbetsgrupper" in data.extensions and priority not in ids:
        problems.append(where.in_config(("plugin_config", NAME, "indicator_priority"),
                                        f"no prioriterad uppgift '{priority}' in {data.year}/{YEAR_FILE}; "
                                        f"priorities: {', '.join(ids) or '(none)'}"))
    return problems


@hookimpl
def validate_federation(federation: Federation, data: YearData) -> list[Problem]:
    where = Locations(federation, data.year)
    problems = _check_config(federation, data, where)
    groups = data.extensions.get("arbetsgrupper")
    if isinstance(groups, Arbetsgrupper):
        problems += _check_arbetsgrupper(federation, groups, where)
    financing = data.extensions.get("finansiering")
    if isinstance(financing, Finansiering):
        problems += _check_finansiering(federation, data, financing, where)
    return problems


# -- indicators and sections ----------------------------------------------------------------------

def _status(outcome: Decimal, target: Decimal) -> IndicatorStatus:
    """Uppfyllt at the target, delvis from three quarters of it, otherwise ej uppfyllt."""
    if outcome >= target:
        return IndicatorStatus.UPPFYLLT
    if outcome * 4 >= target * 3:
        return IndicatorStatus.DELVIS
    return IndicatorStatus.EJ_UPPFYLLT


def plan_indicator(ext: Arbetsgrupper, year: int) -> Indicator | None:
    share = plan_share(ext, year)
    if share is None or share.groups == 0:
        return None
    return Indicator(
        id="andel-arbetsgrupper-vp",
        text=f"Andel arbetsgrupper som lämnat verksamhetsplan för {share.year}",
        unit="%", target=ext.target, outcome=share.percent, direction="increase",
        status=_status(share.percent, ext.target),
        assessment=f"{share.handed_in} av {share.groups} arbetsgrupper har lämnat verksamhetsplan för {share.year}.",
        source=ext.source)


@hookimpl
def indicators(report: ReportType, federation: Federation, data: YearData) -> list[ContributedIndicator]:
    ext = data.extensions.get("arbetsgrupper")
    if not isinstance(ext, Arbetsgrupper):
        return []
    indicator = plan_indicator(ext, data.year)
    if indicator is None:
        return []
    priority = federation.config.plugin_config.get(NAME, {}).get("indicator_priority")
    return [ContributedIndicator(indicator=indicator, priority=priority, group="Arbetsgrupper")]


@hookimpl
def report_sections(report: ReportType, federation: Federation, data: YearData) -> list[Section]:
    if report.id not in REPORTS:
        return []
    sections = []
    groups = data.extensions.get("arbetsgrupper")
    table = vp_vb_table(groups, federation.config) if isinstance(groups, Arbetsgrupper) else None
    if isinstance(groups, Arbetsgrupper) and table and table.columns:
        sections.append(Section(
            id="arbetsgrupper", title="Arbetsgrupper", template="sections/arbetsgrupper.html",
            order=35, data={"table": table, "share": plan_share(groups, data.year),
                            "source": groups.source}))
    financing = data.extensions.get("finansiering")
    if isinstance(financing, Finansiering):
        sections.append(Section(
            id="finansiering", title="Medlemskommunernas finansiering",
            template="sections/finansiering.html", order=75,
            data={"table": financing_table(financing, federation.config, data.year),
                  "description": financing.description}))
    return sections


@hookimpl
def template_dirs() -> list[Path]:
    return [TEMPLATES]


@hookimpl
def extra_css() -> list[str]:
    return ["css/umearegionen.css"]
