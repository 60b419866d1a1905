"""Member fees, computed exactly: each member's fee in whole kronor, summing to the krona.

``population_share``
    ``total`` (whole kronor) less a fixed ``base`` per member is split by the members' shares of
    the population. Each member first gets the whole kronor of its exact quota; the kronor left
    over go one each to the members with the largest remainders, ties by kommunkod
    (largest-remainder, or Hamilton, method, in exact integer arithmetic). The fees add up to
    exactly ``total``.
``per_inhabitant``
    each member's exact fee is ``base + rate × population``; the sum of the exact fees is rounded
    half up to whole kronor, and the members' fees are rounded to whole kronor the same way, so
    that they add up to exactly that sum.

Each fee differs from its exact quota by less than one krona, a member of population 0 pays only
its base, and the result depends on nothing but the figures (not on the order of the members).

The same key, each member's share of the decided fees, splits a samverkan's surplus or deficit
(:func:`settlement`). :func:`member_fees` gathers all a report shows about the fees.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.formatting import LACKING
from rapportkarna.kolada.cache import read_values
from rapportkarna.kolada.population import population as kolada_population
from rapportkarna.kolada.settings import POPULATION_KPI
from rapportkarna.locations import Locations
from rapportkarna.model import FederationConfig, LineKind, MomentData, MomentKind, MomentRef, Regime, YearData
from rapportkarna.model.fees import FeeMethod, Fees, FeesFollowUp, PopulationSource
from rapportkarna.workspace import Federation

KOLADA_DIR = "kolada"
ONE = Decimal(1)


# -- splitting to the krona -----------------------------------------------------------------------

def largest_remainder(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``total`` whole units in proportion to ``weights``, keyed by kommunkod.

    Exact integer arithmetic: each key gets the whole units of ``total × weight / Σweights``; the
    units left over go one each to the largest remainders, ties by key. The parts add up to
    ``total``, each is within one unit of its exact quota, and a weight of 0 gets 0.

    Raises ``ValueError`` for a negative total or weight, or weights that sum to zero.
    """
    if total < 0:
        raise ValueError(f"the amount to split must not be negative; got {total}")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("weights must not be negative")
    denominator = sum(weights.values())
    if denominator <= 0:
        raise ValueError("weights must not all be zero")
    parts: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for key, weight in weights.items():
        parts[key], remainders[key] = divmod(total * weight, denominator)
    _hand_out(parts, remainders, total - sum(parts.values()))
    return parts


def round_to_sum(exact: Mapping[str, Decimal], target: int) -> dict[str, int]:
    """Round each exact amount to whole kronor so that they add up to ``target``.

    ``target`` must be within the rounding of the exact sum (at least the sum of the floors and
    at most the sum of the ceilings); the kronor above the floors go to the largest fractional
    parts, ties by key.
    """
    parts = {key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()}
    fractions = {key: value - parts[key] for key, value in exact.items()}
    left = target - sum(parts.values())
    if left < 0 or left > sum(1 for f in fractions.values() if f > 0):
        raise ValueError(f"{target} is not a rounding of the sum {sum(exact.values(), Decimal(0))}")
    _hand_out(parts, fractions, left)
    return parts


def _hand_out(parts: dict[str, int], remainders: Mapping[str, Any], left: int) -> None:
    """One unit each to the ``left`` largest remainders; ties by key, so the order of the input
    does not matter."""
    ranked = sorted(parts, key=lambda key: (-remainders[key], key))
    for key in ranked[:left]:
        parts[key] += 1


def whole_kronor(amount: Decimal) -> int:
    """An amount in whole kronor, rounded half up as in accounting."""
    return int(amount.quantize(ONE, rounding=ROUND_HALF_UP))


def percent_shares(weights: Mapping[str, int]) -> dict[str, Decimal]:
    """Each key's share of the weights in percent with two decimals, the shares adding up to
    exactly 100,00 (split in hundredths the same way as the kronor)."""
    hundredths = largest_remainder(10_000, weights)
    return {key: Decimal(part) / 100 for key, part in hundredths.items()}


