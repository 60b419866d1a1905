"""``rapportkarna init``: a new federation — and, if asked, its plugin — that validates and builds at once.

Run in any folder (an empty one included); the folder becomes a workspace if it is not one. It
writes ``federations/<slug>/`` with a commented federation.toml and one year with its three
reporting moments (plan/, delar-0630/, bokslut/), all drafts with example data; with ``--plugin``
also ``plugins/<slug>/`` (a package with a hook or two and its templates/) and a test of it in
``tests/``. Every TOML file starts with a ``#:schema`` comment pointing at the JSON Schemas, which
are written to the workspace's ``schema/`` folder (``docs/schema/`` in the repository) if missing.

The file texts are Jinja templates in ``scaffold-files/`` beside this module. Nothing existing is
ever overwritten: a federation or plugin of that name is an error, and nothing is written then.
"""

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated

import click
import jinja2
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from rapportkarna.build import FederationBuild
from rapportkarna.errors import RapportError
from rapportkarna.loader import BUDGET_FILE, CONFIG_FILE, MOMENT_FILE, RESULT_BUDGET_FILE, SIE_FILE, YEAR_FILE
from rapportkarna.model import BodyKind, Regime
from rapportkarna.model.common import Slug
from rapportkarna.plugins import discover
from rapportkarna.regimes import rules_for
from rapportkarna.schema import SCHEMAS, schema_json
from rapportkarna.workspace import SLUG, Workspace

FILES = Path(__file__).parent / "scaffold-files"


class ScaffoldRequest(BaseModel):
    """What ``init`` was asked for: where, which federation, which legal form and year."""

    model_config = ConfigDict(frozen=True)

    root: Path = Field(description="The workspace folder (made one if it is not).")
    slug: Slug
    regime: Regime
    year: int = Field(ge=1900, le=2200)
    name: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00-\x1f]+$")] = Field(
        description="The organisation's name: one line, written into TOML strings and comments.")
    plugin: bool = False


class Body(BaseModel):
    """A body federation.toml starts with, and the comment above it."""

    id: Slug
    kind: BodyKind
    name: str
    comment: str


class Adopters(BaseModel):
    """The body that adopts the report of each moment: shown in the commented [adoption] examples."""

    plan: Slug
    interim: Slug
    annual: Slug


#: A body or two per legal form, and who adopts what: the annual report by the kind of body the
#: regime's rules require (rapportkarna.regimes), so that the commented adoption is right.
BODIES: dict[Regime, tuple[list[Body], Adopters]] = {
    Regime.KOMMUNALFORBUND: (
        [Body(id="fullmaktige", kind=BodyKind.FULLMAKTIGE, name="Förbundsfullmäktige",
              comment="Förbundsfullmäktige adopts the budget and the årsredovisning."),
         Body(id="styrelse", kind=BodyKind.STYRELSE, name="Förbundsstyrelsen",
              comment="Förbundsstyrelsen leads the förbund and approves the delårsrapport.")],
        Adopters(plan="fullmaktige", interim="styrelse", annual="fullmaktige"),
    ),
    Regime.IDEELL_FORENING: (
        [Body(id="styrelse", kind=BodyKind.STYRELSE, name="Styrelsen",
              comment="Styrelsen leads the förening between the stämmor and approves the delår."),
         Body(id="stamma", kind=BodyKind.STAMMA, name="Förbundsstämman",
              comment="Förbundsstämman (årsmötet) adopts the verksamhetsplan and the årsredovisning.")],
        Adopters(plan="stamma", interim="styrelse", annual="stamma"),
    ),
    Regime.SAMVERKAN: (
        [Body(id="styrgrupp", kind=BodyKind.STYRGRUPP, name="Styrgruppen",
              comment="Styrgruppen leads the samverkan and adopts its plan and verksamhetsberättelse."),
         Body(id="kommunchefsgrupp", kind=BodyKind.KOMMUNCHEFSGRUPP, name="Kommunchefsgruppen",
              comment="Kommunchefsgruppen prepares the styrgrupp's matters.")],
        Adopters(plan="styrgrupp", interim="styrgrupp", annual="styrgrupp"),
    ),
}

