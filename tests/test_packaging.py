"""rapportkarna as others get it: a wheel installed in a fresh virtual environment.

The tests build a wheel of the repository, install it into a new virtual environment and build a
federation that lives in an unrelated folder with only ``federations/``; and install the example
plugin beside it, run the plugin's own tests there (with ``rapportkarna.testing`` from the wheel)
and build a federation that names the plugin by its entry point.

No download: the wheel is built without build isolation (setuptools comes with the test extra),
and the new environment gets rapportkarna's dependencies from the running one. Its ``.pth`` file
points at a folder of symbolic links to everything installed here *except* rapportkarna itself
(and its editable-install hooks), so the only rapportkarna the new environment can import is the
wheel's, while weasyprint, pydantic and the rest are not installed again. pip then installs with
``--no-index``: it checks that the dependencies are satisfied, and fails rather than download.
"""

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rapportkarna.testing import MiniFederation

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "rapportkarna-kurser"

#: Top-level folders of the repository that are no part of the package: the rest is copied to
#: build from, as an sdist would hold it.
NOT_PACKAGED = frozenset({".git", ".venv", ".ci", "build", "dist", "benchmarks", "docs", "examples",
                          "federations", "plugins", "scripts", "tests"})
#: Made by tools and builds, at any depth.
ARTEFACTS = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*_cache", ".hypothesis", "build", "dist")

pytestmark = pytest.mark.slow


def _copy_sources(source: Path, target: Path, leave_out: frozenset[str] = frozenset()) -> Path:
    """Build from a copy: setuptools writes build/ and *.egg-info into the folder it builds.
    ``leave_out``: top-level folders not to copy."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = set(names) & leave_out if Path(folder) == source else set()
        return top | ARTEFACTS(folder, names)
    shutil.copytree(source, target, ignore=ignore)
    return target


def _run(args: list[str | Path], cwd: Path | None = None) -> str:
    """Run a command with an environment free of this one's settings; its output, or a failure."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTHONHOME"}}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    sources = _copy_sources(ROOT, folder / "rapportkarna", NOT_PACKAGED)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
          "--wheel-dir", folder / "dist", sources])
    return next((folder / "dist").glob("rapportkarna-*.whl"))


@pytest.fixture(scope="module")
def dependencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What is installed here, but rapportkarna: symbolic links in one folder."""
    view = tmp_path_factory.mktemp("dependencies")
    for site_dir in map(Path, site.getsitepackages()):
        for entry in site_dir.iterdir():
            own = entry.name.lower().startswith(("rapportkarna", "__editable__"))
            if own or entry.suffix == ".pth" or entry.name == "__pycache__" or (view / entry.name).exists():
                continue
            (view / entry.name).symlink_to(entry)
    return view


class Venv:
    """A fresh virtual environment whose only packages beyond the standard library are the
    ``dependencies`` folder's (through a .pth file) and what is pip-installed into it."""

    def __init__(self, folder: Path, dependencies: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
        self.folder = folder
        self.python = folder / "bin" / "python"
        purelib = _run([self.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).strip()
        (Path(purelib) / "_rapportkarna_test_dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")

    def install(self, *requirements: str | Path) -> None:
        # this environment's pip installs into the new one (which has none of its own)
        _run([sys.executable, "-m", "pip", "--python", self.python, "install", "--quiet", "--no-index",
              "--no-build-isolation", *requirements])

    def command(self, name: str) -> Path:
        return self.folder / "bin" / name


def test_the_wheel_holds_the_package_its_data_and_the_shared_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "src" / "rapportkarna"
    expected = {f"rapportkarna/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    expected |= {f"rapportkarna/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                 for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel (add them to [tool.setuptools] in pyproject.toml): {missing}"
    entry_points = zipfile.ZipFile(wheel).read("rapportkarna-0.1.0.dist-info/entry_points.txt").decode()
    assert "rapportkarna = rapportkarna.console:main" in entry_points
    assert "[pytest11]\nrapportkarna.testing = rapportkarna.testing" in entry_points


def test_an_installed_rapportkarna_builds_a_folder_with_only_federations(wheel, dependencies, tmp_path):
    venv = Venv(tmp_path / "venv", dependencies)
    venv.install(wheel)
    elsewhere = tmp_path / "elsewhere"
    MiniFederation(elsewhere)
    assert [p.name for p in elsewhere.iterdir()] == ["federations"]
    assert "ok   test 2011" in _run([venv.command("rapportkarna"), "validate"], cwd=elsewhere)
    _run([venv.command("rapportkarna"), "build", "test", "--out", tmp_path / "out"], cwd=elsewhere)
    built = tmp_path / "out" / "test" / "2011"
    assert sorted(p.name for p in built.iterdir()) == [
        "arsredovisning.html", "arsredovisning.pdf", "delarsrapport.html", "delarsrapport.pdf", "manifest.json",
        "verksamhetsplan.html", "verksamhetsplan.pdf"]
    assert "<h1 id=\"h-inledning\">" in (built / "arsredovisning.html").read_text(encoding="utf-8")
    # the shared templates came from the wheel, installed in the new environment
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    base = Path(manifest["reports"]["arsredovisning"]["templates"]["base.html"]["file"])
    assert base.is_relative_to(venv.folder) and base.parts[-3:] == ("rapportkarna", "templates", "base.html")


def test_the_example_plugin_installs_passes_its_tests_and_is_found_by_its_entry_point(wheel, dependencies, tmp_path):
    venv = Venv(tmp_path / "venv", dependencies)
    example = _copy_sources(EXAMPLE, tmp_path / "rapportkarna-kurser")
    venv.install(wheel, example)
    where = _run([venv.python, "-c", "import rapportkarna, rapportkarna_kurser as k; print(rapportkarna.__file__, k.__file__)"])
    assert all(Path(f).is_relative_to(venv.folder) for f in where.split())

    # the plugin's own tests, in its own folder, with rapportkarna.testing from the wheel
    assert "2 passed" in _run([venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=example)

    # a federation in another folder that names the plugin: plugins = ["kurser"]
    elsewhere = MiniFederation(tmp_path / "elsewhere")
    elsewhere.use_plugin("kurser")
    elsewhere.append("2011/delar-0630/moment.toml", '\n[extensions.kurser]\nperiod = "VT 2011"\n')
    elsewhere.write("2011/delar-0630/kurser.csv", "namn,deltagare\nLAS,40\nBBIC,25\n")
    listed = _run([venv.command("rapportkarna"), "plugins", "test"], cwd=elsewhere.root).split()
    assert listed[-3:] == ["kurser", "1.0.0", "rapportkarna-kurser"]
    _run([venv.command("rapportkarna"), "build", "test", "--report", "delarsrapport", "--format", "html",
          "--out", tmp_path / "out"], cwd=elsewhere.root)
    html = (tmp_path / "out" / "test" / "2011" / "delarsrapport.html").read_text(encoding="utf-8")
    assert "<caption>Kurser VT 2011</caption>" in html and "Deltagare i kurser" in html
