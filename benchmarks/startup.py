"""Whole-process times of the quick commands: ``list``, ``validate SLUG`` and an HTML-only build of
one report, each run several times in a fresh process (as a user runs them), with Python's own
start-up as the baseline in the same run.

Run: .venv/bin/python benchmarks/startup.py [--repeat N] [--slug norrbotten --year 2011 --report arsredovisning]
Target (issue 11): each command at most 0.35 s. Writes only into a temporary folder.

The tool's cache (compiled templates, drawn charts: rapportkarna.cache) is a folder of this run's
own, filled by the warm-up run, as a user's is after their first build; the same commands with the
cache turned off are measured too, as what a first run on a new machine costs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [str(Path(sys.executable).parent / "rapportkarna")]  # the installed command, as a user runs it
TARGET = 0.35


def timed(command: list[str], repeat: int, cache: str) -> list[float]:
    """Wall times of ``repeat`` runs (after one warm-up run that fills the OS's file cache and the
    tool's own cache, unless that is "off")."""
    env = {**os.environ, "CI": "1", "RAPPORTKARNA_CACHE_DIR": cache}  # CI: no progress line
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--slug", default="norrbotten")
    parser.add_argument("--year", default="2011")
    parser.add_argument("--report", default="arsredovisning")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        build = [*CLI, "build", args.slug, "--year", args.year, "--report", args.report, "--format", "html",
                 "--force", "--out", out]
        cache = str(Path(out) / "cache")
        commands = {
            "python -c pass (baseline)": ([sys.executable, "-c", "pass"], cache),
            "list": ([*CLI, "list"], cache),
            f"validate {args.slug}": ([*CLI, "validate", args.slug], cache),
            f"build {args.slug} {args.report} html": (build, cache),
            f"validate {args.slug}, cache off": ([*CLI, "validate", args.slug], "off"),
            f"build {args.slug} {args.report} html, cache off": (build, "off"),
        }
        print(f"{'command':<52} {'median s':>9} {'min s':>7} {'max s':>7}  target")
        for name, (command, where) in commands.items():
            times = timed(command, args.repeat, where)
            target = "" if "baseline" in name or "off" in name else (
                f"≤ {TARGET} s {'ok' if statistics.median(times) <= TARGET else 'OVER'}")
            print(f"{name:<52} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}  {target}")
    print(f"\n{args.repeat} runs each; load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
