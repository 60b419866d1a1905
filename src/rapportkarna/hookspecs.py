# mypy: disable-error-code="empty-body"
# (the specifications have no bodies: plugins implement them)
"""The hooks of rapportkarna: every way a plugin can take part in a build.

The build calls them in this order, for one federation and one year at a time:

1. ``report_types`` and ``data_extensions`` when the federation's plugins are loaded;
2. ``transform_year_data`` after the year's files are validated, then ``validate_federation``;
3. per report, that is per report type and reporting moment: ``indicators``, ``report_sections``,
   ``extra_css``, ``extend_context``, then
   ``template_dirs``, ``template_filters`` and ``template_globals`` for the template environment,
   then rendering.

A report belongs to one reporting moment of the year (the plan, a delår, the bokslut). The hooks
of a report receive ``data`` (what year.toml sets once), ``moment`` (what the report's own moment
recorded: a :class:`~rapportkarna.model.MomentData`) and ``history`` (a
:class:`~rapportkarna.history.History` that gives the earlier moments the report may compare with,
and refuses later ones). Use nothing else for follow-up values: an interim value must never reach
an annual report.

Every hook that receives the federation may also take ``settings``: this plugin's own
``[plugin_config.<name>]`` from federation.toml, validated by the model its ``plugin_settings``
hook declares (a plain dict, or ``None``, without one).

Only the plugins a federation names in its ``federation.toml`` (plus ``core``) take part in its
build, so one federation's plugin never changes another federation's report. Implement a hook
with ``@rapportkarna.hookimpl``; a hook implementation may accept any subset of the arguments.
"""

from pathlib import Path
from typing import Any, Callable

import click
import pluggy
from pydantic import BaseModel

from rapportkarna import PROJECT_NAME
from rapportkarna.errors import Problem
from rapportkarna.extensions import DataExtension
from rapportkarna.economy.report import ReportEconomy
from rapportkarna.history import History
from rapportkarna.meetings.kinds import AgendaItemKind
from rapportkarna.model import MomentData, YearData
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.workspace import Federation

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec
def report_types() -> list[ReportType]:
    """Add report types.

    Called once when a federation's plugins are loaded. Receives nothing. Returns a list of
    :class:`~rapportkarna.reports.ReportType`; ids must be unique across the federation's plugins.
    Core adds ``verksamhetsplan``, ``delarsrapport`` and ``arsredovisning``.
    """


@hookspec
def data_extensions() -> list[DataExtension]:
    """Declare data of the plugin's own that a federation's year may carry.

    Called once when a federation's plugins are loaded. Receives nothing. Returns a list of
    :class:`~rapportkarna.extensions.DataExtension`: a name (the ``[extensions.<name>]`` table of
    ``year.toml``), a pydantic model that validates it, and CSV files that fill list fields. The
    loader validates the data and reports mistakes with file, line and field, like core data;
    the result is ``data.extensions[<name>]``. Data recorded per reporting moment (a term's
    statistics, a follow-up) has a ``moment_model`` and ``moment_tables``: it is read from each
    moment's ``moment.toml`` and folder, and reaches hooks and templates as
    ``moment.extensions[<name>]``.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``rapportkarna`` command.

    Called once when the command line starts, for every plugin that can be used there (installed
    packages and the plugin folders), whichever federation a command is for. Receives a
    :class:`click.Group`; add commands with ``@cli.command()`` or ``cli.add_command(...)``. Returns
    nothing. A command with the name of a built-in command is left out with a warning.
    """


@hookspec
def plugin_settings() -> type[BaseModel]:
    """Declare the model of the plugin's settings.

    Called once when a federation's plugins are loaded. Receives nothing. Returns a pydantic model
    class; core validates the federation's ``[plugin_config.<plugin name>]`` table in
    federation.toml with it (mistakes are reported at their line and field, like core data) and
    passes the validated model as ``settings`` to this plugin's hooks. A plugin without this hook
    gets its table as a plain dict (or ``None``).
    """


@hookspec
def transform_year_data(federation: Federation, data: YearData, settings: Any) -> YearData | None:
    """Contribute or transform a year's set-once data before anything is built from it.

    Called once per federation and year, after all files are validated, for each plugin in the
    order the federation lists them (core first). Receives the :class:`Federation` and the
    :class:`~rapportkarna.model.YearData` so far (what year.toml sets once; the moments are not
    transformed). Returns a new ``YearData`` (build it with
    ``data.model_copy(update=...)``; never mutate the argument) or ``None`` to leave it as is.
    """


