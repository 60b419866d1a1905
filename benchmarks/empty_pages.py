"""Count the nearly empty pages of every example report's PDF: pages a reader turns to find little on.

Run: .venv/bin/python benchmarks/empty_pages.py [--pdf-dir DIR] [--verbose]
Without --pdf-dir every report of every example federation (all years, all moments; no meeting
documents) is built in memory from the current templates; with --pdf-dir the reports already built
into DIR/<slug>/<year>/<report>.pdf (as `rapportkarna build --all --out DIR` writes them) are read,
each with the .html beside it. Writes nothing into the repository.

The rule, per page:

* **fill** is how far down the page body the text reaches: from the top of the body (the @page
  top margin, 22 mm) to the baseline of the lowest text line above the bottom margin (24 mm), as
  a share of the body's height. The running header (organisation, UTKAST, title) and the page
  number stand in the margins and do not count. A page without text in its body has fill 0.
  Text positions come from pypdf's text visitor (the same library the tests use). Images are not
  seen; the example reports have none but the cover's logo.
* A page is **the last page of a part** if it is the document's last page, or if the next page
  begins (its first body text) with the heading that starts a part. The parts are read from the
  report's HTML: the cover (page 1), the Innehåll (the heading of nav.toc), the main part (the
  heading of the first main section, "1. <title>") and every bilaga ("Bilaga n. <title>").
* A page is **nearly empty** if its fill is under a quarter and it is not the last page of a part.

Also counted, as a check of "a heading is never the last thing on a page": **stranded** headings,
non-final pages whose last body lines are exactly a heading or a table caption of the HTML.

Prints per report: pages, the nearly empty pages (numbers and fill), the stranded headings; and
the totals. Exit status 0 always: this is a measurement; tests/test_layout.py asserts on it.
"""

from __future__ import annotations

import argparse
import html as htmllib
import re
import sys
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]

MM = 72 / 25.4
#: the page margins of templates/css/report.css (@page: 22mm 20mm 24mm 22mm)
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 24 * MM
#: a page whose text reaches less far down the body than this share is nearly empty
THRESHOLD = 0.25


@dataclass
class Line:
    y: float  # baseline, from the page's bottom edge
    text: str


@dataclass
class Page:
    number: int
    fill: float
    lines: list[Line]  # body lines, top to bottom

    def head(self, chars: int) -> str:
        """The first ``chars`` characters of the page body, without whitespace."""
        out = ""
        for line in self.lines:
            out += squeeze(line.text)
            if len(out) >= chars:
                break
        return out


@dataclass
class Result:
    name: str
    pages: int
    nearly_empty: list[tuple[int, float]] = field(default_factory=list)
    stranded: list[tuple[int, str]] = field(default_factory=list)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def part_headings(html: str) -> list[str]:
    """The headings that start a part after the cover, as they are printed (whitespace removed)."""
    starts = []
    toc = re.search(r'<nav class="toc"[^>]*>\s*<h1[^>]*>(.*?)</h1>', html, re.S)
    if toc:
        starts.append(_text(toc.group(1)))
    first_main = re.search(r'<section class="section part-main[^"]*"[^>]*>\s*<h1[^>]*>(.*?)</h1>', html, re.S)
    if first_main:
        starts.append("1. " + _text(first_main.group(1)))  # the counter report.css puts before it
    for appendix in re.finditer(r'<section class="section part-appendix[^"]*"[^>]*>\s*<h1[^>]*>(.*?)</h1>', html, re.S):
        starts.append(_text(appendix.group(1)))
    return [squeeze(s) for s in starts if s]


def headings(html: str) -> set[str]:
    """Every heading and table caption of the body (whitespace removed), for the stranded check."""
    found = set()
    for match in re.finditer(r"<(h[1-6]|caption)\b[^>]*>(.*?)</\1>", html, re.S):
        text = squeeze(_text(match.group(2)))
        if text:
            found.add(text)
    # the main sections' h1 are printed with their number before them
    for number, match in enumerate(re.finditer(
            r'<section class="section part-main[^"]*"[^>]*>\s*<h1[^>]*>(.*?)</h1>', html, re.S), start=1):
        found.add(squeeze(f"{number}. {_text(match.group(1))}"))
    return found


