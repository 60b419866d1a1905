"""The ``rapportkarna`` command: build, validate, list, schema, plugins, hooks."""

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from rapportkarna import __version__
from rapportkarna.build import FederationBuild
from rapportkarna.errors import RapportError, ValidationFailed
from rapportkarna.loader import LoadedYear
from rapportkarna.plugins import PluginInfo, PluginSet, discover, loaded_info, set_tracer
from rapportkarna.meetings.documents import DOCUMENTS, documents_of
from rapportkarna.schema import SCHEMAS, schema_json
from rapportkarna.workspace import Workspace


#: Command groups imported when they are used, not with every command: each brings modules (the SIE
#: reader, the Kolada client, the template tools) that ``list``, ``validate`` and ``build`` do not need.
LAZY_COMMANDS = {"cache": "rapportkarna.cache_cli", "economy": "rapportkarna.economy.cli", "kolada": "rapportkarna.kolada.cli",
                 "sie": "rapportkarna.sie.cli", "init": "rapportkarna.scaffold",
                 "templates": "rapportkarna.template_cli"}


class Group(click.Group):
    """Shows a user's mistake as a message and exit status 1, never as a traceback; adds the
    commands plugins register (``register_commands``)."""

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        """Commands of every plugin that can be used here (installed or in the plugin folders)."""
        cached = ctx.meta.get("rapportkarna.plugin_commands")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        root = ctx.params.get("root") or _find_root(Path.cwd())
        dirs = [Workspace(Path(root).resolve()).plugins_dir, *ctx.params.get("plugins_dirs", ())]
        group = click.Group()
        try:
            catalogue = discover(dirs)
            plugins = PluginSet([n for n in catalogue if n != "core"], catalogue)
            plugins.call("register_commands", cli=group)
        except RapportError as exc:  # a broken plugin must not take the built-in commands with it
            click.secho(f"warning: plugin commands not loaded: {exc}", err=True, fg="yellow")
        clashes = sorted(set(group.commands) & (set(self.commands) | set(LAZY_COMMANDS)))
        if clashes:
            click.secho(f"warning: plugin commands {', '.join(clashes)} have the names of built-in "
                        "commands and are left out", err=True, fg="yellow")
        found = {name: cmd for name, cmd in group.commands.items() if name not in self.commands
                 and name not in LAZY_COMMANDS}
        ctx.meta["rapportkarna.plugin_commands"] = found
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS, *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return (super().get_command(ctx, cmd_name) or _lazy_command(cmd_name)
                or self._plugin_commands(ctx).get(cmd_name))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # the reader went away (`rapportkarna list | head -1`): nothing to say, and nowhere to say
            # it; later writes (the flush at exit) go nowhere instead of failing again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (RapportError, OSError) as exc:
            # OSError: an output folder that cannot be written, a file that vanished, a full disk
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"error: {exc}", err=True, fg="red")
            sys.exit(1)


def _lazy_command(name: str) -> click.Command | None:
    if name not in LAZY_COMMANDS:
        return None
    command = getattr(importlib.import_module(LAZY_COMMANDS[name]), name)
    assert isinstance(command, click.Command)
    return command


def _find_root(start: Path) -> Path:
    for folder in [start, *start.parents]:
        if (folder / "federations").is_dir():
            return folder
    return start


@click.group(cls=Group)
@click.version_option(__version__, prog_name="rapportkarna")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), is_eager=True,
              help="Project folder with federations/, plugins/ and templates/ (default: found upward from here).")
@click.option("--plugins-dir", "plugins_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              is_eager=True,
              help="Another folder of plugin .py files or packages (repeatable).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, root: Path | None, plugins_dirs: tuple[Path, ...], debug: bool) -> None:
    """Reports of Swedish municipal federations: verksamhetsplan, delårsrapport, årsredovisning."""
    workspace = Workspace((root or _find_root(Path.cwd())).resolve())
    set_tracer((lambda line: click.echo(f"debug: {line}", err=True)) if debug else None)
    ctx.obj = {"workspace": workspace, "debug": debug,
               "plugins_dirs": [workspace.plugins_dir, *plugins_dirs]}


def _context(ctx: click.Context) -> tuple[Workspace, dict[str, PluginInfo]]:
    return ctx.obj["workspace"], discover(ctx.obj["plugins_dirs"])


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Build every federation.")
@click.option("--report", "reports", multiple=True, help="Report id (repeatable); default all.")
@click.option("--year", "years", multiple=True, type=int, help="Year (repeatable); default all years.")
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf or both.")
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf-variant", type=click.Choice(["ua", "a"]), default="ua", show_default=True,
              help="ua: accessible PDF/UA-1; a: archival PDF/A-3a.")
