"""The build, in one direction: load → validate → build context → render HTML → PDF → write.

A :class:`FederationBuild` holds one federation with its own plugins and renders its reports to
HTML; :func:`rapportkarna.publish.publish_year` turns them into files, and :func:`plan` says
which federations and years a command covers.
"""

import dataclasses
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rapportkarna.adoption import adoption_problems
from rapportkarna.economy.accounts import Ledger, mapping_for
from rapportkarna.economy.books import books_problems, plan_problems
from rapportkarna.economy.project_ledger import with_project_ledger
from rapportkarna.economy.provenance import cell_locator
from rapportkarna.economy.report import EconomyInputs, ReportEconomy, report_economy
from rapportkarna.economy.requirements import economy_gaps, require
from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.sie.model import SieFile
from rapportkarna.extensions import DataExtension
from rapportkarna.forked import run_all
from rapportkarna.history import History
from rapportkarna.spreadsheets import SPREADSHEET
from rapportkarna.loader import (BUDGET_FILE, CONFIG_FILE, INVESTMENT_BUDGET_FILE, MEETINGS_DIR, MOMENT_FILE,
                                 PROJECT_FILE,
                                 RESULT_BUDGET_FILE, SIE_FILE, YEAR_FILE, LoadedYear,
                                 TomlFile, load_meetings, load_year, validate)
from rapportkarna.locations import Locations
from rapportkarna.meetings.checks import meeting_notes, meeting_problems
from rapportkarna.meetings.documents import MeetingDocument, document_context
from rapportkarna.meetings.documents import document as documents_for
from rapportkarna.meetings.kinds import CORE_KINDS, AgendaItemKind
from rapportkarna.meetings.register import Register, summary
from rapportkarna.model import Meeting, MomentData, MomentRef, ReportSettings
from rapportkarna.plugins import PluginError, PluginInfo, PluginSet
from rapportkarna.regimes import RegimeRules, rules_for
from rapportkarna.reports import ContributedIndicator, ReportType, Section
from rapportkarna.sections import arrange
from rapportkarna.themes import Theme, resolve
from rapportkarna.workspace import Federation, Workspace

if TYPE_CHECKING:
    import jinja2

# Imported where used, not here: the templates (Jinja), the report context, the charts and the
# moments' checks are needed to load and render, not by `rapportkarna list`.


T = TypeVar("T")


@dataclass
class Rendered:
    report: ReportType
    title: str
    html: str
    sections: list[Section]
    templates: dict[str, tuple[str, str]]
    moment: MomentRef | None = None
    draft: bool = False
    trace: Callable[[], dict[str, Any]] | None = None
    """Where each statement line's figures come from, computed when asked: only a build that writes
    the report beside it needs it (not validate, not the preview)."""

    @property
    def provenance(self) -> dict[str, Any] | None:
        return (self.trace() or None) if self.trace else None


@dataclass(frozen=True)
class ReportJob:
    """One report to build: a report type at one of the year's moments, and its file name stem."""

    report: ReportType
    moment: MomentRef | None
    stem: str


