"""Time reading a large SIE 4 file and building the statements from it.

Run: .venv/bin/python benchmarks/sie_read.py [--rows 100000] [--repeat 3]

Generates (into a temporary folder, nothing in the repository) a code page 437 file like a
kommunalförbund's year: about 25 000 vouchers with 100 000 #TRANS rows over 150 accounts and two
dimensions (kostnadsställe and projekt), with #IB, #UB and #RES that agree with the vouchers, so
that every check runs and passes. Prints wall time (best of --repeat) and peak memory
(tracemalloc, in a separate run, since tracing slows Python down; and the peak resident memory
of a fresh process, VmHWM or resource.getrusage) paired against a baseline in the same run: reading
the file, decoding it and splitting its lines.
The full stage is what a build does with a moment's SIE file: read and check it, apply the
Kommun-Bas mapping, run the reconciliation checks, compute utfall per kostnadsställe
(dimension 1) and lay out the resultaträkning, balansräkning and kassaflödesanalys with their
notes and key ratios.
Targets: at most 1.5 s and 200 MB for read + statements.
"""

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapportkarna.economy.accounts import map_books
from rapportkarna.economy.notes import number_notes
from rapportkarna.economy.operating import operating_outcomes
from rapportkarna.economy.overview import YearBooks, key_ratios
from rapportkarna.economy.reconcile import statement_checks
from rapportkarna.economy.statements import annual_statements, previous_year
from rapportkarna.model import Budget, BudgetLine, LineKind, MomentRef
from rapportkarna.model.economy import MomentEconomy
from rapportkarna.sie.encoding import decode
from rapportkarna.sie.figures import apply_mapping
from rapportkarna.sie.mapping import AccountMapping, load_mapping
from rapportkarna.sie.model import SieFile
from rapportkarna.sie.reader import read_sie

TARGET_SECONDS = 1.5
TARGET_MB = 200.0

BALANCE_ACCOUNTS = ["1220", "1229", "1510", "1710", "1930", "2010", "2210", "2310", "2440", "2710", "2920"]


def _accounts(rng: random.Random) -> dict[str, str]:
    """150 accounts: the balance accounts above and result accounts in classes 3–8."""
    names = {a: f"Balanskonto {a} åäö" for a in BALANCE_ACCOUNTS}
    result: set[str] = set()
    while len(result) < 150 - len(names) - 1:
        group = rng.choice(["30", "31", "35", "36", "40", "46", "51", "56", "57", "61", "64", "70", "74", "84", "85"])
        result.add(f"{group}{rng.randint(10, 99)}")
    names.update({a: f"Resultatkonto {a} Överföring" for a in sorted(result)})
    names["7810"] = "Avskrivningar inventarier"
    return names


def generate(path: Path, rows: int, seed: int = 2024) -> int:
    """Write the file; return the number of #TRANS rows written."""
    rng = random.Random(seed)
    accounts = _accounts(rng)
    result_accounts = [a for a in accounts if a[0] in "345678"]
    cost_centres = COST_CENTRES
    projects = [f"P{i:02d}" for i in range(30)]
    moved: defaultdict[str, Decimal] = defaultdict(Decimal)
    opening = {"1220": Decimal("500000.00"), "1229": Decimal("-200000.00"), "1930": Decimal("1200000.00"),
               "2010": Decimal("-900000.00"), "2210": Decimal("-400000.00"), "2440": Decimal("-200000.00")}
    body: list[str] = []
    written, number = 0, 0
    while written < rows:
        number += 1
        day = f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body.append(f'#VER A {number} {day} "Verifikation {number} för kansliet"')
        body.append("{")
        lines = min(rng.choice([2, 3, 4, 4, 5, 6]), rows - written)
        lines = max(lines, 2)
        total = Decimal(0)
        for _ in range(lines - 1):
            account = rng.choice(result_accounts)
            amount = Decimal(rng.randint(-500000, 500000)) / 100
            objects = f'{{1 "{rng.choice(cost_centres)}" 6 "{rng.choice(projects)}"}}' if rng.random() < 0.7 else "{}"
            body.append(f'#TRANS {account} {objects} {amount:.2f} {day} "Rad för {account}"')
            moved[account] += amount
            total += amount
        body.append(f"#TRANS 1930 {{}} {-total:.2f}")
        moved["1930"] -= total
        body.append("}")
        written += lines
    head = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "Benchmark" 1.0', "#GEN 20250115",
            '#FNAMN "Kommunalförbundet Prestanda"', "#ORGNR 222000-0000", '#KPTYP "Kommun-Bas 20"',
            "#RAR 0 20240101 20241231", "#RAR -1 20230101 20231231"]
    head += [f'#KONTO {a} "{name}"' for a, name in accounts.items()]
    head += ['#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"']
    head += [f'#OBJEKT 1 "{c}" "Kostnadsställe {c} Övrigt"' for c in cost_centres]
    head += [f'#OBJEKT 6 "{p}" "Projekt {p} Ärende"' for p in projects]
    for account in BALANCE_ACCOUNTS:
        start = opening.get(account, Decimal("0.00"))
        head += [f"#IB 0 {account} {start:.2f}", f"#UB 0 {account} {start + moved[account]:.2f}",
                 f"#UB -1 {account} {start:.2f}"]
    head += [f"#RES 0 {a} {moved[a]:.2f}" for a in result_accounts]
    text = "\r\n".join(head + body) + "\r\n"
    path.write_bytes(text.encode("cp437"))
    return written


