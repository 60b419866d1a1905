"""The block inventory of templates: their blocks, what they extend and include, and each
block's documentation, context variables and fingerprint.

A template is parsed with Jinja's own parser (``env.parse``) for its structure (``Block``,
``Extends``, ``Include``, imports, the names it loads) and cut with Jinja's lexer for the text of
each block: the source between ``{% block x %}`` and its ``{% endblock %}``, stripped at the
ends. The fingerprint of a block is the SHA-256 of that text, so a change to the shared block —
and only to it — changes its fingerprint.

A comment on the line(s) directly above the line of a ``{% block %}`` tag (markup may stand
before the tag on its line, another tag may not) documents the block::

    {# The cover's contents. required; keeps: class="cover-org", class="cover-title" #}
    {% block cover %}

A comment holding the word ``required`` marks a block whose override must keep something; the
``keeps:`` note lists what, as ``attribute="value"`` (an element with that class, id, …) or as
```text``` (text the override must contain). :mod:`rapportkarna.template_layers` checks overrides
against it.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

#: Names that are not context variables: Jinja's own, inside blocks, loops and macros.
SPECIAL_NAMES = frozenset({"loop", "caller", "varargs", "kwargs", "super", "self"})

#: Files in a template folder that are not templates: code, settings, images, fonts.
NOT_TEMPLATES = frozenset({".py", ".pyc", ".toml", ".lock", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
                           ".pdf", ".woff", ".woff2", ".ttf", ".otf"})

_NEWLINES = re.compile(r"\r\n|\r|\n")
_KEEP_ITEM = re.compile(r"""\s*(?:(?P<attr>[A-Za-z_:][-\w:.]*)=(?P<quote>["'])(?P<value>.*?)(?P=quote)|`(?P<text>[^`]+)`)""")
_REQUIRED = re.compile(r"\brequired\b", re.IGNORECASE)
_KEEPS = re.compile(r"\bkeeps:", re.IGNORECASE)


def parse_environment() -> Environment:
    """An environment with the lexer settings of the build's (see :mod:`rapportkarna.templating`)."""
    return Environment(trim_blocks=True, lstrip_blocks=True)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise(source: str) -> str:
    """The source as Jinja's lexer sees it: newlines as ``\\n``."""
    return "\n".join(_NEWLINES.split(source))


@dataclass(frozen=True)
class Keep:
    """One thing an override of a required block must keep: an attribute value (``class="x"``:
    an element with the class ``x``) or a piece of text."""

    attribute: str | None
    value: str

    def __str__(self) -> str:
        return f'{self.attribute}="{self.value}"' if self.attribute else f"`{self.value}`"

    def kept_in(self, text: str) -> bool:
        if self.attribute is None:
            return " ".join(self.value.split()) in " ".join(text.split())
        pattern = re.compile(rf"""(?<![-\w:]){re.escape(self.attribute)}\s*=\s*(["'])(.*?)\1""", re.DOTALL)
        return any(self.value in found.group(2).split() or found.group(2).strip() == self.value
                   for found in pattern.finditer(text))


@dataclass(frozen=True)
class BlockDoc:
    """A block's documentation comment."""

    text: str
    required: bool
    keeps: tuple[Keep, ...]


def parse_doc(comment: str) -> BlockDoc:
    """The comment's text (whitespace collapsed), whether it says ``required``, and its ``keeps:``."""
    text = " ".join(comment.strip().strip("-").split())
    keeps: list[Keep] = []
    found = _KEEPS.search(text)
    if found:
        pos = found.end()
        while True:
            item = _KEEP_ITEM.match(text, pos)
            if item is None:
                break
            if item.group("attr"):
                keeps.append(Keep(item.group("attr"), item.group("value")))
            else:
                keeps.append(Keep(None, item.group("text")))
            pos = item.end()
            separator = re.match(r"\s*(,|and\b|och\b)", text[pos:])
            if separator is None:
                break
            pos += separator.end()
    return BlockDoc(text, bool(_REQUIRED.search(text)), tuple(keeps))


@dataclass(frozen=True)
class Block:
    """One ``{% block %}`` of a template."""

    name: str
    parent: str | None
    """The block it stands in, if any."""
    line: int
    source: str
    """The text between the block's tags, stripped at the ends."""
    variables: tuple[str, ...]
    """Context variables it uses (its nested blocks' included)."""
    includes: tuple[str, ...]
    """Templates it includes or imports by a fixed name."""
    doc: BlockDoc | None = None

    @property
    def fingerprint(self) -> str:
        return sha256(self.source)

    @property
    def required(self) -> bool:
        return self.doc is not None and self.doc.required

    @property
    def keeps(self) -> tuple[Keep, ...]:
        return self.doc.keeps if self.doc else ()

    @property
    def calls_super(self) -> bool:
        return re.search(r"\bsuper\s*\(\s*\)", self.source) is not None


@dataclass(frozen=True)
class TemplateInfo:
    """The structure of one template file."""

    name: str
    source: str
    extends: str | None = None
    """The template it extends, when named by a fixed string."""
    includes: tuple[str, ...] = ()
    """Templates it includes or imports by a fixed name (anywhere in it)."""
    dynamic: bool = False
    """It includes, imports or extends a template whose name is computed (``{% include section.template %}``)."""
    blocks: dict[str, Block] = field(default_factory=dict)
    doc: str | None = None
    """A comment the file begins with."""
    error: str | None = None
    """Why it could not be parsed."""

    @property
    def fingerprint(self) -> str:
        return sha256(self.source)

    @property
    def top_blocks(self) -> list[Block]:
        return [b for b in self.blocks.values() if b.parent is None]

    def nested(self, block: str) -> list[Block]:
        """The blocks inside ``block``, depth first."""
        found: list[Block] = []
        for child in self.blocks.values():
            if child.parent == block:
                found += [child, *self.nested(child.name)]
        return found

    def depth(self, block: str) -> int:
        parent = self.blocks[block].parent
        return 0 if parent is None else 1 + self.depth(parent)


# -- the lexer's view: where tags and comments are ---------------------------------------------------

@dataclass(frozen=True)
class _Tag:
    keyword: str  # "block" or "endblock"
    name: str | None
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class _Comment:
    text: str
    start: int
    end: int


def _tokens(env: Environment, source: str) -> Iterator[tuple[int, int, int, str, str]]:
    """(start, end, line, type, value) of each token: Jinja's lexer gives values, not offsets,
    but every value is a piece of the source and only whitespace it strips lies between them."""
    pos = 0
    for line, token, value in env.lexer.tokeniter(source, None):
        if not value:
            continue
        start = source.find(value, pos)
        if start < 0 or source[pos:start].strip():
            raise TemplateSyntaxError(f"cannot place the token {value!r} in the source", line)
        pos = start + len(value)
        yield start, pos, line, token, value


def _scan(env: Environment, source: str) -> tuple[list[_Tag], list[_Comment]]:
    tags: list[_Tag] = []
    comments: list[_Comment] = []
    tag: list[tuple[int, int, int, str, str]] = []
    comment_start: int | None = None
    comment_text = ""
    for token in _tokens(env, source):
        start, end, line, kind, value = token
        if kind == "comment_begin":
            comment_start, comment_text = start, ""
        elif kind == "comment":
            comment_text = value
        elif kind == "comment_end" and comment_start is not None:
            comments.append(_Comment(comment_text, comment_start, start + len(value.rstrip())))
            comment_start = None
        elif kind == "block_begin":
            tag = [token]
        elif tag:
            tag.append(token)
            if kind == "block_end":
                names = [t[4] for t in tag if t[3] == "name"]
                if names and names[0] in ("block", "endblock"):
                    tags.append(_Tag(names[0], names[1] if len(names) > 1 else None, tag[0][0], end, tag[0][2]))
                tag = []
    return tags, comments


def _doc_for(tag: _Tag, comments: list[_Comment], source: str) -> str | None:
    """The comment documenting the block tag: on the same line right before it, or ending on
    the line above the tag's line with nothing but markup before the tag on its line."""
    before = [c for c in comments if c.end <= tag.start]
    if not before:
        return None
    comment = before[-1]
    line_start = source.rfind("\n", 0, tag.start) + 1
    if comment.end > line_start:
        return comment.text if not source[comment.end:tag.start].strip() else None
    gap = source[comment.end:line_start]
    lead = source[line_start:tag.start]
    if gap.strip() or gap.count("\n") > 1 or "{%" in lead or "{#" in lead:
        return None
    return comment.text


# -- the parser's view: structure and names -----------------------------------------------------------

def _const_names(node: nodes.Node) -> list[str] | None:
    """The template names an include/import/extends node names, or None when computed."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)):
        found: list[str] = []
        for item in node.items:
            names = _const_names(item)
            if names is None:
                return None
            found += names
        return found
    return None


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    for child in node.iter_child_nodes():
        yield child
        yield from _walk(child)


def _targets(node: nodes.Node) -> set[str]:
    """The names an assignment target, loop target or parameter binds."""
    if isinstance(node, nodes.Name):
        return {node.name}
    return {n.name for n in node.find_all(nodes.Name)}


def _top_level_names(tree: nodes.Template) -> set[str]:
    """Names a template defines for its blocks outside them: imports and macros. (A variable it
    sets outside its blocks stays a variable a block uses: base.html narrows ``sections``.)"""
    found: set[str] = set()

    def visit(node: nodes.Node) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Import):
                found.add(child.target)
            elif isinstance(child, nodes.FromImport):
                found.update(n if isinstance(n, str) else n[1] for n in child.names)
            elif isinstance(child, nodes.Macro):
                found.add(child.name)
            elif not isinstance(child, (nodes.Block, nodes.For, nodes.CallBlock, nodes.FilterBlock)):
                visit(child)

    visit(tree)
    return found


def _free(body: list[nodes.Node], bound: set[str]) -> list[str]:
    """Names ``body`` loads that nothing in it (or in ``bound``) defines first: its context
    variables. Loops, macros, call blocks and ``with`` bind names for their own bodies; ``set``
    and imports for what follows them."""
    free: list[str] = []
    scope = set(bound)

    def load(node: nodes.Node, names: set[str]) -> None:
        for name in _visit(node, names):
            if name not in free:
                free.append(name)

    for node in body:
        load(node, scope)
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            scope |= _targets(node.target)
        elif isinstance(node, nodes.Import):
            scope.add(node.target)
        elif isinstance(node, nodes.FromImport):
            scope.update(n if isinstance(n, str) else n[1] for n in node.names)
        elif isinstance(node, nodes.Macro):
            scope.add(node.name)
        elif isinstance(node, nodes.If):
            scope |= _leaked(node)
    return free


def _leaked(node: nodes.If) -> set[str]:
    """Names set inside an ``if`` (which, unlike a loop, does not keep them to itself)."""
    found: set[str] = set()
    for stmt in [*node.body, *node.elif_, *node.else_]:
        if isinstance(stmt, (nodes.Assign, nodes.AssignBlock)):
            found |= _targets(stmt.target)
        elif isinstance(stmt, nodes.If):
            found |= _leaked(stmt)
    return found


def _visit(node: nodes.Node, bound: set[str]) -> list[str]:
    """The free names of one node (see :func:`_free`)."""
    if isinstance(node, nodes.Name):
        return [node.name] if node.ctx == "load" and node.name not in bound else []
    if isinstance(node, nodes.For):
        inner = bound | _targets(node.target) | {"loop"}
        names = _visit(node.iter, bound)
        names += _free([node.test], inner) if node.test is not None else []
        return names + _free(node.body, inner) + _free(node.else_, bound)
    if isinstance(node, nodes.Macro):
        inner = bound | {a.name for a in node.args} | {node.name, "caller", "varargs", "kwargs"}
        return [n for d in node.defaults for n in _visit(d, bound)] + _free(node.body, inner)
    if isinstance(node, nodes.CallBlock):
        inner = bound | {a.name for a in node.args} | {"caller", "varargs", "kwargs"}
        return (_visit(node.call, bound) + [n for d in node.defaults for n in _visit(d, bound)]
                + _free(node.body, inner))
    if isinstance(node, nodes.With):
        inner = bound | {n for t in node.targets for n in _targets(t)}
        return [n for v in node.values for n in _visit(v, bound)] + _free(node.body, inner)
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        parts = [node.node] if isinstance(node, nodes.Assign) else node.body
        extra = [node.filter] if isinstance(node, nodes.AssignBlock) and node.filter is not None else []
        return [n for p in [*parts, *extra] for n in _visit(p, bound)]
    if isinstance(node, nodes.Block):
        return _free(node.body, bound)
    found: list[str] = []
    fields = [getattr(node, f, None) for f in node.fields]
    for value in fields:
        if isinstance(value, list):
            found += _free([v for v in value if isinstance(v, nodes.Node)], bound) \
                if any(isinstance(v, nodes.Stmt) for v in value) else \
                [n for v in value if isinstance(v, nodes.Node) for n in _visit(v, bound)]
        elif isinstance(value, nodes.Node):
            found += _visit(value, bound)
    return found


def _references(node: nodes.Node) -> tuple[list[str], bool]:
    """Templates included or imported by a fixed name, and whether some are computed."""
    names: list[str] = []
    dynamic = False
    for child in _walk(node):
        if isinstance(child, (nodes.Include, nodes.Import, nodes.FromImport)):
            found = _const_names(child.template)
            if found is None:
                dynamic = True
            else:
                names += [n for n in found if n not in names]
    return names, dynamic


def parse_template(source: str, name: str, env: Environment | None = None) -> TemplateInfo:
    """The template's blocks, what it extends and includes; a syntax error is kept in ``error``."""
    env = env or parse_environment()
    source = normalise(source)
    try:
        tree = env.parse(source, name)
        tags, comments = _scan(env, source)
    except TemplateSyntaxError as exc:
        return TemplateInfo(name, source, error=f"line {exc.lineno}: {exc.message}")
    extends: str | None = None
    dynamic = False
    for extends_node in tree.find_all(nodes.Extends):
        named = _const_names(extends_node.template)
        if named is None or len(named) != 1:
            dynamic = True
        elif extends is None:
            extends = named[0]
    includes, computed = _references(tree)
    outer = _top_level_names(tree) | SPECIAL_NAMES | set(env.globals)

    # pair the block tags the lexer found, and give each its text
    spans: list[tuple[_Tag, _Tag, str | None]] = []
    stack: list[tuple[_Tag, str | None]] = []
    for tag in tags:
        if tag.keyword == "block":
            stack.append((tag, stack[-1][0].name if stack else None))
        elif stack:
            opening, parent = stack.pop()
            spans.append((opening, tag, parent))
    spans.sort(key=lambda span: span[0].start)
    block_nodes = list(tree.find_all(nodes.Block))
    if [s[0].name for s in spans] != [b.name for b in block_nodes]:
        return TemplateInfo(name, source, extends, tuple(includes), dynamic or computed,
                            error="the blocks the lexer found differ from the parser's")
    blocks: dict[str, Block] = {}
    for (opening, closing, parent), node in zip(spans, block_nodes, strict=True):
        variables = sorted(_free(node.body, outer))
        block_includes, _ = _references(nodes.Template(node.body))
        doc = _doc_for(opening, comments, source)
        blocks[node.name] = Block(node.name, parent, opening.line, source[opening.end:closing.start].strip(),
                                  tuple(variables), tuple(block_includes), parse_doc(doc) if doc else None)
    head = comments[0] if comments and not source[:comments[0].start].strip() else None
    return TemplateInfo(name, source, extends, tuple(includes), dynamic or computed, blocks,
                        " ".join(head.text.strip().strip("-").split()) if head else None)


def parse_file(path: Path, name: str, env: Environment | None = None) -> TemplateInfo:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return TemplateInfo(name, "", error=f"cannot read {path}: {exc}")
    return parse_template(source, name, env)


def template_names(folder: Path) -> list[str]:
    """The template files of a folder of templates, as names (``reports/arsredovisning.html``)."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts
                  and p.suffix.lower() not in NOT_TEMPLATES)


def inventory(folder: Path) -> dict[str, TemplateInfo]:
    """Every template of a folder, parsed."""
    env = parse_environment()
    return {name: parse_file(folder / name, name, env) for name in template_names(folder)}


# -- the block reference in docs/templates.md ----------------------------------------------------------

DOCS_BEGIN = "<!-- BEGIN generated by `rapportkarna templates docs`; do not edit by hand -->"
DOCS_END = "<!-- END generated by `rapportkarna templates docs` -->"

_TAG_LIKE = re.compile(r"`[^`]*`|<[^<>\s][^<>]*>")
_CSS_DECLARATION = re.compile(r"(?<![-\w])(--[A-Za-z0-9_-]+)\s*:\s*((?:\{\{.*?\}\}|[^;{}])+)")
_CSS_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_THEME_VALUE = re.compile(r"\{\{\s*theme\.(\w+)\s*\}\}")


def _cell(text: str) -> str:
    """Markdown table cell text: HTML tags shown as code (not rendered), pipes escaped."""
    shown = _TAG_LIKE.sub(lambda m: m.group(0) if m.group(0).startswith("`") else f"`{m.group(0)}`", text)
    return shown.replace("|", "\\|")


def _code_list(items: Iterable[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def _ancestors(inventory: dict[str, TemplateInfo], info: TemplateInfo) -> list[TemplateInfo]:
    found: list[TemplateInfo] = []
    current = info.extends
    while current is not None:
        name = current.split(":", 1)[1] if current.startswith("core:") else current
        parent = inventory.get(name)
        if parent is None or parent in found or parent is info:
            break
        found.append(parent)
        current = parent.extends
    return found


def _defined_in(inventory: dict[str, TemplateInfo], info: TemplateInfo, block: str) -> str | None:
    """The nearest template ``info`` extends that has ``block``."""
    return next((a.name for a in _ancestors(inventory, info) if block in a.blocks), None)


@dataclass(frozen=True)
class CssProperty:
    name: str
    value: str
    declared_in: tuple[str, ...]
    used_in: tuple[str, ...]


def css_properties(folder: Path) -> list[CssProperty]:
    """The custom properties (``--primary``) the stylesheets of a template folder declare, with
    their values and the templates that use them."""
    names = template_names(folder)
    declared: dict[str, tuple[str, list[str]]] = {}
    used: dict[str, list[str]] = {}
    for name in names:
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if name.endswith(".css"):
            for found in _CSS_DECLARATION.finditer(text):
                value, files = declared.setdefault(found.group(1), (" ".join(found.group(2).split()), []))
                if name not in files:
                    files.append(name)
        for found in _CSS_USE.finditer(text):
            files = used.setdefault(found.group(1), [])
            if name not in files:
                files.append(name)
    return [CssProperty(prop, value, tuple(files), tuple(sorted(used.get(prop, []))))
            for prop, (value, files) in sorted(declared.items(), key=lambda item: _css_order(item[0], item[1][0]))]


def _css_order(name: str, value: str) -> tuple[int, str]:
    """Properties set from federation.toml first, then by name."""
    return (0 if _THEME_VALUE.search(value) else 1, name)


def _css_default(value: str) -> str:
    from rapportkarna.model.federation import Theme  # the defaults federation.toml's [theme] has

    found = _THEME_VALUE.search(value)
    if not found:
        return f"`{value}`"
    field_info = Theme.model_fields.get(found.group(1))
    default = f" (default `{field_info.default}`)" if field_info is not None and field_info.default else ""
    return f"federation.toml `[theme] {found.group(1)}`{default}"


def blocks_markdown(folder: Path) -> str:
    """The generated part of docs/templates.md: every shared template's blocks, and the CSS
    custom properties, between :data:`DOCS_BEGIN` and :data:`DOCS_END`."""
    inventory_ = inventory(folder)
    out = [DOCS_BEGIN, "", "## Blocks of the shared templates", "",
           "Generated from the templates by `rapportkarna templates docs` (`rapportkarna templates docs --update",
           "docs/templates.md` rewrites this part). A comment on the line(s) directly above a block's tag",
           "documents the block: `{# … #}` in a layout, where it leaves the output's whitespace as it was, and",
           "`{#- … -#}` in a template that extends another. A block whose comment says **required** has a",
           "`keeps:` note: what every override of it must keep — `class=\"…\"` (an element with that class),",
           "`id=\"…\"`, or text in backquotes. `rapportkarna templates check` warns about an override that drops",
           "one; an override that calls `{{ super() }}` keeps them all. The context variables are those the",
           "block uses, its nested blocks' included.", ""]
    fill_only: list[str] = []
    broken: list[str] = []
    for name, info in inventory_.items():
        if info.error:
            broken.append(f"`{name}` ({info.error})")
            continue
        if not info.blocks:
            continue
        documented = any(b.doc for b in info.blocks.values())
        new = [b for b in info.blocks.values() if _defined_in(inventory_, info, b.name) is None]
        if not documented and not new:
            fills = ", ".join(f"`{b.name}` of `{_defined_in(inventory_, info, b.name)}`" for b in info.top_blocks)
            fill_only.append(f"`{name}` ({fills})")
            continue
        out += [f"### `{name}`", ""]
        if info.extends:
            out += [f"Extends `{info.extends}`." + (f" {_cell(info.doc)}" if info.doc else ""), ""]
        elif info.doc:
            out += [_cell(info.doc), ""]
        out += ["| block | required | context variables | what it renders |", "| --- | --- | --- | --- |"]
        for block in info.blocks.values():
            path = [block.name]
            parent = block.parent
            while parent is not None:
                path.insert(0, parent)
                parent = info.blocks[parent].parent
            label = " › ".join(f"`{p}`" for p in path)
            origin = _defined_in(inventory_, info, block.name)
            if origin:
                label += f" (replaces `{origin}`'s)"
            required = ("yes" + (f"; keeps {_cell(_code_list(str(k) for k in block.keeps))}" if block.keeps else "")
                        if block.required else "")
            text = _cell(block.doc.text) if block.doc else "*(undocumented)*"
            out.append(f"| {label} | {required} | {_code_list(block.variables)} | {text} |")
        out.append("")
    if fill_only:
        out += ["Templates that only fill blocks of others: " + "; ".join(fill_only) + ".", ""]
    if broken:
        out += ["Templates that could not be parsed: " + "; ".join(broken) + ".", ""]
    out += ["## CSS custom properties", "",
            "The shared stylesheets take their colours from these properties. `primary` and `accent` come from",
            "`[theme]` in federation.toml; a theme, a plugin's stylesheet or a federation sets the others in a",
            "`:root` rule of its own after the shared one — for instance a `css/theme.css` that begins",
            "`{% include \"core:css/theme.css\" %}` and then sets `:root { --muted: #444; }`.", "",
            "| property | value | declared in | used in |", "| --- | --- | --- | --- |"]
    for prop in css_properties(folder):
        out.append(f"| `{prop.name}` | {_cell(_css_default(prop.value))} | {_code_list(prop.declared_in)} | "
                   f"{_code_list(prop.used_in)} |")
    out += ["", DOCS_END]
    return "\n".join(out) + "\n"


def replace_generated(document: str, generated: str) -> str:
    """``document`` with its generated part (or, if it has none, its end) replaced by ``generated``."""
    start = document.find(DOCS_BEGIN)
    end = document.find(DOCS_END)
    if start < 0 or end < start:
        return document.rstrip("\n") + "\n\n" + generated
    tail = document[end + len(DOCS_END):].lstrip("\n")
    return document[:start] + generated + ("\n" + tail if tail else "")


def generated_part(document: str) -> str | None:
    """The generated part of a document, markers included; None if it has none."""
    start = document.find(DOCS_BEGIN)
    end = document.find(DOCS_END)
    if start < 0 or end < start:
        return None
    return document[start:end + len(DOCS_END)] + "\n"
