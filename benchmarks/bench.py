"""What the benchmarks share: where the project is, the installed command as a user runs it, one
timed run of it, and the arguments that choose a report. Not a benchmark itself."""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "rapportkarna")


def run(command: list[str], cache: str | None = None) -> float:
    """Seconds one run of ``command`` takes, whole process, from the project folder (``CI``: no
    progress line; ``cache``: the tool's cache folder, or "off", for this run)."""
    env = {**os.environ, "CI": "1", **({"RAPPORTKARNA_CACHE_DIR": cache} if cache is not None else {})}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def report_arguments(doc: str | None, repeat: int) -> argparse.Namespace:
    """``--repeat`` and the report measured (``--slug``, ``--year``, ``--report``: Norrbotten's
    årsredovisning 2011 unless told)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--slug", default="norrbotten")
    parser.add_argument("--year", default="2011")
    parser.add_argument("--report", default="arsredovisning")
    return parser.parse_args()
