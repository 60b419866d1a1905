"""Time building every example report: load+validate, HTML render and PDF render, per report.

Run: .venv/bin/python benchmarks/build_all.py [--repeat N]
Writes nothing into the repository; prints a table and the total wall time of a full build.
The load column is paired with its baseline in the same run: "files ms" reads and validates the
year's files and moments only (loader.load_year), "load ms" adds what a build does on top (the
plugins' checks, the moments' references, adoption and missing data, meetings of every year).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rapportkarna.build import FederationBuild
from rapportkarna.loader import load_year
from rapportkarna.pdf import render_pdf
from rapportkarna.plugins import discover
from rapportkarna.publish import Options, publish_year
from rapportkarna.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


Row = tuple[str, float, float, float, float, int]


def stages(workspace: Workspace, repeat: int) -> list[Row]:
    catalogue = discover([workspace.plugins_dir])
    rows = []
    for federation in workspace.federations():
        for year in federation.report_years:
            files, loads = [], []
            for _ in range(repeat):
                fed = FederationBuild(workspace, federation, catalogue)  # fresh: no cached years
                _, seconds = timed(lambda: load_year(federation.root, federation.config, year, fed.extensions))
                files.append(seconds)
                loaded, seconds = timed(lambda: fed.load(year))
                loads.append(seconds)
            jobs, _ = fed.jobs(loaded)
            for job in jobs:
                html_times, pdf_times, size = [], [], 0
                for _ in range(repeat):
                    rendered, seconds = timed(lambda: fed.render_job(loaded, job))
                    html_times.append(seconds)
                    pdf, seconds = timed(lambda: render_pdf(rendered.html, base_dir=federation.root,
                                                            allowed_roots=fed.allowed_roots()))
                    pdf_times.append(seconds)
                    size = len(pdf)
                rows.append((f"{federation.slug}/{year}/{job.stem}", statistics.median(files),
                             statistics.median(loads), statistics.median(html_times),
                             statistics.median(pdf_times), size))
    return rows


def full_build(workspace: Workspace) -> float:
    catalogue = discover([workspace.plugins_dir])
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        for federation in workspace.federations():
            fed = FederationBuild(workspace, federation, catalogue)
            for year in federation.report_years:
                publish_year(fed, year, None, Options(out_dir=Path(out)))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workspace = Workspace(ROOT)
    rows = stages(workspace, args.repeat)
    print(f"{'report':<42} {'files ms':>8} {'load ms':>8} {'html ms':>8} {'pdf ms':>8} {'pdf kB':>7}")
    for name, files, load, html, pdf, size in rows:
        print(f"{name:<42} {files * 1000:8.1f} {load * 1000:8.1f} {html * 1000:8.1f} {pdf * 1000:8.1f} "
              f"{size / 1024:7.0f}")
    total = full_build(workspace)
    print(f"\nfull build of {len(rows)} reports (HTML + PDF + manifests, written): {total:.2f} s "
          f"({total / max(len(rows), 1):.2f} s per report), median of {args.repeat} for the stages")


if __name__ == "__main__":
    main()
