""""I korthet": one page of a report for citizens and politicians, in plain Swedish.

The year in figures (the economy's named figures where the federation keeps accounts, else the
budget table's result row), how many goals are met, and the measured indicators' utfall. Counts up
to twelve are written in words in running text (:func:`~rapportkarna.formatting.antal_ord`).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rapportkarna.formatting import LACKING, antal_ord, datum, kr, procent, tal
from rapportkarna.goals import geh_sentence

#: Figures of the economy shown in "Året i siffror", in this order: (name, label, is a percentage).
FIGURE_ROWS = (
    ("verksamhetens_intakter", "Verksamhetens intäkter", False),
    ("arets_resultat", "Årets resultat", False),
    ("prognos_arets_resultat", "Prognos för årets resultat", False),
    ("balanskravsresultat", "Balanskravsresultat", False),
    ("soliditet", "Soliditet", True),
    ("nettoinvesteringar", "Nettoinvesteringar", False),
    # a kommunalförbund's verksamhetsplan: its resultatbudget
    ("budget_verksamhetens_intakter", "Budgeterade verksamhetsintäkter", False),
    ("budget_arets_resultat", "Budgeterat resultat", False),
)
#: How many key figures the page has room for.
KEY_FIGURES = 6


@dataclass
class Korthet:
    """What the i korthet page says; the template lays it out."""

    lead: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    """(label, value with its unit) for "Året i siffror"."""
    goals: list[str] = field(default_factory=list)
    """Sentences on goals met."""
    key_figures: list[tuple[str, str]] = field(default_factory=list)
    """(indicator, utfall with unit) of measured indicators."""

    @property
    def empty(self) -> bool:
        return not (self.figures or self.goals or self.key_figures)


def _plural(count: int, one: str, many: str, genus: str = "en") -> str:
    return f"{antal_ord(count, genus)} {one if count == 1 else many}"


def _lead(ctx: dict[str, Any]) -> str:
    period = ctx["report"].period
    year = ctx["year"]
    org = ctx["org"].name
    members = _plural(len(ctx["members"]), "medlemskommun", "medlemskommuner")
    goals = len(ctx["priorities"])
    goal_words = _plural(goals, "prioriterad uppgift", "prioriterade uppgifter")
    if period == "plan":
        return f"{org} samlar {members}. Planen för {year} har {goal_words}." if goals else \
            f"{org} samlar {members}. Här är planen för {year} i korthet."
    if period == "interim" and ctx.get("period_end"):
        return f"Så här har det gått för {org} från årets början till den {datum(ctx['period_end'])}."
    return f"Så här gick {year} för {org}, som samlar {members}."


def _amount(value: Any, unit: str) -> str:
    return kr(value, unit) if value is not None and value is not LACKING else "Uppgift saknas"


def _figures(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    figures: dict[str, Decimal] = ctx.get("figures") or {}
    unit = ctx.get("unit", "tkr")
    labels = {name: label for name, label, _ in FIGURE_ROWS}
    if ctx["report"].period == "interim" and ctx.get("period_end"):
        # at a delår the figures run from 1 January to the period end; the prognos is the whole year's
        labels["arets_resultat"] = f"Resultat till och med {datum(ctx['period_end'])}"
        labels["verksamhetens_intakter"] = f"Intäkter till och med {datum(ctx['period_end'])}"
    found = [(labels[name], procent(figures[name]) if pct else _amount(figures[name], unit))
             for name, _, pct in FIGURE_ROWS if name in figures]
    if found:
        return found
    table = ctx.get("budget_table")
    if table is None:
        return []
    # without accounts: the budget table's result row, in its own columns (not the comparisons)
    return [(f"{table.result.label}, {column[0].lower()}{column[1:]}", _amount(value, unit))
            for column, value in zip(table.columns, table.result.values, strict=False)
            if column not in table.comparison and value is not None and not column.startswith(("Kvar", "Avvikelse"))]


def _goals(ctx: dict[str, Any]) -> list[str]:
    summary = ctx.get("goals_summary")
    if summary is None or ctx["report"].period == "plan":
        return []
    sentences = []
    if summary.judged:
        sentences.append(summary.sentence("mål", "mål", "ett"))
    geh = geh_sentence(summary.geh_counts, prognos=ctx["report"].period == "interim")
    if geh:
        sentences.append(f"God ekonomisk hushållning: {geh[0].lower()}{geh[1:]}")
    return sentences


def _value(view: Any) -> str | None:
    outcome = view.prognos if view.prognos is not None else view.outcome
    if outcome is None or outcome is LACKING or not isinstance(outcome, Decimal):
        return None
    unit = view.indicator.unit
    decimals = 0 if outcome == outcome.to_integral_value() else 1
    text = procent(outcome, decimals) if unit == "%" else tal(outcome, decimals)
    if unit and unit != "%":
        text += f"\u00a0{unit}"
    return f"{text} (prognos)" if view.prognos is not None else text


def _key_figures(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    if ctx["report"].period == "plan":
        return []
    views = [v for p in ctx["priorities"] for v in p.indicators]
    views += [v for group in ctx.get("indicator_groups", {}).values() for v in group]
    texts = [v.indicator.text for v in views]
    found = []
    for view in views:
        value = _value(view)
        # an indicator whose text repeats says what it is only under its goal's heading: not here
        if value is not None and texts.count(view.indicator.text) == 1:
            found.append((view.indicator.text, value))
    return found[:KEY_FIGURES]


def i_korthet(ctx: dict[str, Any]) -> Korthet:
    """The i korthet page of the report whose context is ``ctx``."""
    return Korthet(_lead(ctx), _figures(ctx), _goals(ctx), _key_figures(ctx))