@hookspec
def validate_federation(federation: Federation, data: YearData, moments: dict[str, MomentData],
                        settings: Any) -> list[Problem]:
    """Check a federation's data for rules only a plugin knows.

    Called by ``rapportkarna validate`` and before every build, once per federation and year,
    after ``transform_year_data``. Receives the :class:`Federation`, the year's set-once data and
    the year's moments by folder name (``plan``, ``delar-0630``, ``bokslut``), so that a rule may
    span moments (what the delår called done is still done in the bokslut). Use
    :class:`~rapportkarna.locations.Locations` (``in_moment``, ``in_table(..., moment=…)``) to
    place problems. Returns a
    list of :class:`~rapportkarna.errors.Problem` (file, line, field path, message); an empty
    list when all is well. Any problem stops the build and is shown with all others.
    """


@hookspec
def report_sections(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
                    history: History, rules: RegimeRules, indicators: list[ContributedIndicator],
                    economy: ReportEconomy | None, settings: Any) -> list[Section]:
    """Contribute sections to a report.

    Called once per report being built. Receives the report type, the federation, the year's
    set-once data, the report's ``moment`` and ``history`` (see above), the :class:`~rapportkarna.regimes.RegimeRules` of the organisation's legal form
    (which names required parts and their titles), the indicators plugins contributed for
    this report (the ``indicators`` hook is called first), and ``economy``: the
    :class:`~rapportkarna.economy.report.ReportEconomy` computed from the federation's accounts
    (statements, notes, balanskrav, key figures; ``None`` for a federation without ``[accounts]``). Returns a list of
    :class:`~rapportkarna.reports.Section` (possibly empty: return nothing for reports the plugin
    does not serve). Section ids must be unique within a report; order is set by ``order`` and
    ``after``, and the federation's ``[reports.<id>.sections.<section>]`` settings override both.
    """


@hookspec
def indicators(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
               history: History, settings: Any) -> list[ContributedIndicator]:
    """Contribute indicators computed from the data.

    Called once per report being built. Receives the report type, the federation, the year's
    set-once data, the report's ``moment`` and ``history``. Returns a list of
    :class:`~rapportkarna.reports.ContributedIndicator` (the indicator, and its ``value`` at the
    report's moment, computed from ``moment`` only); one that names a
    ``priority`` is listed under that prioriterad uppgift, the rest in the report's Nyckeltal
    section under their ``group``. Core judges a value without ``status`` against the indicator's
    målvärde by the federation's ``[goals.thresholds]``; ``value.members`` (kommunkod → value) shows
    it per member, ``earlier`` (year, utfall) as a trend (see docs/plugins.md, "Computed indicators").
    """


@hookspec
def agenda_item_kinds() -> list[AgendaItemKind]:
    """Add kinds of agenda items for the federation's meetings.

    Called once when a federation's meetings are checked or a meeting document is built. Receives
    nothing. Returns a list of :class:`~rapportkarna.meetings.kinds.AgendaItemKind`: an id (what a
    meeting file writes as an item's ``kind``), a label, whether it is formal (no ärende), and
    optionally a template that renders what such an item holds (it gets ``item`` and ``meeting``
    besides the document's context), e.g. the round of reports from each municipality.
    """


@hookspec
def template_dirs(federation: Federation, settings: Any) -> list[Path]:
    """Contribute folders of templates.

    Called once per report being built. Receives the federation. Returns a list of folders; they
    are searched after the federation's own ``templates/`` and before the shared templates, so a
    plugin can add section templates and override shared ones. Files in these folders may also be
    read by the PDF renderer (images, fonts).
    """


@hookspec
def template_filters() -> dict[str, Callable[..., Any]]:
    """Add Jinja filters.

    Called once per report being built. Receives nothing. Returns a dict of filter name to
    function. Core's Swedish formatting filters (``kr``, ``belopp``, ``procent``, ``datum`` …)
    come through this hook too; a federation's plugin may add more but not replace them.
    """


@hookspec
def extra_css(report: ReportType, federation: Federation, settings: Any) -> list[str]:
    """Add stylesheets to a report.

    Called once per report being built. Receives the report type and the federation. Returns a
    list of template names (e.g. ``"css/mediacenter.css"``, found in the plugin's template
    folder); each is included inline after the shared CSS, in plugin order, so the HTML stays a
    single self-contained file.
    """


@hookspec
def template_globals() -> dict[str, Any]:
    """Add Jinja globals (functions or values available in every template).

    Called once per report being built. Receives nothing. Returns a dict of name to value.
    """


@hookspec
def extend_context(report: ReportType, federation: Federation, data: YearData, moment: MomentData,
                   history: History, context: dict[str, Any], settings: Any) -> dict[str, Any] | None:
    """Add variables to the context a report is rendered with.

    Called once per report, after core has built the context. Receives the report type, the
    federation, the year's set-once data, the report's ``moment`` and ``history``, and the context so far (read it, do not change it). Returns a
    dict of new variables, or ``None``. A name that is already in the context is an error.
    """
