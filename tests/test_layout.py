"""The print layout: no nearly empty pages, no heading alone at a page's foot, no heading with
nothing under it, and the report's title not repeated as its first heading.

The PDFs are counted with benchmarks/empty_pages.py (the same rule as the benchmark over every
example report); only three PDFs are built here: the mini federation's delårsrapport and
årsredovisning, and one example report that had three nearly empty pages before the sections ran on.
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from rapportkarna.build import FederationBuild
from rapportkarna.pdf import render_pdf
from rapportkarna.plugins import discover
from rapportkarna.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("empty_pages", ROOT / "benchmarks" / "empty_pages.py")
assert _spec is not None and _spec.loader is not None
empty_pages = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = empty_pages  # its dataclasses look their module up
_spec.loader.exec_module(empty_pages)

ECONOMY_AS_APPENDIX = """
[reports.delarsrapport.sections.ekonomi]
part = "appendix"
"""


def pdf_of(fed: FederationBuild, report_id: str, year: int = 2011) -> tuple[bytes, str]:
    rendered = fed.render_html(fed.load(year), report_id)
    pdf = render_pdf(rendered.html, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots())
    return pdf, rendered.html


def assert_well_laid_out(name: str, pdf: bytes, html: str) -> "empty_pages.Result":
    result = empty_pages.analyse(name, pdf, html)
    assert result.nearly_empty == [], f"{name}: nearly empty pages (number, fill) {result.nearly_empty}"
    assert result.stranded == [], f"{name}: a heading at the foot of a page {result.stranded}"
    return result


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(line.text for line in page.lines) for page in empty_pages.read_pages(pdf)]


def test_the_mini_reports_run_on_with_the_parts_on_their_own_pages(mini):
    mini.append("federation.toml", ECONOMY_AS_APPENDIX)
    fed = mini.build()
    pages = {}
    for report_id in ("delarsrapport", "arsredovisning"):
        pdf, html = pdf_of(fed, report_id)
        assert_well_laid_out(f"test/2011/{report_id}", pdf, html)
        pages[report_id] = page_texts(pdf)
        # cover, Innehåll, then the main part: its sections one after the other on one page
        assert pages[report_id][1].startswith("Innehåll")
        assert pages[report_id][2].startswith("1. ") and "3. Uppdraget" in pages[report_id][2]  # 2. I korthet
    # the delårsrapport's bilaga starts a page of its own, after the main part
    assert len(pages["delarsrapport"]) == 4 and pages["delarsrapport"][3].startswith("Bilaga 1. Ekonomisk")


def test_an_example_report_has_no_nearly_empty_page():
    workspace = Workspace(ROOT)
    federation = next(f for f in workspace.federations() if f.slug == "skellefteregionen")
    fed = FederationBuild(workspace, federation, discover([workspace.plugins_dir]))
    pdf, html = pdf_of(fed, "verksamhetsplan", 2015)
    result = assert_well_laid_out("skellefteregionen/2015/verksamhetsplan", pdf, html)
    assert result.pages <= 9  # eleven pages when every section (I korthet too) started a page of its own


def test_the_counting_sees_an_empty_page_and_a_stranded_heading():
    html = ('<nav class="toc"><h1>Innehåll</h1></nav><section class="section part-main" id="a">'
            "<h1>Alfa</h1><p>Text.</p></section>")
    assert empty_pages.part_headings(html) == ["Innehåll", "1.Alfa"]
    assert "1.Alfa" in empty_pages.headings(html) and "Alfa" in empty_pages.headings(html)


def h1s(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)]


def toc(html: str) -> list[str]:
    nav = html[html.index('<nav class="toc"'):html.index("</nav>")]
    return re.findall(r'<a href="#[^"]+">([^<]*)</a>', nav)


def test_the_title_is_not_repeated_as_the_first_heading(mini, render):
    text = (mini.fed_dir / "federation.toml").read_text().replace('regime = "ideell_forening"', 'regime = "samverkan"')
    mini.write("federation.toml", text)
    html = render("arsredovisning")
    assert h1s(html)[0] == "Verksamhetsberättelse 2011"  # the cover
    assert h1s(html)[1:3] == ["Innehåll", "Inledning"]
    assert toc(html)[0] == "Inledning"
    assert html.count(">Verksamhetsberättelse<") == 0


def test_a_section_with_an_empty_body_is_not_printed_nor_listed(mini, render):
    mini.append("federation.toml", ECONOMY_AS_APPENDIX)
    mini.write("templates/sections/uppdraget.html",
               '{% extends "blocks/section.html" %}\n{% block body %}\n  \n{% endblock %}\n')
    html = render("delarsrapport")
    assert 'id="uppdraget"' not in html and 'href="#uppdraget"' not in html
    assert "Uppdraget" not in toc(html)
    assert "Bilaga 1. Ekonomisk uppföljning" in toc(html) or "Bilaga 1. Ekonomisk redovisning" in toc(html)
    # a bilaga with nothing in it goes too, and the next one is numbered without it
    mini.write("templates/sections/ekonomi.html", '{% extends "blocks/section.html" %}{% block body %}{% endblock %}')
    html = render("delarsrapport")
    assert 'id="ekonomi"' not in html and not any(entry.startswith("Bilaga") for entry in toc(html))


@pytest.mark.parametrize("items", [[], ["", "  "]])
def test_a_list_heading_without_items_is_not_printed(mini, render, items):
    activities = ", ".join(f'"{item}"' for item in items)
    mini.append("2011/year.toml", f"""
[[priorities]]
id = "p1"
title = "En prioritering"
description = "Beskrivning."
key_activities = [{activities}]
""")
    html = render("verksamhetsplan")
    assert "En prioritering" in html and "Nyckelaktiviteter" not in html


def test_a_body_without_description_or_people_gets_no_heading(mini, render):
    mini.append("federation.toml", """
[[organisation.bodies]]
id = "beredning"
kind = "beredning"
name = "Beredningen"
""")
    html = render("verksamhetsplan")
    assert "<h2>Beredningen</h2>" not in html and "<h2>Styrelsen</h2>" not in html
    assert "Organen är Styrelsen och Beredningen." in html
