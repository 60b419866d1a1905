"""Builds at scale: N federations × 3 reports, made with ``build --all --jobs``.

Run: .venv/bin/python benchmarks/scale.py                       # PDF and HTML, N = 10, 30, 100 (about 6 minutes)
     .venv/bin/python benchmarks/scale.py --formats html        # a quick run (under a minute)
     .venv/bin/python benchmarks/scale.py --sizes 10,30 --jobs 2

A temporary workspace gets N copies of an example federation (default: skellefteregionen, whose
three reports are short), each its own federation with its own name (so every copy's reports
differ), the repository's plugins and shared templates. Each size is built from scratch with
``rapportkarna build --all --report verksamhetsplan --report delarsrapport --report
arsredovisning --jobs J`` as a user runs it; the benchmark prints the wall time, the time per
report, the peak memory (VmHWM) of the main process and of each worker, and how the time grows
from the smallest size to the largest. The baseline, in the same run: the smallest size built
with ``--jobs 1`` (everything in one process). Each build runs with the tool's cache turned off
(RAPPORTKARNA_CACHE_DIR=off), as a first build on a new machine. Writes only into a temporary folder.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import bench  # benchmarks/bench.py: what the benchmarks share

ROOT, CLI = bench.ROOT, bench.CLI
REPORTS = ("verksamhetsplan", "delarsrapport", "arsredovisning")


def workspace(folder: Path, source: str, count: int) -> Path:
    """A workspace with ``count`` federations derived from ``source``: named apart, data as is."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "plugins", folder / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", folder / "templates")
    original = ROOT / "federations" / source
    config = (original / "federation.toml").read_text(encoding="utf-8")
    for number in range(1, count + 1):
        target = folder / "federations" / f"{source}-{number:03d}"
        shutil.copytree(original, target, ignore=shutil.ignore_patterns("kolada"))
        # the organisation's name, on every page and in every title: each copy's files differ
        derived = re.sub(r'^(name|short_name) = "([^"]*)"', rf'\1 = "\2 {number}"', config, count=2,
                         flags=re.MULTILINE)
        (target / "federation.toml").write_text(derived, encoding="utf-8")
    return folder


def _children(pid: int) -> list[int]:
    """The build's worker processes: its children running the same command (forked from it), not the
    short-lived helpers a library may start."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and _cmdline(entry) == command:
                found.append(int(entry.name))
    return found


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def _peak(pid: int) -> int | None:
    """VmHWM in kB: the process's peak resident memory so far."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


def build(root: Path, formats: str, jobs: int) -> tuple[float, int, list[int]]:
    """(wall seconds, the main process's peak kB, each worker's peak kB) of one full build."""
    out = root / f"build-{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    command = [CLI, "--root", str(root), "build", "--all", *(a for r in REPORTS for a in ("--report", r)),
               "--format", formats, "--jobs", str(jobs), "--out", str(out)]
    peaks: dict[int, int] = {}
    start = time.perf_counter()
    # from scratch: without the tool's cache of compiled templates and charts (rapportkarna.cache)
    process = subprocess.Popen(command, env={**os.environ, "CI": "1", "RAPPORTKARNA_CACHE_DIR": "off"},
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    main_peak = 0
    while process.poll() is None:  # VmHWM only grows: the last reading before a process ends is its peak
        main_peak = max(main_peak, _peak(process.pid) or 0)
        for child in _children(process.pid):
            peaks[child] = max(peaks.get(child, 0), _peak(child) or 0)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    errors = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{errors[-3000:]}")
    made = len(list(out.glob("*/*/*.html")))
    expected = len(list((root / "federations").iterdir())) * len(REPORTS)
    if made != expected:
        raise SystemExit(f"expected {expected} reports, found {made}")
    return seconds, main_peak, [p for p in peaks.values() if p]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,30,100", help="federation counts, comma-separated")
    parser.add_argument("--formats", default="html,pdf", help="html for a quick run")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--source", default="skellefteregionen", help="the example federation to copy")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"{args.source} × N, reports {', '.join(REPORTS)}, --format {args.formats}, {os.cpu_count()} cores")
    print(f"{'N':>4} {'jobs':>4} {'reports':>7} {'wall s':>8} {'s/report':>8} {'main MB':>8} {'worker MB (peak each)':>24}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, size in enumerate(sizes):
            root = workspace(Path(tmp) / f"n{size}", args.source, size)
            runs = [1, args.jobs] if index == 0 and args.jobs != 1 else [args.jobs]  # baseline: smallest, --jobs 1
            for jobs in runs:
                seconds, main_kb, workers = build(root, args.formats, jobs)
                reports = size * len(REPORTS)
                shown = ", ".join(f"{kb / 1024:.0f}" for kb in sorted(workers)) or "-"
                print(f"{size:4d} {jobs:4d} {reports:7d} {seconds:8.1f} {seconds / reports:8.2f} "
                      f"{main_kb / 1024:8.0f} {shown:>24}", flush=True)
                rows.append((size, jobs, seconds))
            shutil.rmtree(root)
    ours = [(size, seconds) for size, jobs, seconds in rows if jobs == args.jobs]
    if len(ours) > 1:
        (small, t_small), (large, t_large) = ours[0], ours[-1]
        print(f"\ngrowth {small} → {large} federations: time × {t_large / t_small:.1f} for × {large / small:.0f} "
              f"the reports (per report {t_small / small / 3:.2f} s → {t_large / large / 3:.2f} s)")
    if "pdf" not in args.formats:
        print("HTML only: everything is made in the main process (workers make the PDFs)")
    baseline = [seconds for size, jobs, seconds in rows if jobs == 1 and size == sizes[0]]
    if baseline and args.jobs != 1:
        paired = [seconds for size, jobs, seconds in rows if jobs == args.jobs and size == sizes[0]]
        print(f"N = {sizes[0]}: --jobs {args.jobs} is {baseline[0] / statistics.median(paired):.2f}× as fast as "
              f"--jobs 1 (the baseline, same run)")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
