"""What WeasyPrint's tagged PDF lacks for PDF/UA-1, added while WeasyPrint writes it.

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

:func:`finish` is WeasyPrint's *finisher*: it runs when the PDF's objects are made (pydyf's
dictionaries, arrays and content streams as lists of operators) but not yet written, and changes
them in place. So no PDF is parsed, no content stream decompressed and compressed again, and
nothing is written twice: opening and saving the written PDF with pikepdf, as this module once
did, cost four times what the repairs themselves do.

Everything here is a pure function of those objects and of the laid-out document (the links'
texts, the tables' scopes and pieces), so the same HTML gives the same PDF, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pydyf  # WeasyPrint's PDF writer: its objects are what the finisher gets

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


def finish(document: Any, pdf: Any, *, link_texts: Sequence[Sequence[str]], variant: str) -> None:
    """WeasyPrint's finisher (``write_pdf(finisher=partial(finish, ...))``): the PDF/UA repairs
    above, made in ``pdf`` (a ``pydyf.PDF``) before it is written. ``document`` is the laid-out
    document; ``link_texts[p]`` are the texts of page ``p``'s link annotations, in the order
    WeasyPrint wrote them (see :func:`link_texts`)."""
    objects = _Objects(pdf)
    root = objects.get(pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        raise PdfUaError("the PDF has no structure tree (was it written with pdf_tags=True?)")
    layout = TableLayout()
    layout.collect(document, objects)
    _join_split_tables(objects, layout)
    tree = _StructTree(objects, root)  # empty elements dropped on the way
    for element in tree.elements("/L"):
        tree.reached.difference_update(_unwrap_list_items(objects, element))
    _pagination_as_artifacts(objects, tree)
    for table in tree.elements("/Table"):
        _associate_table_headers(objects, table, layout.scopes)
    _close_heading_levels(tree)
    _describe_links(objects, link_texts)
    _empty_unreached_elements(objects, tree)
    _declare_pdf_ua(objects, pdf, variant)


# --- pydyf's objects ------------------------------------------------------------------------------

class _Objects:
    """The PDF's objects by number. pydyf writes a reference as bytes (``b"12 0 R"``), a name as
    ``"/Table"``, a marked-content id as an int; a dictionary's keys have no slash."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.all: list[Any] = pdf.objects

    def get(self, value: Any) -> Any:
        """The object ``value`` refers to, or ``value`` itself when it is no reference."""
        if value.__class__ is bytes and value.endswith(b" 0 R"):  # pydyf's objects are all generation 0
            return self.all[int(value[:-4])]
        return value

    def pages(self) -> list[Any]:
        return [self.all[number] for number in self.pdf.pages["Kids"][::3]]

    def kids(self, node: Any) -> list[Any]:
        """A structure node's kids, references resolved (marked-content ids stay ints)."""
        return [self.get(kid) for kid in _raw_kids(node)]

    def struct_kids(self, node: Any) -> list[Any]:
        return [kid for kid in self.kids(node) if _is_element(kid)]


def _raw_kids(node: Any) -> list[Any]:
    kids = node.get("K") if isinstance(node, dict) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, list) else [kids]


def _is_element(value: Any) -> bool:
    return isinstance(value, dict) and "S" in value


def _role(node: Any) -> str:
    return str(node.get("S", ""))


def _text(value: Any) -> str:
    """The text of a pydyf string (as a reader of the PDF gets it back)."""
    text = getattr(value, "string", value)
    return text.decode("latin-1") if isinstance(text, bytes) else str(text)


# --- the structure tree -------------------------------------------------------------------------

#: Kept even when empty: an empty table cell still holds its place in the grid.
_KEEP_EMPTY = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


class _StructTree:
    """The structure elements reachable from the root, in document order, once those that hold
    no content are removed (an empty <span> or anonymous box becomes one: a screen reader meets
    them as nameless nodes). One walk does both: the tree has an element for every text run."""

    def __init__(self, objects: _Objects, root: dict[str, Any]) -> None:
        self.objects = objects
        self.root = root
        self.order: list[Any] = []
        self._walk(root)
        #: object numbers of the elements in the tree
        self.reached = {element.number for element in self.order if element.number is not None}

    def _walk(self, node: Any) -> bool:
        """Add ``node``'s descendants to the order, dropping the empty ones; True if ``node`` is
        now empty itself."""
        items = _raw_kids(node)
        kept = []
        get = self.objects.get
        for item in items:
            kid = get(item)
            if _is_element(kid):
                start = len(self.order)
                self.order.append(kid)
                if self._walk(kid):
                    del self.order[start:]  # the kid and what was under it
                    continue
            kept.append(item)
        if len(kept) != len(items):
            node["K"] = pydyf.Array(kept)
        named = "Alt" in node or "ActualText" in node
        return "S" in node and not kept and not named and _role(node) not in _KEEP_EMPTY

    def elements(self, role: str) -> list[Any]:
        return [element for element in self.order if element.get("S") == role]


