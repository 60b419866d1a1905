"""PDF/UA: every example PDF passes the offline checkers pdfua (no errors, no warnings) and outloud
(no errors; its warnings only of the kinds docs/accessibility.md explains), and every internal link
— each Innehåll entry among them — lands on the page of the heading it names.

The examples are built once per session (``examples``); tests/test_axe.py checks their HTML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from rapportkarna.cli import main
from rapportkarna.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[1]

#: outloud's warnings that remain, each explained in docs/accessibility.md: judgement calls of a
#: heuristic, not defects the tool can decide. Any other warning fails the test.
EXPLAINED_WARNINGS = {"ORD-001", "PAG-001", "LNK-010"}

_built: dict[str, Path] = {}


def build_examples(tmp_root: Path) -> Path:
    """Every example federation's reports and meeting documents, HTML and PDF, built once."""
    if "ua" not in _built:
        out = tmp_root / "examples"
        result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--all", "--out", str(out)])
        assert result.exit_code == 0, result.output
        _built["ua"] = out
    return _built["ua"]


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_examples(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def examples_pdfa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One federation's reports as PDF/A-3a (all four would double the build for little more)."""
    out = tmp_path_factory.mktemp("pdfa")
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "skellefteregionen", "--out", str(out),
                                       "--format", "pdf", "--pdf-variant", "a", "--report", "arsredovisning",
                                       "--report", "verksamhetsplan"])
    assert result.exit_code == 0, result.output
    return out


def pdfs(folder: Path) -> list[Path]:
    found = sorted(folder.rglob("*.pdf"))
    assert found, f"no PDF under {folder}"
    return found


def _pdfua_findings(path: Path) -> list[str]:
    import pdfua

    report = pdfua.validate(str(path))
    return [f"{finding.rule_id} {finding.severity.name} page {finding.location.page}: {finding.message[:160]}"
            for finding in report.findings if finding.severity >= pdfua.Severity.WARNING]


def _outloud(path: Path) -> tuple[list[str], set[str]]:
    import outloud

    result = outloud.check(str(path))
    assert result.error is None, f"{path.name}: outloud could not read it: {result.error}"
    errors = [f"{f.rule} page {f.page}: {f.message} ({f.evidence})" for f in result.findings if f.severity == "error"]
    warnings = {f.rule for f in result.findings if f.severity == "warning"}
    return errors, warnings


def _check_all(folder: Path, base: Path) -> list[str]:
    failures = []
    for path in pdfs(folder):
        name = str(path.relative_to(base))
        failures += [f"{name}: pdfua {line}" for line in _pdfua_findings(path)]
        errors, warnings = _outloud(path)
        failures += [f"{name}: outloud {line}" for line in errors]
        failures += [f"{name}: outloud warning {rule} is not explained in docs/accessibility.md"
                     for rule in sorted(warnings - EXPLAINED_WARNINGS)]
    return failures


def test_every_example_pdf_passes_pdfua_and_outloud(examples):
    failures = _check_all(examples, examples)
    assert not failures, "\n".join(failures)


def test_the_pdfa_variant_also_identifies_as_pdf_ua_and_passes(examples_pdfa):
    for path in pdfs(examples_pdfa):
        xmp = pypdf.PdfReader(path).xmp_metadata
        assert xmp is not None
        data = xmp.stream.get_data().decode("utf-8")
        assert 'pdfaid:part="3"' in data or "<pdfaid:part>3</pdfaid:part>" in data, path.name
        assert 'pdfuaid:part="1"' in data, path.name
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in data, path.name  # PDF/A's extension schema
    failures = _check_all(examples_pdfa, examples_pdfa)
    assert not failures, "\n".join(failures)


def test_the_remaining_warnings_are_explained_in_the_docs():
    text = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for rule in EXPLAINED_WARNINGS:
        assert rule in text, rule


# --- links ----------------------------------------------------------------------------------------

