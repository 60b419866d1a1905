"""``build --all`` of the example federations: with 1 worker and with N, and a build with nothing to do.

Run: .venv/bin/python benchmarks/jobs.py [--repeat R] [--jobs N]     (about 3 minutes with R = 2)

Paired in one run, round by round, as a user runs them (whole process, into a temporary folder):
``rapportkarna build --all --force --jobs 1`` (everything in one process: the baseline) and
``--jobs N`` (default: the number of cores); the files of the two must be the same bytes. Then
the same ``build --all`` again without ``--force``, when nothing has changed (every report and
document is passed over as unchanged). Targets (issue 11): --jobs 2 at least 1.8 × as fast as
--jobs 1 on a 2-core machine; the build with nothing to do at most 0.5 s.
"""

import argparse
import filecmp
import os
import statistics
import tempfile
from pathlib import Path

import bench  # benchmarks/bench.py: what the benchmarks share


def run(*args: str, cache: str) -> float:
    """``build --all ARGS``, whole process, with the tool's cache in ``cache`` (this run's own)."""
    return bench.run([bench.CLI, "build", "--all", *args], cache)


def same_tree(a: Path, b: Path) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in compared.common_dirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    one, many, nothing = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out1, outn, cache = Path(tmp) / "one", Path(tmp) / "many", str(Path(tmp) / "cache")
        for _ in range(args.repeat):  # paired: each round runs both
            one.append(run("--force", "--jobs", "1", "--out", str(out1), cache=cache))
            many.append(run("--force", "--jobs", str(args.jobs), "--out", str(outn), cache=cache))
        identical = same_tree(out1, outn)
        for _ in range(max(3, args.repeat)):
            nothing.append(run("--out", str(outn), cache=cache))
    print(f"build --all of the examples, whole process, median of {args.repeat} paired rounds, "
          f"{os.cpu_count()} cores")
    print(f"  --jobs 1 (baseline)   {statistics.median(one):7.2f} s")
    print(f"  --jobs {args.jobs:<14} {statistics.median(many):7.2f} s   "
          f"{statistics.median(one) / statistics.median(many):.2f} × as fast (target ≥ 1.8 with 2 jobs)")
    print(f"  same bytes with 1 and {args.jobs} jobs: {'yes' if identical else 'NO'}")
    print(f"  nothing changed       {statistics.median(nothing):7.2f} s   (median of {len(nothing)}; target ≤ 0.5 s)")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
