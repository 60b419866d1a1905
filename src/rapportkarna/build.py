"""The build, in one direction: load → validate → build context → render HTML → PDF → write.

A :class:`FederationBuild` holds one federation with its own plugins and renders its reports to
HTML; :func:`rapportkarna.publish.publish_year` turns them into files, and :func:`plan` says
which federations and years a command covers.
"""

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from rapportkarna.context import build_context
from rapportkarna.errors import RapportError, ValidationFailed
from rapportkarna.extensions import DataExtension
from rapportkarna.loader import load_year
from rapportkarna.locations import Locations
from rapportkarna.model import ReportSettings, YearData
from rapportkarna.plugins import PluginInfo, PluginSet
from rapportkarna.regimes import RegimeRules, rules_for
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.sections import arrange
from rapportkarna.templating import make_environment, templates_used
from rapportkarna.workspace import Federation, Workspace


T = TypeVar("T")


@dataclass
class Rendered:
    report: ReportType
    title: str
    html: str
    sections: list[Section]
    templates: dict[str, tuple[str, str]]


class TemplateError(RapportError):
    pass


def _unknown_plugins(federation: Federation, catalogue: dict[str, PluginInfo]) -> None:
    known = ", ".join(sorted(catalogue))
    where = Locations(federation)
    problems = [where.in_config(("plugins", i), f"unknown plugin '{name}'; available plugins: {known}")
                for i, name in enumerate(federation.config.plugins) if name not in catalogue]
    if problems:
        raise ValidationFailed(problems)


def _merge_dicts(results: list[tuple[str, dict[str, Any]]], what: str) -> dict[str, Any]:
    """Plugins' named values (filters, globals, context variables); one name from two is an error."""
    pairs = [(plugin, list(values.items())) for plugin, values in results]
    return {name: value for name, (_, value) in _by_key(pairs, lambda item: item[0], what).items()}


def _by_key(results: list[tuple[str, list[T]]], key: Callable[[T], str], what: str) -> dict[str, T]:
    """Plugins' contributions by their id; the same id from two plugins is an error."""
    found: dict[str, T] = {}
    owner: dict[str, str] = {}
    for plugin, items in results:
        for item in items:
            if key(item) in found:
                raise RapportError(f"{what} '{key(item)}' is defined by plugin '{owner[key(item)]}' and "
                                   f"again by plugin '{plugin}'")
            found[key(item)], owner[key(item)] = item, plugin
    return found


def _template_error(exc: Exception) -> TemplateError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template not found: {exc.message}")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".css", ".svg"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    return TemplateError(f"{where}{type(exc).__name__}: {exc}")


