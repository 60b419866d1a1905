"""What WeasyPrint's tagged PDF lacks for PDF/UA-1, added afterwards with pikepdf.

WeasyPrint (70) tags the document, but:

- it tags the page margin boxes (running header, "Sida n (m)", UTKAST) as content that no
  structure element holds: they become artifacts here (ISO 14289-1 7.1);
- its table header cells carry no ``/Scope``, and a header cell that heads a row group or the
  column of row headers is referenced by no data cell: every TH gets a scope, every TD the
  headers that head it (7.5);
- its link annotations describe themselves with the anchor id ("#inledning") and are not marked
  for printing: they get the link's text and the print flag (7.18.5);
- it tags a table split over pages as one table per page, and a <div> in a <dl> as a /Div
  between the list and its items: tables are joined, items lifted (7.5, 7.6);
- a heading level may jump (H1 → H3) when a template nests headings deeper than the section it
  stands in: levels are closed up so that each heading is at most one below the one it follows (7.4.2);
- the PDF/A variant does not also identify as PDF/UA: its XMP gets ``pdfuaid:part`` and the
  extension schema PDF/A requires for it (7.1, ISO 19005-3 6.6.2.3).

Everything here is a pure function of the PDF's bytes and of what was read from the laid-out
document (the links' texts, the tables' scopes and pieces), so the same input gives the same
output, byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

#: The XMP that makes a PDF/A file also declare PDF/UA-1, with the extension schema that PDF/A
#: requires for every property outside its predefined schemas.
_UA_XMP = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>'
    '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>'
    '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>'
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    '<pdfaProperty:name>part</pdfaProperty:name>'
    '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>'
    '<pdfaProperty:category>internal</pdfaProperty:category>'
    '<pdfaProperty:description>Indicates which part of ISO 14289 the document conforms to</pdfaProperty:description>'
    '</rdf:li></rdf:Seq></pdfaSchema:property>'
    '</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>'
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
)

_HEADING = re.compile(r"^/H([1-6])$")


class PdfUaError(Exception):
    """The PDF does not have the shape this module expects from WeasyPrint (a bug, not bad input)."""


def finish(pdf_bytes: bytes, *, link_texts: Sequence[Sequence[str]], variant: str,
           layout: TableLayout | None = None) -> bytes:
    """``pdf_bytes`` with the PDF/UA repairs above. ``link_texts[p]`` are the texts of page
    ``p``'s link annotations, in the order WeasyPrint wrote them (see :func:`link_texts`);
    ``layout`` what WeasyPrint knew of the tables while it wrote (see :class:`TableLayout`)."""
    with Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            raise PdfUaError("the PDF has no structure tree (was it written with pdf_tags=True?)")
        if layout is not None:
            _join_split_tables(pdf, layout)
        _drop_empty_elements(pdf.Root.StructTreeRoot)
        tree = _StructTree(pdf)
        for element in tree.elements("/L"):
            _unwrap_list_items(element)
        _pagination_as_artifacts(pdf, tree)
        for table in tree.elements("/Table"):
            _associate_table_headers(table, layout.scopes if layout is not None else {})
        _close_heading_levels(tree)
        _describe_links(pdf, link_texts)
        if variant == "a":
            _declare_pdf_ua(pdf)
        out = io.BytesIO()
        # deterministic_id: the second half of /ID from the content, not from the clock
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


# --- the structure tree -------------------------------------------------------------------------

class _StructTree:
    """The structure elements reachable from the root, in document order."""

    def __init__(self, pdf: Pdf) -> None:
        root = pdf.Root.get("/StructTreeRoot")
        if not isinstance(root, Dictionary):
            raise PdfUaError("the PDF has no structure tree (was it written with pdf_tags=True?)")
        self.root: Dictionary = root
        self.order: list[Dictionary] = list(self._walk(self.root))
        self.reached = {element.objgen for element in self.order if element.is_indirect}

    def _walk(self, node: Any) -> Iterator[Dictionary]:
        for kid in _kids(node):
            if isinstance(kid, Dictionary) and "/S" in kid:
                yield kid
                yield from self._walk(kid)

    def elements(self, role: str) -> list[Dictionary]:
        return [element for element in self.order if element.get("/S") == Name(role)]


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K") if isinstance(node, Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _struct_kids(node: Dictionary) -> list[Dictionary]:
    return [kid for kid in _kids(node) if isinstance(kid, Dictionary) and "/S" in kid]


def _role(node: Dictionary) -> str:
    return str(node.get("/S", ""))


# --- tables split over pages ---------------------------------------------------------------------

def _join_split_tables(pdf: Pdf, layout: TableLayout) -> None:
    """Make each HTML table one /Table element again.

    WeasyPrint tags page by page, so a table over three pages is three tables to a screen reader,
    each with its repeated header, and a short last piece reads as a table of header cells. The
    pieces' rows move into the first; a row group split over pages becomes one again; a repeated
    table head is dropped from the structure (its content then becomes an artifact).
    """
    for numbers in layout.tables:
        pieces = [piece for piece in (pdf.get_object((number, 0)) for number in numbers)
                  if isinstance(piece, Dictionary) and _role(piece) == "/Table"]
        if len(pieces) < 2:
            continue
        first = pieces[0]
        for piece in pieces[1:]:
            for kid in _struct_kids(piece):
                _move_into(first, kid, layout)
            parent = piece.get("/P")
            if isinstance(parent, Dictionary):
                parent.K = Array([kid for kid in _kids(parent) if not (isinstance(kid, Dictionary)
                                                                        and kid.objgen == piece.objgen)])
            piece.K = Array([])


def _move_into(table: Dictionary, kid: Dictionary, layout: TableLayout) -> None:
    kids = _struct_kids(table)
    if _role(kid) == "/THead" and any(_role(k) == "/THead" for k in kids):
        return  # the head repeated on a new page
    last = kids[-1] if kids else None
    same_group = (last is not None and _role(last) == _role(kid) and _role(kid) in ("/TBody", "/TFoot")
                  and layout.groups.get(last.objgen[0]) is not None
                  and layout.groups.get(last.objgen[0]) == layout.groups.get(kid.objgen[0]))
    if same_group and last is not None:
        for row in _struct_kids(kid):
            row.P = last
        last.K = Array(_kids(last) + _struct_kids(kid))
        return
    kid.P = table
    table.K = Array(_kids(table) + [kid])


# --- lists ----------------------------------------------------------------------------------------

def _unwrap_list_items(lst: Dictionary) -> None:
    """Lift list items out of a /Div in a list: HTML allows a <div> around each <dt>/<dd> pair of a
    <dl>, which WeasyPrint tags as a /Div between the /L and its /LI (not allowed in a list)."""
    kids = _kids(lst)
    lifted: list[Any] = []
    for kid in kids:
        inner = _kids(kid) if isinstance(kid, Dictionary) and _role(kid) in ("/Div", "/NonStruct") else []
        if inner and all(isinstance(item, Dictionary) and _role(item) == "/LI" for item in inner):
            for item in inner:
                item.P = lst
            lifted.extend(inner)
        else:
            lifted.append(kid)
    if len(lifted) != len(kids):
        lst.K = Array(lifted)


# --- empty elements -----------------------------------------------------------------------------

#: Kept even when empty: an empty table cell still holds its place in the grid.
_KEEP_EMPTY = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


def _drop_empty_elements(node: Any) -> bool:
    """Remove structure elements that hold no content (an empty <span> or anonymous box becomes
    one): a screen reader meets them as nameless nodes. True if ``node`` itself is now empty."""
    kids = node.get("/K") if isinstance(node, Dictionary) else None
    if kids is None:
        items: list[Any] = []
    else:
        items = list(kids) if isinstance(kids, Array) else [kids]
    kept = [kid for kid in items
            if not (isinstance(kid, Dictionary) and "/S" in kid and _drop_empty_elements(kid))]
    if len(kept) != len(items):
        node.K = Array(kept)
    is_element = "/S" in node
    named = "/Alt" in node or "/ActualText" in node
    return is_element and not kept and not named and _role(node) not in _KEEP_EMPTY


# --- running headers and page numbers -----------------------------------------------------------

def _pagination_as_artifacts(pdf: Pdf, tree: _StructTree) -> None:
    """Mark content that no reachable structure element holds as a pagination artifact.

    WeasyPrint gives the margin boxes' text marked-content ids and structure elements but leaves
    those elements out of the tree (only PDF 2.0 could hold them as artifacts there). Content
    outside the tree is neither read nor skipped cleanly by assistive technology: an artifact is
    what PDF/UA asks for running headers and page numbers.
    """
    parent_tree = tree.root.get("/ParentTree")
    if parent_tree is None:
        return
    nums = parent_tree.get("/Nums")
    if nums is None:
        raise PdfUaError("the structure tree's /ParentTree has no /Nums")
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        marks = by_key.get(int(key)) if key is not None else None
        if not isinstance(marks, Array):
            continue
        orphans = {mcid for mcid, element in enumerate(marks)
                   if isinstance(element, Dictionary) and element.is_indirect
                   and element.objgen not in tree.reached}
        if not orphans:
            continue
        _mark_artifacts(pdf, page, orphans)
        for mcid in orphans:
            marks[mcid] = None  # the id no longer marks content: nothing to point at


#: A marked-content start with an id, as WeasyPrint writes it: ``/Span <</MCID 3>> BDC``. Its text
#: is hex strings, so the pattern cannot occur inside a string.
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _mark_artifacts(pdf: Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """Turn the marked content with these ids into pagination artifacts.

    A byte-level rewrite of the page's content (parsing and rewriting every operator takes half
    the time of this module); where it does not find each id exactly once, the content is parsed.
    """
    data = page.obj.Contents.read_bytes() if isinstance(page.obj.Contents, pikepdf.Stream) else None
    found: list[int] = []

    def replace(match: re.Match[bytes]) -> bytes:
        if int(match.group(1)) not in mcids:
            return match.group(0)
        found.append(int(match.group(1)))
        return _ARTIFACT

    if data is not None:
        changed = _MARKED.sub(replace, data)
        if sorted(found) == sorted(mcids):
            page.obj.Contents.write(changed)  # compressed again when saved
            return
    _mark_artifacts_parsed(pdf, page, mcids)


def _mark_artifacts_parsed(pdf: Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    instructions = pikepdf.parse_content_stream(page)
    artifact = Dictionary(Type=Name.Pagination)
    changed: list[Any] = []
    for instruction in instructions:
        operands = instruction.operands
        if (isinstance(instruction, pikepdf.ContentStreamInstruction) and str(instruction.operator) == "BDC"
                and len(operands) == 2 and isinstance(operands[1], Dictionary)
                and int(operands[1].get("/MCID", -1)) in mcids):
            changed.append(pikepdf.ContentStreamInstruction([Name.Artifact, artifact], pikepdf.Operator("BDC")))
        else:
            changed.append(instruction)  # inline images too, untouched
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(changed))


# --- table headers ------------------------------------------------------------------------------

@dataclass
class _Cell:
    element: Dictionary
    header: bool
    row: int
    column: int
    colspan: int
    rowspan: int
    group: int  # index of the row group (THead, TBody, TFoot) the cell's row belongs to
    in_head: bool
    headers: list[str] = field(default_factory=list)


def _attribute(element: Dictionary, key: str, default: int = 1) -> int:
    owners = element.get("/A")
    for owner in (list(owners) if isinstance(owners, Array) else [owners] if owners is not None else []):
        if isinstance(owner, Dictionary) and key in owner:
            return int(owner[key])
    return default


def _table_attributes(element: Dictionary) -> Dictionary:
    """The cell's attribute dictionary owned by /Table (made if missing)."""
    owners = element.get("/A")
    for owner in (list(owners) if isinstance(owners, Array) else [owners] if owners is not None else []):
        if isinstance(owner, Dictionary) and owner.get("/O") == Name.Table:
            return owner
    attributes = Dictionary(O=Name.Table)
    if owners is None:
        element.A = attributes
    elif isinstance(owners, Array):
        owners.append(attributes)
    else:
        element.A = Array([owners, attributes])
    return attributes


