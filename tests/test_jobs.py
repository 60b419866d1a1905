"""build --jobs N: the same files with any number of workers, a worker's failure changing nothing,
the progress display on a terminal and off it, and what the quick commands do not import."""

import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapportkarna.cli import main
from rapportkarna.progress import Progress, live_wanted

ROOT = Path(__file__).resolve().parents[1]

#: Never imported by `list` or `validate` (openpyxl only where a table is a spreadsheet).
HEAVY = ("weasyprint", "matplotlib", "openpyxl", "pikepdf", "httpx", "uvicorn",
         # not heavy, but a build's alone: staging, manifests, workers, progress
         "rapportkarna.build_run", "rapportkarna.publish", "multiprocessing")


def build(mini, out: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--out", str(out), *args],
                              env=env or {"CI": "1"})


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_bytes_with_one_job_and_with_two(mini, tmp_path):
    one = build(mini, tmp_path / "one", "--jobs", "1")
    two = build(mini, tmp_path / "two", "--jobs", "2")
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    made = files(tmp_path / "one" / "test" / "2011")
    assert {"delarsrapport.pdf", "arsredovisning.pdf", "verksamhetsplan.html", "manifest.json"} <= set(made)
    assert made == files(tmp_path / "two" / "test" / "2011")
    # and the same lines, in the same order: the workers' documents are reported as they are written
    strip = [line.rsplit(" (", 1)[0] for line in one.output.splitlines() if line.startswith("[1/1]")]
    assert strip == [line.rsplit(" (", 1)[0] for line in two.output.splitlines() if line.startswith("[1/1]")]


#: The årsredovisning, the last report made, with an image from outside the allowed folders: its
#: HTML is made, and its PDF is refused (in a worker, with --jobs 2).
OUTSIDE = ("{% extends 'core:reports/arsredovisning.html' %}{% block cover_subtitle %}"
           "<img src='file:///etc/hostname' alt='Värdnamnet'>{% endblock %}")


@pytest.mark.parametrize("broken", ["pdf", "template"])
def test_a_report_failing_in_a_worker_changes_nothing_and_says_why(mini, tmp_path, broken):
    out = tmp_path / "out"
    assert build(mini, out, "--jobs", "1").exit_code == 0
    year = out / "test" / "2011"
    before = files(year)
    stamps = {p: p.stat().st_mtime_ns for p in year.rglob("*")}
    if broken == "pdf":  # the two reports before it are made by the workers, then thrown away
        mini.write("templates/reports/arsredovisning.html", OUTSIDE)  # the federation's own template
        expected = "test/2011/arsredovisning: the report refers to resources outside the allowed folders: " \
                   "file:///etc/hostname"
    else:  # a mistake found while the HTML is rendered, in this process
        mini.write("templates/reports/arsredovisning.html", "{% extends 'base.html' %}{% block body %}{% if %}"
                                                             "{% endblock %}")
        expected = "arsredovisning.html:1: template syntax error"
    failed = {jobs: build(mini, out, "--force", "--jobs", jobs) for jobs in ("2", "1")}
    for result in failed.values():
        assert result.exit_code == 1
        assert expected in result.output
        assert "Traceback" not in result.output
    # the same message from a worker as from this process
    assert failed["2"].output.splitlines()[-1] == failed["1"].output.splitlines()[-1]
    assert files(year) == before
    assert {p: p.stat().st_mtime_ns for p in year.rglob("*")} == stamps
    assert [p.name for p in year.parent.glob(".2011*")] == [".2011.lock"]  # no staging copy, no old folder
    assert json.loads(before["manifest.json"])["reports"]  # the last good manifest, as it was


