"""The PDF path alone: our ``render_pdf`` against bare WeasyPrint on the same HTML, and the PDF/UA
finishing step (``pdf_ua.finish``) on its own.

Run: .venv/bin/python benchmarks/pdf_finish.py [--repeat N] [--all] [--gc]

The reports' HTML is built first with ``rapportkarna build --format html`` into a temporary
folder: Norrbotten 2011 årsredovisning and delårsrapport, Skellefteregionen 2015 and Umeåregionen
2013 årsredovisning (``--all``: every report of every example federation). Then, in this one
process, round by round and report by report, paired: (a) bare WeasyPrint,
``HTML(string=..., base_url=...).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=..., pdf_tags=True)``
with Python's default garbage collection, followed by ``gc.collect()`` (what ``render_pdf`` does
for its document, and a bare process pays when it exits); (b) ``rapportkarna.pdf.render_pdf`` with
the same options (it also reads the links' texts, restricts what may be read, and finishes the
PDF for PDF/UA while WeasyPrint writes it); (c) within (b), the time in ``pdf_ua.finish``. Each
column is the median of N rounds. Target (issue 11): (b) at most 1.0 × (a); (c) a small part of (b).

``--gc`` compares instead the garbage collector settings ``render_pdf`` could use (Python's
thresholds, the raised ones it used before, the collector off), each in a process of its own that
makes the reports' PDFs twice in a row as a build worker does: the time spent in the collector
during layout and writing and in the collections afterwards (``gc.callbacks``), the CPU time,
and the peak RSS. Writes only into a temporary folder.
"""

import argparse
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import bench  # benchmarks/bench.py: what the benchmarks share

ROOT, CLI = bench.ROOT, bench.CLI
REPORTS = [("norrbotten", "2011", "arsredovisning"), ("norrbotten", "2011", "delarsrapport"),
           ("skellefteregionen", "2015", "arsredovisning"), ("umearegionen", "2013", "arsredovisning")]

#: One process per GC setting: the reports' PDFs twice in a row, with the time the collector takes.
GC_CHILD = '''
import gc, json, resource, sys, time
from contextlib import contextmanager
from pathlib import Path
from rapportkarna import pdf
setting = json.loads(sys.argv[1])
spent = {"during": 0.0, "after": 0.0}
started = []
phase = ["during"]
def callback(stage, info):
    if stage == "start":
        started.append(time.perf_counter())
    else:
        spent[phase[0]] += time.perf_counter() - started.pop()
@contextmanager
def collections():
    before, enabled = gc.get_threshold(), gc.isenabled()
    if setting == "off":
        gc.disable()
    else:
        gc.set_threshold(*setting)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if enabled:
            gc.enable()
        phase[0] = "after"
        gc.collect()
        phase[0] = "during"
pdf._layout_collections = collections
import weasyprint, rapportkarna.pdf_ua
jobs = json.loads(sys.argv[2])
gc.callbacks.append(callback)
cpu = time.process_time()
with pdf.set_aside():  # as a build does
    for _ in range(2):
        for html, base in jobs:
            pdf.render_pdf(Path(html).read_text(encoding="utf-8"), base_dir=Path(base), allowed_roots=[Path(base)])
print(json.dumps({**spent, "cpu": time.process_time() - cpu,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''

GC_SETTINGS: dict[str, Any] = {"Python's thresholds (700, 10, 10)": [700, 10, 10],
                               "raised thresholds (50 000, 20, 100)": [50_000, 20, 100],
                               "collector off (render_pdf now)": "off"}


def build_html(out: Path, every: bool) -> list[tuple[str, Path, Path]]:
    """(name, HTML file, federation folder) of each report to measure, built into ``out``."""
    commands = ([["--all"]] if every else
                [[slug, "--year", year, "--report", report] for slug, year, report in REPORTS])
    for which in commands:
        subprocess.run([CLI, "build", *which, "--format", "html", "--out", str(out)], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ, "CI": "1"})
    found = (sorted(out.glob("*/*/*.html")) if every
             else [out / slug / year / f"{report}.html" for slug, year, report in REPORTS])
    return [(f"{path.parts[-3]} {path.parts[-2]} {path.stem}", path, ROOT / "federations" / path.parts[-3])
            for path in found]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def compare(reports: list[tuple[str, Path, Path]], repeat: int) -> None:
    from weasyprint import HTML

    from rapportkarna import pdf, pdf_ua

    finishing: list[float] = []
    original = pdf_ua.finish

    def finish(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = original(*args, **kwargs)
        finishing.append(time.perf_counter() - start)
        return result

    pdf_ua.finish = finish  # render_pdf looks it up when it writes
    times: dict[str, dict[str, list[float]]] = {name: {"bare": [], "ours": [], "finish": []} for name, _, _ in reports}
    texts = {name: html.read_text(encoding="utf-8") for name, html, _ in reports}

    def bare(html: str, base: Path) -> None:
        identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        HTML(string=html, base_url=base.resolve().as_uri() + "/").write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=identifier, pdf_tags=True)
        gc.collect()

    for round_number in range(repeat + 1):  # the first round warms caches (fonts, imports) and is not counted
        for name, _, base in reports:
            bare_seconds = timed(partial(bare, texts[name], base))
            ours = timed(partial(pdf.render_pdf, texts[name], base_dir=base, allowed_roots=[base]))
            if round_number:
                times[name]["bare"].append(bare_seconds)
                times[name]["ours"].append(ours)
                times[name]["finish"].append(finishing[-1])
    print(f"PDF path, in one process, median of {repeat} paired rounds")
    print(f"{'report':<40} {'bare s':>7} {'render_pdf s':>13} {'× bare':>7} {'finish ms':>10} {'% of ours':>10}")
    for name, columns in times.items():
        bare_median, ours_median, finish_median = (statistics.median(columns[k]) for k in ("bare", "ours", "finish"))
        print(f"{name:<40} {bare_median:7.2f} {ours_median:13.2f} {ours_median / bare_median:7.2f} "
              f"{finish_median * 1000:10.0f} {100 * finish_median / ours_median:9.1f} %")
    print(f"target: render_pdf ≤ 1.00 × bare; load average {os.getloadavg()[0]:.2f} (1 min)")


def compare_gc(reports: list[tuple[str, Path, Path]], repeat: int) -> None:
    jobs = json.dumps([[str(html), str(base)] for _, html, base in reports])
    results: dict[str, list[dict[str, float]]] = {name: [] for name in GC_SETTINGS}
    for _ in range(repeat):  # paired: each round runs every setting, one after another
        for name, setting in GC_SETTINGS.items():
            done = subprocess.run([sys.executable, "-c", GC_CHILD, json.dumps(setting), jobs], cwd=ROOT, check=True,
                                  capture_output=True, text=True)
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"GC while render_pdf makes {len(reports)} PDFs twice in a row, one process per setting, "
          f"median of {repeat} rounds")
    print(f"{'setting':<38} {'GC during s':>12} {'GC after s':>11} {'CPU s':>7} {'peak RSS MB':>12}")
    for name, rounds in results.items():
        during, after, cpu = (statistics.median(r[key] for r in rounds) for key in ("during", "after", "cpu"))
        print(f"{name:<38} {during:12.2f} {after:11.2f} {cpu:7.2f} {max(r['rss'] for r in rounds):12.0f}")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all", action="store_true", help="every report of every example federation")
    parser.add_argument("--gc", action="store_true", help="compare garbage collector settings instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reports = build_html(Path(tmp), args.all)
        if args.gc:
            compare_gc(reports, args.repeat)
        else:
            compare(reports, args.repeat)


if __name__ == "__main__":
    main()
