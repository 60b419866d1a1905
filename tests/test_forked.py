"""Tasks shared with a forked copy of the process (rapportkarna.forked), as validate renders a year's
documents: the same results, in order, whatever happens to the child."""

import os
import pickle
import threading
from pathlib import Path

import pytest

from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.forked import run_all

forking = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                             reason="forks only where there are fork and two cores")


@forking
def test_every_other_task_runs_in_a_child_and_the_results_come_back_in_order():
    results = run_all([lambda n=n: (n, os.getpid()) for n in range(5)])
    assert [n for n, _ in results] == [0, 1, 2, 3, 4]
    pids = [pid for _, pid in results]
    assert pids[0::2] == [os.getpid()] * 3
    assert len(set(pids[1::2])) == 1 and pids[1] != os.getpid()


@forking
def test_a_task_that_fails_in_the_child_fails_here_as_it_would_have_alone():
    def fails() -> int:
        raise ValueError(f"in {os.getpid()}")

    with pytest.raises(ValueError, match=f"in {os.getpid()}$"):  # raised again by this process
        run_all([lambda: 1, fails])


@forking
def test_a_result_that_cannot_travel_back_is_worked_out_here():
    here = os.getpid()
    results = run_all([lambda: 0, lambda: (lambda: os.getpid())])  # a lambda does not pickle
    assert results[0] == 0 and results[1]() == here


def test_with_another_thread_running_nothing_is_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for pid in run_all([os.getpid, os.getpid, os.getpid])} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_a_single_task_runs_here():
    assert run_all([os.getpid]) == [os.getpid()]
    assert run_all([]) == []


def test_validation_failed_keeps_its_problems_through_a_pickle():
    problems = [Problem(Path("a.toml"), 3, "x.y", "expected a number"), Problem(Path("b.csv"), None, None, "empty")]
    again = pickle.loads(pickle.dumps(ValidationFailed(problems)))
    assert isinstance(again, ValidationFailed)
    assert again.problems == ValidationFailed(problems).problems and str(again) == str(ValidationFailed(problems))


@forking
def test_what_was_written_before_comes_out_once_and_what_the_child_prints_comes_out(tmp_path):
    import subprocess
    import sys
    import textwrap
    code = textwrap.dedent("""
        import sys
        from rapportkarna.forked import run_all
        sys.stdout.write("before ")  # not yet flushed: stdout is a pipe
        run_all([lambda: None, lambda: print("from the child", end=" ")])
        print("after")
        """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == "before from the child after\n"