# -- the decided fees -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberPopulation:
    kommunkod: str
    name: str
    population: int


@dataclass(frozen=True)
class MemberFee:
    kommunkod: str
    name: str
    population: int
    share: Decimal
    """Percent of the members' population, two decimals; the shares add up to exactly 100."""
    base: Decimal
    variable: Decimal
    """The part by population: a share of the total less the bases, or rate × population."""

    @property
    def fee(self) -> Decimal:
        return self.base + self.variable


@dataclass(frozen=True)
class FeeSplit:
    method: FeeMethod
    population_year: int
    population_date: date
    source: PopulationSource
    rate: Decimal | None
    rows: tuple[MemberFee, ...]

    @property
    def total(self) -> Decimal:
        return sum((row.fee for row in self.rows), Decimal(0))

    @property
    def population(self) -> int:
        return sum(row.population for row in self.rows)

    @property
    def base_total(self) -> Decimal:
        return sum((row.base for row in self.rows), Decimal(0))

    @property
    def variable_total(self) -> Decimal:
        return sum((row.variable for row in self.rows), Decimal(0))

    @property
    def has_base(self) -> bool:
        return any(row.base for row in self.rows)

    def fee_of(self, kommunkod: str) -> Decimal | None:
        return next((row.fee for row in self.rows if row.kommunkod == kommunkod), None)


def split_fees(fees: Fees, members: Sequence[MemberPopulation], population_date: date) -> FeeSplit:
    """Each member's fee by ``fees``; members in the order given.

    Raises ``ValueError`` where no split exists: no members, a population that is negative or
    all zero, or bases that exceed a population_share total.
    """
    if not members:
        raise ValueError("there are no members to split the fees between")
    populations = {m.kommunkod: m.population for m in members}
    if len(populations) != len(members):
        raise ValueError("a kommunkod is given twice")
    shares = percent_shares(populations)  # also refuses negative and all-zero populations
    base = fees.base
    if fees.method is FeeMethod.POPULATION_SHARE:
        assert fees.total is not None  # the model requires it
        rest = fees.total - base * len(members)
        if rest < 0:
            raise ValueError(f"the bases ({len(members)} × {base} kr) exceed the total {fees.total} kr")
        variable = largest_remainder(int(rest), populations)
    else:
        assert fees.rate is not None
        exact = {code: base + fees.rate * population for code, population in populations.items()}
        fee = round_to_sum(exact, whole_kronor(sum(exact.values(), Decimal(0))))
        variable = {code: fee[code] - int(base) for code in populations}
    rows = tuple(MemberFee(m.kommunkod, m.name, m.population, shares[m.kommunkod], base,
                           Decimal(variable[m.kommunkod])) for m in members)
    return FeeSplit(fees.method, population_date.year, population_date, fees.population_source, fees.rate, rows)


# -- where the population comes from --------------------------------------------------------------

def population_kpi(config: FederationConfig) -> str:
    kolada = config.kolada
    return kolada.population.kpi if kolada and kolada.population else POPULATION_KPI


def population_date(fees: Fees, config: FederationConfig, budget_year: int) -> date:
    """The day the population is counted: 31 December of the reference year, or the day
    [kolada.population] reference_date names for a Kolada KPI."""
    year = fees.reference_year(budget_year)
    kolada = config.kolada
    if fees.population_source is PopulationSource.KOLADA and kolada and kolada.population:
        month, day = (int(part) for part in kolada.population.reference_date.split("-"))
        return date(year, month, day)
    return date(year, 12, 31)


