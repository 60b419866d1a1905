"""Charts: deterministic SVG, Swedish numbers, alt text from the data, gaps, the figures as a table,
and matplotlib imported only when a chart is drawn."""

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal

import pytest

from rapportkarna.charts import (COLOUR_BLIND_SAFE, Chart, ChartError, Series, bar_chart, budget_chart, line_chart,
                                 sketches_only, theme_palette)
from rapportkarna.charts.draw import render_svg
from rapportkarna.economy.budget_table import Block, BudgetTable, Row
from rapportkarna.formatting import FILTERS
from rapportkarna.model import MomentRef
from rapportkarna.model.federation import Theme
from rapportkarna.templating import make_environment

from conftest import ROOT, Mini

D = Decimal
TICK = re.compile(r"^−?\d{1,3}(\u00a0\d{3})*(,\d+)?(\u00a0%)?$")


def _texts(svg: str) -> list[str]:
    """The texts of an SVG whose text is drawn as paths: matplotlib writes each one as a comment."""
    return re.findall(r"<!-- (.*?) -->", svg)


def _series_paths(svg: str, colour: str) -> list[str]:
    """The path data of the lines drawn in ``colour`` (series lines; legend handles included)."""
    return [m.group(1) for m in re.finditer(r'<path d="([^"]*)"[^>]*style="[^"]*stroke: ' + colour, svg)]


def _costs() -> Chart:
    return bar_chart("Kostnader per kostnadsställe 2025", ["Kansli", "IT-drift", "Lokaler"],
                     [Series(name="Budget 2025", values=[D(6_300_000), D(4_000_000), D(-250_000)]),
                      Series(name="Utfall 2025", values=[D(6_214_000), D(2_800_000), D(1_250_000)])],
                     "tkr", palette=theme_palette(Theme()))


CHART_CODE = """
from decimal import Decimal as D
from rapportkarna.charts import Series, bar_chart, theme_palette
from rapportkarna.model.federation import Theme
import hashlib
chart = bar_chart("Kostnader per kostnadsställe 2025", ["Kansli", "IT-drift", "Lokaler"],
                  [Series(name="Budget 2025", values=[D(6_300_000), D(4_000_000), D(-250_000)]),
                   Series(name="Utfall 2025", values=[D(6_214_000), D(2_800_000), D(1_250_000)])],
                  "tkr", palette=theme_palette(Theme()))
print(hashlib.sha256(chart.svg.encode()).hexdigest())
"""


