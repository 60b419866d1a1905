"""Shared fixtures: the repository's own workspace, and small federations made in tmp_path."""

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from rapportkarna.build import FederationBuild
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.plugins import PluginInfo, discover
from rapportkarna.workspace import Federation, Workspace

ROOT = Path(__file__).resolve().parents[1]

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


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def repo() -> Workspace:
    """The repository itself, with its four example federations."""
    return Workspace(ROOT)


def load_repo_plugin(name: str) -> ModuleType:
    """A plugin of the repository's plugins/ folder, loaded as a build loads it."""
    return discover([ROOT / "plugins"])[name].loader()


@pytest.fixture
def catalogue() -> dict[str, PluginInfo]:
    return discover([ROOT / "plugins"])


class Mini:
    """A workspace in tmp_path with one federation ``test`` built from editable text files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "federations").mkdir()
        # the shared templates are copied so a test may change them without touching the repo
        shutil.copytree(ROOT / "templates", root / "templates")
        self.fed_dir = root / "federations" / "test"
        self.fed_dir.mkdir()
        self.write("federation.toml", MINIMAL_CONFIG)
        self.write("2011/year.toml", MINIMAL_YEAR)
        self.write("2011/budget.csv", MINIMAL_BUDGET)
        for relative, text in MINIMAL_MOMENTS.items():
            self.write(f"2011/{relative}", text)

    def write(self, relative: str, text: str) -> Path:
        path = self.fed_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def append(self, relative: str, text: str) -> Path:
        """Add ``text`` at the end of one of the federation's files."""
        path = self.fed_dir / relative
        path.write_text(path.read_text(encoding="utf-8") + dedent(text), encoding="utf-8")
        return path

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.root)

    @property
    def federation(self) -> Federation:
        return Federation("test", self.fed_dir)

    def build(self, plugins: dict[str, object] | None = None,
              catalogue: dict[str, PluginInfo] | None = None) -> FederationBuild:
        """A build of the federation with ``plugins`` registered in code (as tests do)."""
        return FederationBuild(self.workspace, self.federation,
                               catalogue or discover([self.root / "plugins"]), extra_plugins=plugins or {})


def problems_of(build: FederationBuild, year: int = 2011) -> list[Problem]:
    """The problems loading ``year`` reports (the load must fail)."""
    with pytest.raises(ValidationFailed) as caught:
        build.load(year)
    return caught.value.problems


@pytest.fixture
def mini(tmp_path: Path) -> Mini:
    return Mini(tmp_path)


@pytest.fixture
def render(mini: Mini) -> Callable[..., str]:
    """Render a report of the mini federation to HTML: render('delarsrapport', plugins={...})."""
    def go(report_id: str = "arsredovisning", plugins: dict[str, object] | None = None,
           moment: str | None = None) -> str:
        fed = mini.build(plugins)
        return fed.render_html(fed.load(2011), report_id, moment).html
    return go