def member_populations(fees: Fees, federation: Federation, budget_year: int) -> tuple[list[MemberPopulation], list[Problem]]:
    """Each member's population at the fees' reference date, and a problem for each one missing."""
    config = federation.config
    year = fees.reference_year(budget_year)
    if fees.population_source is PopulationSource.KOLADA:
        pairs = [(m.kommunkod, m.name) for m in config.members]
        try:
            counts = kolada_population(federation.root / KOLADA_DIR, pairs, year, population_kpi(config),
                                       federation.slug)
        except ValidationFailed as failed:
            return [], _kolada_hint(fees, federation, year) + failed.problems
        return [MemberPopulation(code, name, counts[code]) for code, name in pairs], []
    where = Locations(federation)
    found, problems = [], []
    for i, member in enumerate(config.members):
        count = member.population.get(year)
        if count is None:
            known = ", ".join(map(str, sorted(member.population))) or "none"
            problems.append(where.in_config(("members", i, "population"),
                                            f"{member.name} has no population for {year} (31 December; years "
                                            f"given: {known}); the member fees {budget_year} are split by it "
                                            f"([fees] in {budget_year}/year.toml)"))
        else:
            found.append(MemberPopulation(member.kommunkod, member.name, count))
    return found, problems


def _kolada_hint(fees: Fees, federation: Federation, year: int) -> list[Problem]:
    """What federation.toml lacks for `kolada fetch` to fill the cache the fees need."""
    kolada = federation.config.kolada
    if kolada is not None and kolada.population is not None and year in kolada.years:
        return []
    where = Locations(federation)
    wanted = "[kolada.population] and the year " + str(year) + " in [kolada] years"
    return [where.in_config(("kolada",), f"the member fees take the population {year} from Kolada "
                                         f"(population_source = 'kolada'); `rapportkarna kolada fetch "
                                         f"{federation.slug}` fetches it once federation.toml has {wanted}")]


def decided_fees(fees: Fees, federation: Federation, budget_year: int) -> FeeSplit:
    """The fees of ``budget_year`` as decided; :class:`ValidationFailed` where the population is
    missing (validation reports it first, at its place)."""
    members, problems = member_populations(fees, federation, budget_year)
    if problems:
        raise ValidationFailed(problems)
    return split_fees(fees, members, population_date(fees, federation.config, budget_year))


# -- reconciliation: invoiced against decided -----------------------------------------------------

Value = Any  # Decimal, or LACKING where a draft has no figure yet


@dataclass(frozen=True)
class InvoicedRow:
    kommunkod: str
    name: str
    decided: Decimal
    invoiced: Value
    difference: Value
    """Invoiced less decided."""


@dataclass(frozen=True)
class Reconciliation:
    rows: tuple[InvoicedRow, ...]
    explanation: str | None
    recorded: bool
    """Whether the moment records invoiced fees at all."""

    @property
    def decided(self) -> Decimal:
        return sum((row.decided for row in self.rows), Decimal(0))

    @property
    def invoiced(self) -> Value:
        return _total(row.invoiced for row in self.rows)

    @property
    def difference(self) -> Value:
        return _total(row.difference for row in self.rows)

    @property
    def differs(self) -> bool:
        return any(isinstance(row.difference, Decimal) and row.difference != 0 for row in self.rows)


def _total(values: Any) -> Value:
    values = list(values)
    return LACKING if any(v is LACKING for v in values) else sum(values, Decimal(0))


def reconcile(split: FeeSplit, follow_up: FeesFollowUp | None) -> Reconciliation:
    invoiced = follow_up.invoiced if follow_up else {}
    rows = []
    for row in split.rows:
        amount = invoiced.get(row.kommunkod, LACKING)
        rows.append(InvoicedRow(row.kommunkod, row.name, row.fee, amount,
                                LACKING if amount is LACKING else amount - row.fee))
    return Reconciliation(tuple(rows), follow_up.explanation if follow_up else None, follow_up is not None)


# -- a samverkan's result, settled between the members --------------------------------------------

@dataclass(frozen=True)
class SettlementRow:
    kommunkod: str
    name: str
    share: Decimal
    """Percent of the decided fees."""
    amount: Decimal
    """The member's part of the result: positive a surplus it gets back, negative a deficit it covers."""


