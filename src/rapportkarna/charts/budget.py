"""Core's charts of a report, made from what the context already computed.

"Budget och utfall per kostnadsställe": the costs of the budget table (:mod:`rapportkarna.economy.
budget_table`) as grouped bars: budget and utfall in an årsredovisning, budget, utfall to date and
prognos for the year in a delårsrapport. The table is read by its column labels and row kinds,
not recomputed, so the chart shows exactly the table's figures.
"""

from dataclasses import dataclass
from decimal import Decimal

from rapportkarna.charts.model import Chart, Palette, Series, bar_chart, theme_palette
from rapportkarna.charts.text import Format, largest_difference
from rapportkarna.charts.economy import fee_chart, overview_charts
from rapportkarna.economy.budget_table import BudgetTable
from rapportkarna.economy.fees import MemberFees
from rapportkarna.economy.overview import Overview
from rapportkarna.formatting import datum
from rapportkarna.model import MomentKind, MomentRef
from rapportkarna.model.federation import Theme

COSTS = "Kostnader"


@dataclass(frozen=True)
class ReportCharts:
    """The ``charts`` of the report context: each core chart, or None where the report has none."""

    budget: Chart | None = None
    result: Chart | None = None
    """Årets resultat over the femårsöversikt's years (a kommunalförbund's årsredovisning)."""
    soliditet: Chart | None = None
    """Soliditet, with and without the pension commitments, over the same years."""
    fees: Chart | None = None
    """Each member's fee (the verksamhetsplan)."""


def report_charts(table: BudgetTable | None, ref: MomentRef | None, unit: str, theme: Theme,
                  overview: Overview | None = None, fees: MemberFees | None = None) -> ReportCharts:
    if ref is None:
        return ReportCharts()
    palette = theme_palette(theme)
    result, soliditet = overview_charts(overview, unit, palette)
    return ReportCharts(budget=budget_chart(table, ref, unit, palette) if table is not None else None,
                        result=result, soliditet=soliditet,
                        fees=fee_chart(fees, ref.year, palette) if ref.kind is MomentKind.PLAN else None)


def _number(value: object) -> Decimal | None:
    """A table value as a figure: a draft's LACKING (and None) is no figure."""
    return value if isinstance(value, Decimal) else None


def _columns(table: BudgetTable, ref: MomentRef) -> list[tuple[int, str]]:
    """(index, label) of budget, this moment's utfall and its prognos: earlier years' columns and
    computed ones (avvikelse, kvar att förbruka) are not drawn."""
    wanted = []
    for index, label in enumerate(table.columns):
        if label in table.comparison:
            continue
        if label == f"Budget {ref.year}" or label.startswith(("Utfall", "Prognos")):
            wanted.append((index, label))
    return wanted


def _finding(categories: list[str], series: list[Series], interim: bool, fmt: Format) -> str:
    found = largest_difference(categories, series[0], series[-1])
    if found is None:
        return ""
    category, diff = found
    what = "i prognosen för helåret" if interim else ""
    if diff == 0:
        return f"{'Prognosen' if interim else 'Utfallet'} är lika med budgeten för varje kostnadsställe"
    word = "högre" if diff > 0 else "lägre"
    return f"Störst avvikelse{' ' + what if what else ''}: {category}, {fmt.difference(diff)} {word} kostnad än budget"


def budget_chart(table: BudgetTable, ref: MomentRef, unit: str, palette: Palette) -> Chart | None:
    """The chart of the table's costs, or None: for a plan, or with fewer than two kostnadsställen
    that have both a budget and an utfall or prognos."""
    if ref.kind is MomentKind.PLAN:
        return None
    block = next((b for b in table.blocks if b.heading == COSTS), None)
    columns = _columns(table, ref)
    if block is None or len(columns) < 2 or not columns[0][1].startswith("Budget"):
        return None
    rows = [(row.label, [_number(row.values[i]) for i, _ in columns]) for row in block.rows if row.kind == "line"]
    rows = [(label, values) for label, values in rows if values[0] is not None and any(v is not None for v in values[1:])]
    if len(rows) < 2:
        return None
    categories = [label for label, _ in rows]
    series = [Series(name=label, values=tuple(values[n] for _, values in rows)) for n, (_, label) in enumerate(columns)]
    interim = ref.kind is MomentKind.INTERIM
    fmt = Format.of(unit, None, [])
    title = f"Budget{', utfall och prognos' if len(series) > 2 else ' och utfall'} per kostnadsställe {ref.year}"
    note = (f"Kostnaderna. Utfallet avser tiden till och med {datum(ref.period_end)}, budget och prognos "
            "hela året." if interim else "Kostnaderna enligt budget och utfall.")
    return bar_chart(title, categories, series, unit, category_label="Kostnadsställe", palette=palette,
                     finding=_finding(categories, series, interim, fmt), note=note)
