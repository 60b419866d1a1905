"""Rendering a federation's reports for a year and writing them, all or nothing per federation-year.

A build has two steps. :func:`plan_year` and :func:`plan_meetings` decide what to make (a
report or document whose inputs have not changed is passed over) and hand each one to a
:class:`Renderer`: in this process (:data:`IN_PROCESS`), or to a pool of worker processes
(:mod:`rapportkarna.workers`, ``build --jobs N``). :func:`finish` then takes what was made, in
order, and writes it with the manifest into the federation-year's staging copy
(:mod:`rapportkarna.staging`), which is swapped in only when everything is there. Every document
is made completely (HTML and PDF) in memory before anything is written, and workers write nothing:
so a failure anywhere leaves the last good files and manifest untouched.
"""

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rapportkarna.accessibility import check_html
from rapportkarna.build import FederationBuild, Rendered, ReportJob
from rapportkarna.errors import RapportError
from rapportkarna.incremental import build_options, plugin_entries, template_folders, unchanged, year_inputs
from rapportkarna.loader import LoadedYear
from rapportkarna.manifest import merged_manifest, report_entry, sha256
from rapportkarna.meetings.documents import MeetingDocument, documents_of, select
from rapportkarna.meetings.documents import document as documents_for
from rapportkarna.pdf import render_pdf
from rapportkarna.staging import YearOutput, year_output

ICS_FILE = "sammantradesplan.ics"
MANIFEST = "manifest.json"

FORMATS = ("html", "pdf")
#: Beside a report with statements: where each line's figures come from.
PROVENANCE = "provenance.json"