#: Two member municipalities to replace (federation.toml says so), with their population at the
#: end of the year before and of the year.
MEMBERS = [{"name": "Umeå", "kommunkod": "2480", "population": (130000, 131000)},
           {"name": "Vännäs", "kommunkod": "2460", "population": (8900, 8950)}]

#: The moment folders of the scaffolded year: a plan, a delår per 30 June and the bokslut.
MOMENTS = {"plan": "plan", "delar-0630": "delar", "bokslut": "bokslut"}


def default_year(today: dt.date) -> int:
    """The year ``init`` writes unless told: the coming one, whose verksamhetsplan is made now.

    Only scaffolding looks at the clock; reports never do.
    """
    return today.year + 1


def _toml_string(value: str) -> str:
    # a JSON string is a valid TOML basic string: quotes, backslashes and control characters escaped
    return json.dumps(value, ensure_ascii=False)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(FILES), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             autoescape=False)  # TOML, CSV and Python, not HTML; strings go through |toml
    env.filters["toml"] = _toml_string
    return env


def _schema_folder(root: Path) -> Path:
    """The repository keeps its schemas in docs/schema/; any other workspace in schema/."""
    in_docs = root / "docs" / "schema"
    return in_docs if in_docs.is_dir() else root / "schema"


def _schema_paths(root: Path, federation_dir: Path, year: int) -> dict[str, dict[str, str]]:
    """For each file kind, the relative path from the file's folder to its schema (for ``#:schema``)."""
    schemas = _schema_folder(root)
    folders = {"federation": federation_dir, "year": federation_dir / str(year),
               "moment": federation_dir / str(year) / "plan"}
    return {"schema": {kind: Path(os.path.relpath(schemas / f"{kind}.schema.json", folder)).as_posix()
                       for kind, folder in folders.items()}}


def planned_files(request: ScaffoldRequest) -> dict[Path, str]:
    """Every file ``init`` would write, by path, with its text; nothing is written here."""
    env = _environment()
    federation_dir = request.root / "federations" / request.slug
    year_dir = federation_dir / str(request.year)
    bodies, adopters = BODIES[request.regime]
    context = {**request.model_dump(), "regime": request.regime.value, "short_name": request.name,
               "bodies": bodies, "adopters": adopters, "members": MEMBERS,
               "annual_adopters": rules_for(request.regime).annual_adopters_label,
               **_schema_paths(request.root, federation_dir, request.year)}

    def render(name: str) -> str:
        return env.get_template(name).render(context)

    files = {federation_dir / CONFIG_FILE: render("federation.toml.jinja"),
             year_dir / YEAR_FILE: render("year.toml.jinja"),
             year_dir / BUDGET_FILE: render("budget.csv.jinja")}
    if request.regime is Regime.KOMMUNALFORBUND:  # the resultatbudget of its verksamhetsplan
        files[year_dir / RESULT_BUDGET_FILE] = render("resultatbudget.csv.jinja")
    for folder, kind in MOMENTS.items():
        files[year_dir / folder / MOMENT_FILE] = render(f"{kind}-moment.toml.jinja")
        if kind != "plan":  # the plan has no utfall: its budget is the year's budget.csv
            files[year_dir / folder / BUDGET_FILE] = render(f"{kind}-budget.csv.jinja")
    if request.plugin:
        files.update(_plugin_files(request, render))
    schemas = _schema_folder(request.root)
    files.update({schemas / f"{kind}.schema.json": schema_json(kind) for kind in SCHEMAS
                  if not (schemas / f"{kind}.schema.json").exists()})
    return files


def _plugin_files(request: ScaffoldRequest, render: Callable[[str], str]) -> dict[Path, str]:
    package = request.root / "plugins" / request.slug
    test_name = f"test_{request.slug.replace('-', '_')}_plugin.py"
    return {package / "__init__.py": render("plugin-init.py.jinja"),
            # a Jinja template for reports, copied as it is
            package / "templates" / "sections" / "ordforande.html":
                (FILES / "plugin-section.html").read_text(encoding="utf-8"),
            request.root / "tests" / test_name: render("plugin-test.py.jinja")}


