"""A user's mistakes give clear messages: file, line, field path and what was expected, all at once.

Each folder in ``tests/broken/`` is one broken federation: its data files are copied over the
``mini`` federation (paths relative to the federation folder; what is under ``_workspace/`` goes
to the workspace instead: plugins, an output folder), and its ``expect.toml`` lists the problems
that loading must report::

    description = "what is broken"
    stage = "year"          # what meets the mistake (see STAGES): the year's loading by default
    count = 2               # optional: exactly this many problems
    hold_lock = true        # optional (stage "publish"): another build holds the output folder
    shared_plugin = { from = "kurser.py", name = "ext_x" }  # optional: tests/broken/_shared/kurser.py
                            # copied into the workspace's plugins/ as ext_x.py

    [[problem]]
    file = "federation.toml"          # relative to the federation folder (../../ for the workspace)
    line = 22                         # leave out when the problem has no line
    path = "members[1].kommunkod"     # leave out when the problem names no field
    message = "expected four digits"  # a part of the message

A mistake that is not in the data (a template's, a plugin's, the output folder's) stops the build
with one message rather than a list of problems: the message must then name the file (and the
line, where given) and hold ``message``. No case may end in any other exception, and the command
line shows every case as a message and exit status 1, never a traceback.
"""

import fcntl
import os
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rapportkarna.cli import main
from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.publish import Options, publish_year

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
    # the classes of issue 11: tracebacks and silent acceptance before
    "config_population_too_large", "budget_amount_exponent", "sie_amount_too_large", "config_nested_deep",
    "budget_cell_over_the_limit", "meeting_start_integer", "plugin_named_twice", "output_manifest_not_json",
    "template_divides_by_zero", "plugin_filters_wrong_type", "budget_column_twice", "budget_row_twice",
    "budget_line_twice", "year_budget_name_in_capitals", "config_report_id_misspelt", "moment_text_key_misspelt",
    "budget_nul_byte", "moment_bell_in_text", "config_rtl_override_in_name", "config_zero_width_in_body_name",
    "meeting_dated_outside_its_year", "year_folder_without_year_toml", "plugin_exits_at_import", "output_locked",
    "plugin_changes_its_argument", "template_endless_include", "mapping_extends_outside",
}


def expectation(case: str) -> dict[str, Any]:
    return tomllib.loads((BROKEN / case / "expect.toml").read_text(encoding="utf-8"))


WORKSPACE = "_workspace"
SHARED = "_shared"


def apply_case(mini: Any, case: str) -> None:
    """Copy the case's files over the mini federation (``_workspace/…`` over the workspace), byte
    for byte; a file ``.remove`` in a folder removes the file of the mini federation it names."""
    for source in sorted((BROKEN / case).rglob("*")):
        if not source.is_file() or source.name == "expect.toml":
            continue
        relative = source.relative_to(BROKEN / case)
        base = mini.root if relative.parts[0] == WORKSPACE else mini.fed_dir
        relative = Path(*relative.parts[1:]) if relative.parts[0] == WORKSPACE else relative
        target = base / relative
        if source.name == ".remove":
            for name in source.read_text(encoding="utf-8").split():
                (target.parent / name).unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shared = expectation(case).get("shared_plugin")
    if shared:  # a plugin several cases use, under the case's own name: tests/broken/_shared/
        (mini.root / "plugins").mkdir(exist_ok=True)
        shutil.copyfile(BROKEN / SHARED / shared["from"], mini.root / "plugins" / f"{shared['name']}.py")


def out_dir(mini: Any) -> Path:
    return Path(mini.root) / "out"


#: What meets a case's mistake: loading the year (its data), loading the plugins, rendering every
#: report and meeting document as validate's dry run does (templates, plugins' hooks), or publishing
#: the year into ``out/`` (the output folder's state).
STAGES = ("year", "plugins", "render", "publish")


