"""What a chart is: its data, its alt text and table, and its SVG drawn on first use."""

import base64
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rapportkarna.cache import Store, key
from rapportkarna.charts.text import Format, bar_alt, line_alt
from rapportkarna.errors import RapportError
from rapportkarna.model.federation import Theme

ChartKind = Literal["bar", "line"]


class ChartError(RapportError):
    """A chart asked for with data that does not fit it (names the chart and what is wrong)."""


class Series(BaseModel):
    """One series: a name for the legend and the table, and a value per category or year (None:
    no figure, drawn as a gap). Amounts are in kronor, whatever unit the chart shows them in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    values: tuple[Decimal | None, ...]

    @field_validator("values")
    @classmethod
    def _finite(cls, values: tuple[Decimal | None, ...]) -> tuple[Decimal | None, ...]:
        if any(v is not None and not v.is_finite() for v in values):
            raise ValueError("a value must be a finite number or None")
        return values


class Palette(BaseModel):
    """The colours of the series, in order; series are also told apart by hatch or marker."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    colours: tuple[str, ...] = Field(min_length=2)

    @field_validator("colours")
    @classmethod
    def _hex(cls, colours: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in colours if len(c) != 7 or c[0] != "#" or not all(ch in "0123456789abcdefABCDEF" for ch in c[1:])]
        if bad:
            raise ValueError(f"colours are written #rrggbb (got {', '.join(bad)})")
        return colours


# Okabe & Ito's palette, told apart under every common colour-vision deficiency (yellow left out:
# too light against white paper)
COLOUR_BLIND_SAFE = Palette(colours=("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"))


def theme_palette(theme: Theme) -> Palette:
    """The federation's own colours first, then the colour-blind-safe ones."""
    rest = tuple(c for c in COLOUR_BLIND_SAFE.colours[1:] if c.lower() not in (theme.primary.lower(), theme.accent.lower()))
    return Palette(colours=(theme.primary, theme.accent, *rest))


@dataclass(frozen=True)
class ChartTable:
    """The chart's figures as the template prints them: the header (first cell names the
    categories) and one formatted row per category; ``unit_note`` goes in the caption."""

    header: list[str]
    rows: list[list[str]]
    unit_note: str


@dataclass(frozen=True)
class DrawSpec:
    """Everything the drawing needs, in plain Python (see :mod:`rapportkarna.charts.draw`)."""

    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    """Values in the unit shown (tkr, not kronor)."""
    target: tuple[str, tuple[float | None, ...]] | None
    colours: tuple[str, ...]
    horizontal: bool
    axis_label: str
    category_label: str
    unit: str
    decimals: int
    width: float
    """Inches; matplotlib's unit."""
    height: float


_SKETCH: ContextVar[bool] = ContextVar("rapportkarna_chart_sketch", default=False)


@contextmanager
def sketches_only() -> Iterator[None]:
    """Inside, a chart's SVG is a blank placeholder of its size and matplotlib is not imported:
    for ``validate``, which renders every report to HTML only to find what build would refuse."""
    token = _SKETCH.set(True)
    try:
        yield
    finally:
        _SKETCH.reset(token)


@dataclass
class Chart:
    """A chart: ``title``, ``alt`` (what it shows and its main finding, in Swedish), ``table`` (its
    figures), ``note`` (a line for the caption, or None), and ``svg`` / ``src`` (the drawing, and
    the drawing as a data: URL for an ``<img>``), drawn when first read."""

    kind: ChartKind
    title: str
    alt: str
    table: ChartTable
    spec: DrawSpec = field(repr=False)
    note: str | None = None
    _svg: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def svg(self) -> str:
        if _SKETCH.get():
            return _placeholder(self.spec)
        if self._svg is None:
            self._svg = _draw(self.spec)
        return self._svg

    @property
    def src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@lru_cache(maxsize=64)
def _draw(spec: DrawSpec) -> str:
    """The SVG of a spec, kept in memory (the live preview renders a report again after every
    save, and most of its charts have not changed) and on disk (:mod:`rapportkarna.cache`): drawing
    means importing matplotlib, which takes longer than the rest of an HTML build."""
    name = key(_drawing_code(), repr(spec))
    stored = _DRAWN.get(name)
    if stored is not None:
        return stored.decode()
    from rapportkarna.charts.draw import render_svg  # matplotlib: only when drawn
    svg = render_svg(spec)
    _DRAWN.put(name, svg.encode())
    return svg


_DRAWN = Store("charts")