@dataclass(frozen=True)
class Settlement:
    result: Value
    """The year's result of the budget follow-up (utfall: intäkter − kostnader, and the surplus of
    earlier years used, if any); LACKING in a draft that lacks utfall."""
    rows: tuple[SettlementRow, ...]
    text: str | None
    surplus_used: Decimal | None = None
    """Earlier years' surplus used in the year (ianspråktaget överskott), included in ``result``."""


def surplus_used(moment: MomentData) -> Decimal | None:
    """The earlier years' surplus the moment records as used (shown below the result line)."""
    used = moment.budget.anvandning_av_overskott
    return used.utfall if used is not None and used.utfall else None


def year_result(data: YearData, moment: MomentData) -> Value:
    """Intäkter less kostnader of the moment's utfall, plus the earlier years' surplus used: what is
    left to settle; LACKING when a budget line has no utfall."""
    rows = [moment.outcome(line.key) for line in data.budget.lines]
    if any(row is None or row.utfall is None for row in rows):
        return LACKING
    net = sum((row.utfall if row.kind is LineKind.INTAKT else -row.utfall
               for row in moment.outcomes if row.utfall is not None), Decimal(0))
    return net + (surplus_used(moment) or 0)


def split_result(split: FeeSplit, result: Decimal) -> tuple[SettlementRow, ...]:
    """``result`` split by each member's share of the decided fees, to the krona (to the öre if the
    result has öre), so that the parts add up to it exactly."""
    weights = {row.kommunkod: int(row.fee) for row in split.rows}
    if sum(weights.values()) == 0:  # no variable part and no base: split by population instead
        weights = {row.kommunkod: row.population for row in split.rows}
    unit = ONE if result == result.to_integral_value() else Decimal("0.01")
    units = int(abs(result) / unit)
    parts = largest_remainder(units, weights)
    shares = percent_shares(weights)
    sign = 1 if result >= 0 else -1
    return tuple(SettlementRow(row.kommunkod, row.name, shares[row.kommunkod], sign * parts[row.kommunkod] * unit)
                 for row in split.rows)


def settlement(split: FeeSplit, fees: Fees, data: YearData, moment: MomentData) -> Settlement:
    result = year_result(data, moment)
    rows = () if result is LACKING else split_result(split, result)
    return Settlement(result, rows, fees.settlement, surplus_used(moment))


# -- what a report shows --------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberFees:
    """The member fees of a report's moment: the decided split, and in a follow-up what was
    invoiced; in a samverkan's årsredovisning how the result is settled between the members."""

    fees: Fees
    split: FeeSplit
    kind: MomentKind
    period_end: date | None
    reconciliation: Reconciliation | None = None
    settlement: Settlement | None = None
    population_citation: str | None = None
    """Where the population comes from, when from Kolada: 'Källa: Kolada, KPI N01951, hämtad …'."""


def member_fees(federation: Federation, data: YearData, ref: MomentRef | None,
                moment: MomentData) -> MemberFees | None:
    """Everything the medlemsavgifter section shows; None where the year has no [fees] or the
    report belongs to no moment."""
    fees = data.fees
    if fees is None or ref is None:
        return None
    split = decided_fees(fees, federation, data.year)
    if ref.kind is MomentKind.PLAN:
        return MemberFees(fees, split, ref.kind, None, population_citation=_citation(fees, federation, split))
    recon = reconcile(split, moment.fees)
    settled = None
    if ref.kind is MomentKind.ANNUAL and federation.config.organisation.regime is Regime.SAMVERKAN:
        settled = settlement(split, fees, data, moment)
    return MemberFees(fees, split, ref.kind, ref.period_end, recon, settled)


def _citation(fees: Fees, federation: Federation, split: FeeSplit) -> str | None:
    """Kolada's terms ask for the source wherever its figures are shown, with the day they were
    fetched (from the cache, so the same on every build)."""
    if fees.population_source is not PopulationSource.KOLADA:
        return None
    pairs = [(row.kommunkod, row.name) for row in split.rows]
    values = read_values(federation.root / KOLADA_DIR, population_kpi(federation.config), pairs,
                         [split.population_year], slug=federation.slug)
    return values.citation()
