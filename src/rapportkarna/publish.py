"""Rendering a federation's reports for a year and writing them, all or nothing per report.

Each report is rendered completely (HTML and PDF) in memory before anything is written; each
file is then replaced atomically, so a failed build leaves the last good files untouched.
"""

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapportkarna.accessibility import check_html
from rapportkarna.build import FederationBuild, ReportJob
from rapportkarna.errors import RapportError
from rapportkarna.incremental import build_options, unchanged, year_inputs
from rapportkarna.loader import LoadedYear
from rapportkarna.manifest import merged_manifest, plugin_entry, report_entry
from rapportkarna.meetings.calendar import sammantradesplan_ics
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


def _outputs(fed: FederationBuild, html: str, stem: str, name: str, options: Options) -> dict[str, bytes]:
    """The files of one rendered document, in memory: nothing is written before all are made."""
    check_html(html, name)
    outputs: dict[str, bytes] = {}
    if "html" in options.formats:
        outputs[f"{stem}.html"] = html.encode("utf-8")
    if "pdf" in options.formats:
        outputs[f"{stem}.pdf"] = render_pdf(html, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots(),
                                            variant=options.pdf_variant, name=name)
    return outputs


def _write(output: YearOutput, folder: str, outputs: dict[str, bytes]) -> list[Path]:
    return [output.write(f"{folder}{file_name}", content) for file_name, content in outputs.items()]


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
    and the sammanträdesplan as iCalendar.

    A draft's missing data is reported through ``progress`` as notes; the draft is built with
    "Uppgift saknas" in those places.
    """
    check_formats(options.formats)
    loaded = fed.load(year)
    jobs, notes = fed.jobs(loaded, report_ids, moment_id)
    for note in notes:
        progress(f"note: {note}")
    root = fed.workspace.root
    inputs = year_inputs(fed, year)
    plugins = [plugin_entry(info, root) for info in fed.plugins.describe()]
    with _output(fed, year, options, output) as out:
        return _publish_jobs(fed, loaded, jobs, options, progress, out, inputs, plugins, report_ids is None
                             and moment_id is None)


def _publish_jobs(fed: FederationBuild, loaded: LoadedYear, jobs: list[ReportJob], options: Options,
                  progress: Callable[[str], None], out: YearOutput, inputs: dict[str, str],
                  plugins: list[dict[str, Any]], with_plan: bool) -> list[Path]:
    year, root = loaded.year, fed.workspace.root
    written: list[Path] = []
    entries = {}
    settings = build_options(options.formats, options.pdf_variant)
    for job in jobs:
        started = time.perf_counter()
        name = f"{fed.federation.slug}/{year}/{job.stem}"
        expected = {f"{job.stem}.{f}" for f in options.formats}
        if not options.force and unchanged(out.path(MANIFEST), job.stem, out.path(""), expected, inputs, plugins,
                                           settings, root):
            progress(f"{fed.federation.slug} {year} {job.stem}: unchanged")
            continue
        rendered = fed.render_job(loaded, job)
        if rendered.draft and job.moment is not None:
            for gap in fed.gaps(loaded, job.moment.id):
                progress(f"note: {name} is a draft (utkast) and lacks data: {gap}")
        outputs = _outputs(fed, rendered.html, job.stem, name, options)
        if rendered.provenance:
            outputs[f"{job.stem}.{PROVENANCE}"] = provenance_json(rendered.provenance)
        written += _write(out, "", outputs)
        entries[job.stem] = report_entry(outputs, inputs, rendered.templates, plugins, root)
        entries[job.stem]["options"] = settings
        entries[job.stem]["moment"] = job.moment.id if job.moment else None
        entries[job.stem]["status"] = "utkast" if rendered.draft else "beslutad"
        progress(f"{fed.federation.slug} {year} {job.stem}{' (utkast)' if rendered.draft else ''}: "
                 f"{', '.join(outputs)} ({time.perf_counter() - started:.1f} s)")
    if loaded.data.meeting_plan and with_plan:
        ics = sammantradesplan_ics(loaded.data.meeting_plan, fed.federation.config.organisation,
                                   fed.federation.slug, year)
        written += _write(out, "", {ICS_FILE: ics})
    manifest = merged_manifest(out.path(MANIFEST), fed.federation.slug, year, entries)
    return [*written, out.write(MANIFEST, manifest)]


def publish_meetings(fed: FederationBuild, year: int, wanted: str | None, document: str | None,
                     options: Options, progress: Callable[[str], None] = lambda _: None,
                     output: YearOutput | None = None) -> list[Path]:
    """Build the year's meeting documents (``wanted``: a meeting id or date; None for all, with
    every document each has) into ``<out>/<slug>/<year>/meetings/``."""
    check_formats(options.formats)
    fed.load(year)  # the year's meetings are checked with the rest of its data
    meetings = {k: m for k, m in fed.meetings().items() if m.date.year == year}
    if wanted:
        docs = [d for meeting in select(meetings, wanted, year) for d in documents_for(meeting, document)]
    else:  # every meeting of the year, with each document it has (or only the kind asked for)
        docs = [MeetingDocument(m, d) for m in sorted(meetings.values(), key=lambda m: (m.date, m.id))
                for d in documents_of(m) if document in (None, d)]
    root = fed.workspace.root
    plugins = [plugin_entry(info, root) for info in fed.plugins.describe()]
    written: list[Path] = []
    entries = {}
    rendered_docs = []
    inputs = year_inputs(fed, year)  # a document reads the register of every meeting, and the year
    settings = build_options(options.formats, options.pdf_variant)
    current = options.out_dir / fed.federation.slug / str(year)
    for doc in docs:  # everything is made before anything is written
        started = time.perf_counter()
        name = f"{fed.federation.slug}/{year}/meetings/{doc.stem}"
        expected = {f"{doc.stem}.{f}" for f in options.formats}
        if not options.force and unchanged(current / MANIFEST, f"meetings/{doc.stem}", current / "meetings",
                                           expected, inputs, plugins, settings, root):
            progress(f"{fed.federation.slug} {year} meetings/{doc.stem}: unchanged")
            continue
        rendered = fed.render_meeting(doc)
        outputs = _outputs(fed, rendered.html, doc.stem, name, options)
        entries[f"meetings/{doc.stem}"] = report_entry(outputs, inputs, rendered.templates, plugins, root)
        entries[f"meetings/{doc.stem}"]["options"] = settings
        rendered_docs.append(outputs)
        progress(f"{fed.federation.slug} {year} meetings/{doc.stem}: {', '.join(outputs)} "
                 f"({time.perf_counter() - started:.1f} s)")
    if not entries:
        return []
    with _output(fed, year, options, output) as out:
        for outputs in rendered_docs:
            written += _write(out, "meetings/", outputs)
        manifest = merged_manifest(out.path(MANIFEST), fed.federation.slug, year, entries)
        return [*written, out.write(MANIFEST, manifest)]