def baseline(path: Path) -> int:
    return len(decode(path.read_bytes()).text.split("\n"))


def read_and_map(path: Path) -> Any:
    return apply_mapping(read_sie(path), load_mapping("kommun-bas"))


COST_CENTRES = [f"{100 + 10 * i}" for i in range(20)]


def budget() -> Budget:
    return Budget(lines=[BudgetLine(kostnadsstalle=f"Kostnadsställe {code}", kind=kind, code=code, budget=Decimal(0))
                         for code in COST_CENTRES for kind in LineKind])


def statements(sie: SieFile, mapping: AccountMapping) -> Any:
    """What a build computes from one moment's file, once it is read."""
    books, _ = map_books(MomentRef(2024, "bokslut"), sie, mapping)
    statement_checks(books, mapping)
    sums, _ = operating_outcomes(books, budget())
    tables = annual_statements(books, None, mapping, [])
    notes = number_notes(tables, books, previous_year(books, None), mapping, "Principer.", MomentEconomy(), None)
    return tables, notes, sums, key_ratios(YearBooks(2024, books, 0), mapping)


def read_and_build(path: Path) -> Any:
    return statements(read_sie(path), load_mapping("kommun-bas"))


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="#TRANS rows to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--rss-stage", nargs=2, metavar=("STAGE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_stage:
        _rss_stage(args.rss_stage[0], Path(args.rss_stage[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "benchmark.se"
        rows = generate(path, args.rows)
        sie = read_sie(path)
        print(f"file: {path.stat().st_size / 1e6:.1f} MB, {baseline(path)} lines, {len(sie.vouchers)} vouchers, "
              f"{rows} #TRANS rows, {len(sie.accounts)} accounts, {sum(len(o) for o in sie.objects.values())} objects in {len(sie.objects)} dimensions")
        del sie
        mapping = load_mapping("kommun-bas")
        sie = read_sie(path)
        stages: list[tuple[str, Callable[[], Any]]] = [
            ("baseline: read + decode + split lines", lambda: baseline(path)),
            ("read_sie (tokenize, convert, check)", lambda: read_sie(path)),
            ("apply_mapping (kommun-bas, 2 years)", lambda: apply_mapping(sie, mapping)),
            ("read_sie + load_mapping + apply_mapping", lambda: read_and_map(path)),
            ("statements, checks, dimension 1, notes", lambda: statements(sie, mapping)),
            ("read_sie + statements (what a build does)", lambda: read_and_build(path)),
        ]
        print(f"{'stage':<44}{'wall s':>9}{'peak MB':>10}")
        for name, fn in stages:
            print(f"{name:<44}{best_time(fn, args.repeat):>9.3f}{peak_mb(fn):>10.1f}")
        total, memory = best_time(lambda: read_and_build(path), args.repeat), peak_mb(lambda: read_and_build(path))
        verdict = "within" if total <= TARGET_SECONDS and memory <= TARGET_MB else "OVER"
        print(f"target {TARGET_SECONDS} s and {TARGET_MB:.0f} MB: {verdict} ({total:.3f} s, {memory:.1f} MB)")
        print(f"process peak RSS (fresh process each): baseline {rss_mb('baseline', path):.0f} MB, "
              f"read + statements {rss_mb('full', path):.0f} MB")


def rss_mb(stage: str, path: Path) -> float:
    """Peak resident memory of a fresh Python process that runs one stage once."""
    done = subprocess.run([sys.executable, __file__, "--rss-stage", stage, str(path)],
                          check=True, capture_output=True, text=True)
    return float(done.stdout)


def _rss_stage(stage: str, path: Path) -> None:
    baseline(path) if stage == "baseline" else read_and_build(path)
    # On Linux ru_maxrss carries over the parent's peak across fork and exec; the process's own
    # high-water mark is VmHWM in /proc. Both are in kilobytes.
    status = Path("/proc/self/status")
    if status.exists():
        peak = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
        print(int(peak.split()[1]) / 1e3)
    else:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3)


if __name__ == "__main__":
    main()
