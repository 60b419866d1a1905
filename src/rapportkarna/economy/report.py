"""The economy of one report: everything its statements, notes and key figures show, computed once
from the moment's books and the earlier moments the report may know.

- årsredovisning: resultaträkning, balansräkning, kassaflödesanalys with last year beside this year,
  noter, investeringsredovisning, and for a kommunalförbund the balanskravsutredning and the
  femårsöversikt; for an ideell förening the förslag till resultatdisposition.
- delårsrapport: resultaträkning for the period with the same period last year, budget and prognos;
  balansräkning against the last balance date; for a kommunalförbund the balanskravsresultat on the
  prognos.
- verksamhetsplan: a kommunalförbund's resultatbudget, balansbudget and kassaflödesbudget.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapportkarna.economy.accounts import Books, Ledger
from rapportkarna.economy.balanskrav import Balanskravsutredning, utredning
from rapportkarna.economy.investments import investeringsredovisning
from rapportkarna.economy.key_figures import Figure
from rapportkarna.economy.notes import Note, number_notes
from rapportkarna.economy.overview import Overview, YearBooks, femarsoversikt, key_ratios
from rapportkarna.economy.plan import EconomicPlan, economic_plan
from rapportkarna.economy.provenance import Locate, provenance
from rapportkarna.economy.roles import BR, KF, RR, Role, line_id
from rapportkarna.economy.statements import StatementTable, annual_statements, interim_statements, previous_year
from rapportkarna.history import History, NotEarlier
from rapportkarna.loader import SIE_FILE, LoadedYear
from rapportkarna.model import MomentData, MomentKind, MomentRef, Regime
from rapportkarna.sie.mapping import AccountMapping

PERCENT_FIGURES = {"soliditet", "soliditet_inkl_pensioner", "kassalikviditet", "sjalvfinansieringsgrad",
                   "resultat_andel_av_intakter"}


@dataclass
class Resultatdisposition:
    """An association's förslag till resultatdisposition: what the stämma has at its disposal."""

    balanserat: Decimal
    arets_resultat: Decimal

    @property
    def total(self) -> Decimal:
        return self.balanserat + self.arets_resultat


def _doc(text: str, default: Any = None, factory: Any = None) -> Any:
    """A dataclass field with its description (docs/hooks.md prints it)."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


@dataclass
class ReportEconomy:
    """What a report shows from the federation's accounts and economic plan, computed once."""

    regime: Regime = field(metadata={"doc": "The organisation's legal form."})
    kind: MomentKind = field(metadata={"doc": "The report's moment: plan, interim or annual."})
    source: str | None = _doc("The moment's SIE file, relative to the federation's folder.")
    company: str | None = _doc("The company name in the SIE file (#FNAMN).")
    statements: dict[str, StatementTable] = _doc(
        "'resultatrakning', 'balansrakning', 'kassaflodesanalys' (annual), 'resultatbudget' (plan).", factory=dict)
    notes: list[Note] = _doc("The noter, numbered; each statement row's `note` refers to one.", factory=list)
    balanskrav: Balanskravsutredning | None = _doc("The balanskravsutredning (kommunalförbund; on the prognos at a delår).")
    overview: Overview | None = _doc("The femårsöversikt (a kommunalförbund's årsredovisning).")
    investments: StatementTable | None = _doc("The investeringsredovisning per project (SIE dimension 6).")
    plan: EconomicPlan | None = _doc("A kommunalförbund's resultatbudget, balansbudget and kassaflödesbudget.")
    resultatdisposition: Resultatdisposition | None = _doc("An association's förslag till resultatdisposition.")
    figures: dict[str, Figure] = _doc("Named figures, as texts use them: {arets_resultat}, {soliditet} …",
                                      factory=dict)
    missing: list[str] = _doc("What this report lacks of the economy (a draft's gaps), in words.", factory=list)
    mapping: AccountMapping | None = field(default=None, repr=False, metadata={"doc": "The account mapping used."})

    def tables(self) -> list[StatementTable]:
        """Every table of figures the report shows from the accounts and the plan."""
        found = list(self.statements.values())
        if self.investments:
            found.append(self.investments)
        if self.plan:
            found += [t for t in (self.plan.balansbudget, self.plan.kassaflodesbudget) if t is not None]
        return found

    def provenance(self, root: Path, locate: Locate | None = None) -> dict[str, Any]:
        """Where each line's figures come from (see :mod:`rapportkarna.economy.provenance`);
        ``locate`` names the cell of a budget file's row and column."""
        if self.mapping is None:
            return {}
        relative = {str(path): str(path.relative_to(root)) for path in self.mapping.sources
                    if path.is_relative_to(root)}
        for table in self.tables():
            for source in table.sources:
                if source.books is not None and source.books.path.is_relative_to(root):
                    relative[str(source.books.path)] = str(source.books.path.relative_to(root))
        return provenance(self.tables(), self.mapping, relative, locate)

    def values(self) -> dict[str, Decimal]:
        """The named figures as plain values (for goals evaluated from the accounts)."""
        return {name: figure.value for name, figure in self.figures.items()}


