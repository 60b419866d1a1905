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
                 progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Build the year's reports (all of the federation's report types when None)."""
    check_formats(options.formats)
    data = fed.year_data(year)
    ids = report_ids or list(fed.report_types)
    for report_id in ids:
        fed.report_type(report_id)  # unknown ids fail before anything is rendered
    root = fed.workspace.root
    folder = options.out_dir / fed.federation.slug / str(year)
    inputs = files_digest([fed.federation.root / CONFIG_FILE, fed.federation.root / str(year),
                           fed.federation.templates_dir], root)
    plugins = [plugin_entry(info, root) for info in fed.plugins.describe()]
    written: list[Path] = []
    entries = {}
    for report_id in ids:
        started = time.perf_counter()
        rendered = fed.render_html(data, report_id)
        check_html(rendered.html, f"{fed.federation.slug}/{year}/{report_id}")
        outputs: dict[str, bytes] = {}
        if "html" in options.formats:
            outputs[f"{report_id}.html"] = rendered.html.encode("utf-8")
        if "pdf" in options.formats:
            outputs[f"{report_id}.pdf"] = render_pdf(
                rendered.html, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots(),
                variant=options.pdf_variant, name=f"{fed.federation.slug}/{year}/{report_id}")
        for name, content in outputs.items():
            write_atomic(folder / name, content)
            written.append(folder / name)
        entries[report_id] = report_entry(outputs, inputs, rendered.templates, plugins, root)
        progress(f"{fed.federation.slug} {year} {report_id}: {', '.join(outputs)} "
                 f"({time.perf_counter() - started:.1f} s)")
    manifest = folder / "manifest.json"
    write_atomic(manifest, merged_manifest(manifest, fed.federation.slug, year, entries))
    return [*written, manifest]