# --- tables split over pages ---------------------------------------------------------------------

def _join_split_tables(objects: _Objects, layout: TableLayout) -> None:
    """Make each HTML table one /Table element again.

    WeasyPrint tags page by page, so a table over three pages is three tables to a screen reader,
    each with its repeated header, and a short last piece reads as a table of header cells. The
    pieces' rows move into the first; a row group split over pages becomes one again; a repeated
    table head is dropped from the structure (its content then becomes an artifact).
    """
    for found in layout.tables:
        pieces = [piece for piece in found if _role(piece) == "/Table"]
        if len(pieces) < 2:
            continue
        first = pieces[0]
        for piece in pieces[1:]:
            for kid in objects.struct_kids(piece):
                _move_into(objects, first, kid, layout)
            parent = objects.get(piece.get("P"))
            if isinstance(parent, dict):
                reference = piece.reference
                parent["K"] = pydyf.Array([kid for kid in _raw_kids(parent) if kid != reference])
            piece["K"] = pydyf.Array([])


def _move_into(objects: _Objects, table: Any, kid: Any, layout: TableLayout) -> None:
    kids = objects.struct_kids(table)
    if _role(kid) == "/THead" and any(_role(k) == "/THead" for k in kids):
        return  # the head repeated on a new page
    last = kids[-1] if kids else None
    same_group = (last is not None and _role(last) == _role(kid) and _role(kid) in ("/TBody", "/TFoot")
                  and layout.groups.get(last.number) is not None
                  and layout.groups.get(last.number) == layout.groups.get(kid.number))
    if same_group and last is not None:
        rows = objects.struct_kids(kid)
        for row in rows:
            row["P"] = last.reference
        last["K"] = pydyf.Array(_raw_kids(last) + [row.reference for row in rows])
        return
    kid["P"] = table.reference
    table["K"] = pydyf.Array(_raw_kids(table) + [kid.reference])


# --- lists ----------------------------------------------------------------------------------------

def _unwrap_list_items(objects: _Objects, lst: Any) -> set[int]:
    """Lift list items out of a /Div in a list: HTML allows a <div> around each <dt>/<dd> pair of a
    <dl>, which WeasyPrint tags as a /Div between the /L and its /LI (not allowed in a list).
    The object numbers of the wrappers, now out of the tree."""
    lifted: list[Any] = []
    unwrapped: set[int] = set()
    for reference in _raw_kids(lst):
        kid = objects.get(reference)
        inner = _raw_kids(kid) if _is_element(kid) and _role(kid) in ("/Div", "/NonStruct") else []
        items = [objects.get(item) for item in inner]
        if items and all(_is_element(item) and _role(item) == "/LI" for item in items):
            for item in items:
                item["P"] = lst.reference
            lifted.extend(inner)
            unwrapped.add(kid.number)
        else:
            lifted.append(reference)
    if unwrapped:
        lst["K"] = pydyf.Array(lifted)
    return unwrapped


# --- elements left out --------------------------------------------------------------------------

def _empty_unreached_elements(objects: _Objects, tree: _StructTree) -> None:
    """Empty the structure elements the repairs left outside the tree (the margin boxes', the
    repeated table heads', the pieces joined into one table, the dropped empty ones).

    pydyf writes every object it was given; these would stay in the file as elements whose /P
    claims a parent that does not list them (pikepdf, which saved the PDF before, left out what
    nothing refers to). If the parent tree still refers to one (a link annotation's element), all
    are left as they are.
    """
    reached = tree.reached
    unreached = [item for item in objects.all
                 if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/StructElem"
                 and item.number not in reached]
    if not unreached:
        return
    parent_tree = objects.get(tree.root.get("ParentTree"))
    nums = parent_tree.get("Nums", []) if isinstance(parent_tree, dict) else []
    referred: set[bytes] = set()
    for value in list(nums)[1::2]:
        referred.update(value if isinstance(value, list) else [value])
    if any(element.reference in referred for element in unreached):
        return
    for element in unreached:
        element.clear()  # written as <<>>, referred to by nothing


# --- running headers and page numbers -----------------------------------------------------------