def provenance_json(traced: dict[str, Any]) -> bytes:
    return (json.dumps(traced, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    pdf_variant: str = "ua"
    force: bool = False
    """Make every report, even one whose inputs have not changed since it was made."""


def check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise RapportError(f"unknown format {', '.join(unknown) or '(none)'}; expected html, pdf or both")


@dataclass(frozen=True)
class Made:
    """One report or meeting document, made: its files in memory and what its manifest entry records."""

    outputs: dict[str, bytes]
    templates: dict[str, tuple[str, str]]
    draft: bool
    seconds: float


@dataclass(frozen=True)
class PdfJob:
    """One document's HTML to make into PDF: plain data, so that a worker process can do it."""

    html: str
    base_dir: Path
    allowed_roots: tuple[Path, ...]
    variant: str
    name: str

    def render(self) -> bytes:
        return render_pdf(self.html, base_dir=self.base_dir, allowed_roots=list(self.allowed_roots),
                          variant=self.variant, name=self.name)


class Pending(Protocol):
    """A PDF on its way: :meth:`result` gives it and the seconds it took (waiting for it), or raises
    the build's error; :meth:`done` says whether it is there already."""

    def done(self) -> bool: ...

    def result(self) -> tuple[bytes, float]: ...


class Renderer(Protocol):
    """Where the PDFs are made; :meth:`pdf` returns at once."""

    eager: bool
    """Render each document's HTML when it is planned (so that workers have PDFs to make while
    the rest is planned), rather than when it is awaited."""

    def prepare(self) -> None:
        """A PDF will be asked for: get ready (before the HTML is rendered)."""

    def pdf(self, job: PdfJob) -> Pending: ...


@dataclass(frozen=True)
class _Later:
    """A PDF made in this process when it is asked for."""

    job: PdfJob

    def done(self) -> bool:
        return False

    def result(self) -> tuple[bytes, float]:
        started = time.perf_counter()
        return self.job.render(), time.perf_counter() - started


class InProcess:
    """Makes each document in this process, when it is awaited (``build --jobs 1``)."""

    eager = False

    def prepare(self) -> None:
        pass

    def pdf(self, job: PdfJob) -> Pending:
        return _Later(job)


IN_PROCESS = InProcess()


@dataclass(frozen=True)
class Making:
    """A document on its way: ``made()`` gives it (waiting for its PDF); ``done()`` says whether
    that would not wait."""

    made: Callable[[], Made]
    done: Callable[[], bool] = lambda: False


def _make(fed: FederationBuild, render: Callable[[], Rendered], stem: str, name: str, options: Options,
          renderer: Renderer) -> Making:
    """A document: its HTML rendered here (now, or when awaited), its PDF by ``renderer``, and its
    files in memory only: nothing is written before all of the federation-year's are made."""
    def html() -> Making:
        if "pdf" in options.formats:
            renderer.prepare()
        started = time.perf_counter()
        rendered = render()
        check_html(rendered.html, name)
        pdf = renderer.pdf(PdfJob(rendered.html, fed.federation.root, tuple(fed.allowed_roots()),
                                  options.pdf_variant, name)) if "pdf" in options.formats else None
        seconds = time.perf_counter() - started

        def made() -> Made:
            outputs: dict[str, bytes] = {}
            if "html" in options.formats:
                outputs[f"{stem}.html"] = rendered.html.encode("utf-8")
            pdf_seconds = 0.0
            if pdf is not None:
                outputs[f"{stem}.pdf"], pdf_seconds = pdf.result()
            traced = rendered.provenance
            if traced:
                outputs[f"{stem}.{PROVENANCE}"] = provenance_json(traced)
            return Made(outputs, rendered.templates, rendered.draft, seconds + pdf_seconds)
        return Making(made, lambda: pdf is None or pdf.done())

    if renderer.eager:
        return html()
    return Making(lambda: html().made())


def make_report(fed: FederationBuild, loaded: LoadedYear, job: ReportJob, options: Options,
                renderer: Renderer = IN_PROCESS) -> Making:
    """The report ``job`` as HTML and PDF (as ``options`` ask), with its provenance beside it."""
    return _make(fed, lambda: fed.render_job(loaded, job), job.stem,
                 f"{fed.federation.slug}/{loaded.year}/{job.stem}", options, renderer)


def make_meeting(fed: FederationBuild, doc: MeetingDocument, options: Options,
                 renderer: Renderer = IN_PROCESS) -> Making:
    """A meeting's kallelse, protokoll or minnesanteckningar as HTML and PDF."""
    return _make(fed, lambda: fed.render_meeting(doc), doc.stem,
                 f"{fed.federation.slug}/{doc.meeting.date.year}/meetings/{doc.stem}", options, renderer)


class Tracker(Protocol):
    """What a progress display is told besides the lines: which document is awaited, and when it is done."""

    def working(self, item: str) -> None: ...

    def advance(self) -> None: ...


class _Silent:
    def working(self, item: str) -> None:
        pass

    def advance(self) -> None:
        pass


@dataclass
class Piece:
    """One document being made for a federation-year."""

    key: str
    """Its manifest key: the report's stem, or ``meetings/<stem>``."""
    folder: str
    """Where its files go in the year's folder: ``""`` or ``"meetings/"``."""
    making: Making
    moment: str | None = None
    """A report's moment (its manifest records it, and a draft's gaps are noted); None for a meeting document."""
    report: bool = True


@dataclass
class YearPlan:
    """What a build makes and writes for one federation-year; see :func:`finish`."""

    fed: FederationBuild
    loaded: LoadedYear
    options: Options
    inputs: dict[str, str]
    plugins: list[dict[str, Any]]
    templates: list[Path]
    """The folders the year's templates come from (what a manifest records elsewhere is not current)."""
    pieces: list[Piece] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)
    """Files written as they are (the sammanträdesplan)."""
    manifest: bool = False
    """Whether the manifest is written even if nothing was made (a reports build always writes it)."""
    notes: list[str] = field(default_factory=list)
    """What planning noted (a report whose moment has not come), as the build showed it."""
    whole_year: str | None = None
    """For a build of everything in the year: the stamp of its inputs (rapportkarna.incremental),
    recorded so that the next build can pass over the whole year if nothing changed."""

    @property
    def year(self) -> int:
        return self.loaded.year


def start_plan(fed: FederationBuild, year: int, options: Options,
               digests: tuple[dict[str, str], list[dict[str, Any]]] | None = None) -> YearPlan:
    """A plan that makes nothing yet: the year loaded and checked, its inputs and plugins digested
    (``digests``: as :func:`year_inputs` and :func:`plugin_entries` gave them, if taken already)."""
    check_formats(options.formats)
    inputs, plugins = digests or (year_inputs(fed, year), plugin_entries(fed))
    loaded = fed.load(year)
    return YearPlan(fed, loaded, options, inputs, plugins, template_folders(fed))


def plan_year(fed: FederationBuild, year: int, report_ids: list[str] | None, options: Options,
              renderer: Renderer = IN_PROCESS, progress: Callable[[str], None] = lambda _: None,
              moment_id: str | None = None, current: Path | None = None,
              plan: YearPlan | None = None) -> YearPlan:
    """The year's reports to make (all of the federation's report types when None), each at its
    moment, and the sammanträdesplan as iCalendar. ``current``: the folder holding the last
    good files and manifest (default ``<out>/<slug>/<year>``); an unchanged report is passed over."""
    plan = plan or start_plan(fed, year, options)
    loaded, root = plan.loaded, fed.workspace.root
    folder = current or options.out_dir / fed.federation.slug / str(year)
    jobs, notes = fed.jobs(loaded, report_ids, moment_id)
    for note in notes:
        plan.notes.append(f"note: {note}")
        progress(plan.notes[-1])
    settings = build_options(options.formats, options.pdf_variant)
    for job in jobs:
        expected = {f"{job.stem}.{f}" for f in options.formats}
        if not options.force and unchanged(folder / MANIFEST, job.stem, folder, expected, plan.inputs, plan.plugins,
                                           settings, root, plan.templates):
            progress(f"{fed.federation.slug} {year} {job.stem}: unchanged")
            continue
        plan.pieces.append(Piece(job.stem, "", make_report(fed, loaded, job, options, renderer),
                                 job.moment.id if job.moment else None))
    if loaded.data.meeting_plan and report_ids is None and moment_id is None:
        from rapportkarna.meetings.calendar import sammantradesplan_ics  # icalendar: only for a calendar
        plan.extra[ICS_FILE] = sammantradesplan_ics(loaded.data.meeting_plan, fed.federation.config.organisation,
                                                    fed.federation.slug, year)
    plan.manifest = True
    return plan


def plan_meetings(fed: FederationBuild, year: int, wanted: str | None, document: str | None, options: Options,
                  renderer: Renderer = IN_PROCESS, progress: Callable[[str], None] = lambda _: None,
                  current: Path | None = None, plan: YearPlan | None = None) -> YearPlan:
    """The year's meeting documents to make (``wanted``: a meeting id or date; None for all, with
    every document each has), for ``<out>/<slug>/<year>/meetings/``."""
    plan = plan or start_plan(fed, year, options)  # the year's meetings are checked with the rest of its data
    meetings = {k: m for k, m in fed.meetings().items() if m.date.year == year}
    if wanted:
        docs = [d for meeting in select(meetings, wanted, year) for d in documents_for(meeting, document)]
    else:  # every meeting of the year, with each document it has (or only the kind asked for)
        docs = [MeetingDocument(m, d) for m in sorted(meetings.values(), key=lambda m: (m.date, m.id))
                for d in documents_of(m) if document in (None, d)]
    settings = build_options(options.formats, options.pdf_variant)
    folder = current or options.out_dir / fed.federation.slug / str(year)
    for doc in docs:  # a document reads the register of every meeting, and the year: plan.inputs
        expected = {f"{doc.stem}.{f}" for f in options.formats}
        if not options.force and unchanged(folder / MANIFEST, f"meetings/{doc.stem}", folder / "meetings",
                                           expected, plan.inputs, plan.plugins, settings, fed.workspace.root,
                                           plan.templates):
            progress(f"{fed.federation.slug} {year} meetings/{doc.stem}: unchanged")
            continue
        plan.pieces.append(Piece(f"meetings/{doc.stem}", "meetings/", make_meeting(fed, doc, options, renderer),
                                 report=False))
    return plan


def finish(plan: YearPlan, out: YearOutput, progress: Callable[[str], None] = lambda _: None,
           tracker: Tracker | None = None) -> list[Path]:
    """Wait for each document of ``plan`` in order and write it into ``out``, then the manifest.
    Raises the first document's error; the caller's staging copy is then thrown away."""
    fed, year, root = plan.fed, plan.year, plan.fed.workspace.root
    tracker = tracker or _Silent()
    settings = build_options(plan.options.formats, plan.options.pdf_variant)
    written: list[Path] = []
    entries: dict[str, dict[str, Any]] = {}
    for piece in plan.pieces:
        tracker.working(f"{fed.federation.slug} {year} {piece.key}")
        made = piece.making.made()
        if piece.report and made.draft and piece.moment is not None:
            for gap in fed.gaps(plan.loaded, piece.moment):
                progress(f"note: {fed.federation.slug}/{year}/{piece.key} is a draft (utkast) and lacks data: {gap}")
        written += [out.write(f"{piece.folder}{name}", content) for name, content in made.outputs.items()]
        entry = report_entry(made.outputs, plan.inputs, made.templates, plan.plugins, root)
        entry["options"] = settings
        if piece.report:
            entry["moment"] = piece.moment
            entry["status"] = "utkast" if made.draft else "beslutad"
        entries[piece.key] = entry
        tracker.advance()
        progress(f"{fed.federation.slug} {year} {piece.key}{' (utkast)' if piece.report and made.draft else ''}: "
                 f"{', '.join(made.outputs)} ({made.seconds:.1f} s)")
    written += [out.write(name, content) for name, content in plan.extra.items()]
    if not (entries or plan.manifest):
        return written
    whole_year = None if plan.whole_year is None else {
        "stamp": plan.whole_year, "files": {name: sha256(content) for name, content in sorted(plan.extra.items())},
        "notes": plan.notes}
    manifest = merged_manifest(out.path(MANIFEST), fed.federation.slug, year, entries, whole_year)
    return [*written, out.write(MANIFEST, manifest)]


@contextmanager
def _output(fed: FederationBuild, year: int, options: Options, given: YearOutput | None) -> Iterator[YearOutput]:
    """The staging copy to write into: the one a caller opened for several steps, else one for this step."""
    if given is not None:
        yield given
        return
    with year_output(options.out_dir / fed.federation.slug / str(year)) as output:
        yield output


def publish_year(fed: FederationBuild, year: int, report_ids: list[str] | None, options: Options,
                 progress: Callable[[str], None] = lambda _: None, moment_id: str | None = None,
                 output: YearOutput | None = None) -> list[Path]:
    """Build the year's reports (all of the federation's report types when None), each at its moment,
    and the sammanträdesplan as iCalendar, in this process.

    A draft's missing data is reported through ``progress`` as notes; the draft is built with
    "Uppgift saknas" in those places.
    """
    plan = plan_year(fed, year, report_ids, options, progress=progress, moment_id=moment_id,
                     current=output.path("") if output else None)
    with _output(fed, year, options, output) as out:
        return finish(plan, out, progress)


def publish_meetings(fed: FederationBuild, year: int, wanted: str | None, document: str | None,
                     options: Options, progress: Callable[[str], None] = lambda _: None,
                     output: YearOutput | None = None) -> list[Path]:
    """Build the year's meeting documents (``wanted``: a meeting id or date; None for all, with
    every document each has) into ``<out>/<slug>/<year>/meetings/``, in this process."""
    plan = plan_meetings(fed, year, wanted, document, options, progress=progress,
                         current=output.path("") if output else None)
    if not plan.pieces:
        return []
    with _output(fed, year, options, output) as out:
        return finish(plan, out, progress)