@dataclass
class EconomyInputs:
    """What the report's economy is computed from."""

    loaded: LoadedYear
    ref: MomentRef
    moment: MomentData
    history: History
    ledger: Ledger
    regime: Regime

    @property
    def mapping(self) -> AccountMapping:
        return self.ledger.mapping

    def books(self) -> Books | None:
        sie = self.loaded.sie.get(self.ref.id)
        return self.ledger.map(self.ref, sie)[0] if sie is not None else None

    def earlier_books(self, year: int, moment_id: str) -> Books | None:
        try:
            sie = self.history.sie(year, moment_id)
        except NotEarlier:
            return None
        return self.ledger.map(MomentRef(year, moment_id), sie)[0] if sie is not None else None

    def earlier_moment(self, year: int, moment_id: str) -> MomentData | None:
        try:
            return self.history.moment(year, moment_id)
        except NotEarlier:
            return None


def _statement_figures(economy: ReportEconomy, mapping: AccountMapping, prefix: str = "",
                       column: int = -1, only: tuple[str, ...] = (RR, BR, KF)) -> None:
    """Every line of the statements as a named figure: RR lines by their id, all lines also as
    '<statement>.<id>'."""
    for statement_id in only:
        found = economy.statements.get(statement_id)
        if found is None:
            continue
        for row in found.rows:
            value = row.values[column] if row.values else None
            if value is None:
                continue
            figure = Figure(value, label=row.label)
            economy.figures[f"{prefix}{statement_id}.{row.id}"] = figure
            if statement_id == RR:
                economy.figures.setdefault(f"{prefix}{row.id}", figure)


def _ratio_figures(economy: ReportEconomy, ratios: dict[str, Decimal | None], prefix: str = "") -> None:
    for name, value in ratios.items():
        if value is not None:
            economy.figures.setdefault(f"{prefix}{name}", Figure(value, "percent" if name in PERCENT_FIGURES
                                                                 else "amount"))


def _year_sources(inputs: EconomyInputs, books: Books) -> dict[int, YearBooks]:
    """Each of the five years' closing figures: this file, its year −1, then earlier bokslut files."""
    year = books.ref.year
    sources: dict[int, YearBooks] = {year: YearBooks(year, books, 0, inputs.moment.economy.pensionsforpliktelser)}
    for earlier in range(year - 1, year - 6, -1):
        moment = inputs.earlier_moment(earlier, "bokslut")
        pensions = moment.economy.pensionsforpliktelser if moment else None
        found = inputs.earlier_books(earlier, "bokslut")
        if found is not None:
            sources[earlier] = YearBooks(earlier, found, 0, pensions)
        elif earlier + 1 in sources and sources[earlier + 1].index == 0 and sources[earlier + 1].books.has_previous:
            sources[earlier] = YearBooks(earlier, sources[earlier + 1].books, -1, pensions)
    return sources


def _annual(economy: ReportEconomy, inputs: EconomyInputs, books: Books) -> None:
    year = books.ref.year
    earlier = inputs.earlier_books(year - 1, "bokslut")
    economy.statements = annual_statements(books, earlier, inputs.mapping, inputs.loaded.data.resultatbudget)
    before = inputs.earlier_moment(year - 1, "bokslut")
    economy.notes = number_notes(economy.statements, books, previous_year(books, earlier), inputs.mapping,
                                 inputs.moment.texts.redovisningsprinciper, inputs.moment.economy,
                                 before.economy if before else None)
    economy.investments = investeringsredovisning(books, inputs.loaded.data.investeringsbudget)
    _statement_figures(economy, inputs.mapping, column=_this_year_column(economy))
    sources = _year_sources(inputs, books)
    _ratio_figures(economy, key_ratios(sources[year], inputs.mapping))
    result = economy.figures.get("arets_resultat")
    if inputs.regime is Regime.KOMMUNALFORBUND:
        economy.overview = femarsoversikt(year, sources, inputs.mapping)
        if result is not None:
            economy.balanskrav = utredning(year, result.value, inputs.moment.economy.balanskrav)
            economy.figures["balanskravsresultat"] = Figure(economy.balanskrav.result, label="Balanskravsresultat")
    if inputs.regime is Regime.IDEELL_FORENING and result is not None:
        equity = sources[year].get(inputs.mapping, Role.EQUITY)
        if equity is not None:
            economy.resultatdisposition = Resultatdisposition(equity - result.value, result.value)