@lru_cache(maxsize=1)
def _drawing_code() -> str:
    """What, besides the spec, decides the SVG: matplotlib's version and our drawing code (read,
    not imported: importing matplotlib is what the cache saves)."""
    here = Path(__file__).parent
    code = [here / "draw.py", here / "text.py", here.parent / "formatting.py"]  # text.py labels ticks with formatting
    return key(metadata.version("matplotlib"), *(file.read_bytes() for file in code))


def _placeholder(spec: DrawSpec) -> str:
    w, h = spec.width * 72, spec.height * 72
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}pt" height="{h:g}pt" '
            f'viewBox="0 0 {w:g} {h:g}"/>')


WIDTH = 6.3  # inches: 16 cm, the text width of an A4 page with the report's margins


def _check(title: str, count: int, what: str, series: Sequence[Series]) -> None:
    if count == 0:
        raise ChartError(f"chart '{title}': no {what}")
    if not series:
        raise ChartError(f"chart '{title}': no series")
    for item in series:
        if len(item.values) != count:
            raise ChartError(f"chart '{title}': series '{item.name}' has {len(item.values)} values "
                             f"for {count} {what}")
    if all(v is None for item in series for v in item.values):
        raise ChartError(f"chart '{title}': every value is missing")


def _display(fmt: Format, values: Sequence[Decimal | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else float(v / fmt.scale) for v in values)


def _table(fmt: Format, first: str, labels: Sequence[str], series: Sequence[Series]) -> ChartTable:
    rows = [[label, *(fmt.number(item.values[i]) for item in series)] for i, label in enumerate(labels)]
    return ChartTable(header=[first, *(item.name for item in series)], rows=rows, unit_note=fmt.note)


def _colours(palette: Palette | None, count: int) -> tuple[str, ...]:
    colours = (palette or COLOUR_BLIND_SAFE).colours
    return tuple(colours[i % len(colours)] for i in range(count))


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], unit: str, *,
              category_label: str = "", palette: Palette | None = None, horizontal: bool | None = None,
              decimals: int | None = None, axis_label: str | None = None, finding: str | None = None,
              note: str | None = None) -> Chart:
    """Grouped bars: a bar per series in each category. Horizontal when the category labels are
    long or many (unless ``horizontal`` says). ``unit``: kr, tkr, mnkr (values in kronor), % or a
    word for counts ("lån"). The alt text's finding is ``finding`` or, by default, the category where
    the last series differs most from the first (one series: its highest and lowest)."""
    _check(title, len(categories), "categories", series)
    fmt = Format.of(unit, decimals, [v for s in series for v in s.values])
    flat = horizontal if horizontal is not None else (len(categories) > 8 or max(len(c) for c in categories) > 12)
    rows = len(categories) * (0.06 + 0.075 * len(series)) if flat else 0.0
    spec = DrawSpec("bar", tuple(categories), tuple((s.name, _display(fmt, s.values)) for s in series), None,
                    _colours(palette, len(series)), flat, axis_label or fmt.axis_label, category_label,
                    unit, fmt.decimals, WIDTH, max(2.8, 1.0 + rows) if flat else 3.2)
    alt = bar_alt(title, categories, series, fmt, finding)
    return Chart("bar", title, alt, _table(fmt, category_label or "Kategori", categories, series), spec, note)


def line_chart(title: str, x_labels: Sequence[str], series: Sequence[Series], unit: str,
               target: Series | None = None, *, x_label: str = "År", palette: Palette | None = None,
               decimals: int | None = None, axis_label: str | None = None, finding: str | None = None,
               note: str | None = None) -> Chart:
    """A trend: a line per series over ``x_labels`` (years), with a gap where a value is missing,
    and ``target`` (a målvärde per year, or None) as a dashed line."""
    _check(title, len(x_labels), "years", [*series, *([target] if target else [])])
    every = [v for s in [*series, *([target] if target else [])] for v in s.values]
    fmt = Format.of(unit, decimals, every)
    spec = DrawSpec("line", tuple(x_labels), tuple((s.name, _display(fmt, s.values)) for s in series),
                    (target.name, _display(fmt, target.values)) if target else None,
                    _colours(palette, len(series)), False, axis_label or fmt.axis_label, x_label,
                    unit, fmt.decimals, WIDTH, 3.0)
    alt = line_alt(title, x_labels, series, target, fmt, finding)
    shown = [*series, *([target] if target else [])]
    return Chart("line", title, alt, _table(fmt, x_label, x_labels, shown), spec, note)