def _rows(table: Dictionary) -> list[tuple[Dictionary, int, bool]]:
    """The table's rows with the index of their row group and whether that group is the THead."""
    rows: list[tuple[Dictionary, int, bool]] = []
    for group_index, kid in enumerate(_struct_kids(table)):
        if _role(kid) == "/TR":
            rows.append((kid, group_index, False))
        elif _role(kid) in ("/THead", "/TBody", "/TFoot"):
            rows.extend((row, group_index, _role(kid) == "/THead") for row in _struct_kids(kid) if _role(row) == "/TR")
    return rows


def _grid(table: Dictionary) -> list[_Cell]:
    """The table's cells at their row and column, spans applied (HTML's table model)."""
    cells: list[_Cell] = []
    taken: set[tuple[int, int]] = set()
    for row_index, (row, group, in_head) in enumerate(_rows(table)):
        column = 0
        for element in _struct_kids(row):
            if _role(element) not in ("/TH", "/TD"):
                continue
            while (row_index, column) in taken:
                column += 1
            cell = _Cell(element, _role(element) == "/TH", row_index, column,
                         _attribute(element, "/ColSpan"), _attribute(element, "/RowSpan"), group, in_head)
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    taken.add((r, c))
            cells.append(cell)
            column += cell.colspan
    return cells