#: The moment folder a report of each period is written from, for messages.
MOMENT_FOLDERS = {"plan": "plan", "interim": "delar-MMDD (e.g. delar-0630)", "annual": "bokslut"}


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
    import jinja2
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
    _loaded: dict[int, LoadedYear] = field(default_factory=dict, init=False, repr=False)
    _meetings: dict[str, Meeting] | None = field(default=None, init=False, repr=False)
    _meeting_files: dict[str, Path] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def plugins(self) -> PluginSet:
        _unknown_plugins(self.federation, self.catalogue)
        plugins = PluginSet(self.federation.config.plugins, self.catalogue, extra=self.extra_plugins)
        plugins.settings = self._plugin_settings(plugins)
        return plugins

    def _plugin_settings(self, plugins: PluginSet) -> dict[str, Any]:
        """Each plugin's ``[plugin_config.<name>]``, validated by the model it declares."""
        tables = self.federation.config.plugin_config
        models = dict(plugins.call("plugin_settings"))
        source = TomlFile(self.federation.root / CONFIG_FILE)
        problems: list[Problem] = []
        settings: dict[str, Any] = {}
        for name in plugins.order:
            raw = tables.get(name)
            if name in models:
                settings[name] = validate(models[name], raw or {}, source.locator(("plugin_config", name)), problems)
            else:
                settings[name] = raw
        if problems:
            raise ValidationFailed(problems)
        return settings

    @cached_property
    def report_types(self) -> dict[str, ReportType]:
        return _by_key(self.plugins.call("report_types"), lambda r: r.id, "report type")

    @cached_property
    def extensions(self) -> dict[str, DataExtension]:
        return _by_key(self.plugins.call("data_extensions"), lambda e: e.name, "data extension")

    @cached_property
    def ledger(self) -> Ledger | None:
        """The federation's books, mapped by its ``[accounts]`` mapping; None where it has none."""
        mapping = mapping_for(self.federation)
        return Ledger(mapping) if mapping is not None else None

    @cached_property
    def logo_src(self) -> str | None:
        """The logo as a data: URL, read once per build (every report and document shows it)."""
        from rapportkarna.context import logo_data_url
        return logo_data_url(self.federation)

    def check_settings(self) -> None:
        """Settings in federation.toml for a report type or plugin this federation does not have,
        themes that do not exist, a logo that is not there."""
        _ = self.themes  # an unknown theme is a problem at its line
        where = Locations(self.federation)
        config = self.federation.config
        problems = [where.in_config(("reports", report_id), f"no report type '{report_id}'; report types: "
                                    + ", ".join(self.report_types))
                    for report_id in config.reports if report_id not in self.report_types]
        problems += [where.in_config(("plugin_config", name), f"'{name}' is not among this federation's "
                                     f"plugins: {', '.join(self.plugins.order)}")
                     for name in config.plugin_config if name not in self.plugins.order]
        if config.accounts is not None and not self.rules.keeps_accounts:
            problems.append(where.in_config(("accounts",), f"a {self.rules.label} keeps no accounts of its own (its "
                                            "money is in a host municipality's books), so [accounts] does not "
                                            "apply; its reports follow up the budget (docs/economy.md)"))
        logo = config.organisation.logo
        if logo:
            try:
                _ = self.logo_src
            except RapportError:
                problems.append(where.in_config(("organisation", "logo"), f"'{logo}' is not a file inside "
                                                f"{self.federation.root}"))
        if problems:
            raise ValidationFailed(problems)

    def unread_files(self, year: int) -> list[Path]:
        """Files in the year's folder that no part of the build reads: a misnamed file
        (``budget.cvs``, ``momnet.toml``) would otherwise be ignored without a word."""
        folder = self.federation.root / str(year)
        year_tables = {t for ext in self.extensions.values() for t in ext.tables.values()}
        moment_tables = {t for ext in self.extensions.values() for t in ext.moment_tables.values()}
        expected_year = {YEAR_FILE, BUDGET_FILE, RESULT_BUDGET_FILE, INVESTMENT_BUDGET_FILE, *year_tables}
        expected_moment = {MOMENT_FILE, BUDGET_FILE, PROJECT_FILE, SIE_FILE, *moment_tables}
        # budget.csv and projekt.csv may be spreadsheets of the same name (rapportkarna.spreadsheets)
        expected_year |= {Path(name).with_suffix(SPREADSHEET).name
                          for name in (BUDGET_FILE, RESULT_BUDGET_FILE, INVESTMENT_BUDGET_FILE)}
        expected_moment |= {Path(name).with_suffix(SPREADSHEET).name for name in (BUDGET_FILE, PROJECT_FILE)}
        unread = []
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            parts = relative.parts
            if len(parts) == 1 and parts[0] in expected_year:
                continue
            if len(parts) == 2 and parts[0] == MEETINGS_DIR and path.suffix == ".toml":
                continue
            if len(parts) == 2 and parts[0] != MEETINGS_DIR and parts[1] in expected_moment:
                continue
            unread.append(path)
        return unread

    def dry_run(self, year: int) -> list[RapportError]:
        """Render every report and meeting document of the year to HTML, as ``build`` would, and
        return what ``build`` would refuse: template errors, missing required parts, settings for
        sections a report does not have. So ``validate`` saying ok means ``build`` will work.

        The documents are rendered on two cores where there are two (:mod:`rapportkarna.forked`)."""
        loaded = self.load(year)
        jobs = [] if loaded.data.comparison_only else self.jobs(loaded)[0]
        docs = [doc for meeting in self.meetings().values() if meeting.date.year == year
                for doc in documents_for(meeting, None)]
        tasks: list[Callable[[], RapportError | None]] = [
            *(partial(self._refusal_of_report, loaded, job) for job in jobs),
            *(partial(self._refusal_of_meeting, doc) for doc in docs)]
        return [refusal for refusal in run_all(tasks) if refusal is not None]

    def _refusal_of_report(self, loaded: LoadedYear, job: ReportJob) -> RapportError | None:
        from rapportkarna.charts import sketches_only
        try:
            with sketches_only():  # charts' data is checked when they are made; no need to draw
                self.render_job(loaded, job)
        except ValidationFailed as exc:
            return exc
        except RapportError as exc:
            return RapportError(f"{job.stem}: {exc}")
        return None

    def _refusal_of_meeting(self, doc: MeetingDocument) -> RapportError | None:
        try:
            self.render_meeting(doc)
        except RapportError as exc:
            return RapportError(f"meetings/{doc.stem}: {exc}")
        return None

    @property
    def rules(self) -> RegimeRules:
        return rules_for(self.federation.config.organisation.regime)

    def report_type(self, report_id: str) -> ReportType:
        if report_id not in self.report_types:
            known = ", ".join(self.report_types)
            raise RapportError(f"{self.federation.slug}: unknown report '{report_id}'; reports: {known}")
        return self.report_types[report_id]

    def load(self, year: int) -> LoadedYear:
        """The year's validated data and moments, after plugins have transformed and checked it.

        Problems in what the moments refer to, in their adoption, and the missing data of an
        adopted report are errors; what a draft lacks is left for :meth:`gaps`.
        """
        if year in self._loaded:
            return self._loaded[year]
        if year not in self.federation.years:
            years = ", ".join(map(str, self.federation.years)) or "none"
            raise RapportError(f"{self.federation.slug}: no data for {year}; years: {years}")
        self.check_settings()
        loaded = load_year(self.federation.root, self.federation.config, year, self.extensions)
        data = loaded.data
        for _, transformed in self.plugins.call_chain("transform_year_data", "data",
                                                      federation=self.federation, data=data):
            data = transformed
        loaded = dataclasses.replace(loaded, data=data)
        loaded, problems = books_problems(self.federation, loaded, self.ledger)
        loaded, found = with_project_ledger(self.federation, loaded, self._earlier_bokslut)
        problems += found + plan_problems(self.federation, loaded, self.ledger)
        from rapportkarna.moment_checks import reference_problems
        problems += reference_problems(self.federation, loaded)
        problems += meeting_problems(self.federation.config, list(self.meetings().values()), self._meeting_files,
                                     year, set(self.item_kinds))
        problems += adoption_problems(self.federation, loaded, self.meetings(), self.rules, self.register)
        problems += [p for _, found in self.plugins.call("validate_federation", federation=self.federation,
                                                         data=data, moments=loaded.moments) for p in found]
        if not data.comparison_only:
            problems += [p for moment_id, moment in loaded.moments.items() if moment.adopted
                         for p in self.gaps(loaded, moment_id)]
        if problems:
            raise ValidationFailed(problems)
        self._loaded[year] = loaded
        return loaded

    def gaps(self, loaded: LoadedYear, moment_id: str) -> list[Problem]:
        """What the moment lacks for its report (errors if adopted; a draft prints "Uppgift saknas")."""
        if loaded.data.comparison_only:
            return []
        from rapportkarna.moment_checks import missing_data
        return (missing_data(self.federation, loaded, moment_id, self.extensions)
                + economy_gaps(self.federation, loaded, moment_id, self.ledger))

    def _earlier_bokslut(self, year: int) -> SieFile | None:
        """An earlier year's bokslut SIE file, for sums that run over several years."""
        found = self.earlier(year)
        return found.sie.get("bokslut") if found else None

    def earlier(self, year: int) -> LoadedYear | None:
        """An earlier year for comparison; None when the federation has no folder for it."""
        return self.load(year) if year in self.federation.years else None

    def meetings(self) -> dict[str, Meeting]:
        """Every meeting of every year of the federation, by id: adoptions and the register of
        decisions and assignments refer to them."""
        if self._meetings is None:
            found: dict[str, Meeting] = {}
            for year in self.federation.years:
                for path, meeting in load_meetings(self.federation.root / str(year), self.federation.config):
                    if meeting.id not in found:
                        found[meeting.id] = meeting
                        self._meeting_files[meeting.id] = path
            self._meetings = found
        return self._meetings

    def meeting_file(self, meeting_id: str) -> Path:
        self.meetings()
        return self._meeting_files[meeting_id]

    @cached_property
    def register(self) -> Register:
        return Register(list(self.meetings().values()))

    @cached_property
    def item_kinds(self) -> dict[str, AgendaItemKind]:
        """Agenda item kinds: core's and those this federation's plugins add."""
        contributed = [("core", CORE_KINDS), *self.plugins.call("agenda_item_kinds")]
        return _by_key(contributed, lambda k: k.id, "agenda item kind")

    def meeting_notes(self, year: int) -> list[Problem]:
        """The date rules the year's meetings break (notes: they describe what happened)."""
        meetings = list(self.meetings().values())
        return meeting_notes(self.federation.config, meetings, self._meeting_files, year)

    def jobs(self, loaded: LoadedYear, report_ids: list[str] | None = None,
             moment_id: str | None = None) -> tuple[list[ReportJob], list[str]]:
        """The reports to build for the year, and notes on report types passed over.

        Each report type is built at each of the year's moments of its period (a year with two
        delår gets two delårsrapporter, ``delarsrapport-0430`` and ``delarsrapport-0831``). A report
        named in ``report_ids`` whose moment has not come is an error; unnamed, it is passed over
        with a note.
        """
        if loaded.data.comparison_only:
            raise RapportError(f"{self.federation.slug} {loaded.year}: the year is comparison_only (it holds "
                               "what later years compare with); no reports are built for it")
        jobs, notes = [], []
        refs = loaded.refs()
        if moment_id is not None and moment_id not in loaded.moments:
            raise RapportError(f"{self.federation.slug} {loaded.year}: no moment '{moment_id}'; moments: "
                               + (", ".join(r.id for r in refs) or "none"))
        for report_id in report_ids or list(self.report_types):
            report = self.report_type(report_id)
            if report.period == "other":
                jobs.append(ReportJob(report, None, report.id))
                continue
            mine = [r for r in refs if r.kind.value == report.period]
            chosen = [r for r in mine if moment_id in (None, r.id)]
            if not chosen:
                if moment_id is not None and not report_ids:
                    continue
                message = (f"{self.federation.slug} {loaded.year}: no moment for {report.id}: create "
                           f"{loaded.year}/{MOMENT_FOLDERS[report.period]}/{MOMENT_FILE}")
                if report_ids:
                    raise RapportError(message)
                notes.append(message)
                continue
            for ref in chosen:
                stem = report.id if len(mine) == 1 else f"{report.id}-{ref.id.removeprefix('delar-')}"
                jobs.append(ReportJob(report, ref, stem))
        return jobs, notes

    @cached_property
    def themes(self) -> list[Theme]:
        """The federation's themes in search order (a theme before those it extends)."""
        where = Locations(self.federation)
        return resolve(self.federation.config.themes, self.workspace.themes_dir,
                       lambda index, message: where.in_config(("themes", index), message))

    def template_layers(self) -> list[tuple[str, Path]]:
        """Where templates are searched, in order, with a name for each layer: the federation's own
        folder, its plugins', its themes', then core's shared templates."""
        layers = [("federation", self.federation.templates_dir)]
        plugin_dirs = self.plugin_template_dirs()
        owners = dict((folder, name) for name, folder in self._conventional_templates())
        layers += [(f"plugin {owners.get(d, '')}".strip(), d) for d in plugin_dirs]
        layers += [(f"theme {t.name}", t.folder) for t in self.themes]
        layers.append(("core", self.workspace.templates_dir))
        return layers

    def environment(self) -> "jinja2.Environment":
        from rapportkarna.template_cache import compiled_templates
        from rapportkarna.templating import make_environment
        dirs = [*self.plugin_template_dirs(), *(t.folder for t in self.themes)]
        filters = _merge_dicts(self.plugins.call("template_filters"), "filter")
        globals_ = _merge_dicts(self.plugins.call("template_globals"), "template global")
        env = make_environment(self.federation.templates_dir, dirs, self.workspace.templates_dir,
                               filters, globals_)
        env.bytecode_cache = compiled_templates(env)
        return env

    def plugin_template_dirs(self) -> list[Path]:
        """Each plugin package's own ``templates/`` (by convention), then what ``template_dirs`` adds."""
        found = [folder for _, folder in self._conventional_templates()]
        for name, dirs in self.plugins.call("template_dirs", federation=self.federation):
            found += [d for d in (self._contained(name, Path(d)) for d in dirs) if d not in found]
        return found

    def _contained(self, plugin: str, folder: Path) -> Path:
        """A plugin's template folder: an existing folder inside the plugin's own package (for a
        plugin registered in code, any existing folder its program chose). It is read by the
        templates and by the PDF renderer, so it must not widen what the build may read."""
        resolved = folder.resolve()
        if not resolved.is_dir():
            raise PluginError(f"plugin '{plugin}' gives template folder '{folder}', which is not a folder")
        module_file = getattr(self.plugins.pm.get_plugin(plugin), "__file__", None)
        if module_file:
            package = Path(module_file).resolve().parent
            if not resolved.is_relative_to(package):
                raise PluginError(f"plugin '{plugin}' gives template folder '{folder}', outside its own package "
                                  f"{package}; a plugin's templates live in its package")
        return resolved

    def _conventional_templates(self) -> list[tuple[str, Path]]:
        """(plugin, its package's templates/ folder) for every plugin that is a package with one."""
        found = []
        for name in self.plugins.order:
            module_file = getattr(self.plugins.pm.get_plugin(name), "__file__", None)
            if name != "core" and module_file and Path(module_file).name == "__init__.py":
                folder = Path(module_file).parent / "templates"
                if folder.is_dir():
                    found.append((name, folder))
        return found

    def plugin_stylesheets(self, report: ReportType) -> list[str]:
        """Stylesheets included after the shared CSS: every ``templates/css/*.css`` of a plugin
        package (by convention; not one that overrides a shared stylesheet), then ``extra_css``."""
        shared = {p.name for p in (self.workspace.templates_dir / "css").glob("*.css")}
        names = [f"css/{css.name}" for _, folder in self._conventional_templates()
                 for css in sorted((folder / "css").glob("*.css")) if css.name not in shared]
        for _, declared in self.plugins.call("extra_css", report=report, federation=self.federation):
            names += [n for n in declared if n not in names]
        return names

    def render_html(self, loaded: LoadedYear, report_id: str, moment_id: str | None = None) -> Rendered:
        """The report ``report_id`` at its moment of the year (``moment_id`` where there are several)."""
        jobs, _ = self.jobs(loaded, [report_id], moment_id)
        if len(jobs) > 1:
            raise RapportError(f"{self.federation.slug} {loaded.year}: {report_id} has several moments ("
                               + ", ".join(str(j.moment.id) for j in jobs if j.moment) + "); name one")
        return self.render_job(loaded, jobs[0])

    def report_economy(self, loaded: LoadedYear, ref: MomentRef | None, moment: MomentData,
                       history: History) -> ReportEconomy | None:
        """The report's statements and key figures from the books; an adopted report that lacks what
        its legal form requires is refused here, naming what and where."""
        if ref is None or self.ledger is None:
            return None
        economy = report_economy(EconomyInputs(loaded, ref, moment, history, self.ledger,
                                               self.federation.config.organisation.regime))
        require(self.federation, loaded, ref, moment, economy)
        return economy

    def render_job(self, loaded: LoadedYear, job: ReportJob) -> Rendered:
        report, ref, data = job.report, job.moment, loaded.data
        moment = loaded.moments[ref.id] if ref else MomentData()
        history = History(ref, self.earlier)
        args = {"report": report, "federation": self.federation, "data": data, "moment": moment,
                "history": history}
        contributed: list[ContributedIndicator] = [
            i for _, found in self.plugins.call("indicators", **args) for i in found]
        economy = self.report_economy(loaded, ref, moment, history)
        contributions = self.plugins.call("report_sections", **args, rules=self.rules, indicators=contributed,
                                          economy=economy)
        settings = self.federation.config.reports.get(report.id)
        sections = arrange(contributions, settings or ReportSettings(), report.id,
                           self.rules.required_sections(report.id), self.rules.label,
                           Locations(self.federation).in_config)
        meeting = self.meetings().get(moment.adoption.meeting or "") if moment.adoption else None
        from rapportkarna.context import build_context
        context = build_context(report, self.federation, data, self.rules, sections, contributed,
                                ref, moment, history, meeting, economy)
        context["logo_src"] = self.logo_src
        if ref is not None and ref.period_end is not None:
            context["meeting_summary"] = summary(self.register, ref.period_start, ref.period_end)
        else:
            context["meeting_summary"] = None
        context["extra_css"] = self.plugin_stylesheets(report)
        extra = _merge_dicts(self.plugins.call("extend_context", **args, context=dict(context)), "context variable")
        clash = sorted(set(extra) & set(context))
        if clash:
            raise RapportError(f"extend_context may not replace core variables: {', '.join(clash)}")
        from jinja2 import TemplateError as TemplateError_

        from rapportkarna.templating import templates_used
        env = self.environment()
        try:
            html = env.get_template(report.template).render({**context, **extra})
        except (TemplateError_, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise _template_error(exc) from exc
        trace = (lambda: economy.provenance(self.federation.root, cell_locator(self.federation))) if economy else None
        return Rendered(report, context["title"], html, sections, templates_used(env), ref, context["draft"], trace)

    def render_meeting(self, doc: MeetingDocument) -> Rendered:
        """A meeting's kallelse, protokoll or minnesanteckningar as HTML."""
        config = self.federation.config
        year = doc.meeting.date.year
        data = self.load(year).data if year in self.federation.years else None
        context = {"slug": self.federation.slug, "config": config, "org": config.organisation,
                   "members": config.members, "theme": config.theme, "rules": self.rules,
                   "logo_src": self.logo_src, "data": data,
                   **document_context(doc, config, self.register, self.item_kinds)}
        from jinja2 import TemplateError as TemplateError_

        from rapportkarna.templating import templates_used
        env = self.environment()
        try:
            html = env.get_template(f"meetings/{doc.document}.html").render(context)
        except (TemplateError_, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise _template_error(exc) from exc
        report = ReportType(id=doc.document, title=context["doc_title"], template=f"meetings/{doc.document}.html")
        return Rendered(report, context["doc_title"], html, [], templates_used(env))

    def allowed_roots(self) -> list[Path]:
        return [self.federation.root, self.workspace.templates_dir, *self.plugin_template_dirs(),
                *(t.folder for t in self.themes)]


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
        wanted = list(years) if years else federation.report_years
        if not named:
            wanted = [y for y in wanted if y in federation.report_years]
        targets += [(federation, year, list(reports) if reports else None) for year in wanted]
    if not targets:
        asked = f" for {', '.join(map(str, years))}" if years else ""
        raise RapportError(f"nothing to build: no federation has year folders{asked}")
    return targets