@dataclass
class FederationBuild:
    """One federation, with only the plugins its federation.toml names (plus core)."""

    workspace: Workspace
    federation: Federation
    catalogue: dict[str, PluginInfo]
    extra_plugins: dict[str, object] = field(default_factory=dict)

    @cached_property
    def plugins(self) -> PluginSet:
        _unknown_plugins(self.federation, self.catalogue)
        return PluginSet(self.federation.config.plugins, self.catalogue, extra=self.extra_plugins)

    @cached_property
    def report_types(self) -> dict[str, ReportType]:
        return _by_key(self.plugins.call("report_types"), lambda r: r.id, "report type")

    @cached_property
    def extensions(self) -> dict[str, DataExtension]:
        return _by_key(self.plugins.call("data_extensions"), lambda e: e.name, "data extension")

    def check_settings(self) -> None:
        """Settings in federation.toml for a report type or plugin this federation does not have."""
        where = Locations(self.federation)
        config = self.federation.config
        problems = [where.in_config(("reports", report_id), f"no report type '{report_id}'; report types: "
                                    + ", ".join(self.report_types))
                    for report_id in config.reports if report_id not in self.report_types]
        problems += [where.in_config(("plugin_config", name), f"'{name}' is not among this federation's "
                                     f"plugins: {', '.join(self.plugins.order)}")
                     for name in config.plugin_config if name not in self.plugins.order]
        if problems:
            raise ValidationFailed(problems)

    @property
    def rules(self) -> RegimeRules:
        return rules_for(self.federation.config.organisation.regime)

    def report_type(self, report_id: str) -> ReportType:
        if report_id not in self.report_types:
            known = ", ".join(self.report_types)
            raise RapportError(f"{self.federation.slug}: unknown report '{report_id}'; reports: {known}")
        return self.report_types[report_id]

    def year_data(self, year: int) -> YearData:
        """The year's validated data, after plugins have transformed and checked it."""
        if year not in self.federation.years:
            years = ", ".join(map(str, self.federation.years)) or "none"
            raise RapportError(f"{self.federation.slug}: no data for {year}; years: {years}")
        self.check_settings()
        data = load_year(self.federation.root, self.federation.config, year, self.extensions)
        for _, transformed in self.plugins.call_chain("transform_year_data", "data",
                                                      federation=self.federation, data=data):
            data = transformed
        problems = [p for _, found in self.plugins.call("validate_federation", federation=self.federation,
                                                         data=data) for p in found]
        if problems:
            raise ValidationFailed(problems)
        return data

    def environment(self) -> jinja2.Environment:
        dirs = self.plugin_template_dirs()
        filters = _merge_dicts(self.plugins.call("template_filters"), "filter")
        globals_ = _merge_dicts(self.plugins.call("template_globals"), "template global")
        return make_environment(self.federation.templates_dir, dirs, self.workspace.templates_dir,
                                filters, globals_)

    def plugin_template_dirs(self) -> list[Path]:
        return [Path(d) for _, found in self.plugins.call("template_dirs", federation=self.federation)
                for d in found]

    def render_html(self, data: YearData, report_id: str) -> Rendered:
        report = self.report_type(report_id)
        args = {"report": report, "federation": self.federation, "data": data}
        contributed: list[ContributedIndicator] = [
            i for _, found in self.plugins.call("indicators", **args) for i in found]
        contributions = self.plugins.call("report_sections", **args, rules=self.rules, indicators=contributed)
        settings = self.federation.config.reports.get(report.id)
        sections = arrange(contributions, settings or ReportSettings(), report.id,
                           self.rules.required_sections(report.id), self.rules.label)
        context = build_context(report, self.federation, data, self.rules, sections, contributed)
        context["extra_css"] = [name for _, names in self.plugins.call("extra_css", report=report,
                                                                        federation=self.federation)
                                for name in names]
        extra = _merge_dicts(self.plugins.call("extend_context", **args, context=dict(context)), "context variable")
        clash = sorted(set(extra) & set(context))
        if clash:
            raise RapportError(f"extend_context may not replace core variables: {', '.join(clash)}")
        env = self.environment()
        try:
            html = env.get_template(report.template).render({**context, **extra})
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise _template_error(exc) from exc
        return Rendered(report, context["title"], html, sections, templates_used(env))

    def allowed_roots(self) -> list[Path]:
        return [self.federation.root, self.workspace.templates_dir, *self.plugin_template_dirs()]


def plan(workspace: Workspace, slugs: Iterable[str], years: Iterable[int] | None,
         reports: Iterable[str] | None) -> list[tuple[Federation, int, list[str] | None]]:
    """Which (federation, year, reports) to build; None for reports means all of its types.

    Named federations must have every year asked for; with all federations, those without a
    year asked for are passed over.
    """
    named = list(slugs)
    chosen = [workspace.federation(s) for s in named] if named else workspace.federations()
    targets = []
    for federation in chosen:
        wanted = list(years) if years else federation.years
        if not named:
            wanted = [y for y in wanted if y in federation.years]
        targets += [(federation, year, list(reports) if reports else None) for year in wanted]
    if not targets:
        asked = f" for {', '.join(map(str, years))}" if years else ""
        raise RapportError(f"nothing to build: no federation has year folders{asked}")
    return targets