def _conflicts(request: ScaffoldRequest, files: Iterable[Path]) -> list[str]:
    """What exists already: the federation's folder, the plugin's, or another file to be written."""
    folders = [request.root / "federations" / request.slug]
    if request.plugin:
        folders.append(request.root / "plugins" / request.slug)
    taken = [f for f in folders if f.exists()]
    taken += [p for p in files if p.exists() and not any(p.is_relative_to(f) for f in taken)]
    return sorted(str(p.relative_to(request.root)) for p in taken)


def write_scaffold(request: ScaffoldRequest) -> list[Path]:
    """Write the new federation (and plugin); returns the files written. All or nothing."""
    files = planned_files(request)
    existing = _conflicts(request, files)
    if existing:
        raise RapportError(f"init {request.slug}: {', '.join(existing)} in {request.root} exist already, and "
                           "init never overwrites; choose another slug or remove them")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def build_notes(request: ScaffoldRequest, plugins_dirs: list[Path]) -> list[str]:
    """What ``rapportkarna build`` of the new federation will stop at, in core's own words.

    Every legal form builds its three reports as drafts at once; a kommunalförbund's delårsrapport
    and årsredovisning say "Uppgift saknas" where their statements need the accounts, so the notes
    say where the SIE files go.
    """
    workspace = Workspace(request.root)
    try:
        fed = FederationBuild(workspace, workspace.federation(request.slug), discover(plugins_dirs))
        loaded = fed.load(request.year)
        jobs, _ = fed.jobs(loaded)
    except RapportError as exc:
        return [str(exc)]
    notes = []
    for job in jobs:
        try:
            fed.render_job(loaded, job)
        except RapportError as exc:
            notes.append(str(exc))
    if request.regime is Regime.KOMMUNALFORBUND:
        folders = [m for m in loaded.moments if m != "plan" and m not in loaded.sie]
        notes += [f"the statements of {request.year}/{m} are computed from the accounts: save the accounting "
                  f"system's SIE 4 export there as {SIE_FILE} (docs/economy.md)" for m in folders]
    return notes


@click.command()
@click.argument("slug")
@click.option("--regime", required=True, type=click.Choice([r.value for r in Regime]),
              help="The legal form: kommunalforbund, ideell_forening or samverkan.")
@click.option("--year", type=click.IntRange(1900, 2200),
              help="The year to write (default: next year, whose verksamhetsplan is made now).")
@click.option("--name", help="The organisation's name (default: the slug, capitalised; edit it in federation.toml).")
@click.option("--plugin", is_flag=True, help="Also make a plugin plugins/SLUG/ with a test in tests/.")
@click.pass_context
def init(ctx: click.Context, slug: str, regime: str, year: int | None, name: str | None, plugin: bool) -> None:
    """Make a new federation SLUG here: federation.toml and a year with plan, delår and bokslut.

    Run in any folder; it becomes a workspace (a federations/ folder) if it is not one. Every file
    is commented; the data is example data, marked so in the reports, to replace with your own.
    """
    workspace: Workspace = ctx.obj["workspace"] if ctx.obj else Workspace(Path.cwd().resolve())
    plugins_dirs = ctx.obj["plugins_dirs"] if ctx.obj else [workspace.plugins_dir]
    if not SLUG.match(slug):
        raise RapportError(f"init: '{slug}' cannot be a federation's name in commands (its slug): use "
                           "lower-case letters a-z, digits, '-' and '_', starting with a letter or digit")
    try:
        request = ScaffoldRequest(root=workspace.root, slug=slug, regime=Regime(regime),
                                  year=year or default_year(dt.date.today()),
                                  name=name or slug.replace("-", " ").replace("_", " ").capitalize(),
                                  plugin=plugin)
    except ValidationError as exc:
        raise RapportError(f"init: --name must be one line of text (got {name!r})") from exc
    written = write_scaffold(request)
    click.echo(f"in {workspace.root}:")
    for path in written:
        click.echo(f"  created {path.relative_to(workspace.root)}")
    click.echo(f"\n{request.name}: {request.year} with a plan, a delår per 30 June and a bokslut, all drafts "
               "with example data (every report says so until year.toml says example_data = false).\n"
               f"Next: rapportkarna validate {slug}; rapportkarna build {slug}"
               + ("; pytest (the plugin's test)" if plugin else ""))
    for note in build_notes(request, plugins_dirs):
        click.echo(f"note: {note}")