#: HTML's scope values as the roles used here (a column group is headed like a column).
_HTML_SCOPES = {"col": "col", "colgroup": "col", "row": "row", "rowgroup": "rowgroup"}


def _associate_table_headers(table: Dictionary, scopes: Mapping[str, str]) -> None:
    """Give every header cell a /Scope, and every cell the /Headers of the header cells that head it.

    A header cell's role is its HTML ``scope`` where the document gave one (``scopes``, by the
    cell's structure id); otherwise it is inferred as a browser does: in the table head (or a
    first row of header cells only) it heads its column; in the body, one that starts its row and
    spans several columns heads its row group, any other its row. PDF has no row-group scope: such
    a cell gets /Row (for labels beside it) and the cells below it in its group name it in /Headers.
    """
    cells = _grid(table)
    if not cells:
        return
    width = max(cell.column + cell.colspan for cell in cells)
    first_row = [cell for cell in cells if cell.row == 0]
    head_rows = {cell.row for cell in cells if cell.in_head}
    if not head_rows and first_row and all(cell.header for cell in first_row):
        head_rows = {0}
    for number, cell in enumerate(cell for cell in cells if cell.header):
        if "/ID" not in cell.element:
            cell.element.ID = pikepdf.String(f"th-{table.objgen[0]}-{number}")

    def role(cell: _Cell) -> str:
        given = _HTML_SCOPES.get(scopes.get(_id(cell), ""))
        if given:
            return given
        if cell.row in head_rows:
            return "col"
        return "rowgroup" if cell.colspan >= width or (cell.column == 0 and cell.colspan > 1) else "row"

    roles = {id(cell): role(cell) for cell in cells if cell.header}
    column_heads = [cell for cell in cells if roles.get(id(cell)) == "col"]
    group_heads = [cell for cell in cells if roles.get(id(cell)) == "rowgroup"]
    row_heads = [cell for cell in cells if roles.get(id(cell)) == "row"]
    for cell in column_heads:
        _table_attributes(cell.element).Scope = Name.Column
    for cell in group_heads + row_heads:
        _table_attributes(cell.element).Scope = Name.Row
    for cell in cells:
        if cell in column_heads or cell in group_heads:
            continue
        heads = [head for head in group_heads if head.group == cell.group and head.row < cell.row]
        if not cell.header:  # a data cell is headed by the header cells before it in its row
            heads += [head for head in row_heads + group_heads if head.column < cell.column
                      and _overlaps(head.row, head.rowspan, cell.row, cell.rowspan)]
        heads += [head for head in column_heads if head.row < cell.row
                  and _overlaps(head.column, head.colspan, cell.column, cell.colspan)]
        ids = list(dict.fromkeys(_id(head) for head in heads))
        attributes = _table_attributes(cell.element)
        if ids:
            attributes.Headers = Array([pikepdf.String(i) for i in ids])
        elif "/Headers" in attributes:
            del attributes.Headers


