"""Rendering a federation's reports for a year and writing them, all or nothing per report.

Each report is rendered completely (HTML and PDF) in memory before anything is written; each
file is then replaced atomically, so a failed build leaves the last good files untouched.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapportkarna.accessibility import check_html
from rapportkarna.atomic import write_atomic
from rapportkarna.build import FederationBuild
from rapportkarna.errors import RapportError
from rapportkarna.loader import CONFIG_FILE
from rapportkarna.manifest import files_digest, merged_manifest, plugin_entry, report_entry
from rapportkarna.pdf import render_pdf

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    pdf_variant: str = "ua"


def check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise RapportError(f"unknown format {', '.join(unknown) or '(none)'}; expected html, pdf or both")


def publish_year(fed: FederationBuild, year: int, report_ids: list[str] | None, options: Options,
                 progress: Callable[[str], None] = lambda _: None, moment_id: str | None = None) -> list[Path]:
    """Build the year's reports (all of the federation's report types when None), each at its moment.

    A draft's missing data is reported through ``progress`` as notes; the draft is built with
    "Uppgift saknas" in those places.
    """
    check_formats(options.formats)
    loaded = fed.load(year)
    jobs, notes = fed.jobs(loaded, report_ids, moment_id)
    for note in notes:
        progress(f"note: {note}")
    root = fed.workspace.root
    folder = options.out_dir / fed.federation.slug / str(year)
    inputs = files_digest([fed.federation.root / CONFIG_FILE, fed.federation.root / str(year),
                           fed.federation.templates_dir], root)
    plugins = [plugin_entry(info, root) for info in fed.plugins.describe()]
    written: list[Path] = []
    entries = {}
    for job in jobs:
        started = time.perf_counter()
        name = f"{fed.federation.slug}/{year}/{job.stem}"
        rendered = fed.render_job(loaded, job)
        check_html(rendered.html, name)
        if rendered.draft and job.moment is not None:
            for gap in fed.gaps(loaded, job.moment.id):
                progress(f"note: {name} is a draft (utkast) and lacks data: {gap}")
        outputs: dict[str, bytes] = {}
        if "html" in options.formats:
            outputs[f"{job.stem}.html"] = rendered.html.encode("utf-8")
        if "pdf" in options.formats:
            outputs[f"{job.stem}.pdf"] = render_pdf(
                rendered.html, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots(),
                variant=options.pdf_variant, name=name)
        for file_name, content in outputs.items():
            write_atomic(folder / file_name, content)
            written.append(folder / file_name)
        entries[job.stem] = report_entry(outputs, inputs, rendered.templates, plugins, root)
        entries[job.stem]["moment"] = job.moment.id if job.moment else None
        entries[job.stem]["status"] = "utkast" if rendered.draft else "beslutad"
        progress(f"{fed.federation.slug} {year} {job.stem}{' (utkast)' if rendered.draft else ''}: "
                 f"{', '.join(outputs)} ({time.perf_counter() - started:.1f} s)")
    manifest = folder / "manifest.json"
    write_atomic(manifest, merged_manifest(manifest, fed.federation.slug, year, entries))
    return [*written, manifest]
