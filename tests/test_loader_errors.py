"""A user's mistakes give clear messages: file, line, field path and what was expected, all at once.

Each folder in ``tests/broken/`` is one broken federation: its data files are copied over the
``mini`` federation (paths relative to the federation folder), and its ``expect.toml`` lists the
problems that loading must report::

    description = "what is broken"
    stage = "year"          # or "plugins": the error comes from FederationBuild(...).plugins
    count = 2               # optional: exactly this many problems

    [[problem]]
    file = "federation.toml"          # relative to the federation folder
    line = 22                         # leave out when the problem has no line
    path = "members[1].kommunkod"     # leave out when the problem names no field
    message = "expected four digits"  # a part of the message
"""

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rapportkarna.cli import main
from rapportkarna.errors import Problem, ValidationFailed

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expect.toml").is_file())

#: What the corpus must cover (see the issue): each of these is a folder in tests/broken/.
REQUIRED = {
    "toml_syntax_federation", "toml_syntax_year", "unknown_key_typo", "population_text",
    "budget_text_csv", "missing_organisation_name", "missing_member_kommunkod",
    "kommunkod_three_digits", "kommunkod_integer", "kommunkod_five_digits", "date_nonexistent_toml",
    "date_nonexistent_string", "unknown_regime", "meeting_unknown_body", "agenda_unknown_body",
    "csv_bad_cells", "csv_wrong_cell_count", "duplicate_kommunkod", "year_differs_from_folder",
    "two_problems_federation", "two_problems_year", "unknown_plugin", "logo_without_alt",
    "project_end_before_start",
}


def expectation(case: str) -> dict[str, Any]:
    return tomllib.loads((BROKEN / case / "expect.toml").read_text(encoding="utf-8"))