class _Targets(HTMLParser):
    """Internal links of an HTML document, and the heading text of each element with an id."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.labelled_by: dict[str, str] = {}
        self.heading_of: dict[str, str] = {}  # id of an element → text of the first heading in or of it
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self._heading: list[str] | None = None
        self._heading_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.links.append(href[1:])
        ident = values.get("id")
        if ident and values.get("aria-labelledby"):
            self.labelled_by[ident] = values["aria-labelledby"] or ""
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._open.append((tag, ident))
        if tag in self.HEADINGS and self._heading is None:
            self._heading = []
            self._heading_ids = [i for _, i in self._open if i and i not in self.heading_of]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HEADINGS and self._heading is not None:
            text = " ".join("".join(self._heading).split())
            for ident in self._heading_ids:
                self.heading_of.setdefault(ident, text)
            self._heading = None
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def heading(self, ident: str) -> str | None:
        labelled = self.labelled_by.get(ident)
        if labelled and labelled in self.heading_of:
            return self.heading_of[labelled]
        return self.heading_of.get(ident)


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    names: dict[str, int] = {}

    def walk(node: pikepdf.Dictionary) -> None:
        if "/Names" in node:
            pairs = list(node.Names)
            for name, target in zip(pairs[::2], pairs[1::2], strict=True):
                array = target.D if isinstance(target, pikepdf.Dictionary) else target
                names[str(name)] = pages[array[0].objgen]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.Names.Dests)
    return names


def _links(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Dictionary]]:
    for number, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == pikepdf.Name.Link:
                yield number, annotation


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)  # pypdf's extraction may break lines and drop spaces differently


def _link_failures(path: Path) -> list[str]:
    """What is wrong with ``path``'s links: flags, descriptions, and where internal ones go."""
    failures: list[str] = []
    html = _Targets()
    html.feed(path.with_suffix(".html").read_text(encoding="utf-8"))
    reader = pypdf.PdfReader(path)
    texts: dict[int, str] = {}

    def page_text(number: int) -> str:  # extracted only for pages links go to: extraction is slow
        if number not in texts:
            texts[number] = _normal(reader.pages[number].extract_text())
        return texts[number]

    with pikepdf.open(path) as pdf:
        destinations = _named_destinations(pdf) if "/Names" in pdf.Root else {}
        linked: set[str] = set()
        for number, link in _links(pdf):
            contents = str(link.get("/Contents", ""))
            if not int(link.get("/F", 0)) & 4:
                failures.append(f"page {number + 1}: a link annotation without the print flag")
            if not contents or contents.startswith("#") or contents in destinations:
                failures.append(f"page {number + 1}: link described as {contents!r}, not by its text")
            if "/Dest" not in link:
                continue
            target = str(link.Dest)
            linked.add(target)
            heading = html.heading(target)
            if target not in destinations:
                failures.append(f"link to #{target} has no destination")
            elif heading is None:
                failures.append(f"#{target} names no heading in the HTML")
            elif _normal(heading) not in page_text(destinations[target]):
                failures.append(f"the link to #{target} ({contents}) goes to page {destinations[target] + 1}, "
                                f"but its heading {heading!r} is not there")
    missing = sorted(set(html.links) - linked)
    if missing:
        failures.append("no working link in the PDF for " + ", ".join(f"#{m}" for m in missing))
    return failures


def test_every_internal_link_lands_on_the_page_of_its_heading(examples):
    failures = [f"{path.relative_to(examples)}: {line}" for path in pdfs(examples) for line in _link_failures(path)]
    assert not failures, "\n".join(failures)


def test_the_innehall_lists_every_section_with_a_working_link(examples):
    for path in pdfs(examples):
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
        if toc is None:
            continue  # a meeting document has no Innehåll
        wanted = re.findall(r'href="#([^"]+)"', toc.group(0))
        with pikepdf.open(path) as pdf:
            on_pages: dict[int, list[str]] = {}
            for number, link in _links(pdf):
                if "/Dest" in link:
                    on_pages.setdefault(number, []).append(str(link.Dest))
        toc_page = max(on_pages, key=lambda number: len(on_pages[number]))
        assert toc_page == 1, f"{path.name}: the Innehåll is the second page"
        assert len(wanted) >= 5 and set(on_pages[toc_page]) == set(wanted), path.name


# --- the repairs, on small documents ---------------------------------------------------------------