def _this_year_column(economy: ReportEconomy) -> int:
    """The column of this year's utfall: after the budget column where the resultaträkning has one."""
    found = economy.statements.get(RR)
    return 1 if found and found.columns and found.columns[0].startswith("Budget") else 0


def _interim(economy: ReportEconomy, inputs: EconomyInputs, books: Books) -> None:
    ref = books.ref
    same = inputs.history.same_period_last_year()
    same_books = inputs.earlier_books(same[0].year, same[0].id) if same else None
    economy.statements = interim_statements(books, same_books, inputs.mapping, inputs.loaded.data.resultatbudget,
                                            inputs.moment.economy.prognos)
    _statement_figures(economy, inputs.mapping, column=0)
    # the balance-sheet ratios at the period end (soliditet, kassalikviditet), for goals and texts
    _ratio_figures(economy, key_ratios(YearBooks(ref.year, books, 0, inputs.moment.economy.pensionsforpliktelser),
                                       inputs.mapping))
    rr = economy.statements.get(RR)
    if rr is not None and any(c.startswith("Prognos") for c in rr.columns):
        _statement_figures(economy, inputs.mapping, prefix="prognos_", column=rr.columns.index(f"Prognos {ref.year}"),
                           only=(RR,))
    prognos = economy.figures.get("prognos_arets_resultat")
    if inputs.regime is Regime.KOMMUNALFORBUND and prognos is not None:
        economy.balanskrav = utredning(ref.year, prognos.value, inputs.moment.economy.balanskrav,
                                       label="Årets resultat enligt prognosen")
        economy.figures["prognos_balanskravsresultat"] = Figure(economy.balanskrav.result)


def _plan(economy: ReportEconomy, inputs: EconomyInputs) -> None:
    data = inputs.loaded.data
    if not data.resultatbudget:
        return
    closed_year = inputs.history.last_closed_year
    closed = inputs.earlier_books(closed_year, "bokslut") if closed_year is not None else None
    try:
        last_year = inputs.history.year_data(data.year - 1)
    except NotEarlier:
        last_year = None
    economy.plan = economic_plan(data, inputs.mapping, closed, last_year)
    if economy.plan.resultatbudget is not None:
        column = economy.plan.resultatbudget.columns.index(f"Budget {data.year}")
        economy.statements["resultatbudget"] = economy.plan.resultatbudget
        for row in economy.plan.resultatbudget.rows:
            value = row.values[column]
            if value is not None:
                economy.figures[f"budget_{row.id}"] = Figure(value, label=row.label)


def report_economy(inputs: EconomyInputs) -> ReportEconomy:
    """The report's economy; what it lacks is listed in ``missing`` (an adopted report that lacks
    anything its legal form requires is refused by :mod:`rapportkarna.economy.requirements`)."""
    economy = ReportEconomy(inputs.regime, inputs.ref.kind, mapping=inputs.mapping)
    if inputs.ref.kind is MomentKind.PLAN:
        _plan(economy, inputs)
        return economy
    books = inputs.books()
    if books is None:
        economy.missing.append(f"räkenskaperna: {inputs.ref.id}/{SIE_FILE} (SIE 4-export från ekonomisystemet)")
        return economy
    economy.source = f"{inputs.ref.year}/{inputs.ref.id}/{SIE_FILE}"
    economy.company = books.sie.company.name or None
    if inputs.ref.kind is MomentKind.ANNUAL:
        _annual(economy, inputs, books)
    else:
        _interim(economy, inputs, books)
    return economy


__all__ = ["BR", "EconomyInputs", "KF", "RR", "ReportEconomy", "line_id", "report_economy"]