def _pagination_as_artifacts(objects: _Objects, tree: _StructTree) -> None:
    """Mark content that no reachable structure element holds as a pagination artifact.

    WeasyPrint gives the margin boxes' text marked-content ids and structure elements but leaves
    those elements out of the tree (only PDF 2.0 could hold them as artifacts there). Content
    outside the tree is neither read nor skipped cleanly by assistive technology: an artifact is
    what PDF/UA asks for running headers and page numbers.
    """
    parent_tree = objects.get(tree.root.get("ParentTree"))
    if parent_tree is None:
        return
    nums = parent_tree.get("Nums")
    if nums is None:
        raise PdfUaError("the structure tree's /ParentTree has no /Nums")
    by_key = {int(nums[i]): objects.get(nums[i + 1]) for i in range(0, len(nums), 2)}
    for number, page in enumerate(objects.pages()):
        key = page.get("StructParents")
        marks = by_key.get(int(key)) if key is not None else None
        if not isinstance(marks, list):
            continue
        orphans = {mcid for mcid, reference in enumerate(marks)
                   if isinstance(reference, bytes) and objects.get(reference).number not in tree.reached}
        if not orphans:
            continue
        _mark_artifacts(objects, page, orphans, number)
        for mcid in orphans:
            marks[mcid] = "null"  # the id no longer marks content: nothing to point at


def _mark_artifacts(objects: _Objects, page: Any, mcids: set[int], number: int) -> None:
    """Turn the marked content with these ids into pagination artifacts, in the page's content
    stream or the forms (transparency groups) it draws."""
    missing = set(mcids)
    for stream in _content_streams(objects, page):
        missing -= _mark_in(stream, missing)
        if not missing:
            return
    raise PdfUaError(f"page {number + 1}: marked content {sorted(missing)} is not in the page's content")


def _content_streams(objects: _Objects, page: Any) -> Iterator[Any]:
    """The page's content streams, then the forms they draw (``/x3 Do``: transparency groups,
    e.g. for a margin box with opacity), then the forms those draw."""
    contents = objects.get(page.get("Contents"))
    pending = [(stream, page.get("Resources")) for stream in (contents if isinstance(contents, list) else [contents])]
    seen: set[int] = set()
    while pending:
        reference, resources = pending.pop(0)
        stream = objects.get(reference)
        if not isinstance(stream, pydyf.Stream) or id(stream) in seen:
            continue
        seen.add(id(stream))
        yield stream
        resources = objects.get(resources)
        forms = objects.get(resources.get("XObject")) if isinstance(resources, dict) else None
        if not isinstance(forms, dict):
            continue
        for item in stream.stream:
            if isinstance(item, bytes) and item.endswith(b" Do"):
                form = objects.get(forms.get(item[1:-3].decode("latin-1")))
                if isinstance(form, pydyf.Stream) and form.extra.get("Subtype") == "/Form":
                    pending.append((form, form.extra.get("Resources")))


def _mark_in(stream: Any, mcids: set[int]) -> set[int]:
    """Rewrite ``/Span <</MCID 3>> BDC`` (three items of pydyf's operator list) as
    ``/Artifact <</Type /Pagination>> BDC`` for the ids ``mcids``; the ids found."""
    items = stream.stream
    found: set[int] = set()
    index = 0
    while True:
        try:  # list.index looks in C: a loop in Python over every operator took half of finish
            index = items.index(b"BDC", index + 1)
        except ValueError:
            return found
        properties = items[index - 1]
        if index > 1 and isinstance(properties, dict) and properties.get("MCID") in mcids:
            found.add(properties["MCID"])
            items[index - 2] = "/Artifact"
            items[index - 1] = pydyf.Dictionary({"Type": "/Pagination"})


# --- table headers ------------------------------------------------------------------------------

@dataclass(eq=False)  # cells are told apart by identity: two empty cells may look alike
class _Cell:
    element: Any
    header: bool
    row: int
    column: int
    colspan: int
    rowspan: int
    group: int  # index of the row group (THead, TBody, TFoot) the cell's row belongs to
    in_head: bool
    headers: list[str] = field(default_factory=list)


def _owners(objects: _Objects, element: Any) -> list[Any]:
    owners = objects.get(element.get("A"))
    return [objects.get(owner) for owner in (owners if isinstance(owners, list) else [owners] if owners is not None else [])]


def _attribute(objects: _Objects, element: Any, key: str, default: int = 1) -> int:
    for owner in _owners(objects, element):
        if isinstance(owner, dict) and key in owner:
            return int(owner[key])
    return default