def _id(cell: _Cell) -> str:
    return str(cell.element.ID)


def _overlaps(start: int, span: int, other_start: int, other_span: int) -> bool:
    return start < other_start + other_span and other_start < start + span


class TableLayout:
    """A WeasyPrint finisher that records what the PDF keeps no trace of: the HTML ``scope`` of
    every header cell (by the id WeasyPrint gave its structure element), and which /Table and
    row-group elements are pieces of one HTML table or row group split over pages.

    It only reads: the laid-out boxes (WeasyPrint keeps each cell's structure element on its box
    while tagging) and the structure elements' parents. The PDF is changed afterwards, by :func:`finish`.
    """

    def __init__(self) -> None:
        self.scopes: dict[str, str] = {}
        #: per HTML table, the object numbers of its /Table elements, page by page
        self.tables: list[list[int]] = []
        #: object number of a row-group element → a key shared by the pieces of one HTML row group
        self.groups: dict[int, int] = {}
        self._table_index: dict[int, int] = {}
        self._group_keys: dict[int, int] = {}

    def __call__(self, document: Any, pdf: Any) -> None:
        for page in document.pages:
            self._collect(page._page_box, pdf, None, None)

    def _collect(self, box: Any, pdf: Any, table: Any, group: Any) -> None:
        tag = getattr(box, "element_tag", None)
        element = getattr(box, "element", None)
        if tag == "table":
            table = element
        elif tag in ("thead", "tbody", "tfoot"):
            group = element
        mark = getattr(box, "mark", None)
        if mark is not None and element is not None and tag in ("th", "td"):
            self._cell(mark, element, tag, pdf, table, group)
        for child in getattr(box, "children", None) or []:
            self._collect(child, pdf, table, group)

    def _cell(self, mark: Any, element: Any, tag: str, pdf: Any, table: Any, group: Any) -> None:
        ident = mark.get("ID") if hasattr(mark, "get") else None
        scope = (element.get("scope") or "").strip().lower()
        if tag == "th" and ident is not None and scope:
            self.scopes[_pdf_string(ident)] = scope
        parent = _parent(pdf, mark)  # the row
        ancestor = _parent(pdf, parent) if parent is not None else None
        if ancestor is not None and str(ancestor.get("S")) in ("/THead", "/TBody", "/TFoot") and group is not None:
            self.groups.setdefault(_number(ancestor), self._group_keys.setdefault(id(group), len(self._group_keys)))
            ancestor = _parent(pdf, ancestor)
        if ancestor is None or str(ancestor.get("S")) != "/Table" or table is None:
            return
        index = self._table_index.setdefault(id(table), len(self.tables))
        if index == len(self.tables):
            self.tables.append([])
        if _number(ancestor) not in self.tables[index]:
            self.tables[index].append(_number(ancestor))


