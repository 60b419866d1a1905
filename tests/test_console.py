"""The installed command's process (rapportkarna.console): the collector set aside while modules
import, and an exit that skips the interpreter's teardown but nothing a normal exit does."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "CI": "1",
                                                       "RAPPORTKARNA_CACHE_DIR": "off"})


COMMAND = "from rapportkarna.console import main; main()"


def test_a_command_prints_all_its_output_and_ends_with_its_status():
    listed = run_python(COMMAND, "list")
    assert listed.returncode == 0, listed.stderr
    assert "norrbotten: Kommunförbundet Norrbotten" in listed.stdout
    assert listed.stdout.endswith("\n")  # flushed to the last line, though the process ends at once


def test_a_users_mistake_ends_with_status_1_and_click_usage_with_2():
    unknown = run_python(COMMAND, "validate", "nosuch")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert "unknown federation 'nosuch'" in unknown.stderr and "Traceback" not in unknown.stderr
    usage = run_python(COMMAND, "nosuchcommand")
    assert usage.returncode == 2 and "No such command 'nosuchcommand'" in usage.stderr


def test_the_collector_is_off_while_modules_import_and_back_with_raised_thresholds_for_the_command():
    probe = run_python("""
        import gc, rapportkarna.console as console
        seen = []
        real = gc.freeze
        def freeze():  # when the modules are imported: the collector has been off all along
            seen.append(gc.isenabled())
            real()
        gc.freeze = freeze
        import rapportkarna.cli as cli
        @cli.main.command()
        def probe():
            print(seen, gc.isenabled(), gc.get_threshold() == console.THRESHOLDS, gc.get_freeze_count() > 10_000)
        console.main()
        """, "probe")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["[False]", "True", "True", "True"]


def test_the_end_runs_atexit_handlers_flushes_and_gives_the_status_a_normal_exit_would():
    ended = run_python("""
        import atexit, sys
        from rapportkarna.console import end
        atexit.register(lambda: print("handler ran"))
        sys.stdout.write("no newline yet ")
        end(int(sys.argv[1]) if sys.argv[1].isdigit() else sys.argv[1])
        """, "3")
    assert (ended.returncode, ended.stdout) == (3, "no newline yet handler ran\n")
    message = run_python("import sys; from rapportkarna.console import end; end(sys.argv[1])", "it went wrong")
    assert (message.returncode, message.stderr) == (1, "it went wrong\n")
    none = run_python("from rapportkarna.console import end; end(None)")
    assert none.returncode == 0


def test_a_running_thread_is_waited_for_as_by_a_normal_exit(tmp_path):
    done = tmp_path / "done"
    ended = run_python(f"""
        import threading, time
        from pathlib import Path
        from rapportkarna.console import end
        threading.Thread(target=lambda: (time.sleep(0.3), Path({str(done)!r}).write_text("yes"))).start()
        end(0)
        """)
    assert ended.returncode == 0, ended.stderr
    assert done.read_text() == "yes"


def test_a_reader_that_went_away_ends_the_command_quietly():
    import os
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the command's output fails at once (EPIPE)
    try:
        ended = subprocess.run([sys.executable, "-c", COMMAND, "list"], cwd=ROOT, stdout=write_end,
                               stderr=subprocess.PIPE, text=True, timeout=120,
                               env={"PATH": "/usr/bin:/bin", "CI": "1", "RAPPORTKARNA_CACHE_DIR": "off"})
    finally:
        os.close(write_end)
    assert (ended.returncode, ended.stderr) == (1, "")