@click.option("--moment", "moment_id", help="Only the reports of this moment: plan, delar-MMDD or bokslut.")
@click.option("--force", is_flag=True, help="Make every report again, also those whose inputs have not changed.")
@click.option("--meeting", help="Only this meeting's documents: a meeting id or a date (YYYY-MM-DD).")
@click.option("--document", type=click.Choice(DOCUMENTS),
              help="Only meeting documents of this kind (with --meeting: that meeting's).")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes making PDFs at once (default: the number of cores, at most one per report "
                   "asked for with --report; 1: all in this process).")
@click.pass_context
def build(ctx: click.Context, slugs: tuple[str, ...], all_: bool, reports: tuple[str, ...],
          years: tuple[int, ...], formats: str, out_dir: Path, pdf_variant: str, moment_id: str | None,
          meeting: str | None, document: str | None, force: bool, jobs: int | None) -> None:
    """Build reports into OUT/<slug>/<year>/<report>.html and .pdf.

    Each report is built from its reporting moment's folder (plan/, delar-MMDD/, bokslut/); a
    report whose moment has not come yet is passed over with a note. A year with several delår
    gets one delårsrapport each, named delarsrapport-MMDD. Every meeting's documents (kallelse,
    protokoll, minnesanteckningar) are written to OUT/<slug>/<year>/meetings/; --meeting and
    --document build only those, --report and --moment only reports.
    """
    if not slugs and not all_:
        raise RapportError("name the federations to build, or use --all")
    # the build's machinery (staging, manifests, workers, progress) is not imported by other commands
    from rapportkarna.build_run import BuildRequest, run
    workspace, catalogue = _context(ctx)
    run(workspace, catalogue, BuildRequest(slugs, all_, reports, years, formats, out_dir, pdf_variant, moment_id,
                                           meeting, document, force, jobs))



@main.command()
@click.argument("slugs", nargs=-1)
@click.pass_context
def validate(ctx: click.Context, slugs: tuple[str, ...]) -> None:
    """Check federations' configuration and data without rendering (all when none named)."""
    workspace, catalogue = _context(ctx)
    problems = []
    failures: list[str] = []
    for federation in [workspace.federation(s) for s in slugs] if slugs else workspace.federations():
        try:
            years = federation.years
            fed = FederationBuild(workspace, federation, catalogue)
            _ = fed.plugins  # loads federation.toml, and the plugins it names
        except ValidationFailed as exc:
            problems += exc.problems
            click.echo(f"FAIL {federation.slug}")
            continue
        if not years:
            click.echo(f"note {federation.slug}: no year folders with year.toml")
        for path in federation.unread_entries():
            click.echo(f"note {federation.slug}: {path} is not read by rapportkarna (a misspelt name? see "
                       "docs/federations.md for the files of a federation)")
        for year in years:
            try:
                loaded = fed.load(year)
            except ValidationFailed as exc:
                problems += exc.problems
                click.echo(f"FAIL {federation.slug} {year}")
                continue
            refusals = fed.dry_run(year)
            if refusals:
                click.echo(f"FAIL {federation.slug} {year}: build would refuse")
                problems += [p for r in refusals if isinstance(r, ValidationFailed) for p in r.problems]
                failures += [f"{federation.slug} {year} {r}" for r in refusals if not isinstance(r, ValidationFailed)]
                continue
            click.echo(f"ok   {federation.slug} {year}{' (comparison only)' if loaded.data.comparison_only else ''}"
                       f": {', '.join(_moment_states(loaded)) or 'no moments yet'}")
            for moment_id, moment in loaded.moments.items():
                for gap in [] if moment.adopted else fed.gaps(loaded, moment_id):
                    click.echo(f"note {federation.slug} {year} {moment_id} (utkast) lacks: {gap}")
            for rule in fed.meeting_notes(year):
                click.echo(f"note {federation.slug} {year} meeting date rule: {rule}")
            for path in fed.unread_files(year):
                click.echo(f"note {federation.slug} {year}: {path} is not read by rapportkarna "
                           "(a misspelt file name? see docs/federations.md for the files of a year)")
    for failure in failures:
        click.secho(f"error: {failure}", err=True, fg="red")
    if problems:
        raise ValidationFailed(problems)
    if failures:
        raise RapportError(f"{len(failures)} report{'s' if len(failures) != 1 else ''} would not build")


def _moment_states(loaded: LoadedYear) -> list[str]:
    if loaded.data.comparison_only:  # no reports, so no drafts or adoptions: only what is there
        return [ref.id for ref in loaded.refs()]
    return [f"{ref.id} ({'beslutad' if loaded.moments[ref.id].adopted else 'utkast'})" for ref in loaded.refs()]


