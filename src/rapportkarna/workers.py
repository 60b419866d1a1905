"""``build --jobs N``: the PDFs of a build made by a pool of N reused worker processes.

The main process plans the build (loads and checks each federation-year, decides what is
unchanged), renders each document's HTML — quick next to its PDF — and writes every file. A
worker only turns HTML into PDF (:class:`~rapportkarna.publish.PdfJob`: the HTML, the folders it
may read, the variant), and sends the PDF back in memory; it is reused for the next, with
WeasyPrint imported once. It writes nothing: the main process writes into the federation-year's
staging copy, so a failure in a worker leaves the last good output untouched, as one in the main
process does, and is reported with the same message. The same HTML gives the same PDF wherever
it is made, so a build's files are the same bytes with any number of workers.
"""

import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType

from rapportkarna.errors import RapportError
from rapportkarna.publish import PdfJob


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Failure:
    """A PDF that could not be made: the build's message, as the main process would give it."""

    message: str


def _warm() -> None:
    """Import what making a PDF needs while the main process still loads and renders HTML."""
    from rapportkarna import pdf_ua  # noqa: F401 - pydyf
    import weasyprint  # noqa: F401


def _work(job: PdfJob) -> tuple[bytes, float] | Failure:
    """Runs in a worker: one PDF, and the seconds it took."""
    started = time.perf_counter()
    from rapportkarna.pdf import collect_before_next
    collect_before_next()  # a worker hands each PDF back before collecting its garbage
    try:
        return job.render(), time.perf_counter() - started
    except RapportError as exc:  # sent back as its message: the main process reports it as its own
        return Failure(str(exc))


class Pool:
    """A renderer (:class:`rapportkarna.publish.Renderer`) that hands PDFs to N worker processes,
    started when the build first has a PDF to make (a build with nothing to make starts none)."""

    eager = True

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None

    def prepare(self) -> None:
        """Start the workers (at once, before this process renders the first HTML), each importing
        WeasyPrint while this process renders. Forked: a worker starts with what this process has
        imported. It inherits the locks of the output folders planned so far, and holds them until
        the build ends; the build holds them until then too, or nearly."""
        if self.executor is not None:
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=context)
        for _ in range(self.jobs):
            self.executor.submit(_warm)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # on an error or Ctrl-C, PDFs not yet begun are dropped rather than made for nothing
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=kind is not None)

    def pdf(self, job: PdfJob) -> "_Submitted":
        self.prepare()
        assert self.executor is not None
        return _Submitted(self.executor.submit(_work, job), job.name)


@dataclass(frozen=True)
class _Submitted:
    """A PDF a worker is making (:class:`rapportkarna.publish.Pending`)."""

    future: "Future[tuple[bytes, float] | Failure]"
    name: str

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> tuple[bytes, float]:
        try:
            made = self.future.result()
        except BrokenProcessPool:
            raise RapportError(f"{self.name}: the worker process making its PDF stopped unexpectedly (out "
                               "of memory, or killed); nothing was changed. Try again, or with --jobs 1") from None
        if isinstance(made, Failure):
            raise RapportError(made.message)
        return made
