"""A report's HTML as the plain text a reader sees, for assertions in tests.

Headings, paragraphs, list items and table rows each become a line; the cells of a row are
joined by " | "; the document's head (title, styles) is left out. Non-breaking and thin spaces
(the Swedish formatting puts them between digit groups and before units) become plain spaces, so
a test can write ``"Utfall: 65 st"`` and ``"1 234 567"``.
"""

import re
from html.parser import HTMLParser

#: Elements that start and end a line of their own.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
CELLS = frozenset({"td", "th"})
#: Elements whose content is not shown as text.
HIDDEN = frozenset({"head", "script", "style", "template", "title"})
#: HTML's collapsible white space (not the non-breaking kinds, which are normalised at the end).
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
UNICODE_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a]")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden_depth += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
            self.cells_in_row = 0 if tag == "tr" else self.cells_in_row
        elif tag in CELLS:
            self.parts.append(" | " if self.cells_in_row else "")
            self.cells_in_row += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:  # <br/>, <hr/>
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(COLLAPSIBLE.sub(" ", data))


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one line per block, without empty lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = UNICODE_SPACES.sub(" ", "".join(collector.parts))
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
