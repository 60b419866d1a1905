"""How long drawing one chart takes: the budget chart of a delårsrapport (16 kostnadsställen,
budget, utfall and prognos as grouped horizontal bars) and a five-year line with a målvärde.

Paired in the same run with a baseline: an empty figure of the same size saved as SVG with the
same settings (what matplotlib's figure and SVG writer cost before anything is drawn). Also: the
first draw in the process, which includes importing matplotlib, and the same chart made again
(its SVG is kept by spec, as when the live preview renders a report again after a save).

Run: .venv/bin/python benchmarks/charts.py [--repeat N]
"""

import argparse
import io
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from rapportkarna.charts import COLOUR_BLIND_SAFE, Chart, Series, bar_chart, line_chart
from rapportkarna.charts.draw import render_svg

PLACES = ["Styrelse och au", "Revision", "Kansli", "Direktören", "Socialtjänst", "Barn- och utbildning",
          "Miljö och samhällsbyggnad", "EU och internationalisering", "Tillväxt/regional utveckling",
          "Personalfrågor", "Övriga uppgifter", "Kurser/konferenser", "MediaCenter", "Utbildningsradion",
          "Filmcentral", "Övrig verksamhet"]


def budget() -> Chart:
    base = [Decimal(150_000 * (i % 7 + 1)) for i in range(len(PLACES))]
    return bar_chart("Budget, utfall och prognos per kostnadsställe 2011", PLACES,
                     [Series(name="Budget 2011", values=base),
                      Series(name="Utfall t.o.m. 2011-06-30", values=[b * Decimal("0.48") for b in base]),
                      Series(name="Prognos helår", values=[b * Decimal("0.97") for b in base])],
                     "tkr", palette=COLOUR_BLIND_SAFE)


def trend() -> Chart:
    years = [str(y) for y in range(2007, 2012)]
    return line_chart("Soliditet", years, [Series(name="Soliditet", values=[30, 32, None, 35, 36])], "%",
                      target=Series(name="Målvärde", values=[35] * 5), palette=COLOUR_BLIND_SAFE)


def empty_svg(chart: Chart) -> Callable[[], str]:
    """The baseline: a figure of the chart's size with nothing on it, written the same way."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    from rapportkarna.charts.draw import RC

    def draw() -> str:
        with matplotlib.rc_context(RC):
            figure = Figure(figsize=(chart.spec.width, chart.spec.height), dpi=72, layout="constrained")
            FigureCanvasSVG(figure)
            out = io.StringIO()
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        return out.getvalue()
    return draw


def timed(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    _ = budget().svg
    print(f"first chart in the process (imports matplotlib): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{'chart':<28} {'draw ms':>9} {'empty SVG ms':>13} {'again ms':>9} {'SVG kB':>7}")
    for name, make in (("budget, 16 × 3 bars", budget), ("trend, 5 years + målvärde", trend)):
        chart = make()
        drawn = timed(partial(render_svg, chart.spec), args.repeat)  # drawn each time, not cached
        empty = timed(empty_svg(chart), args.repeat)
        again = timed(partial(lambda made: made().svg, make), args.repeat)  # the same chart made again: cached
        print(f"{name:<28} {drawn * 1000:9.1f} {empty * 1000:13.1f} {again * 1000:9.2f} {len(chart.svg) / 1000:7.0f}")


if __name__ == "__main__":
    main()
