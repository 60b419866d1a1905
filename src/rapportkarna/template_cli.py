"""``rapportkarna templates``: what a federation's templates override, and whether the shared
templates changed under the overrides.

- ``templates SLUG`` (short for ``templates show SLUG``): for each template the federation's
  reports and meeting documents use, the layer that provides it, the blocks each override
  replaces, full copies, and overrides that drop what a required block keeps; ``--all``: which
  shared blocks the federations override (most first); ``--html FILE``: the same as a page.
- ``templates pin SLUG``: record the shared blocks the federation overrides (``templates.lock``).
- ``templates check [SLUG…|--all] [--strict]``: what changed since the pin.
- ``templates diff SLUG``: each change, as a diff, next to the federation's override.
- ``templates docs``: the block reference of docs/templates.md.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import jinja2

from rapportkarna.build import FederationBuild
from rapportkarna.errors import Problem, RapportError
from rapportkarna.plugins import discover
from rapportkarna.template_blocks import blocks_markdown, replace_generated
from rapportkarna.template_layers import FederationTemplates, Override, advice, analyse, describe
from rapportkarna.template_lock import Finding, check, current_pins, lock_path, read_lock, unified, write_lock
from rapportkarna.workspace import Federation, Workspace


class TemplatesGroup(click.Group):
    """``templates SLUG`` means ``templates show SLUG``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _workspace(ctx: click.Context) -> tuple[Workspace, list[Path]]:
    obj: dict[str, Any] = ctx.obj or {}
    workspace: Workspace = obj.get("workspace") or Workspace(Path.cwd())
    return workspace, list(obj.get("plugins_dirs") or [workspace.plugins_dir])


def _builds(ctx: click.Context, slugs: tuple[str, ...], all_: bool, default_all: bool = False) -> list[FederationBuild]:
    workspace, plugin_dirs = _workspace(ctx)
    if not slugs and not all_ and not default_all:
        raise click.UsageError("name a federation, or --all")
    federations: list[Federation] = ([workspace.federation(s) for s in slugs] if slugs and not all_
                                     else workspace.federations())
    catalogue = discover(plugin_dirs)
    return [FederationBuild(workspace, federation, catalogue) for federation in federations]


def _message(problem: Problem, root: Path) -> str:
    file = problem.file
    try:
        file = file.resolve().relative_to(root.resolve())
    except ValueError:
        pass
    return str(Problem(file, problem.line, problem.path, problem.message))


# -- show ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One template a federation uses: where it comes from and what its override does."""

    name: str
    layer: str
    notes: tuple[str, ...]
    kind: str  # "core", "extends", "copy", "new"


def rows(result: FederationTemplates) -> list[Row]:
    templates = result.templates
    found: list[Row] = []
    for name in sorted({w.name for w in result.used}):
        where = templates.find(name)
        if where is None:
            continue
        override = result.overrides.get(where)
        if override is None:
            found.append(Row(name, templates.layer(where).name, (), "core"))
            continue
        found.append(Row(name, templates.layer(where).name, tuple(_notes(result, override)), override.kind))
    unused = [o for w, o in sorted(result.overrides.items()) if w.layer == 0 and w not in result.used]
    for override in unused:
        notes = ["not used by any report or meeting document (a misspelt name?)", *_notes(result, override)]
        found.append(Row(override.template.name, templates.layer(override.template).name, tuple(notes), override.kind))
    return found


def _notes(result: FederationTemplates, override: Override) -> list[str]:
    templates = result.templates
    notes: list[str] = []
    if override.error:
        return [override.error if override.error.startswith("extends itself") else f"cannot be parsed: {override.error}"]
    if override.kind == "copy":
        notes.append(advice(result, override))
    elif override.kind == "extends" and override.extends is not None:
        notes.append(f"extends {templates.label(override.extends)}")
        if override.shadows is not None and override.extends.layer != override.shadows.layer:
            notes.append(f"skips {templates.label(override.shadows)}, which comes between")
    elif override.kind == "new":
        notes.append("a template of its own" + (f", extending {templates.label(override.extends)}"
                                                 if override.extends else ""))
    notes += [describe(result, r) for r in override.replacements]
    return notes


def show_text(result: FederationTemplates) -> str:
    templates = result.templates
    search = " → ".join(f"{layer.name} ({result.relative(layer.folder)}"
                        + ("" if layer.folder.is_dir() else ", none") + ")" for layer in templates.layers)
    lines = [f"{result.slug}: templates from {search}", ""]
    table = rows(result)
    width = max([len(r.name) for r in table] + [20]) + 2
    for row in table:
        lines.append(f"  {row.name:<{width}}{row.layer}")
        lines += [f"      {note}" for note in row.notes]
    counts: dict[str, int] = {}
    for row in table:
        counts[row.layer] = counts.get(row.layer, 0) + 1
    copies = sum(1 for r in table if r.kind == "copy")
    lines += ["", f"{len(table)} templates: " + ", ".join(f"{n} from {layer}" for layer, n in counts.items())
              + (f"; {copies} full cop{'y' if copies == 1 else 'ies'}" if copies else "")]
    if result.problems:
        lines += ["", "Problems:"] + [f"  {_message(p, result.workspace_root)}" for p in result.problems]
    return "\n".join(lines) + "\n"