def apply_case(mini: Any, case: str) -> None:
    """Copy the case's files over the mini federation, byte for byte."""
    for source in (BROKEN / case).rglob("*"):
        if source.is_file() and source.name != "expect.toml":
            target = mini.fed_dir / source.relative_to(BROKEN / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def load(mini: Any, stage: str) -> None:
    build = mini.build()
    if stage == "plugins":
        _ = build.plugins
    else:
        build.load(2011)


def matches(problem: Problem, wanted: dict[str, Any], fed_dir: Path) -> bool:
    return (problem.file == fed_dir / wanted["file"]
            and problem.line == wanted.get("line")
            and problem.path == wanted.get("path")
            and wanted["message"] in problem.message)


def shown(problems: list[Problem], fed_dir: Path) -> str:
    return "\n".join(f"  {p.file.relative_to(fed_dir)} line={p.line} path={p.path!r}: {p.message}"
                     for p in problems)


def test_corpus_covers_the_issue() -> None:
    assert REQUIRED <= set(CASES), f"missing cases: {sorted(REQUIRED - set(CASES))}"
    for case in CASES:
        expect = expectation(case)
        assert expect.get("description"), case
        assert expect.get("problem"), f"{case}: expect.toml lists no [[problem]]"
        assert len(list((BROKEN / case).rglob("*"))) > 1, f"{case}: no data files"


def test_mini_federation_is_valid(mini: Any) -> None:
    """The cases break a federation that loads without them."""
    assert mini.build().load(2011).year == 2011


@pytest.mark.parametrize("case", CASES)
def test_broken_input(mini: Any, case: str) -> None:
    expect = expectation(case)
    apply_case(mini, case)
    with pytest.raises(ValidationFailed) as caught:
        load(mini, expect.get("stage", "year"))
    problems = caught.value.problems
    for wanted in expect["problem"]:
        assert any(matches(p, wanted, mini.fed_dir) for p in problems), (
            f"no problem like {wanted} among:\n{shown(problems, mini.fed_dir)}")
        # the message the user sees names the file and the line
        place = str(mini.fed_dir / wanted["file"]) + (f":{wanted['line']}:" if "line" in wanted else ":")
        assert place in str(caught.value)
    if "count" in expect:
        assert len(problems) == expect["count"], shown(problems, mini.fed_dir)


def test_every_problem_is_reported_once(mini: Any) -> None:
    apply_case(mini, "two_problems_federation")
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    assert str(caught.value).startswith("2 problems found:\n")


# -- the command line ------------------------------------------------------------------------------

def run_cli(mini: Any, *args: str) -> Any:
    return CliRunner().invoke(main, ["--root", str(mini.root), *args])


@pytest.mark.parametrize("case", ["two_problems_federation", "toml_syntax_year", "csv_bad_cells",
                                  "unknown_plugin", "meeting_unknown_body"])
def test_cli_validate_reports_problems_without_traceback(mini: Any, case: str) -> None:
    apply_case(mini, case)
    result = run_cli(mini, "validate")
    assert result.exit_code == 1, result.output
    # a user's mistake ends in sys.exit(1), not in an exception that escaped the command
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "FAIL test" in result.output  # "FAIL test" for federation.toml, "FAIL test 2011" for the year
    expect = expectation(case)
    assert f"{len(expect['problem'])} problem" in result.output or "count" not in expect
    for wanted in expect["problem"]:
        place = str(mini.fed_dir / wanted["file"]) + (f":{wanted['line']}:" if "line" in wanted else "")
        assert place in result.output, result.output
        assert wanted["message"] in result.output
        if "path" in wanted:
            assert f" {wanted['path']}: " in result.output


def test_cli_unknown_plugin_message(mini: Any) -> None:
    apply_case(mini, "unknown_plugin")
    result = run_cli(mini, "validate")
    assert result.exit_code == 1
    assert (f"error: 1 problem found:\n  {mini.fed_dir / 'federation.toml'}:1: plugins[0]: "
            "unknown plugin 'finns-inte'; available plugins: ") in result.output
    assert "core" in result.output.split("available plugins: ")[1]
    assert "Traceback" not in result.output


def test_cli_validate_ok(mini: Any) -> None:
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.output
    assert "ok   test 2011" in result.output


def test_cli_debug_shows_the_exception(mini: Any) -> None:
    """--debug is the one way to get a traceback: the error is raised, not printed."""
    apply_case(mini, "unknown_regime")
    result = run_cli(mini, "--debug", "validate")
    assert result.exit_code == 1
    assert isinstance(result.exception, ValidationFailed)


@pytest.mark.parametrize(("regime", "org_number", "message"), [
    ("kommunalforbund", None, "a kommunalförbund is a legal person and needs org_number (NNNNNN-NNNN)"),
    ("samverkan", "222000-1234", "a samverkan without legal person has no org_number; remove it or change regime"),
])
def test_the_legal_form_decides_whether_there_is_an_org_number(mini: Any, regime: str, org_number: str | None,
                                                              message: str) -> None:
    text = (mini.fed_dir / "federation.toml").read_text().replace('regime = "ideell_forening"', f'regime = "{regime}"'
                                                                  + (f'\norg_number = "{org_number}"' if org_number else ""))
    mini.write("federation.toml", text)
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    [problem] = caught.value.problems
    assert problem.file.name == "federation.toml" and problem.path == "organisation" and message in problem.message
    assert problem.line == text.splitlines().index("[organisation]") + 1


@pytest.mark.parametrize("code", ["200B", "202E", "0007"])  # zero-width space, right-to-left override, bell
def test_a_name_with_an_invisible_character_is_named(mini: Any, code: str) -> None:
    # written as TOML escapes, as a copied name brings them along invisibly
    text = (mini.fed_dir / "federation.toml").read_text().replace('name = "Vännäs"', f'name = "Vän\\u{code}näs"')
    mini.write("federation.toml", text)
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    [problem] = caught.value.problems
    assert problem.path == "members[1].name"
    assert f"holds the invisible character U+{code} at position 4" in problem.message
    assert problem.line == next(i + 1 for i, line in enumerate(text.splitlines()) if line.startswith('name = "Vän'))


@pytest.mark.parametrize(("relative", "text", "path", "message"), [
    ("2011/bokslut/moment.toml", "extensions = 5\n", "extensions", "expected a table of data extensions"),
    ("2011/year.toml", '[[meeting_plan]]\nbody = "okand"\ndate = 2011-01-01\n', "meeting_plan[0].body",
     "unknown body 'okand'; bodies in federation.toml: styrelse"),
    ("2011/year.toml", '[[priorities]]\nid = "p"\ntitle = "T"\nindicators = [{ id = "i", text = "a" }, '
                       '{ id = "i", text = "b" }]\n', "priorities[0].indicators[1].id",
     "indicator id 'i' is also used at priorities[0].indicators[0].id"),
])
def test_more_mistakes_are_named_at_their_line(mini: Any, relative: str, text: str, path: str, message: str) -> None:
    mini.write(relative, text)
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    [problem] = caught.value.problems
    assert problem.path == path and message in problem.message and problem.line is not None
