"""Whole-process times of the quick commands: ``list``, ``validate SLUG`` and an HTML-only build of
one report, each run several times in a fresh process (as a user runs them), with Python's own
start-up as the baseline in the same run.

Run: .venv/bin/python benchmarks/startup.py [--repeat N] [--slug norrbotten --year 2011 --report arsredovisning]
Target (issue 11): each command at most 0.35 s. Writes only into a temporary folder.

The tool's cache (compiled templates, drawn charts: rapportkarna.cache) is a folder of this run's
own, filled by the warm-up run, as a user's is after their first build; the same commands with the
cache turned off are measured too, as what a first run on a new machine costs.
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

import bench  # benchmarks/bench.py: what the benchmarks share

CLI = [bench.CLI]  # the installed command, as a user runs it
TARGET = 0.35


def timed(commands: dict[str, tuple[list[str], str]], repeat: int) -> dict[str, list[float]]:
    """Wall times of ``repeat`` rounds, each running every command once in turn, so that a slow
    spell of the machine falls on all of them alike (its speed varies by up to 1.5× over minutes).
    One warm-up round first fills the OS's file cache and the tool's own cache (unless "off")."""
    for command, cache in commands.values():
        bench.run(command, cache)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (command, cache) in commands.items():
            times[name].append(bench.run(command, cache))
    return times


def main() -> None:
    args = bench.report_arguments(__doc__, repeat=10)
    with tempfile.TemporaryDirectory() as out:
        build = [*CLI, "build", args.slug, "--year", args.year, "--report", args.report, "--format", "html",
                 "--force", "--out", out]
        cache = str(Path(out) / "cache")
        commands = {
            "python -c pass (baseline)": ([sys.executable, "-c", "pass"], cache),
            "list": ([*CLI, "list"], cache),
            f"validate {args.slug}": ([*CLI, "validate", args.slug], cache),
            f"build {args.slug} {args.report} html": (build, cache),
            # the same command without rapportkarna.console's start and end (the collector on while
            # modules import, the interpreter torn down at exit): what that module saves
            f"validate {args.slug}, Python's own start and exit": (
                [sys.executable, "-c", "from rapportkarna.cli import main; main()", "validate", args.slug], cache),
            f"validate {args.slug}, cache off": ([*CLI, "validate", args.slug], "off"),
            f"build {args.slug} {args.report} html, cache off": (build, "off"),
        }
        print(f"{'command':<52} {'median s':>9} {'min s':>7} {'max s':>7}  target")
        for name, times in timed(commands, args.repeat).items():
            target = "" if "," in name or "baseline" in name else (
                f"≤ {TARGET} s {'ok' if statistics.median(times) <= TARGET else 'OVER'}")
            print(f"{name:<52} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}  {target}")
    print(f"\n{args.repeat} rounds, each command once a round; load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