@main.command()
@click.argument("slug")
@click.argument("year", type=int)
@click.argument("before")
@click.argument("after")
@click.pass_context
def compare(ctx: click.Context, slug: str, year: int, before: str, after: str) -> None:
    """What changed between two moments of a year, field by field (e.g. delar-0630 bokslut)."""
    workspace, catalogue = _context(ctx)
    loaded = FederationBuild(workspace, workspace.federation(slug), catalogue).load(year)
    for moment_id in (before, after):
        if moment_id not in loaded.moments:
            raise RapportError(f"{slug} {year}: no moment '{moment_id}'; moments: "
                               + (", ".join(r.id for r in loaded.refs()) or "none"))
    from rapportkarna.moment_diff import diff_lines
    lines = diff_lines(loaded.moments[before], loaded.moments[after])
    click.echo("\n".join(lines) if lines else f"{before} and {after} record the same values")


@main.command()
@click.argument("slug")
@click.option("--year", "years", multiple=True, type=int, help="Year (repeatable); default all years.")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day open assignments are counted on (default: the last meeting's day).")
@click.pass_context
def meetings(ctx: click.Context, slug: str, years: tuple[int, ...], on: Any) -> None:
    """List a federation's meetings with their documents, open assignments and date-rule problems."""
    workspace, catalogue = _context(ctx)
    fed = FederationBuild(workspace, workspace.federation(slug), catalogue)
    wanted = list(years) or fed.federation.years
    for year in wanted:
        fed.load(year)
    chosen = [m for m in fed.register.meetings if m.date.year in wanted]
    org = fed.federation.config.organisation
    for m in chosen:
        body = org.body(m.body)
        click.echo(f"{m.date}  {body.name if body else m.body:<28} {m.kind.value:<19} "
                   f"{', '.join(documents_of(m)) or '-':<30} {m.id}")
    day = on.date() if on else max((m.date for m in chosen), default=None)
    if day is None:
        click.echo("no meetings")
        return
    entries = fed.register.open_on(day)
    click.echo(f"\nopen assignments on {day}: {len(entries)}")
    for entry in entries:
        due = f", senast {entry.assignment.due}" if entry.assignment.due else ""
        late = "  FÖRSENAT" if entry.overdue_on(day) else ""
        click.echo(f"  {entry.assignment.id}: {entry.assignment.text} ({entry.meeting.date} {entry.label}{due}){late}")
    notes = [n for year in wanted for n in fed.meeting_notes(year)]
    click.echo(f"\ndate rules: {'all kept' if not notes else f'{len(notes)} broken'}")
    for note in notes:
        click.echo(f"  {note}")


@main.command()
@click.argument("slug")
@click.option("--port", default=8321, show_default=True, help="Port on localhost.")
@click.pass_context
def serve(ctx: click.Context, slug: str, port: int) -> None:
    """Preview a federation's reports and meeting documents in the browser, live: a page reloads
    within a second of saving a data file, template or plugin. Listens on localhost only."""
    from rapportkarna.preview import HOST, Preview
    from rapportkarna.preview import serve as run
    workspace, catalogue = _context(ctx)
    federation = workspace.federation(slug)
    click.echo(f"Förhandsvisning av {slug}: http://{HOST}:{port}/  (Ctrl-C avslutar)", err=True)
    run(Preview(workspace, federation, catalogue), port)


@main.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Show federations, their years and report types."""
    workspace, catalogue = _context(ctx)
    for federation in workspace.federations():
        fed = FederationBuild(workspace, federation, catalogue)
        org = federation.config.organisation
        click.echo(f"{federation.slug}: {org.name} ({fed.rules.label})")
        click.echo(f"  years:   {', '.join(map(str, federation.report_years)) or '-'}")
        earlier = [y for y in federation.years if y not in federation.report_years]
        if earlier:
            click.echo(f"  comparison only: {', '.join(map(str, earlier))}")
        click.echo(f"  reports: {', '.join(fed.report_types)}")
        click.echo(f"  plugins: {', '.join(fed.plugins.order)}")


@main.command()
@click.argument("what", type=click.Choice(sorted(SCHEMAS)), default="federation")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
def schema(what: str, out: Path | None) -> None:
    """Print the JSON Schema of federation.toml (or of year.toml, moment.toml or a meeting file)."""
    text = schema_json(what)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("slug", required=False)
@click.pass_context
def plugins(ctx: click.Context, slug: str | None) -> None:
    """List plugins: all that can be used, or those a federation loads."""
    workspace, catalogue = _context(ctx)
    if slug:
        infos = FederationBuild(workspace, workspace.federation(slug), catalogue).plugins.describe()
    else:
        infos = [loaded_info(info) for info in catalogue.values()]
    for info in infos:
        click.echo(f"{info.name:<20} {info.version or '-':<10} {info.source}")


@main.command()
def hooks() -> None:
    """Print the hook reference for plugin authors (Markdown, from the hook docstrings)."""
    from rapportkarna.hookdocs import hooks_markdown
    click.echo(hooks_markdown(), nl=False)

