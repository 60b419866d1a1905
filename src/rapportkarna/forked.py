"""Short independent tasks shared with a forked copy of this process, so that ``validate`` checks
a year's reports on two cores at once.

A forked child has everything the parent loaded (the year's data, the plugins, the built models)
without reading or importing anything again, so even a task of a few hundredths of a second is
worth handing over; the pool of ``build --jobs`` starts its workers before loading for the same
reason. Only the results travel back, pickled through a pipe. Wherever forking is not safe (no
``fork`` on this system, one core, a thread running besides this one) or the child's results do
not come back whole, the tasks run here, one after the other: the results are the same either way.
"""

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")


def run_all(tasks: Sequence[Callable[[], Result]]) -> list[Result]:
    """Every task's result, in the tasks' order; every other task is run by a forked child."""
    if len(tasks) < 2 or not _can_fork():
        return [task() for task in tasks]
    theirs = list(range(1, len(tasks), 2))  # alternate, so that a long report is not all one side's
    _flush()  # what is written so far is written once, by this process, not again by the child
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its tasks, its results down the pipe, and out without cleaning up
        os.close(read_end)
        _child(tasks, theirs, write_end)
    os.close(write_end)
    results: dict[int, Result] = {}
    try:
        results.update((index, tasks[index]()) for index in range(0, len(tasks), 2))
    finally:
        received = _receive(read_end, pid)
    if received is None or len(received) != len(theirs):
        received = [tasks[index]() for index in theirs]  # the child failed: its share, here
    # (what came back is what the same tasks returned in the child: a list of Result)
    results.update(zip(theirs, received, strict=True))
    return [results[index] for index in range(len(tasks))]


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _child(tasks: Sequence[Callable[[], object]], indexes: list[int], write_end: int) -> None:
    status = 1
    try:
        payload = pickle.dumps([tasks[index]() for index in indexes], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        _flush()  # what a task printed (a plugin's print) still comes out
        # never return into the parent's code, flush its buffers or run its exit handlers
        os._exit(status)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say there
            pass


def _receive(read_end: int, pid: int) -> list[Any] | None:
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        received = pickle.loads(payload)
    except Exception:  # a result that does not unpickle: the parent works its share out itself
        return None
    return received if isinstance(received, list) else None