def _parent(pdf: Any, element: Any) -> Any:
    reference = element.get("P") if hasattr(element, "get") else None
    if reference is None:
        return None
    number = int(bytes(reference).split()[0]) if isinstance(reference, bytes | bytearray) else int(str(reference).split()[0])
    return pdf.objects[number] if 0 < number < len(pdf.objects) else None


def _number(element: Any) -> int:
    return int(element.number)


def _pdf_string(value: Any) -> str:
    """The text of a pydyf string as pikepdf will read it back."""
    text = getattr(value, "string", value)
    return text.decode("latin-1") if isinstance(text, bytes) else str(text)


# --- headings -----------------------------------------------------------------------------------

def _close_heading_levels(tree: _StructTree) -> None:
    """Renumber headings so that none is more than one level below the heading it follows.

    A stack of (written level, new level) pairs keeps siblings siblings: H1, H3, H3 becomes H1,
    H2, H2, not H1, H2, H3.
    """
    stack: list[tuple[int, int]] = []
    for element in tree.order:
        match = _HEADING.match(_role(element))
        if not match:
            continue
        written = int(match.group(1))
        while stack and stack[-1][0] >= written:
            stack.pop()
        level = min(written, stack[-1][1] + 1) if stack else 1
        stack.append((written, level))
        if level != written:
            element.S = Name(f"/H{level}")


# --- link annotations ---------------------------------------------------------------------------

_PRINT = 1 << 2


def _describe_links(pdf: Pdf, link_texts: Sequence[Sequence[str]]) -> None:
    for number, page in enumerate(pdf.pages):
        annotations = page.obj.get("/Annots")
        links = [a for a in (annotations or []) if isinstance(a, Dictionary) and a.get("/Subtype") == Name.Link]
        texts = link_texts[number] if number < len(link_texts) else []
        if len(links) != len(texts):
            raise PdfUaError(f"page {number + 1} has {len(links)} link annotation(s) but {len(texts)} link text(s)")
        for link, text in zip(links, texts, strict=True):
            link.F = int(link.get("/F", 0)) | _PRINT
            if text:
                link.Contents = pikepdf.String(text)


def link_texts(document: Any, root: Any) -> list[list[str]]:
    """The text of each link annotation WeasyPrint will write, per page, in its order.

    ``document`` is a rendered ``weasyprint.document.Document`` and ``root`` the HTML's element
    tree; a link box's text is its ``<a>`` element's aria-label, else its text, whitespace
    collapsed (a box inside the ``<a>``, such as its ``::after``, takes the ``<a>``'s).
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    pages: list[list[str]] = []
    for page in document.pages:
        texts = []
        for link_type, target, _rectangle, box in page.links:
            if link_type not in ("internal", "external"):
                continue
            texts.append(_accessible_name(_anchor(box.element, parents)) or str(target))
        pages.append(texts)
    return pages


def _anchor(element: Any, parents: dict[Any, Any]) -> Any:
    node = element
    while node is not None:
        if _local(node.tag) == "a" and node.get("href") is not None:
            return node
        node = parents.get(node)
    return element


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _accessible_name(element: Any) -> str:
    if element is None:
        return ""
    label = element.get("aria-label")
    text = label if label else "".join(element.itertext())
    return " ".join(text.split())


# --- PDF/A that is also PDF/UA ------------------------------------------------------------------

def _declare_pdf_ua(pdf: Pdf) -> None:
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        raise PdfUaError("the PDF/A file has no XMP metadata")
    xmp = metadata.read_bytes().decode("utf-8")
    if "pdfuaid:part" in xmp:
        return
    end = xmp.rfind("</rdf:RDF>")
    if end < 0:
        raise PdfUaError("the PDF/A file's XMP has no rdf:RDF element")
    metadata.write((xmp[:end] + _UA_XMP + xmp[end:]).encode("utf-8"))
