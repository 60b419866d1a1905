"""A small federation in a temporary folder, for testing plugins and templates.

:class:`MiniFederation` makes a workspace with one federation, ``test``: two member
municipalities, a styrelse, and the year 2011 with its three reporting moments (the plan, a delår
per 30 June and the bokslut), all drafts with a two-line budget. A test changes or adds files
with :meth:`~MiniFederation.write` and :meth:`~MiniFederation.append`, takes a plugin into the
build with one call to :meth:`~MiniFederation.use_plugin`, and builds a report with
:meth:`~MiniFederation.report`: its HTML, its text and its problems.
"""

import json
import os
import re
import textwrap
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel, ConfigDict, Field

from rapportkarna.build import FederationBuild
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.model import Regime
from rapportkarna.plugins import PluginInfo, discover
from rapportkarna.testing.text import html_to_text
from rapportkarna.workspace import Federation, Workspace

MINIMAL_CONFIG = """\
plugins = []

[organisation]
name = "Testförbundet"
short_name = "Testförbundet"
regime = "ideell_forening"
vision = "En vision."
mission = "En verksamhetsidé."

[[organisation.bodies]]
id = "styrelse"
kind = "styrelse"
name = "Styrelsen"

[[members]]
name = "Umeå"
kommunkod = "2480"
population = { 2011 = 116000 }

[[members]]
name = "Vännäs"
kommunkod = "2460"
population = { 2011 = 8500 }
"""

MINIMAL_YEAR = """\
[budget]
adopted = "Budgeten antogs av styrelsen."
"""

MINIMAL_BUDGET = """\
kostnadsstalle,kind,budget
Medlemsavgifter,intakt,1000000
Kansli,kostnad,900000
"""

#: The three moments of the minimal year: the plan, a delår per 30 June and the bokslut, all drafts.
MINIMAL_MOMENTS = {
    "plan/moment.toml": """\
        [texts]
        inledning = "Inledning till planen."
        """,
    "delar-0630/moment.toml": """\
        [texts]
        inledning = "Inledning till delåret."
        """,
    "delar-0630/budget.csv": """\
        kostnadsstalle,kind,utfall,prognos
        Medlemsavgifter,intakt,500000,1000000
        Kansli,kostnad,420000,880000
        """,
    "bokslut/moment.toml": """\
        [texts]
        inledning = "Inledning till året."
        """,
    "bokslut/budget.csv": """\
        kostnadsstalle,kind,utfall
        Medlemsavgifter,intakt,1000000
        Kansli,kostnad,871000
        """,
}

PLUGINS_LINE = re.compile(r"^plugins = \[.*\]$", re.MULTILINE)

#: What :meth:`MiniFederation.use_plugin` takes: a module (or any object with hook
#: implementations), a plugin's name (an installed entry point, or a plugin in the workspace's
#: ``plugins/``), or the path of a plugin ``.py`` file or package folder.
PluginSource = ModuleType | object | str | os.PathLike[str]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def minimal_config(regime: Regime | str = Regime.IDEELL_FORENING) -> str:
    """The minimal federation.toml for a legal form (a kommunalförbund gets an org_number)."""
    regime = Regime(regime)
    config = MINIMAL_CONFIG.replace('regime = "ideell_forening"', f'regime = "{regime.value}"')
    if regime is Regime.KOMMUNALFORBUND:
        config = config.replace('\nvision = ', '\norg_number = "222000-0000"\nvision = ', 1)
    return config


class BuiltReport(BaseModel):
    """A report of the mini federation: its HTML and text, or the problems that stopped it.

    ``problems`` are the errors in the year's data (then nothing was built, and asking for
    ``html`` or ``text`` fails the test, listing them); ``gaps`` what a draft lacks, which the
    report shows as "Uppgift saknas" and ``rapportkarna validate`` lists as notes.
    """

    model_config = ConfigDict(frozen=True)

    workspace: Path
    report: str
    year: int
    moment: str | None = None
    title: str | None = None
    draft: bool | None = None
    problems: list[Problem] = Field(default_factory=list)
    gaps: list[Problem] = Field(default_factory=list)
    rendered: str | None = Field(None, repr=False, description="The HTML; None when problems stopped the build.")

    @property
    def ok(self) -> bool:
        return self.rendered is not None

    @property
    def html(self) -> str:
        if self.rendered is None:
            raise AssertionError(f"{self.report} {self.year} was not built:\n" + "\n".join(self.messages))
        return self.rendered

    @property
    def text(self) -> str:
        """The text a reader sees (see :func:`rapportkarna.testing.html_to_text`)."""
        return html_to_text(self.html)

    @property
    def messages(self) -> list[str]:
        """The problems as the CLI prints them, with paths relative to the workspace."""
        return [relative_message(p, self.workspace) for p in self.problems]


def relative_message(problem: Problem, root: Path) -> str:
    """``federations/test/2011/year.toml:3: budget: …`` rather than the temporary folder's full path."""
    file = problem.file
    if file.is_absolute() and file.is_relative_to(root):
        file = file.relative_to(root)
    return str(Problem(file, problem.line, problem.path, problem.message))


