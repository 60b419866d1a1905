"""Drawing with matplotlib (imported by this module: import it only to draw).

Deterministic: the same spec gives byte-identical SVG on any machine with the same matplotlib.
No pyplot (no global figure state, no GUI backend): a Figure on the SVG canvas. Fixed hash salt
for the SVG's ids, no date in its metadata, text drawn as paths in the DejaVu Sans that ships
inside matplotlib, named by file (by family name matplotlib might pick a system copy of another
version, with other outlines).
"""

import io
import math
import threading
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.ticker import MaxNLocator

from rapportkarna.charts.model import DrawSpec
from rapportkarna.charts.text import tick_decimals, tick_text

FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FONT = FontProperties(fname=FONT_FILE, size=7.5)
LEGEND_FONT = FontProperties(fname=FONT_FILE, size=8)

RC: Any = {  # Any: matplotlib types the keys as a Literal of every setting
    "svg.hashsalt": "rapportkarna",  # ids of clip paths and hatches from this, not from random
    "svg.fonttype": "path",
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.6,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "hatch.linewidth": 1.2,
    "path.simplify": False,
}
GRID = "#d0d4da"
TEXT = "#1a1a1a"
TARGET = "#333333"
# series told apart by pattern as well as colour: solid, stripes, dots, crosses …
HATCHES = ("", "////", "..", "xxx", "\\\\\\\\", "--")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", (0, (5, 2)), (0, (1, 1.5)), (0, (5, 2, 1, 2)), "-", (0, (5, 2)))

_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings while a chart is drawn


def render_svg(spec: DrawSpec) -> str:
    with _LOCK, matplotlib.rc_context(RC):
        figure = Figure(figsize=(spec.width, spec.height), dpi=72)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        left_labels = (_bars if spec.kind == "bar" else _lines)(axes, spec)
        _margins(figure, spec, left_labels)
        figure.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=min(4, len(spec.series) + bool(spec.target)),
                      prop=LEGEND_FONT, frameon=False, handlelength=2.4 if spec.kind == "line" else 1.6)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _width(text: str) -> float:
    """The width of a label in inches, from the font's own metrics."""
    font = get_font(FONT_FILE)
    font.set_size(FONT.get_size_in_points(), 72)
    font.set_text(text, 0.0)
    return float(font.get_width_height()[0] / 64 / 72)


def _margins(figure: Figure, spec: DrawSpec, left_labels: list[str]) -> None:
    """Room for the labels, measured: a third of the time constrained layout takes, which draws the
    whole figure once more only to measure it."""
    left = max(map(_width, left_labels)) + 0.12 + (0.0 if spec.horizontal else 0.2)
    bottom = 0.5 if spec.horizontal or spec.category_label else 0.3
    figure.subplots_adjust(left=left / spec.width, right=1 - 0.25 / spec.width,
                           bottom=bottom / spec.height, top=1 - 0.38 / spec.height)


def _values(spec: DrawSpec) -> list[float]:
    every = [v for _, values in spec.series for v in values if v is not None]
    if spec.target:
        every += [v for v in spec.target[1] if v is not None]
    return every


def _value_axis(axes: Axes, spec: DrawSpec, horizontal: bool) -> list[str]:
    """Ticks at round values, labelled the Swedish way; bars start at zero."""
    every = _values(spec)
    low, high = min(0.0, *every), max(0.0, *every)
    if spec.kind == "line":
        low, high = min(every), max(every)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
        if min(every) >= 0:
            low = max(low, 0.0)
    ticks = [float(t) for t in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
    # from the last tick at or below the lowest value to the first at or above the highest
    first = max((t for t in ticks if t <= low + 1e-9), default=ticks[0])
    last = min((t for t in ticks if t >= high - 1e-9), default=ticks[-1])
    ticks = [t for t in ticks if first <= t <= last]
    decimals = tick_decimals(ticks)
    labels = [tick_text(spec.unit, t, decimals) for t in ticks]
    limits = (ticks[0], ticks[-1])
    if horizontal:
        axes.set_xticks(ticks, labels, fontproperties=FONT)
        axes.set_xlim(*limits)
        axes.set_xlabel(spec.axis_label, fontproperties=FONT, color=TEXT)
        axes.xaxis.grid(True, color=GRID, linewidth=0.5)
    else:
        axes.set_yticks(ticks, labels, fontproperties=FONT)
        axes.set_ylim(*limits)
        axes.set_ylabel(spec.axis_label, fontproperties=FONT, color=TEXT)
        axes.yaxis.grid(True, color=GRID, linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return labels


def _bars(axes: Axes, spec: DrawSpec) -> list[str]:
    """Grouped bars; returns the labels on the left axis."""
    count = len(spec.series)
    thickness = 0.8 / count
    for index, ((name, values), colour) in enumerate(zip(spec.series, spec.colours, strict=True)):
        offset = (index - (count - 1) / 2) * thickness
        places = [i + offset for i, v in enumerate(values) if v is not None]
        sizes = [v for v in values if v is not None]
        style: dict[str, Any] = {"color": colour, "edgecolor": colour, "linewidth": 0.5, "label": name,
                 "hatch": HATCHES[index % len(HATCHES)] or None, "hatchcolor": "white"}
        if spec.horizontal:
            axes.barh(places, sizes, height=thickness, **style)
        else:
            axes.bar(places, sizes, width=thickness, **style)
    positions = list(range(len(spec.categories)))
    if spec.horizontal:
        axes.set_yticks(positions, spec.categories, fontproperties=FONT, color=TEXT)
        axes.set_ylim(len(positions) - 0.5, -0.5)  # the first category on top, as in the table
        axes.tick_params(axis="y", length=0)
        axes.axvline(0, color="#555555", linewidth=0.6)
    else:
        axes.set_xticks(positions, spec.categories, fontproperties=FONT, color=TEXT)
        axes.set_xlim(-0.5, len(positions) - 0.5)
        axes.tick_params(axis="x", length=0)
        axes.axhline(0, color="#555555", linewidth=0.6)
        if spec.category_label:
            axes.set_xlabel(spec.category_label, fontproperties=FONT, color=TEXT)
    ticks = _value_axis(axes, spec, spec.horizontal)
    return list(spec.categories) if spec.horizontal else ticks


def _nan(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else v for v in values]  # NaN breaks the line: a gap


def _lines(axes: Axes, spec: DrawSpec) -> list[str]:
    positions = list(range(len(spec.categories)))
    for index, ((name, values), colour) in enumerate(zip(spec.series, spec.colours, strict=True)):
        axes.plot(positions, _nan(values), color=colour, linewidth=1.6, label=name,
                  linestyle=LINESTYLES[index % len(LINESTYLES)], marker=MARKERS[index % len(MARKERS)],
                  markersize=5, markerfacecolor=colour, markeredgecolor="white", markeredgewidth=0.6)
    if spec.target:
        name, values = spec.target
        axes.plot(positions, _nan(values), color=TARGET, linewidth=1.0, linestyle=(0, (3, 2)), label=name,
                  marker="_", markersize=9, markeredgewidth=1.2)
    axes.set_xticks(positions, spec.categories, fontproperties=FONT, color=TEXT)
    axes.set_xlim(-0.4, len(positions) - 0.6)
    axes.tick_params(axis="x", length=0)
    if spec.category_label:
        axes.set_xlabel(spec.category_label, fontproperties=FONT, color=TEXT)
    return _value_axis(axes, spec, False)
