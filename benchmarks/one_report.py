"""One report, whole process: `rapportkarna build` against bare WeasyPrint on the same HTML.

Run: .venv/bin/python benchmarks/one_report.py [--repeat N] [--slug norrbotten --year 2011 --report arsredovisning]

Paired in one run, round by round: (a) ``rapportkarna build SLUG --report R --year Y --format pdf
--force`` as a user runs it (load, check, HTML, PDF, PDF/UA finishing, staging, manifest), with the
default workers and with ``--jobs 1``; (b) a script that only imports WeasyPrint and writes the PDF
of the HTML that build made, with the same options (PDF/UA-1, tagged, the same identifier and base
URL), as WeasyPrint's defaults leave them. Target (issue 11): (a) at most 1.0 × (b). Writes only
into a temporary folder.
"""

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import bench  # benchmarks/bench.py: what the benchmarks share

ROOT, CLI = bench.ROOT, bench.CLI

BARE = '''
import hashlib, sys
from weasyprint import HTML
html = open(sys.argv[1], encoding="utf-8").read()
identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3], pdf_variant="pdf/ua-1", pdf_identifier=identifier,
                                                 pdf_tags=True)
'''


def main() -> None:
    args = bench.report_arguments(__doc__, repeat=5)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        which = [args.slug, "--report", args.report, "--year", args.year]
        subprocess.run([CLI, "build", *which, "--format", "html", "--out", str(out / "html")], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ, "CI": "1"})
        html = out / "html" / args.slug / args.year / f"{args.report}.html"
        script = out / "bare.py"
        script.write_text(BARE, encoding="utf-8")
        base = (ROOT / "federations" / args.slug).resolve().as_uri() + "/"
        commands = {
            "rapportkarna build (default --jobs)": [CLI, "build", *which, "--format", "pdf", "--force",
                                                   "--out", str(out / "a")],
            "rapportkarna build --jobs 1": [CLI, "build", *which, "--format", "pdf", "--force", "--jobs", "1",
                                            "--out", str(out / "b")],
            "bare WeasyPrint, same HTML and options": [sys.executable, str(script), str(html), base,
                                                       str(out / "bare.pdf")],
        }
        for command in commands.values():  # warm the file cache
            bench.run(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # paired: each round runs all three, one after another
            for name, command in commands.items():
                times[name].append(bench.run(command))
    bare = statistics.median(times["bare WeasyPrint, same HTML and options"])
    print(f"{args.slug} {args.year} {args.report}, PDF, whole process, median of {args.repeat} paired rounds")
    print(f"{'':<42} {'median s':>9} {'min s':>7} {'× bare':>7}")
    for name, values in times.items():
        print(f"{name:<42} {statistics.median(values):9.2f} {min(values):7.2f} {statistics.median(values) / bare:7.2f}")
    print(f"target: rapportkarna build ≤ 1.00 × bare; load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
