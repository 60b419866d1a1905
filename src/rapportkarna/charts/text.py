"""A chart's words: numbers the Swedish way for its axis and table, and its alt text."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rapportkarna.formatting import DEFAULT_DECIMALS, MISSING, NBSP, UNITS, belopp, gemen, kr, procent, tal

if TYPE_CHECKING:
    from rapportkarna.charts.model import Series

PERCENT = "%"
COUNT = ("st", "")  # plain counts: the axis says "Antal"


@dataclass(frozen=True)
class Format:
    """How a chart's values read: ``unit`` kr, tkr, mnkr (amounts given in kronor), % or a word
    for counts; ``decimals`` in the table and alt text."""

    unit: str
    decimals: int

    @classmethod
    def of(cls, unit: str, decimals: int | None, values: Sequence[Decimal | None]) -> "Format":
        if decimals is not None:
            return cls(unit, decimals)
        if unit in UNITS:
            return cls(unit, DEFAULT_DECIMALS[unit])
        if unit == PERCENT:
            return cls(unit, 1)
        whole = all(v is None or v == v.to_integral_value() for v in values)
        return cls(unit, 0 if whole else 1)

    @property
    def money(self) -> bool:
        return self.unit in UNITS

    @property
    def scale(self) -> Decimal:
        """Kronor per unit shown: values are divided by it before they are drawn."""
        return UNITS[self.unit] if self.money else Decimal(1)

    @property
    def axis_label(self) -> str:
        if self.money:
            return f"Belopp i {self.unit}"
        if self.unit == PERCENT:
            return "Procent"
        return "Antal" if self.unit in COUNT else self.unit

    @property
    def note(self) -> str:
        """For the table's caption: what its figures are."""
        if self.money:
            return f"belopp i {self.unit}"
        if self.unit == PERCENT:
            return "procent"
        return "antal" if self.unit in COUNT else self.unit

    def number(self, value: Decimal | None) -> str:
        """A table cell: the unit is in the caption."""
        if value is None:
            return MISSING
        if self.money:
            return belopp(value, self.unit, self.decimals)
        return tal(value, self.decimals)

    def with_unit(self, value: Decimal) -> str:
        if self.money:
            return kr(value, self.unit, self.decimals)
        if self.unit == PERCENT:
            return procent(value, self.decimals)
        return f"{tal(value, self.decimals)}{NBSP}{self.unit}" if self.unit else tal(value, self.decimals)

    def difference(self, value: Decimal) -> str:
        """A difference's size in words: amounts in the unit that reads best (1,2 mnkr, 350 tkr),
        percentages in procentenheter."""
        size = abs(value)
        if self.money:
            unit = "mnkr" if size >= 1_000_000 else "tkr" if size >= 1000 else "kr"
            return kr(size, unit)
        if self.unit == PERCENT:
            return f"{tal(size, self.decimals)}{NBSP}procentenheter"
        return self.with_unit(size)


def tick_text(unit: str, value: float, decimals: int) -> str:
    """An axis tick, already in the unit shown (tkr): 1 000, 2,5, −3, 12,5 %."""
    number = Decimal(repr(value))
    return procent(number, decimals) if unit == PERCENT else tal(number, decimals)


def tick_decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals that write every tick exactly (0 for 0, 500, 1 000; 1 for 0,5)."""
    for decimals in range(3):
        if all(abs(round(t, decimals) - t) < 1e-9 for t in ticks):
            return decimals
    return 3


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _extremes(categories: Sequence[str], series: "Series", fmt: Format) -> str:
    present = [(v, c) for c, v in zip(categories, series.values, strict=True) if v is not None]
    high = max(present, key=lambda p: p[0])
    low = min(present, key=lambda p: p[0])
    if len(present) == 1:
        return f"{high[1]}: {fmt.with_unit(high[0])}"
    return f"Högst: {high[1]}, {fmt.with_unit(high[0])}; lägst: {low[1]}, {fmt.with_unit(low[0])}"


def largest_difference(categories: Sequence[str], reference: "Series", other: "Series") -> tuple[str, Decimal] | None:
    """The category where ``other`` differs most from ``reference`` (the first on a tie), and by
    how much (other − reference); None when no category has both."""
    best: tuple[str, Decimal] | None = None
    for category, ref, value in zip(categories, reference.values, other.values, strict=True):
        if ref is None or value is None:
            continue
        if best is None or abs(value - ref) > abs(best[1]):
            best = (category, value - ref)
    return best


def _comparison(categories: Sequence[str], series: Sequence["Series"], fmt: Format) -> str:
    reference, other = series[0], series[-1]
    found = largest_difference(categories, reference, other)
    if found is None:
        return ""
    category, diff = found
    if diff == 0:
        return f"{other.name} och {gemen(reference.name)} är lika i varje kategori"
    word = "högre" if diff > 0 else "lägre"
    return (f"Störst skillnad: {category}, {gemen(other.name)} {fmt.difference(diff)} {word} "
            f"än {gemen(reference.name)}")


def bar_alt(title: str, categories: Sequence[str], series: Sequence["Series"], fmt: Format,
            finding: str | None) -> str:
    """"Stapeldiagram: <title>. <finding>." """
    if finding is None:
        finding = _comparison(categories, series, fmt) if len(series) > 1 else _extremes(categories, series[0], fmt)
    return " ".join(s for s in (_sentence(f"Stapeldiagram: {gemen(title)}"), _sentence(finding) if finding else "") if s)


def _trend(labels: Sequence[str], series: "Series", target: "Series | None", fmt: Format) -> str:
    present = [(x, v) for x, v in zip(labels, series.values, strict=True) if v is not None]
    if not present:
        return f"{series.name}: uppgift saknas"
    (x0, v0), (xn, vn) = present[0], present[-1]
    text = f"{series.name} var {fmt.with_unit(v0)} ({x0})"
    if len(present) > 1:
        text += f" och {fmt.with_unit(vn)} ({xn})"
    goal = target.values[list(labels).index(xn)] if target else None
    if goal is not None:
        place = "över" if vn > goal else "under" if vn < goal else "på"
        text += f", {place} målvärdet {fmt.with_unit(goal)}"
    return text


def line_alt(title: str, labels: Sequence[str], series: Sequence["Series"], target: "Series | None",
             fmt: Format, finding: str | None) -> str:
    """"Linjediagram: <title>, 2007–2011. <each series' first and last value, against its
    målvärde; the years without figures>." """
    span = f"{labels[0]}\u2013{labels[-1]}" if len(labels) > 1 else labels[0]
    if finding is None:
        parts = [_trend(labels, s, target if i == 0 else None, fmt) for i, s in enumerate(series)]
        gaps = [x for i, x in enumerate(labels) if any(s.values[i] is None for s in series)]
        if gaps:
            parts.append(f"uppgift saknas för {', '.join(gaps)}")
        finding = "; ".join(parts)
    return f"{_sentence(f'Linjediagram: {gemen(title)}, {span}')} {_sentence(finding)}"
