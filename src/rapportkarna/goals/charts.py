"""An indicator's charts: its trend over the years against its målvärde, and its values per member.

Made with :mod:`rapportkarna.charts` (each chart carries its alt text and its figures as a table);
a chart needs at least two figures to say anything, so an indicator with fewer gets none.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from rapportkarna.charts import Chart, Palette, Series, bar_chart, line_chart

if TYPE_CHECKING:
    from rapportkarna.views import IndicatorView


def _unit(view: "IndicatorView") -> str:
    return view.indicator.unit or "st"


def trend_chart(view: "IndicatorView", palette: Palette | None) -> Chart | None:
    """Utfall of earlier years and of the report's year, with the målvärde as a dashed line."""
    points: dict[int, Decimal] = dict(view.earlier)
    if isinstance(view.outcome, Decimal) and view.year is not None:
        points[view.year] = view.outcome
    if len(points) < 2:
        return None
    years = sorted(points)
    target = None
    if view.target is not None and view.year in points:  # a plan's trend has no utfall of its own year
        target = Series(name="Målvärde", values=tuple(view.target if y == view.year else None for y in years))
    return line_chart(f"{view.indicator.text}: utfall över åren", [str(y) for y in years],
                      [Series(name="Utfall", values=tuple(points[y] for y in years))], _unit(view),
                      target=target, palette=palette)


def member_chart(view: "IndicatorView", palette: Palette | None) -> Chart | None:
    """One bar per member municipality (a gap where a member has no figure)."""
    rows = [(m.name, m.value if isinstance(m.value, Decimal) else None) for m in view.members]
    if sum(1 for _, v in rows if v is not None) < 2:
        return None
    when = str(view.value_year) if view.value_year else None
    title = f"{view.indicator.text}{' ' + when if when else ''}, per medlemskommun"
    return bar_chart(title, [name for name, _ in rows],
                     [Series(name=when or "Utfall", values=tuple(v for _, v in rows))], _unit(view),
                     category_label="Kommun", palette=palette)


def indicator_charts(view: "IndicatorView", palette: Palette | None) -> list[Chart]:
    return [c for c in (member_chart(view, palette), trend_chart(view, palette)) if c is not None]
