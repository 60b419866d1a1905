"""Start-up cost of importing rapportkärna, and the cost of its number formatting.

Whole-process times of ``python -c "import rapportkarna.cli"`` (what every command imports) and of
``python -c "import rapportkarna.loader"`` (the model and the file readers), each the median of
several fresh processes, with ``python -c "import pydantic"`` as the baseline in the same run: what
is above it is rapportkärna's own modules and the libraries only they bring. Then, in this process,
``formatting.tal`` against Babel's ``format_decimal`` (what ``tal`` called before it had its own
Swedish formatter) over the same 10 000 amounts, with a check that the two texts agree.

Run: .venv/bin/python -m compileall -q src plugins   (once: this machine writes no .pyc by itself)
     .venv/bin/python benchmarks/imports.py [--repeat N] [--values N]
Target (issue 11): the quick commands in at most 0.35 s each (benchmarks/startup.py measures them).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


LIBRARIES = ("import click, pluggy, jinja2.sandbox, tomllib, decimal, json, hashlib\n"
             "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)")


def timed(code: str, repeat: int) -> list[float]:
    """Wall times of ``repeat`` fresh processes running ``code`` (after one warm-up run that fills
    the OS's file cache)."""
    command = [sys.executable, "-c", code]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def babel_tal(value: Decimal, decimals: int) -> str:
    """``tal`` as it was: rounded half up, then Babel's pattern for sv_SE."""
    from babel.numbers import format_decimal

    number = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(number, format=pattern, locale="sv_SE", decimal_quantization=False)
    return text.replace("-", "\u2212").replace("\u202f", "\u00a0")


def per_call(function: Callable[[Decimal, int], str], values: list[tuple[Decimal, int]]) -> tuple[float, list[str]]:
    """Seconds for formatting every value once (best of three), and the texts."""
    best, texts = float("inf"), []
    for _ in range(3):
        start = time.perf_counter()
        texts = [function(value, decimals) for value, decimals in values]
        best = min(best, time.perf_counter() - start)
    return best, texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--values", type=int, default=10_000)
    args = parser.parse_args()

    print(f"{'import (fresh process)':<44} {'median s':>9} {'min s':>7} {'max s':>7}  above baseline")
    baseline = 0.0
    for name, code in {"python -c 'import pydantic' (baseline)": "import pydantic",
                       # the libraries `validate` and a build cannot do without, with one model made:
                       # the floor under every quick command, whatever rapportkarna does
                       "libraries only (pydantic, click, pluggy, jinja2)": LIBRARIES,
                       "python -c 'import rapportkarna.loader'": "import rapportkarna.loader",
                       "python -c 'import rapportkarna.cli'": "import rapportkarna.cli"}.items():
        times = timed(code, args.repeat)
        median = statistics.median(times)
        baseline = baseline or median
        above = "" if "baseline" in name else f"{median - baseline:+.3f} s"
        print(f"{name:<44} {median:9.3f} {min(times):7.3f} {max(times):7.3f}  {above}")

    from rapportkarna.formatting import tal

    # amounts as the reports format them: kronor with öre, from a few kronor to billions, both signs
    rng = random.Random(11)
    values = [(Decimal(rng.randint(-10**12, 10**12)).scaleb(-rng.choice((0, 2))), rng.choice((0, 0, 1, 2)))
              for _ in range(args.values)]
    babel_time, babel_texts = per_call(babel_tal, values)
    tal_time, tal_texts = per_call(tal, values)
    differ = sum(a != b for a, b in zip(babel_texts, tal_texts, strict=True))
    print(f"\n{'formatting ' + format(args.values, ',').replace(',', ' ') + ' amounts (in process)':<44} "
          f"{'total ms':>9} {'µs/call':>8}")
    for name, seconds in (("babel.numbers.format_decimal (tal before)", babel_time), ("formatting.tal", tal_time)):
        print(f"{name:<44} {seconds * 1000:9.1f} {seconds / args.values * 1e6:8.2f}")
    print(f"tal is {babel_time / tal_time:.1f}× faster; texts that differ: {differ}")
    print(f"\n{args.repeat} processes each; load average {os.getloadavg()[0]:.2f} (1 min)")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
