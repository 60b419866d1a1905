"""`rapportkarna init`: a new federation in any folder validates and builds at once."""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from rapportkarna.cli import main
from rapportkarna.scaffold import default_year, init
from rapportkarna.workspace import Workspace

YEAR = "2030"
REPORTS = ["arsredovisning.html", "delarsrapport.html", "verksamhetsplan.html"]


@pytest.fixture
def cli() -> Iterator[click.Group]:
    """The rapportkarna command with init, whether or not cli.py registers it yet."""
    added = "init" not in main.commands
    if added:
        main.add_command(init)
    yield main
    if added:
        del main.commands["init"]


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder outside any workspace, as the current folder."""
    folder = tmp_path / "new"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def run(cli: click.Group, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("regime", ["ideell_forening", "samverkan"])
def test_a_new_federation_validates_and_builds_its_three_reports(cli, empty_folder, tmp_path, regime):
    slug = f"ny-{regime.replace('_', '-')}"
    made = run(cli, "init", slug, "--regime", regime, "--year", YEAR)
    assert made.exit_code == 0, made.output
    assert "note:" not in made.output
    validated = run(cli, "validate", slug)
    assert validated.exit_code == 0, validated.output
    assert f"ok   {slug} {YEAR}: plan (utkast), delar-0630 (utkast), bokslut (utkast)" in validated.output
    assert "lacks" not in validated.output  # the drafts are complete: nothing "Uppgift saknas"
    built = run(cli, "build", slug, "--format", "html", "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "out" / slug / YEAR).glob("*.html")) == REPORTS
    annual = (tmp_path / "out" / slug / YEAR / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Exempeldata" in annual  # example data says so until year.toml says otherwise


def test_a_kommunalforbund_is_told_where_its_accounts_go(cli, empty_folder, tmp_path):
    made = run(cli, "init", "ny-kf", "--regime", "kommunalforbund", "--year", YEAR)
    assert made.exit_code == 0, made.output
    assert f"note: the statements of {YEAR}/bokslut are computed from the accounts: save the accounting " \
           "system's SIE 4 export there as bokforing.se" in made.output
    assert (empty_folder / "federations" / "ny-kf" / YEAR / "resultatbudget.csv").is_file()
    built = run(cli, "build", "ny-kf", "--format", "html", "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert "bokslut/bokforing.se: missing: the statements of this report are computed from the accounts" \
        in built.output
    annual = (tmp_path / "out" / "ny-kf" / YEAR / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Uppgift saknas: räkenskaperna" in annual
    plan = (tmp_path / "out" / "ny-kf" / YEAR / "verksamhetsplan.html").read_text(encoding="utf-8")
    assert "Resultatbudget" in plan and "Uppgift saknas: resultatbudget" not in plan


def test_the_plugin_skeleton_is_used_and_its_test_passes(cli, tmp_path, pytester):
    # --root, not the current folder: pytester makes its own folder the current one
    root = tmp_path / "ws"
    made = run(cli, "--root", str(root), "init", "skelett", "--regime", "samverkan", "--plugin", "--year", YEAR)
    assert made.exit_code == 0, made.output
    assert (root / "plugins" / "skelett" / "__init__.py").is_file()
    built = run(cli, "--root", str(root), "build", "skelett", "--format", "html", "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    annual = (tmp_path / "out" / "skelett" / YEAR / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Ordföranden har ordet" in annual
    assert "Ordföranden har ordet" not in (tmp_path / "out" / "skelett" / YEAR / "delarsrapport.html").read_text()
    plugins = run(cli, "--root", str(root), "plugins", "skelett")
    assert re.search(r"skelett\s+0\.1\.0\s+\S*plugins/skelett", plugins.output), plugins.output
    result = pytester.runpytest(str(root / "tests" / "test_skelett_plugin.py"))
    result.assert_outcomes(passed=2)


def test_every_toml_file_points_at_its_schema(cli, empty_folder):
    run(cli, "init", "scheman", "--regime", "ideell_forening", "--year", YEAR)
    tomls = sorted((empty_folder / "federations").rglob("*.toml"))
    assert len(tomls) == 5  # federation.toml, year.toml, three moment.toml
    for path in tomls:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#:schema "), path
        schema = (path.parent / first.removeprefix("#:schema ")).resolve()
        assert schema.name == f"{'moment' if path.name == 'moment.toml' else path.stem}.schema.json"
        assert schema.is_file() and schema.parent == empty_folder / "schema"


def test_init_never_overwrites_and_writes_nothing_when_it_refuses(cli, empty_folder):
    assert run(cli, "init", "finns", "--regime", "samverkan", "--year", YEAR).exit_code == 0
    (empty_folder / "plugins" / "andra").mkdir(parents=True)
    before = sorted(empty_folder.rglob("*"))
    again = run(cli, "init", "finns", "--regime", "samverkan", "--plugin", "--year", YEAR)
    assert again.exit_code == 1
    assert "federations/finns" in again.output and "never overwrites" in again.output
    assert sorted(empty_folder.rglob("*")) == before  # not even the plugin, which did not exist


def test_a_slug_must_be_a_slug(cli, empty_folder):
    result = run(cli, "init", "Nytt Förbund", "--regime", "samverkan")
    assert result.exit_code == 1 and "lower-case letters" in result.output
    assert not (empty_folder / "federations").exists()


def test_init_in_a_subfolder_of_a_workspace_adds_to_that_workspace(cli, empty_folder, monkeypatch):
    run(cli, "init", "forsta", "--regime", "samverkan", "--year", YEAR)
    monkeypatch.chdir(empty_folder / "federations")
    assert run(cli, "init", "andra", "--regime", "samverkan", "--year", YEAR).exit_code == 0
    assert (empty_folder / "federations" / "andra" / "federation.toml").is_file()


def test_the_default_year_is_the_coming_one():
    # a plan is made in the autumn for the year after; in January the next plan to make is next year's too
    assert default_year(dt.date(2026, 11, 26)) == 2027
    assert default_year(dt.date(2027, 1, 10)) == 2028


def test_any_one_line_name_is_written_as_valid_toml(cli, empty_folder):
    name = 'Kommunförbundet "Norr" \\ Syd'
    assert run(cli, "init", "namn", "--regime", "ideell_forening", "--name", name, "--year", YEAR).exit_code == 0
    assert run(cli, "validate", "namn").exit_code == 0
    assert Workspace(empty_folder).federation("namn").config.organisation.name == name
    refused = run(cli, "init", "tva-rader", "--regime", "samverkan", "--name", "En\nTvå")
    assert refused.exit_code == 1 and "one line" in refused.output


def test_in_a_workspace_with_docs_schema_the_files_point_there(cli, empty_folder):
    (empty_folder / "docs" / "schema").mkdir(parents=True)  # as in this repository
    run(cli, "init", "i-repot", "--regime", "samverkan", "--year", YEAR)
    first = (empty_folder / "federations" / "i-repot" / "federation.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ../../docs/schema/federation.schema.json"
    assert (empty_folder / "docs" / "schema" / "moment.schema.json").is_file() and not (empty_folder / "schema").exists()
