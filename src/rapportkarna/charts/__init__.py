"""Charts for the reports: SVG drawn with matplotlib, each with a Swedish alt text and its figures
as a table, so a reader who cannot see the chart loses nothing.

The API (for core and plugins)::

    from rapportkarna.charts import Series, bar_chart, line_chart, theme_palette

    chart = bar_chart("Utlån per kommun 2011", ["Arjeplog", "Arvidsjaur"],
                      [Series(name="2010", values=[812, 1034]), Series(name="2011", values=[901, 998])],
                      unit="lån", palette=theme_palette(config.theme))
    chart.title, chart.alt, chart.table.header, chart.table.rows, chart.src  # data: URL of the SVG

Templates render a chart with the macro ``chart`` of ``blocks/chart.html``. Core's charts reach
templates as ``charts`` in the report context (:class:`ReportCharts`); a plugin adds its own
through ``extend_context`` or a section's data.

matplotlib is imported only when a chart is drawn, that is when ``Chart.svg`` or ``Chart.src`` is
first read: building a chart's alt text and table costs nothing. ``rapportkarna validate`` renders
every report to HTML inside :func:`sketches_only`, where charts are blank placeholders of their
size, so it never imports matplotlib (the chart's data is checked when the chart is made, so the
drawing itself cannot fail on data).
"""

from rapportkarna.charts.budget import ReportCharts, budget_chart, report_charts
from rapportkarna.charts.model import (COLOUR_BLIND_SAFE, Chart, ChartError, ChartTable, Palette, Series,
                                       bar_chart, line_chart, sketches_only, theme_palette)

__all__ = ["COLOUR_BLIND_SAFE", "Chart", "ChartError", "ChartTable", "Palette", "ReportCharts", "Series",
           "bar_chart", "budget_chart", "line_chart", "report_charts", "sketches_only", "theme_palette"]