MatrixKey = str


def matrix(results: list[FederationTemplates]) -> list[tuple[MatrixKey, dict[str, str]]]:
    """Shared blocks (and whole shared templates) the federations' own templates override: for
    each, the federations that do (``x`` a block override, ``copy`` a full copy), most first."""
    cells: dict[MatrixKey, dict[str, str]] = {}
    for result in results:
        for pin in current_pins(result):
            cells.setdefault(pin.label, {})[result.slug] = "x" if pin.block else "copy"
    return sorted(cells.items(), key=lambda item: (-len(item[1]), item[0]))


def matrix_text(results: list[FederationTemplates], skipped: list[str]) -> str:
    table = matrix(results)
    lines: list[str] = []
    if not table:
        lines.append("No federation's own templates override a shared block.")
    else:
        slugs = [r.slug for r in results]
        width = max(len(key) for key, _ in table) + 2
        lines.append("Shared blocks the federations override (most first; several: a shared option may be missing)")
        lines.append("")
        lines.append(f"  {'':<{width}}" + "".join(f"{s:<{max(len(s), 4) + 2}}" for s in slugs) + "total")
        for key, who in table:
            lines.append(f"  {key:<{width}}" + "".join(f"{who.get(s, '·'):<{max(len(s), 4) + 2}}" for s in slugs)
                         + str(len(who)))
    lines += [f"skipped {s}" for s in skipped]
    return "\n".join(lines) + "\n"