def _render(body: str, tmp_path: Path) -> pikepdf.Pdf:
    html = (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Finansiering av projektet 2011</title>'
            f'<style>@page {{ @bottom-right {{ content: "Sida " counter(page); }} }}</style></head>'
            f"<body>{body}</body></html>")
    (tmp_path / "prov.html").write_text(html, encoding="utf-8")
    data = render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path], name="prov")
    assert data == render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path], name="prov")  # deterministic
    (tmp_path / "prov.pdf").write_bytes(data)
    return pikepdf.open(tmp_path / "prov.pdf")


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: object) -> None:
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_a_skipped_heading_level_is_closed_up_and_siblings_stay_siblings(tmp_path):
    with _render("<h1>Del</h1><h3>Indikatorer</h3><p>a</p><h3>Nyckelaktiviteter</h3><h4>Detalj</h4>"
                 "<h1>Nästa</h1><h2>Under</h2>", tmp_path) as pdf:
        roles = [str(e.S) for e in _elements(pdf) if re.fullmatch(r"/H\d", str(e.S))]
    assert roles == ["/H1", "/H2", "/H2", "/H3", "/H1", "/H2"]


def test_table_headers_have_scopes_and_rowgroup_headings_head_their_group(tmp_path):
    table = ('<table><caption>Budget</caption><thead><tr><th scope="col">Kostnadsställe</th><th scope="col">2011</th>'
             '<th scope="col">2010</th></tr></thead><tbody><tr><th scope="rowgroup" colspan="3">Intäkter</th></tr>'
             '<tr><th scope="row">Avgifter</th><td>10</td><td>9</td></tr></tbody>'
             '<tbody><tr><th scope="rowgroup">Kostnader</th><td></td><td></td></tr>'
             '<tr><th scope="row">Personal</th><td>-8</td><td>-7</td></tr></tbody></table>')
    with _render(table, tmp_path) as pdf:
        cells = [e for e in _elements(pdf) if str(e.S) in ("/TH", "/TD")]
        ids = {str(e.ID): e for e in cells if "/ID" in e}
        text_of = {str(e.ID): i for i, e in enumerate(cells) if "/ID" in e}
        scopes = [str(e.A.get("/Scope")) for e in cells if str(e.S) == "/TH"]
        headers = [[text_of[str(h)] for h in e.A.Headers] for e in cells if str(e.S) == "/TD"]
    assert scopes == ["/Column", "/Column", "/Column", "/Row", "/Row", "/Row", "/Row"]
    # cells: 0-2 column heads, 3 Intäkter (spans the row), 4 Avgifter, 5-6 data, 7 Kostnader (the HTML's
    # scope="rowgroup" though it spans one column), 8-9 empty cells beside it, 10 Personal, 11-12 data
    assert headers == [[3, 4, 1], [3, 4, 2], [7, 1], [7, 2], [7, 10, 1], [7, 10, 2]]
    assert len(ids) == 7


def test_running_headers_are_artifacts_and_links_say_their_text(tmp_path):
    body = '<p><a href="#mal">Läs om målen</a></p><h1 id="mal">Mål</h1><p>Text.</p>'
    with _render(body, tmp_path) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
        (link,) = [a for _, a in _links(pdf)]
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums[1])
        reachable = {e.objgen for e in _elements(pdf)}
        assert b"/Artifact" in content
        assert all(entry is None or entry.objgen in reachable for entry in nums)  # nothing tagged outside the tree
        assert str(link.Contents) == "Läs om målen" and int(link.F) & 4


def test_the_link_check_fails_on_a_link_that_does_not_work(tmp_path):
    """An <a> that is a flex item gets no link annotation from WeasyPrint: the check must say so."""
    body = ('<ol><li style="display: flex"><a style="flex: 1" href="#mal">Mål</a></li></ol>'
            '<p><a href="#mal">Till målen</a></p><h1 id="mal">Mål</h1>')
    _render(body, tmp_path).close()
    assert _link_failures(tmp_path / "prov.pdf") == []  # the second link works, so #mal is linked
    body = '<ol><li style="display: flex"><a style="flex: 1" href="#mal">Mål</a></li></ol><h1 id="mal">Mål</h1>'
    _render(body, tmp_path).close()
    assert _link_failures(tmp_path / "prov.pdf") == ["no working link in the PDF for #mal"]


TABLE = ('<table><caption>Finansiering</caption><thead><tr><th scope="col">Finansiär</th>'
         '<th scope="col">Belopp</th><th scope="col">Andel</th></tr></thead><tbody>'
         + "".join(f'<tr><th scope="row">Kommun {n}</th><td>{n}00</td><td>{n} %</td></tr>' for n in range(1, 5))
         + '</tbody><tfoot><tr><th scope="row">Summa</th><td>1000</td><td>100 %</td></tr></tfoot></table>')


