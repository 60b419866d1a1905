"""The checks on the rendered HTML (rapportkarna.accessibility), which look only at the tags they
need: images, the document's language and its title, outside comments, scripts and style sheets."""

import pytest

from rapportkarna.accessibility import AccessibilityError, check_html

PAGE = '<!DOCTYPE html><html lang="sv"><head><title>Årsredovisning 2011</title>{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize("body", [
    '<img src="logo.svg" alt="Kommunförbundet Norrbotten">',
    '<img alt="intäkter > kostnader" src="a.png">',  # a '>' inside a quoted value is not the tag's end
    '<img src="streck.svg" role="presentation">',
    '<!-- <img src="bortkommenterad.png"> -->',
    '<script type="application/json">{"html": "<img src=x>"}</script>',
])
def test_a_page_whose_images_all_have_alt_text_passes(body):
    check_html(PAGE.format(head="<style>img[src] > b { }</style>", body=body), "r")


@pytest.mark.parametrize(("page", "fault"), [
    (PAGE.format(head="", body='<p>Text</p><IMG SRC="diagram.png" ALT="  ">'), "image without alt text: diagram.png"),
    (PAGE.format(head="", body='<img alt="a > b" src="ok.png"><img src="utan.png">'),
     "image without alt text: utan.png"),
    (PAGE.replace(' lang="sv"', ""), '<html> has no lang attribute (expected lang="sv")'),
    (PAGE.replace("Årsredovisning 2011", " "), "the document has no <title>"),
    ("<p>no document at all</p>", '<html> has no lang attribute (expected lang="sv"); the document has no <title>'),
])
def test_what_is_missing_is_named(page, fault):
    with pytest.raises(AccessibilityError, match="^rapport: not accessible: " + fault.replace("(", r"\(")
                       .replace(")", r"\)")):
        check_html(page.format(head="", body=""), "rapport")