PAGE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""\
<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #c9ced6; }
th { background: #f3f5f8; }
td.kind-copy { color: #c8102e; font-weight: bold; }
td.cell { text-align: center; }
code { font-size: 0.85rem; }
ul { margin: 0; padding-left: 1.2rem; }
.problems li { color: #c8102e; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
{% for result in results %}
<section>
<h2>{{ result.slug }}</h2>
<p>Search order: {% for layer in result.templates.layers %}<code>{{ layer.name }}</code>{% if not loop.last %} → {% endif %}{% endfor %}</p>
<table>
<thead><tr><th scope="col">template</th><th scope="col">from</th><th scope="col">override</th></tr></thead>
<tbody>
{% for row in rows(result) %}
<tr><th scope="row"><code>{{ row.name }}</code></th><td class="kind-{{ row.kind }}">{{ row.layer }}</td>
<td>{% if row.notes %}<ul>{% for note in row.notes %}<li>{{ note }}</li>{% endfor %}</ul>{% endif %}</td></tr>
{% endfor %}
</tbody>
</table>
{% if result.problems %}
<h3>Problems</h3>
<ul class="problems">{% for problem in result.problems %}<li>{{ message(problem, result.workspace_root) }}</li>{% endfor %}</ul>
{% endif %}
</section>
{% endfor %}
{% if table is not none %}
<section>
<h2>Shared blocks the federations override</h2>
{% if table %}
<table>
<thead><tr><th scope="col">shared block</th>{% for slug in slugs %}<th scope="col">{{ slug }}</th>{% endfor %}<th scope="col">total</th></tr></thead>
<tbody>
{% for key, who in table %}
<tr><th scope="row"><code>{{ key }}</code></th>{% for slug in slugs %}<td class="cell">{{ who.get(slug, "") }}</td>{% endfor %}<td class="cell">{{ who | length }}</td></tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>No federation's own templates override a shared block.</p>
{% endif %}
{% for s in skipped %}<p>skipped {{ s }}</p>{% endfor %}
</section>
{% endif %}
</body>
</html>
""")


def show_html(results: list[FederationTemplates], all_: bool, skipped: list[str]) -> str:
    title = "Templates of " + (", ".join(r.slug for r in results) if not all_ else "all federations")
    return PAGE.render(title=title, results=[] if all_ else results, rows=rows, message=_message,
                       table=matrix(results) if all_ else None, slugs=[r.slug for r in results],
                       skipped=skipped) + "\n"


# -- the commands -------------------------------------------------------------------------------------

@click.group(cls=TemplatesGroup)
def templates() -> None:
    """Which layer provides each template, what the overrides replace, and drift of the shared
    blocks under them. ``templates SLUG`` is short for ``templates show SLUG``."""


@templates.command()
@click.argument("slug", required=False)
@click.option("--all", "all_", is_flag=True, help="Which shared blocks every federation overrides, most first.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the same as a self-contained HTML page.")
@click.pass_context
def show(ctx: click.Context, slug: str | None, all_: bool, html_file: Path | None) -> None:
    """For each template a federation uses: the layer it comes from, the blocks its override
    replaces, full copies, and overrides that drop what a required block keeps."""
    builds = _builds(ctx, (slug,) if slug else (), all_)
    results: list[FederationTemplates] = []
    skipped: list[str] = []
    for build in builds:
        try:
            results.append(analyse(build))
        except RapportError as exc:
            if not all_:
                raise
            skipped.append(f"{build.federation.slug}: {exc}")
    if html_file is not None:
        html_file.parent.mkdir(parents=True, exist_ok=True)
        html_file.write_text(show_html(results, all_, skipped), encoding="utf-8")
        click.echo(f"wrote {html_file}")
        return
    click.echo(matrix_text(results, skipped) if all_ else show_text(results[0]), nl=False)


@templates.command()
@click.option("--update", "update", type=click.Path(dir_okay=False, path_type=Path),
              help="Rewrite the generated part of this file (docs/templates.md) instead of printing it.")
@click.pass_context
def docs(ctx: click.Context, update: Path | None) -> None:
    """The block reference of the shared templates, and their CSS custom properties (Markdown)."""
    workspace, _ = _workspace(ctx)
    generated = blocks_markdown(workspace.templates_dir)
    if update is None:
        click.echo(generated, nl=False)
        return
    document = update.read_text(encoding="utf-8") if update.exists() else ""
    update.write_text(replace_generated(document, generated), encoding="utf-8")
    click.echo(f"updated {update}")


@templates.command()
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every federation with overrides.")
@click.pass_context
def pin(ctx: click.Context, slugs: tuple[str, ...], all_: bool) -> None:
    """Record the shared blocks the federation's templates override, as they are now, in
    federations/<slug>/templates.lock (after reviewing what ``check`` and ``diff`` show)."""
    for build in _builds(ctx, slugs, all_):
        try:
            result = analyse(build)
        except RapportError as exc:
            if not all_:
                raise
            click.secho(f"{build.federation.slug}: not pinned: {exc}", fg="red")
            continue
        if not current_pins(result) and not lock_path(result).exists():
            if not all_:
                click.echo(f"{result.slug}: no overrides to pin")
            continue
        path, pins = write_lock(result)
        blocks = sum(1 for p in pins if p.block)
        click.echo(f"{result.slug}: wrote {result.relative(path)}: {blocks} block{'s' if blocks != 1 else ''}, "
                   f"{len(pins) - blocks} whole file{'s' if len(pins) - blocks != 1 else ''}")
        for override in result.own:
            for replaced in override.unknown:
                click.secho(f"  not pinned: {result.in_federation(override.template)} › {replaced.block.name}: "
                            "no template it extends has this block", fg="yellow")


@templates.command("check")
@click.argument("slugs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every federation (the default without SLUG).")
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is found.")
@click.pass_context
def check_(ctx: click.Context, slugs: tuple[str, ...], all_: bool, strict: bool) -> None:
    """Overrides whose shared block changed since it was pinned, was removed or renamed, or was
    never pinned, and overrides that drop what a required block keeps. Warnings: exit status 0
    unless --strict (a federation that cannot be checked is an error either way)."""
    failing = broken = False
    for build in _builds(ctx, slugs, all_, default_all=True):
        try:
            result = analyse(build)
            findings = check(result, read_lock(lock_path(result)))
        except RapportError as exc:
            if len(slugs) == 1:
                raise
            broken = True
            click.secho(f"FAIL {build.federation.slug}: {exc}", fg="red")
            continue
        if not findings and not result.problems:
            click.echo(f"ok   {result.slug}" + ("" if result.own else " (no overrides)"))
            continue
        counted = [f for f in findings if f.counts] + result.problems
        failing = failing or bool(counted)
        click.secho(f"{'WARN' if counted else 'note'} {result.slug}", fg="yellow" if counted else None)
        for finding in findings:
            click.echo(f"  {finding}")
        for problem in result.problems:
            click.echo(f"  problem: {_message(problem, result.workspace_root)}")
    if broken or (strict and failing):
        sys.exit(1)


def diff_text(result: FederationTemplates, findings: list[Finding]) -> str:
    out: list[str] = []
    for finding in findings:
        if finding.kind in ("stale", "unpinned"):
            continue
        out.append(f"== {finding.kind}: {finding.label}")
        out.append(f"   {finding.message}")
        if finding.pinned is not None:
            if finding.now is None:
                out.append("-- the shared text as pinned (it is gone now):")
                out += [f"   {line}" for line in finding.pinned.source.split("\n")]
            else:
                out.append("-- the shared text's change since the pin:")
                out.append(unified(finding).rstrip("\n"))
        if finding.override_source is not None:
            out.append(f"-- the federation's override ({finding.override_file}):")
            out += [f"   {line}" for line in finding.override_source.split("\n")]
        out.append("")
    unpinned = [f for f in findings if f.kind == "unpinned"]
    if unpinned:
        out.append("Never pinned (nothing to compare with): " + ", ".join(f.label for f in unpinned))
    if not out:
        out.append(f"{result.slug}: no shared block changed since the pin")
    else:
        out.append(f"After review: rapportkarna templates pin {result.slug}")
    return "\n".join(out) + "\n"


@templates.command()
@click.argument("slug")
@click.pass_context
def diff(ctx: click.Context, slug: str) -> None:
    """For each shared block that changed since the pin: the change (a unified diff) and the
    federation's override next to it."""
    result = analyse(_builds(ctx, (slug,), False)[0])
    click.echo(diff_text(result, check(result, read_lock(lock_path(result)))), nl=False)


