"""Shared fixtures: the repository's own workspace, and small federations made in tmp_path.

The small federation is rapportkarna.testing's ``MiniFederation`` (what plugin authors use); here
it also gets a copy of the shared templates, so that a test may change them.
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from rapportkarna.build import FederationBuild
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.plugins import PluginInfo, discover
from rapportkarna.testing import (MINIMAL_BUDGET, MINIMAL_CONFIG, MINIMAL_MOMENTS, MINIMAL_YEAR,  # noqa: F401
                                  MiniFederation)
from rapportkarna.testing.federation import dedent  # noqa: F401
from rapportkarna.workspace import Workspace

# rapportkarna.testing (mini_federation) comes with the package through its pytest11 entry point;
# pytester runs the documentation's and the scaffold's tests in-process.
pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """The tool's cache (rapportkarna.cache) in a folder of this test run's own, shared by its
    tests and the commands they start, never the user's."""
    os.environ["RAPPORTKARNA_CACHE_DIR"] = tempfile.mkdtemp(prefix="rapportkarna-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("RAPPORTKARNA_CACHE_DIR", ""), ignore_errors=True)


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


class Mini(MiniFederation):
    """The federation ``test`` in tmp_path, with a copy of the shared templates a test may change."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        shutil.copytree(ROOT / "templates", root / "templates")


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