class MiniFederation:
    """A workspace in ``root`` with one small federation, ``test``, made of editable text files.

    The shared templates are those installed with rapportkarna (the workspace has no
    ``templates/`` of its own unless a test makes one).
    """

    slug = "test"
    year = 2011

    def __init__(self, root: Path, regime: Regime | str = Regime.IDEELL_FORENING) -> None:
        self.root = Path(root)
        self.fed_dir = self.root / "federations" / self.slug
        self.fed_dir.mkdir(parents=True)
        self.plugin_dirs: list[Path] = []
        self.registered: dict[str, object] = {}
        self.write("federation.toml", minimal_config(regime))
        self.write(f"{self.year}/year.toml", MINIMAL_YEAR)
        self.write(f"{self.year}/budget.csv", MINIMAL_BUDGET)
        for relative, text in MINIMAL_MOMENTS.items():
            self.write(f"{self.year}/{relative}", text)

    # -- files -------------------------------------------------------------------------------------

    def path(self, relative: str) -> Path:
        """A file of the federation: ``path("2011/bokslut/moment.toml")``."""
        return self.fed_dir / relative

    def write(self, relative: str, text: str) -> Path:
        """Write (or replace) a file of the federation; ``text`` is dedented."""
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def append(self, relative: str, text: str) -> Path:
        """Add ``text`` (dedented) at the end of one of the federation's files."""
        path = self.path(relative)
        path.write_text(path.read_text(encoding="utf-8") + dedent(text), encoding="utf-8")
        return path

    # -- plugins -----------------------------------------------------------------------------------

    def use_plugin(self, plugin: PluginSource, name: str | None = None) -> str:
        """Take a plugin into the federation's build; returns the name it has there.

        - a module (or any object with hook implementations) is registered in code, under
          ``name`` or the last part of its module name;
        - a string names a plugin as federation.toml does: an installed package's entry point
          (``"kurser"``) or a plugin in the workspace's ``plugins/``;
        - a path (``pathlib.Path``) to a plugin ``.py`` file or package folder is found as a build
          finds a plugin folder's plugins, and named in federation.toml by its file name.
        """
        if isinstance(plugin, str):
            self._name_in_config(plugin)
            return plugin
        if isinstance(plugin, os.PathLike):
            found = _plugin_name_of_path(Path(plugin), name)
            self.plugin_dirs.append(Path(plugin).resolve().parent)
            self._name_in_config(found)
            return found
        found = name or getattr(plugin, "__name__", type(plugin).__name__).rpartition(".")[2]
        self.registered[found] = plugin
        return found

    def _name_in_config(self, name: str) -> None:
        config = self.path("federation.toml")
        text = config.read_text(encoding="utf-8")
        line = PLUGINS_LINE.search(text)
        names = json.loads(line.group(0).partition("=")[2]) if line else []
        if name in names:
            return
        new_line = f"plugins = {json.dumps([*names, name], ensure_ascii=False)}"
        text = PLUGINS_LINE.sub(new_line, text, count=1) if line else f"{new_line}\n{text}"
        config.write_text(text, encoding="utf-8")

    def catalogue(self) -> dict[str, PluginInfo]:
        """Every plugin the build can use: installed ones, the workspace's, and those used by path."""
        folders = dict.fromkeys(p.resolve() for p in [self.root / "plugins", *self.plugin_dirs])
        return discover(list(folders))  # each folder once: discover refuses a plugin seen twice

    # -- building ----------------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.root)

    @property
    def federation(self) -> Federation:
        return Federation(self.slug, self.fed_dir)

    def build(self, plugins: dict[str, object] | None = None,
              catalogue: dict[str, PluginInfo] | None = None) -> FederationBuild:
        """A fresh build of the federation as the files now are (``plugins``: more registered in code)."""
        return FederationBuild(self.workspace, self.federation, catalogue or self.catalogue(),
                               extra_plugins={**self.registered, **(plugins or {})})

    def problems(self, year: int | None = None) -> list[Problem]:
        """The errors loading the year (none when its data is fine)."""
        try:
            self.build().load(year or self.year)
        except ValidationFailed as failed:
            return failed.problems
        return []

    def messages(self, year: int | None = None) -> list[str]:
        """:meth:`problems` as the CLI prints them, with paths relative to the workspace."""
        return [relative_message(p, self.root) for p in self.problems(year)]

    def report(self, report_id: str = "arsredovisning", *, moment: str | None = None,
               year: int | None = None) -> BuiltReport:
        """Build one report (at ``moment`` where the year has several of its kind).

        Errors in the data come back as ``problems``; a mistake in a plugin or template raises,
        as it stops a build.
        """
        year = year or self.year
        fed = self.build()
        try:
            loaded = fed.load(year)
        except ValidationFailed as failed:
            return BuiltReport(workspace=self.root, report=report_id, year=year, moment=moment,
                               problems=failed.problems, rendered=None)
        rendered = fed.render_html(loaded, report_id, moment)
        ref = rendered.moment
        return BuiltReport(workspace=self.root, report=report_id, year=year, moment=ref.id if ref else None,
                           title=rendered.title, draft=rendered.draft, rendered=rendered.html,
                           gaps=fed.gaps(loaded, ref.id) if ref else [])


def _plugin_name_of_path(path: Path, name: str | None) -> str:
    """The name a plugin file or package folder has in a build: its file or folder name."""
    if path.suffix == ".py" and path.is_file():
        found = path.stem
    elif path.is_dir() and (path / "__init__.py").is_file():
        found = path.name
    else:
        raise ValueError(f"{path}: not a plugin; expected a .py file or a folder with __init__.py")
    if name not in (None, found):
        raise ValueError(f"{path}: a plugin used by path is named by its file ('{found}'), not '{name}'")
    return found