def load(mini: Any, stage: str, hold_lock: bool = False) -> None:
    build = mini.build()
    if stage == "plugins":
        _ = build.plugins
    elif stage == "render":
        refusals = build.dry_run(2011)
        if refusals:
            raise refusals[0]
    elif stage == "publish" and hold_lock:
        folder = out_dir(mini) / mini.slug / "2011"
        folder.parent.mkdir(parents=True, exist_ok=True)
        with open(folder.parent / f".{folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a build running now holds it
            publish_year(build, 2011, None, Options(out_dir=out_dir(mini), formats=("html",)))
    elif stage == "publish":
        publish_year(build, 2011, None, Options(out_dir=out_dir(mini), formats=("html",)))
    else:
        build.load(2011)


def expected_file(wanted: dict[str, Any], fed_dir: Path) -> Path:
    return Path(os.path.normpath(fed_dir / wanted["file"]))


def matches(problem: Problem, wanted: dict[str, Any], fed_dir: Path) -> bool:
    return (problem.file == expected_file(wanted, fed_dir)
            and problem.line == wanted.get("line")
            and problem.path == wanted.get("path")
            and wanted["message"] in problem.message)


@pytest.fixture(autouse=True)
def _forget_plugins() -> Iterator[None]:
    """A case's plugin module is imported under its name; the next test starts without it."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("rapportkarna_plugins."):
            del sys.modules[name]


def shown(problems: list[Problem], fed_dir: Path) -> str:
    return "\n".join(f"  {os.path.relpath(p.file, fed_dir)} line={p.line} path={p.path!r}: {p.message}"
                     for p in problems)


def test_corpus_covers_the_issue() -> None:
    assert REQUIRED <= set(CASES), f"missing cases: {sorted(REQUIRED - set(CASES))}"
    assert len(CASES) >= 150
    for case in CASES:
        expect = expectation(case)
        assert expect.get("description"), case
        assert expect.get("stage", "year") in STAGES, case
        assert expect.get("problem"), f"{case}: expect.toml lists no [[problem]]"
        assert all("file" in p and "message" in p for p in expect["problem"]), case
        assert len(list((BROKEN / case).rglob("*"))) > 1, f"{case}: no data files"


def test_mini_federation_is_valid(mini: Any) -> None:
    """The cases break a federation that loads without them."""
    assert mini.build().load(2011).year == 2011


@pytest.mark.parametrize("case", CASES)
def test_broken_input(mini: Any, case: str) -> None:
    expect = expectation(case)
    apply_case(mini, case)
    with pytest.raises(RapportError) as caught:
        load(mini, expect.get("stage", "year"), expect.get("hold_lock", False))
    if not isinstance(caught.value, ValidationFailed):
        # one message for a mistake outside the data: it names the file, the line, and what is wrong
        [wanted] = expect["problem"]
        text = str(caught.value)
        file = expected_file(wanted, mini.fed_dir)
        place = str(file.relative_to(mini.fed_dir) if file.is_relative_to(mini.fed_dir) else file)
        assert place + (f":{wanted['line']}:" if "line" in wanted else "") in text, text
        assert wanted["message"] in text, text
        return
    problems = caught.value.problems
    for wanted in expect["problem"]:
        assert any(matches(p, wanted, mini.fed_dir) for p in problems), (
            f"no problem like {wanted} among:\n{shown(problems, mini.fed_dir)}")
        # the message the user sees names the file and the line
        place = str(expected_file(wanted, mini.fed_dir)) + (f":{wanted['line']}:" if "line" in wanted else ":")
        assert place in str(caught.value)
    if "count" in expect:
        assert len(problems) == expect["count"], shown(problems, mini.fed_dir)


@pytest.mark.parametrize("case", CASES)
def test_broken_input_on_the_command_line(mini: Any, case: str) -> None:
    """``validate`` (``build`` for the output folder's states) shows the case as a message and
    exits 1, never with a traceback or silently."""
    expect = expectation(case)
    apply_case(mini, case)
    if expect.get("stage") == "publish":
        if expect.get("hold_lock"):
            pytest.skip("the lock is held by the test's own process in test_broken_input")
        result = run_cli(mini, "build", "test", "--year", "2011", "--format", "html", "--out", str(out_dir(mini)))
    else:
        result = run_cli(mini, "validate")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert any(wanted["message"] in result.output for wanted in expect["problem"]), result.output


def test_a_year_toml_nested_thousands_deep_is_a_message_for_list_and_build_too(mini: Any) -> None:
    """list and build take a quick look at each year.toml (is it a comparison year?) before
    validating it: that look must not end in a traceback either."""
    apply_case(mini, "year_nested_deep")
    listed = run_cli(mini, "list")
    assert listed.exit_code == 0 and "Traceback" not in listed.output, listed.output
    built = run_cli(mini, "build", "test", "--format", "html", "--out", str(out_dir(mini)))
    assert built.exit_code == 1 and isinstance(built.exception, SystemExit), built.output
    assert "2011/year.toml:3: TOML that cannot be read: arrays or tables nested more than 32 levels deep" in built.output


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


def test_validate_names_what_the_federation_folder_holds_that_is_not_read(mini: Any) -> None:
    mini.write("federation.tom", "x = 1\n")  # a misspelt name
    mini.write("2O11/year.toml", "")  # a letter O for a zero: not a year folder
    mini.write(".editorconfig", "root = true\n")  # the user's own dot-file
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.output
    for name in ("federation.tom", "2O11"):
        assert f"note test: {mini.fed_dir / name} is not read by rapportkarna" in result.output
    assert ".editorconfig" not in result.output and "templates" not in result.output


def test_a_stale_temporary_file_in_the_output_folder_is_removed(mini: Any) -> None:
    """A killed build's ``.<name>.tmp`` is cleaned up by the next build, not published."""
    folder = out_dir(mini) / mini.slug / "2011"
    folder.mkdir(parents=True)
    (folder / ".verksamhetsplan.html.tmp").write_text("halvskriven")
    publish_year(mini.build(), 2011, ["verksamhetsplan"], Options(out_dir=out_dir(mini), formats=("html",)))
    assert (folder / "verksamhetsplan.html").is_file() and not list(folder.rglob("*.tmp"))