def read_pages(pdf: bytes | Path) -> list[Page]:
    reader = PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        top, bottom = height - TOP_MARGIN, BOTTOM_MARGIN
        items: list[tuple[float, float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  items: list[tuple[float, float, str]] = items) -> None:
            if not text.strip():
                return
            e, f = tm[4], tm[5]
            x = e * cm[0] + f * cm[2] + cm[4]
            y = e * cm[1] + f * cm[3] + cm[5]
            items.append((y, x, text))

        page.extract_text(visitor_text=visit)
        body = [(y, x, t) for y, x, t in items if bottom - 2 <= y <= top + 2]
        rows: dict[int, list[tuple[float, str]]] = {}
        for y, x, t in body:
            rows.setdefault(round(y), []).append((x, t))
        lines = [Line(y, " ".join(t.strip() for _, t in sorted(parts)))
                 for y, parts in sorted(rows.items(), reverse=True)]
        lowest = min((y for y, _, _ in body), default=top)
        fill = max(0.0, min(1.0, (top - lowest) / (top - bottom)))
        pages.append(Page(number, fill, lines))
    return pages


def analyse(name: str, pdf: bytes | Path, html: str) -> Result:
    pages = read_pages(pdf)
    starts = part_headings(html)
    known = headings(html)
    result = Result(name, len(pages))
    for index, page in enumerate(pages):
        last = index == len(pages) - 1
        if not last:
            following = pages[index + 1].head(max((len(s) for s in starts), default=0))
            end_of_part = any(following.startswith(s) for s in starts)
        else:
            end_of_part = True
        if page.fill < THRESHOLD and not end_of_part:
            result.nearly_empty.append((page.number, page.fill))
        if not last and page.lines:
            tail = ""
            for line in reversed(page.lines):
                tail = squeeze(line.text) + tail
                if tail in known:
                    result.stranded.append((page.number, line.text if tail == squeeze(line.text) else tail))
                    break
                if len(tail) > 200:
                    break
    return result


def built_reports() -> list[tuple[str, bytes, str]]:
    """Every example report, rendered in memory: (slug/year/stem, pdf, html)."""
    from rapportkarna.build import FederationBuild
    from rapportkarna.pdf import render_pdf
    from rapportkarna.plugins import discover
    from rapportkarna.workspace import Workspace

    workspace = Workspace(ROOT)
    catalogue = discover([workspace.plugins_dir])
    out = []
    for federation in workspace.federations():
        fed = FederationBuild(workspace, federation, catalogue)
        for year in federation.report_years:
            loaded = fed.load(year)
            jobs, _ = fed.jobs(loaded)
            for job in jobs:
                rendered = fed.render_job(loaded, job)
                pdf = render_pdf(rendered.html, base_dir=federation.root, allowed_roots=fed.allowed_roots())
                out.append((f"{federation.slug}/{year}/{job.stem}", pdf, rendered.html))
    return out


def read_reports(folder: Path) -> list[tuple[str, Path, str]]:
    """The reports built into ``folder`` (meeting documents left out)."""
    out = []
    for pdf in sorted(folder.glob("*/*/*.pdf")):
        html = pdf.with_suffix(".html")
        if html.exists():
            out.append((str(pdf.relative_to(folder).with_suffix("")), pdf, html.read_text(encoding="utf-8")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf-dir", type=Path, help="read the reports built into this folder instead of building")
    parser.add_argument("--verbose", action="store_true", help="print every page's fill")
    args = parser.parse_args()
    reports: list[tuple[str, bytes | Path, str]] = []
    reports.extend(read_reports(args.pdf_dir) if args.pdf_dir else built_reports())
    if not reports:
        sys.exit(f"no reports found in {args.pdf_dir}")
    total_pages = total_empty = total_stranded = 0
    print(f"{'report':<42} {'pages':>5} {'empty':>5} {'strand':>6}  nearly empty pages (fill)")
    for name, pdf, html in reports:
        result = analyse(name, pdf, html)
        total_pages += result.pages
        total_empty += len(result.nearly_empty)
        total_stranded += len(result.stranded)
        empty = ", ".join(f"{n} ({fill:.0%})" for n, fill in result.nearly_empty) or "–"
        print(f"{name:<42} {result.pages:5} {len(result.nearly_empty):5} {len(result.stranded):6}  {empty}")
        for number, heading in result.stranded:
            print(f"{'':<42} stranded heading at the foot of page {number}: {heading!r}")
        if args.verbose:
            for page in read_pages(pdf):
                first = page.lines[0].text[:50] if page.lines else ""
                print(f"{'':<8} page {page.number:3}: fill {page.fill:4.0%}  {first}")
    print(f"{'total':<42} {total_pages:5} {total_empty:5} {total_stranded:6}")


if __name__ == "__main__":
    main()
