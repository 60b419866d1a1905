"""How fast the live preview shows an edit: a fresh build of the files as they are, then one
report's HTML — what ``rapportkarna serve`` does per request after a save (target: at most 0.3 s).

Paired in the same run with a baseline: rendering the same report again from a build whose data is
already loaded (what rendering alone costs).

Run: .venv/bin/python benchmarks/preview_render.py [--repeat N]
"""

import argparse
import statistics
import time
from pathlib import Path

from rapportkarna.build import FederationBuild
from rapportkarna.plugins import discover
from rapportkarna.preview import Preview
from rapportkarna.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workspace = Workspace(ROOT)
    catalogue = discover([workspace.plugins_dir])
    print(f"{'report':<42} {'after edit ms':>14} {'render only ms':>15}")
    worst = 0.0
    for federation in workspace.federations():
        preview = Preview(workspace, federation, catalogue)
        for year in federation.report_years:
            warm = FederationBuild(workspace, federation, catalogue)
            loaded = warm.load(year)
            for job in warm.jobs(loaded)[0]:
                fresh, only = [], []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    build = preview.fresh()
                    again = build.load(year)
                    build.render_job(again, next(j for j in build.jobs(again)[0] if j.stem == job.stem))
                    fresh.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    warm.render_job(loaded, job)
                    only.append(time.perf_counter() - start)
                median = statistics.median(fresh)
                worst = max(worst, median)
                print(f"{federation.slug + '/' + str(year) + '/' + job.stem:<42} {median * 1000:14.1f} "
                      f"{statistics.median(only) * 1000:15.1f}")
    print(f"\nslowest re-render after an edit: {worst * 1000:.0f} ms (target 300 ms)")


if __name__ == "__main__":
    main()