def _table_attributes(objects: _Objects, element: Any) -> Any:
    """The cell's attribute dictionary owned by /Table (made if missing)."""
    for owner in _owners(objects, element):
        if isinstance(owner, dict) and owner.get("O") == "/Table":
            return owner
    attributes = pydyf.Dictionary({"O": "/Table"})
    owners = element.get("A")
    if owners is None:
        element["A"] = attributes
    elif isinstance(owners, list):
        owners.append(attributes)
    else:
        element["A"] = pydyf.Array([owners, attributes])
    return attributes


def _rows(objects: _Objects, table: Any) -> list[tuple[Any, int, bool]]:
    """The table's rows with the index of their row group and whether that group is the THead."""
    rows: list[tuple[Any, int, bool]] = []
    for group_index, kid in enumerate(objects.struct_kids(table)):
        if _role(kid) == "/TR":
            rows.append((kid, group_index, False))
        elif _role(kid) in ("/THead", "/TBody", "/TFoot"):
            rows.extend((row, group_index, _role(kid) == "/THead")
                        for row in objects.struct_kids(kid) if _role(row) == "/TR")
    return rows


def _grid(objects: _Objects, table: Any) -> list[_Cell]:
    """The table's cells at their row and column, spans applied (HTML's table model)."""
    cells: list[_Cell] = []
    taken: set[tuple[int, int]] = set()
    for row_index, (row, group, in_head) in enumerate(_rows(objects, table)):
        column = 0
        for element in objects.struct_kids(row):
            if _role(element) not in ("/TH", "/TD"):
                continue
            while (row_index, column) in taken:
                column += 1
            cell = _Cell(element, _role(element) == "/TH", row_index, column,
                         _attribute(objects, element, "ColSpan"), _attribute(objects, element, "RowSpan"),
                         group, in_head)
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    taken.add((r, c))
            cells.append(cell)
            column += cell.colspan
    return cells


#: HTML's scope values as the roles used here (a column group is headed like a column).
_HTML_SCOPES = {"col": "col", "colgroup": "col", "row": "row", "rowgroup": "rowgroup"}


def _associate_table_headers(objects: _Objects, table: Any, scopes: Mapping[str, str]) -> None:
    """Give every header cell a /Scope, and every cell the /Headers of the header cells that head it.

    A header cell's role is its HTML ``scope`` where the document gave one (``scopes``, by the
    cell's structure id); otherwise it is inferred as a browser does: in the table head (or a
    first row of header cells only) it heads its column; in the body, one that starts its row and
    spans several columns heads its row group, any other its row. PDF has no row-group scope: such
    a cell gets /Row (for labels beside it) and the cells below it in its group name it in /Headers.
    """
    cells = _grid(objects, table)
    if not cells:
        return
    width = max(cell.column + cell.colspan for cell in cells)
    first_row = [cell for cell in cells if cell.row == 0]
    head_rows = {cell.row for cell in cells if cell.in_head}
    if not head_rows and first_row and all(cell.header for cell in first_row):
        head_rows = {0}
    for number, cell in enumerate(cell for cell in cells if cell.header):
        if "ID" not in cell.element:
            cell.element["ID"] = pydyf.String(f"th-{table.number}-{number}")
    ids = {id(cell): _text(cell.element["ID"]) for cell in cells if cell.header}

    def role(cell: _Cell) -> str:
        given = _HTML_SCOPES.get(scopes.get(ids[id(cell)], ""))
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
        _table_attributes(objects, cell.element)["Scope"] = "/Column"
    for cell in group_heads + row_heads:
        _table_attributes(objects, cell.element)["Scope"] = "/Row"
    for cell in cells:
        if roles.get(id(cell)) in ("col", "rowgroup"):
            continue
        heads = [head for head in group_heads if head.group == cell.group and head.row < cell.row]
        if not cell.header:  # a data cell is headed by the header cells before it in its row
            heads += [head for head in row_heads + group_heads if head.column < cell.column
                      and _overlaps(head.row, head.rowspan, cell.row, cell.rowspan)]
        heads += [head for head in column_heads if head.row < cell.row
                  and _overlaps(head.column, head.colspan, cell.column, cell.colspan)]
        names = list(dict.fromkeys(ids[id(head)] for head in heads))
        attributes = _table_attributes(objects, cell.element)
        if names:
            attributes["Headers"] = pydyf.Array([pydyf.String(name) for name in names])
        elif "Headers" in attributes:
            del attributes["Headers"]


def _overlaps(start: int, span: int, other_start: int, other_span: int) -> bool:
    return start < other_start + other_span and other_start < start + span