def test_the_checkers_fail_on_weasyprints_own_pdf_and_pass_on_ours(tmp_path):
    """WeasyPrint's PDF alone has header cells without /Scope, a corner header no cell refers to
    and an untagged page number: both checkers say so. After rapportkarna.pdf_ua, neither does."""
    from weasyprint import HTML

    html = (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Finansiering av projektet 2011</title>'
            f'<style>@page {{ @bottom-right {{ content: "Sida " counter(page); }} }}</style></head>'
            f"<body><h1>Prov</h1>{TABLE}</body></html>")
    raw = tmp_path / "raw" / "prov.pdf"
    raw.parent.mkdir()
    raw.write_bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
    assert any("UA-15-003" in line for line in _pdfua_findings(raw))
    assert any(line.startswith("TBL-002") for line in _outloud(raw)[0])
    ours = tmp_path / "ours" / "prov.pdf"
    ours.parent.mkdir()
    ours.write_bytes(render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path], name="prov"))
    assert _check_all(ours.parent, tmp_path) == []


def test_a_table_over_several_pages_is_one_table_with_one_head(tmp_path):
    rows = "".join(f'<tr><th scope="row">Rad {n}</th><td>{n}</td><td>{n * 2}</td></tr>' for n in range(90))
    table = (f'<table><caption>Lång</caption><thead><tr><th scope="col">Post</th><th scope="col">A</th>'
             f'<th scope="col">B</th></tr></thead><tbody>{rows}</tbody></table>')
    with _render(table, tmp_path) as pdf:
        assert len(pdf.pages) >= 3
        elements = _elements(pdf)
        roles = [str(e.S) for e in elements]
        cells = [e for e in elements if str(e.S) == "/TD"]
        assert roles.count("/Table") == 1 and roles.count("/THead") == 1 and roles.count("/TBody") == 1
        assert len(cells) == 180 and all(len(cell.A.Headers) == 2 for cell in cells)
    assert _check_all(tmp_path, tmp_path) == []


def test_list_items_in_a_div_are_lifted_into_their_list(tmp_path):
    body = '<dl><div><dt>Invånare</dt><dd>12 000</dd></div><div><dt>Kommuner</dt><dd>4</dd></div></dl>'
    with _render(body, tmp_path) as pdf:
        lists = [e for e in _elements(pdf) if str(e.S) == "/L"]
        assert lists and all(str(kid.S) == "/LI" for kid in lists[0].K)


def test_a_running_header_in_a_transparency_group_is_an_artifact_too(tmp_path):
    """A margin box with opacity is painted in a form of its own (drawn with ``/x1 Do``): its text
    is an artifact there, while the page's own text in another form keeps its id."""
    html = ('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Finansiering av projektet 2011</title>'
            '<style>@page { @top-center { content: "Löpande rubrik"; opacity: 0.5 } }</style></head>'
            '<body><h1>Mål</h1><p style="opacity: 0.5">Text.</p></body></html>')
    with pikepdf.open(io.BytesIO(render_pdf(html, base_dir=tmp_path, allowed_roots=[tmp_path]))) as pdf:
        forms = [form.read_bytes() for form in pdf.pages[0].Resources.XObject.values()]
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums[1])
    assert len(forms) == 2
    assert sum(b"/Artifact" in form and b"/MCID" not in form for form in forms) == 1
    assert sum(b"/MCID" in form for form in forms) == 1
    assert nums[0] is not None and nums[1] is not None and nums[2] is None  # h1, p, the header


def test_no_structure_element_is_left_outside_the_tree(tmp_path):
    """The margin boxes' elements, a table's repeated heads and joined pieces, empty elements and a
    list item's wrapper leave the tree; nothing in the file claims to be an element of it then."""
    rows = "".join(f'<tr><th scope="row">Rad {n}</th><td>{n}</td></tr>' for n in range(70))
    body = (f'<p><span></span>Text.</p><dl><div><dt>Invånare</dt><dd>12 000</dd></div></dl>'
            f'<table><caption>Lång</caption><thead><tr><th scope="col">Post</th><th scope="col">A</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')
    with _render(body, tmp_path) as pdf:
        assert len(pdf.pages) >= 2
        in_tree = {element.objgen for element in _elements(pdf)}
        elements = {obj.objgen for obj in pdf.objects
                    if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.StructElem}
        assert elements == in_tree
        assert "/Filter" not in pdf.Root.Metadata  # XMP readable as it stands
