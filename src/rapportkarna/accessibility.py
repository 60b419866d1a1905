"""Checks on the rendered HTML that PDF/UA needs and templates could get wrong: every image has
a text alternative, and the document says its language and title."""

import re
from html.parser import HTMLParser

from rapportkarna.errors import RapportError


class AccessibilityError(RapportError):
    pass


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.missing_alt: list[str] = []
        self.lang: str | None = None
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag == "img" and not (values.get("alt") or "").strip() and values.get("role") != "presentation":
            self.missing_alt.append((values.get("src") or "?")[:60])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


#: What the checks need of a document: its ``<html>`` and ``<img>`` start tags (a ``>`` inside a
#: quoted attribute value included) and its ``<title>`` element, outside comments, scripts and
#: style sheets. Only these are parsed: parsing a whole report took 13 ms of each report's build.
_NOT_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
_CHECKED = re.compile(r"""<(?:html|img)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<title\b.*?</title\s*>""", re.S | re.I)


def check_html(html: str, name: str) -> None:
    """Raise naming what is missing: an image's alt text, the document's lang or title."""
    scan = _Scan()
    scan.feed("".join(_CHECKED.findall(_NOT_MARKUP.sub("", html))))
    scan.close()
    faults = [f"image without alt text: {src}" for src in scan.missing_alt]
    if not scan.lang:
        faults.append('<html> has no lang attribute (expected lang="sv")')
    if not scan.title.strip():
        faults.append("the document has no <title>")
    if faults:
        raise AccessibilityError(f"{name}: not accessible: " + "; ".join(faults))