def test_jobs_must_be_at_least_one(mini, tmp_path):
    result = build(mini, tmp_path / "out", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.output


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_live_line_only_on_a_terminal_and_not_in_ci():
    terminal, pipe = FakeTerminal(), io.StringIO()
    assert live_wanted(terminal, terminal, {})
    assert not live_wanted(terminal, terminal, {"CI": "true"})
    assert not live_wanted(pipe, terminal, {})
    assert not live_wanted(terminal, pipe, {})
    assert live_wanted(terminal, terminal, {"CI": ""})


def test_the_live_line_counts_names_and_keeps_the_log_above_it():
    stream = FakeTerminal()
    with Progress(stream, live=True) as shown:
        shown.add(2)
        shown.working("test 2011 arsredovisning")
        shown.line("[1/1] test 2011 arsredovisning: arsredovisning.html (0.1 s)")
        shown.advance()
    text = stream.getvalue()
    assert "\r\x1b[K[0/2] test 2011 arsredovisning · " in text
    assert "\r\x1b[K[1/2] test 2011 arsredovisning · " in text
    log = text.split("\r\x1b[K")
    assert "[1/1] test 2011 arsredovisning: arsredovisning.html (0.1 s)\n" in log
    assert text.endswith("\r\x1b[K")  # the live line is gone at the end: only the log is left


def test_plain_lines_without_a_terminal():
    stream = io.StringIO()
    with Progress(stream, live=False) as shown:
        shown.add(1)
        shown.working("test 2011 arsredovisning")
        shown.line("a line")
        shown.advance()
    assert stream.getvalue() == "a line\n"


def run_on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run rapportkarna with stdout and stderr on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", "from rapportkarna.cli import main; main()", *args],
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(leader)
    return shown.decode("utf-8", "replace")


@pytest.mark.parametrize("ci", [None, "1"])
def test_the_build_on_a_terminal(mini, tmp_path, ci):
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci else {})
    shown = run_on_terminal(["--root", str(mini.root), "build", "test", "--format", "html", "--jobs", "1",
                             "--out", str(tmp_path / "out")], env)
    assert "[1/1] test 2011 arsredovisning" in shown  # the log lines, either way
    assert "wrote " in shown
    if ci:
        assert "\x1b[K" not in shown
    else:
        assert "\r\x1b[K[" in shown and "/" in shown.split("\r\x1b[K[", 1)[1]


def imported_by(*args: str) -> list[str]:
    """The heavy modules a command imports, run as a user runs it (in a fresh process)."""
    code = ("import sys\nfrom rapportkarna.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "CI": "1"}, timeout=120)
    return json.loads(result.stderr.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize("args", [("list",), ("validate", "norrbotten"), ("validate",)])
def test_quick_commands_import_nothing_heavy(args):
    assert not list(ROOT.glob("federations/*/*/*.xlsx")) and not list(ROOT.glob("federations/*/*/*/*.xlsx"))
    assert imported_by(*args) == []


def test_the_build_commands_default_formats_are_all_there_are():
    from rapportkarna.publish import FORMATS
    default = next(p.default for p in main.commands["build"].params if p.name == "formats")
    assert tuple(default.split(",")) == FORMATS


def test_a_spreadsheet_brings_openpyxl_and_nothing_else_heavy(mini):
    from rapportkarna.spreadsheets import read_table

    code = ("import sys\nfrom pathlib import Path\nfrom rapportkarna.spreadsheets import read_table\n"
            f"read_table(Path({str(mini.root / 'budget.xlsx')!r}))\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["kostnadsstalle", "kind", "budget"])
    book.save(mini.root / "budget.xlsx")
    assert read_table(mini.root / "budget.xlsx").columns == ["kostnadsstalle", "kind", "budget"]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['openpyxl']"


LEAK_CHECK = """
import gc, json, sys
from pathlib import Path
from rapportkarna import pdf
if sys.argv[1] == "worker":
    pdf.collect_before_next()
html = ("<html lang='sv'><head><title>T</title></head><body>"
        + "".join(f"<h2>Rubrik {i}</h2><table><tr><th>A</th><td>{i}</td></tr></table>" for i in range(60))
        + "</body></html>")
counts = []
with pdf.set_aside():  # as a build is, and a worker forked from it
    for _ in range(4):
        pdf.render_pdf(html, base_dir=Path(sys.argv[2]), allowed_roots=[Path(sys.argv[2])])
        counts.append(gc.get_freeze_count())
print(json.dumps(counts))
"""


@pytest.mark.parametrize("where", ["worker", "main"])
def test_a_process_making_pdf_after_pdf_keeps_no_document_garbage(where, tmp_path):
    """A worker collects each PDF's garbage when the next begins: before the objects that exist
    are set aside (gc.freeze), which would keep the last document's for good (a worker's memory
    grew by 25 MB a report when it did)."""
    done = subprocess.run([sys.executable, "-c", LEAK_CHECK, where, str(tmp_path)], capture_output=True,
                          text=True, check=True)
    counts = json.loads(done.stdout)
    assert counts[3] - counts[1] < 2_000, counts  # one small document's garbage is over 25 000 objects