class TableLayout:
    """What the PDF keeps no trace of, read from the laid-out boxes: the HTML ``scope`` of every
    header cell (by the id WeasyPrint gave its structure element), and which /Table and row-group
    elements are pieces of one HTML table or row group split over pages.

    WeasyPrint keeps each cell's structure element on its box (``box.mark``) while tagging; the
    elements' parents give the rows, groups and tables. It only reads: :func:`finish` repairs.
    """

    def __init__(self) -> None:
        self.scopes: dict[str, str] = {}
        #: per HTML table, its /Table elements, page by page
        self.tables: list[list[Any]] = []
        #: object number of a row-group element → a key shared by the pieces of one HTML row group
        self.groups: dict[int, int] = {}
        self._table_index: dict[int, int] = {}
        self._group_keys: dict[int, int] = {}

    def collect(self, document: Any, objects: _Objects) -> None:
        """Every box of every page, depth first, each with the table and row group it is in
        (a loop, not a recursion: a call per box cost twice the walk itself)."""
        for page in document.pages:
            stack: list[tuple[Any, Any, Any]] = [(page._page_box, None, None)]
            while stack:
                box, table, group = stack.pop()
                tag = getattr(box, "element_tag", None)
                if tag == "table":
                    table = box.element
                elif tag in ("thead", "tbody", "tfoot"):
                    group = box.element
                elif tag in ("th", "td"):
                    mark = getattr(box, "mark", None)
                    if mark is not None and box.element is not None:
                        self._cell(mark, box.element, tag, objects, table, group)
                children = getattr(box, "children", None)
                if children:
                    stack.extend((child, table, group) for child in reversed(children))

    def _cell(self, mark: Any, element: Any, tag: str, objects: _Objects, table: Any, group: Any) -> None:
        ident = mark.get("ID") if hasattr(mark, "get") else None
        scope = (element.get("scope") or "").strip().lower()
        if tag == "th" and ident is not None and scope:
            self.scopes[_text(ident)] = scope
        parent = objects.get(mark.get("P"))  # the row
        ancestor = objects.get(parent.get("P")) if isinstance(parent, pydyf.Dictionary) else None
        if (isinstance(ancestor, pydyf.Dictionary) and _role(ancestor) in ("/THead", "/TBody", "/TFoot")
                and group is not None):
            self.groups.setdefault(ancestor.number, self._group_keys.setdefault(id(group), len(self._group_keys)))
            ancestor = objects.get(ancestor.get("P"))
        if not isinstance(ancestor, pydyf.Dictionary) or _role(ancestor) != "/Table" or table is None:
            return
        index = self._table_index.setdefault(id(table), len(self.tables))
        if index == len(self.tables):
            self.tables.append([])
        if all(piece is not ancestor for piece in self.tables[index]):
            self.tables[index].append(ancestor)


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
            element["S"] = f"/H{level}"


# --- link annotations ---------------------------------------------------------------------------

_PRINT = 1 << 2


def _describe_links(objects: _Objects, link_texts: Sequence[Sequence[str]]) -> None:
    for number, page in enumerate(objects.pages()):
        annotations = objects.get(page.get("Annots")) or []
        links = [a for a in (objects.get(a) for a in annotations)
                 if isinstance(a, dict) and a.get("Subtype") == "/Link"]
        texts = link_texts[number] if number < len(link_texts) else []
        if len(links) != len(texts):
            raise PdfUaError(f"page {number + 1} has {len(links)} link annotation(s) but {len(texts)} link text(s)")
        for link, text in zip(links, texts, strict=True):
            link["F"] = int(link.get("F", 0)) | _PRINT
            if text:
                link["Contents"] = pydyf.String(text)


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


# --- the XMP; PDF/A that is also PDF/UA ---------------------------------------------------------

def _declare_pdf_ua(objects: _Objects, pdf: Any, variant: str) -> None:
    metadata = objects.get(pdf.catalog.get("Metadata"))
    if not isinstance(metadata, pydyf.Stream):
        raise PdfUaError("the PDF has no XMP metadata")
    # uncompressed, as tools that look for XMP by scanning the file expect (and PDF/A-1 required)
    metadata.compress = False
    if variant != "a":
        return
    xmp = b"\n".join(item if isinstance(item, bytes) else str(item).encode() for item in metadata.stream).decode("utf-8")
    if "pdfuaid:part" in xmp:
        return
    end = xmp.rfind("</rdf:RDF>")
    if end < 0:
        raise PdfUaError("the PDF/A file's XMP has no rdf:RDF element")
    metadata.stream = [(xmp[:end] + _UA_XMP + xmp[end:]).encode("utf-8")]