def test_the_same_data_gives_the_same_svg_here_and_in_another_process() -> None:
    first, second = render_svg(_costs().spec), render_svg(_costs().spec)  # drawn twice, not cached
    assert _costs().svg == first
    assert first == second
    assert "<dc:date>" not in first and "Matplotlib v" not in first  # no clock, no version stamp
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another process, other hash seeds and dict order
    out = subprocess.run([sys.executable, "-c", CHART_CODE], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == hashlib.sha256(first.encode()).hexdigest()


def test_tick_labels_are_written_the_swedish_way() -> None:
    svg = _costs().svg
    texts = _texts(svg)
    ticks = [t for t in texts if t[:1].isdigit() or t.startswith("−")]
    assert ticks and all(TICK.match(t) for t in ticks), ticks
    assert "2\u00a0000" in ticks and "−2\u00a0000" in ticks  # thousands with a hard space, a real minus
    assert "Belopp i tkr" in texts and {"Kansli", "IT-drift", "Budget 2025", "Utfall 2025"} <= set(texts)
    percent = line_chart("Soliditet", ["2010", "2011"], [Series(name="Soliditet", values=[D("12.5"), D("13.75")])], "%")
    assert any(t.endswith("\u00a0%") and "," in t for t in _texts(percent.svg))  # 12,6 % … a decimal comma


def test_a_chart_has_its_figures_as_a_table() -> None:
    chart = _costs()
    table = chart.table
    assert table.header == ["Kategori", "Budget 2025", "Utfall 2025"]
    assert table.rows[0] == ["Kansli", "6\u00a0300", "6\u00a0214"]
    assert table.rows[2] == ["Lokaler", "−250", "1\u00a0250"]
    assert table.unit_note == "belopp i tkr"


def test_the_alt_text_says_what_the_chart_shows_and_its_largest_difference() -> None:
    chart = _costs()
    assert chart.alt == ("Stapeldiagram: kostnader per kostnadsställe 2025. Störst skillnad: Lokaler, "
                         "utfall 2025 1,5\u00a0mnkr högre än budget 2025.")
    single = bar_chart("Deltagare per kurs", ["Excel", "Ledarskap", "Arkiv"],
                       [Series(name="2011", values=[120, 340, 45])], "deltagare")
    assert single.alt == ("Stapeldiagram: deltagare per kurs. Högst: Ledarskap, 340\u00a0deltagare; "
                          "lägst: Arkiv, 45\u00a0deltagare.")
    assert single.table.unit_note == "deltagare" and single.spec.axis_label == "deltagare"
    counted = bar_chart("Kurser", ["Vår", "Höst"], [Series(name="2011", values=[40, 48])], "st")
    assert (counted.table.unit_note, counted.spec.axis_label) == ("antal", "Antal")


def _budget_table(interim: bool = False) -> BudgetTable:
    if interim:
        columns = ["Budget 2025", "Utfall t.o.m. 2025-08-31", "Utfall t.o.m. 2024-08-31",
                   "Återstår / kvar att förbruka", "Prognos helår", "Avvikelse prognos"]
        costs = [Row("Kansli", [D(6_300_000), D(4_100_000), D(3_900_000), D(2_200_000), D(6_250_000), D(50_000)]),
                 Row("IT-drift", [D(4_000_000), D(2_000_000), D(1_800_000), D(2_000_000), D(2_800_000), D(1_200_000)])]
        comparison = ["Utfall t.o.m. 2024-08-31"]
    else:
        columns = ["Utfall 2024", "Budget 2025", "Utfall 2025", "Avvikelse"]
        costs = [Row("Kansli", [D(6_111_000), D(6_300_000), D(6_214_000), D(86_000)]),
                 Row("IT-drift", [D(3_700_000), D(4_000_000), D(2_800_000), D(1_200_000)]),
                 Row("Ny verksamhet", [None, D(500_000), None, None])]
        comparison = ["Utfall 2024"]
    income = Block("Intäkter", [Row("Medlemsavgifter", [D(11_000_000)] * len(columns))])
    total = Row("Summa kostnader", [D(0)] * len(columns), kind="sum")
    return BudgetTable(columns=columns, blocks=[income, Block("Kostnader", [*costs, total])],
                       result=Row("Resultat", [None] * len(columns), kind="result"), comparison=comparison)


def test_the_budget_chart_names_the_largest_deviation() -> None:
    chart = budget_chart(_budget_table(), MomentRef(2025, "bokslut"), "tkr", COLOUR_BLIND_SAFE)
    assert chart is not None
    assert chart.alt == ("Stapeldiagram: budget och utfall per kostnadsställe 2025. "
                         "Störst avvikelse: IT-drift, 1,2\u00a0mnkr lägre kostnad än budget.")
    # budget and this year's utfall only (not last year's, not the avvikelse); rows without utfall left out
    assert chart.table.header == ["Kostnadsställe", "Budget 2025", "Utfall 2025"]
    assert [row[0] for row in chart.table.rows] == ["Kansli", "IT-drift"]


def test_the_budget_chart_at_a_delar_shows_the_prognos() -> None:
    chart = budget_chart(_budget_table(interim=True), MomentRef(2025, "delar-0831"), "tkr", COLOUR_BLIND_SAFE)
    assert chart is not None
    assert chart.table.header == ["Kostnadsställe", "Budget 2025", "Utfall t.o.m. 2025-08-31", "Prognos helår"]
    assert "Störst avvikelse i prognosen för helåret: IT-drift, 1,2\u00a0mnkr lägre kostnad än budget." in chart.alt
    assert chart.note is not None and "31\u00a0augusti 2025" in chart.note


def test_no_budget_chart_for_one_kostnadsstalle_or_a_plan() -> None:
    table = _budget_table()
    table.blocks[1].rows[1].values[2] = None  # IT-drift without utfall: only Kansli has figures
    assert budget_chart(table, MomentRef(2025, "bokslut"), "tkr", COLOUR_BLIND_SAFE) is None
    assert budget_chart(_budget_table(), MomentRef(2025, "plan"), "tkr", COLOUR_BLIND_SAFE) is None


def test_a_missing_year_is_a_gap_in_the_line() -> None:
    years = ["2007", "2008", "2009", "2010", "2011"]
    target = Series(name="Målvärde", values=[D(35)] * 5)
    gap = line_chart("Soliditet", years, [Series(name="Soliditet", values=[30, D("32.5"), None, 35, 36])], "%",
                     target=target, palette=COLOUR_BLIND_SAFE)
    whole = line_chart("Soliditet", years, [Series(name="Soliditet", values=[30, D("32.5"), 34, 35, 36])], "%",
                       target=target, palette=COLOUR_BLIND_SAFE)
    line_of = {name: max(_series_paths(c.svg, "#0072b2"), key=len) for name, c in (("gap", gap), ("whole", whole))}
    assert line_of["gap"].count("M") == 2 and line_of["whole"].count("M") == 1
    assert gap.table.rows[2] == ["2009", "–", "35,0"]
    assert gap.alt == ("Linjediagram: soliditet, 2007–2011. Soliditet var 30,0\u00a0% (2007) och 36,0\u00a0% (2011), "
                       "över målvärdet 35,0\u00a0%; uppgift saknas för 2009.")
    assert "Målvärde" in _texts(gap.svg)  # in the legend


def test_series_are_told_apart_by_pattern_not_colour_alone() -> None:
    svg = _costs().svg
    assert "<pattern" in svg  # the second series is hatched
    lines = line_chart("Resultat", ["2010", "2011"], [Series(name="A", values=[1, 2]), Series(name="B", values=[2, 1])],
                       "mnkr", palette=COLOUR_BLIND_SAFE).svg
    assert "stroke-dasharray" in lines  # the second line is dashed, with its own marker


@pytest.mark.parametrize(("call", "message"), [
    (lambda: bar_chart("X", ["a", "b"], [Series(name="S", values=[1])], "tkr"), "chart 'X': series 'S' has 1 values for 2 categories"),
    (lambda: bar_chart("X", [], [], "tkr"), "chart 'X': no categories"),
    (lambda: line_chart("Y", ["2010"], [Series(name="S", values=[None])], "%"), "chart 'Y': every value is missing"),
])
def test_data_that_does_not_fit_is_named(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ChartError, match=re.escape(message)):
        call()


def test_a_sketch_is_a_blank_of_the_charts_size() -> None:
    chart = _costs()
    with sketches_only():
        sketch = chart.svg
    assert sketch.startswith("<svg") and "<path" not in sketch and 'width="453.6pt"' in sketch
    assert "<path" in chart.svg


IMPORTS = """
import sys
from click.testing import CliRunner
from rapportkarna.cli import main
result = CliRunner().invoke(main, {args!r}, catch_exceptions=False)
print(result.exit_code, "matplotlib" in sys.modules)
"""


BUDGET = """\
kostnadsstalle,kind,budget
Medlemsavgifter,intakt,11000000
Kansli,kostnad,6300000
IT-drift,kostnad,4000000
"""
OUTCOME = """\
kostnadsstalle,kind,utfall
Medlemsavgifter,intakt,11000000
Kansli,kostnad,6214000
IT-drift,kostnad,2800000
"""


@pytest.mark.parametrize(("args", "drawn"), [
    (["validate"], False),
    (["list"], False),
    (["build", "test", "--year", "2011", "--report", "arsredovisning", "--format", "html"], True),  # the control
])
def test_matplotlib_is_imported_only_to_draw(args: list[str], drawn: bool, mini: Mini) -> None:
    mini.write("2011/budget.csv", BUDGET)
    mini.write("2011/bokslut/budget.csv", OUTCOME)
    args = ["--root", str(mini.root), *args, *(["--out", str(mini.root / "build")] if drawn else [])]
    out = subprocess.run([sys.executable, "-c", IMPORTS.format(args=args)], capture_output=True, text=True,
                         check=True, cwd=mini.root)
    assert out.stdout.split()[-2:] == ["0", str(drawn)], out.stdout + out.stderr


def test_the_report_shows_the_chart_with_alt_text_and_table(mini: Mini, render: Callable[..., str]) -> None:
    mini.write("2011/budget.csv", BUDGET)
    mini.write("2011/bokslut/budget.csv", OUTCOME)
    html = render("arsredovisning")
    figure = re.search(r'<figure class="chart chart-bar">(.*?)</figure>\s*(<table class="chart-data">.*?</table>)',
                       html, re.S)
    assert figure, "no chart in the ekonomi section"
    img = re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)">', figure.group(1))
    assert img and img.group(1) == ("Stapeldiagram: budget och utfall per kostnadsställe 2011. Störst avvikelse: "
                                    "IT-drift, 1,2\u00a0mnkr lägre kostnad än budget.")
    assert "<figcaption><span class=\"chart-title\">Budget och utfall per kostnadsställe 2011</span>" in figure.group(1)
    table = figure.group(2)
    assert '<th scope="col" class="num">Utfall 2011</th>' in table
    assert '<th scope="row">IT-drift</th><td class="num">4\u00a0000</td><td class="num">2\u00a0800</td>' in table
    assert "<figure" not in render("verksamhetsplan")


def test_one_kostnadsstalle_gives_no_chart(render: Callable[..., str]) -> None:
    assert "<figure" not in render("arsredovisning")  # the minimal budget has one cost line


def test_a_one_series_table_has_column_headers_only() -> None:
    """More header cells than data cells reads as a broken table (outloud TBL-010): with one figure
    a row, the column headers name every cell."""
    env = make_environment(None, [], ROOT / "templates", FILTERS, {})
    template = env.from_string('{% from "blocks/chart.html" import chart %}{{ chart(c) }}')
    one = bar_chart("Utlån", ["Arjeplog", "Boden"], [Series(name="Utfall", values=[412, 4873])], "st")
    html = template.render(c=one)
    assert '<th scope="col">Kategori</th><th scope="col" class="num">Utfall</th>' in html
    assert '<tr><td>Boden</td><td class="num">4\u00a0873</td></tr>' in html and 'scope="row"' not in html
    assert 'scope="row">Kansli</th>' in template.render(c=_costs())
