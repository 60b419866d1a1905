"""A federation's templates layer by layer: which layer provides each template, what its
overrides replace, and whether an override keeps what the shared block requires.

The layers come from :meth:`rapportkarna.build.FederationBuild.template_layers` — the
federation's own ``templates/``, its plugins' folders, its themes, then core's shared templates —
so this module follows whatever search order the build uses. A name is found in the first layer
that has the file; ``core:name`` in the last layer only, as :mod:`rapportkarna.templating` does.

An override is a template of a layer above core. It *extends* the template it shadows (``{% extends
"core:base.html" %}``) and replaces some of its blocks; or it is a *full copy*: it shadows a
template of a later layer without extending it, so the shared template's changes never reach
it; or it is *new* (a plugin's section, say) and shadows nothing. For every block an override
defines, the block it replaces is the nearest definition in the templates it extends.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jinja2 import Environment

from rapportkarna.build import FederationBuild
from rapportkarna.errors import Problem
from rapportkarna.meetings.documents import DOCUMENTS
from rapportkarna.template_blocks import Block, Keep, TemplateInfo, parse_environment, parse_file, template_names
from rapportkarna.templating import CORE_PREFIX


@dataclass(frozen=True)
class Layer:
    """One folder of the template search path, named as the build names it: ``federation``,
    ``plugin <name>``, ``theme <name>``, ``core``."""

    name: str
    folder: Path


def layers(fed: FederationBuild) -> list[Layer]:
    """The federation's template layers in search order (core last)."""
    return [Layer(name, Path(folder)) for name, folder in fed.template_layers()]


@dataclass(frozen=True, order=True)
class Located:
    """A template file: the layer (its index in the search order) and its name there."""

    layer: int
    name: str


class LayeredTemplates:
    """The templates of a search path, parsed once each."""

    def __init__(self, search: list[Layer], env: Environment | None = None) -> None:
        if not search:
            raise ValueError("no template layers")
        self.layers = search
        self.core = len(search) - 1
        self.env = env or parse_environment()
        self._parsed: dict[Located, TemplateInfo] = {}

    def layer(self, where: Located) -> Layer:
        return self.layers[where.layer]

    def path(self, where: Located) -> Path:
        return self.layers[where.layer].folder / where.name

    def label(self, where: Located) -> str:
        """``core base.html``, ``federation reports/arsredovisning.html``."""
        return f"{self.layers[where.layer].name} {where.name}"

    def _has(self, index: int, name: str) -> bool:
        parts = name.split("/")
        return ".." not in parts and (self.layers[index].folder / name).is_file()

    def find(self, requested: str) -> Located | None:
        """Where the build finds ``requested`` (``core:`` names in core only)."""
        prefix = CORE_PREFIX + ":"
        if requested.startswith(prefix):
            name = requested[len(prefix):]
            return Located(self.core, name) if self._has(self.core, name) else None
        for index in range(len(self.layers)):
            if self._has(index, requested):
                return Located(index, requested)
        return None

    def below(self, where: Located) -> Located | None:
        """The template of the same name in a later layer: what ``where`` shadows."""
        for index in range(where.layer + 1, len(self.layers)):
            if self._has(index, where.name):
                return Located(index, where.name)
        return None

    def info(self, where: Located) -> TemplateInfo:
        if where not in self._parsed:
            self._parsed[where] = parse_file(self.path(where), where.name, self.env)
        return self._parsed[where]

    def names(self, index: int) -> list[str]:
        return template_names(self.layers[index].folder)

    def chain(self, where: Located) -> list[Located]:
        """The templates ``where`` extends, nearest first."""
        found: list[Located] = []
        seen = {where}
        current = self.info(where).extends
        while current is not None:
            parent = self.find(current)
            if parent is None or parent in seen:
                break
            found.append(parent)
            seen.add(parent)
            current = self.info(parent).extends
        return found

    def references(self, where: Located) -> list[Located]:
        """What the template extends, includes and imports by a fixed name, where found."""
        info = self.info(where)
        names = ([info.extends] if info.extends else []) + list(info.includes)
        return [found for found in (self.find(n) for n in names) if found is not None]

    def closure(self, roots: Iterable[str]) -> list[Located]:
        """The templates ``roots`` name and everything they extend, include or import."""
        order: list[Located] = []
        todo = [found for found in (self.find(r) for r in roots) if found is not None]
        while todo:
            where = todo.pop(0)
            if where in order:
                continue
            order.append(where)
            todo += [r for r in self.references(where) if r not in order]
        return order

    def included_text(self, names: Iterable[str]) -> str:
        """The text of templates included by fixed names, and of those they include."""
        texts: list[str] = []
        for where in self.closure(names):
            texts.append(self.info(where).source)
        return "\n".join(texts)


# -- overrides ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Replacement:
    """A block an override defines, and the block it replaces (None: none of the templates it
    extends has a block of that name)."""

    block: Block
    shared: Located | None
    shared_block: Block | None

    @property
    def fills(self) -> bool:
        """It fills a block that is empty in the shared template (a hook such as ``styles``)."""
        return self.shared_block is not None and not self.shared_block.source


Kind = Literal["extends", "copy", "new"]


@dataclass(frozen=True)
class Override:
    """A template of a layer above core."""

    template: Located
    kind: Kind
    shadows: Located | None
    """The template of the same name it hides, in a later layer."""
    extends: Located | None
    """The template it extends."""
    replacements: tuple[Replacement, ...] = ()
    error: str | None = None

    @property
    def unknown(self) -> list[Replacement]:
        return [r for r in self.replacements if r.shared is None]


def _extends_shadowed(templates: LayeredTemplates, where: Located, info: TemplateInfo) -> bool:
    """It builds on the template it shadows: extends or includes the same name in a later layer."""
    for name in ([info.extends] if info.extends else []) + list(info.includes):
        found = templates.find(name)
        if found is not None and found.name == where.name and found.layer > where.layer:
            return True
    return False


def override_of(templates: LayeredTemplates, where: Located) -> Override:
    info = templates.info(where)
    shadows = templates.below(where)
    chain = templates.chain(where)
    if info.error:
        return Override(where, "copy" if shadows else "new", shadows, chain[0] if chain else None, error=info.error)
    if info.extends is not None and templates.find(info.extends) == where:
        return Override(where, "copy" if shadows else "new", shadows, None,
                        error=f'extends itself: "{info.extends}" finds this very file; extend "{CORE_PREFIX}:'
                              f'{where.name}" (the build fails on this file)')
    kind: Kind = "extends" if _extends_shadowed(templates, where, info) else "copy" if shadows else "new"
    replacements: list[Replacement] = []
    if info.extends is not None:
        for block in info.blocks.values():
            for parent in chain:
                found = templates.info(parent).blocks.get(block.name)
                if found is not None:
                    replacements.append(Replacement(block, parent, found))
                    break
            else:
                if block.parent is None:  # a block nested in an override's block may be new
                    replacements.append(Replacement(block, None, None))
    return Override(where, kind, shadows, chain[0] if chain else None, tuple(replacements))


# -- keeping what a required block requires --------------------------------------------------------------

def _css_rule(templates: LayeredTemplates, keep: Keep) -> str | None:
    """Where the stylesheets rely on a kept class or id: ``css/report.css:28``."""
    if keep.attribute not in ("class", "id"):
        return None
    selector = ("." if keep.attribute == "class" else "#") + keep.value
    for index in range(len(templates.layers)):
        for name in templates.names(index):
            if not name.endswith(".css"):
                continue
            lines = templates.path(Located(index, name)).read_text(encoding="utf-8", errors="replace").split("\n")
            for number, line in enumerate(lines, 1):
                at = line.find(selector)
                after = line[at + len(selector):at + len(selector) + 1] if at >= 0 else ""
                if at >= 0 and not (after.isalnum() or after in "-_"):
                    return f"{name}:{number}"
    return None


def _missing(templates: LayeredTemplates, keeps: Iterable[Keep], text: str) -> list[tuple[Keep, str | None]]:
    """What of ``keeps`` the text lacks, with the stylesheet rule that relies on each."""
    return [(keep, _css_rule(templates, keep)) for keep in keeps if not keep.kept_in(text)]


def keep_problems(templates: LayeredTemplates, override: Override) -> list[Problem]:
    """An override of a required block (or a full copy of a template with one) that drops what
    the block's documentation says it keeps, or leaves it empty."""
    path = templates.path(override.template)
    problems: list[Problem] = []

    def check(block_name: str, line: int | None, text: str, shared: Block, origin: Located, copy: bool) -> None:
        where = f"the shared {templates.label(origin)}"
        if not text.strip():
            problems.append(Problem(path, line, f"block {block_name}", f"leaves empty a block {where} marks required: "
                                    f"{shared.doc.text if shared.doc else ''}"))
            return
        missing = _missing(templates, shared.keeps, text)
        if missing:
            what = "this full copy" if copy else "the override"
            kept = ", ".join(str(keep) for keep, _ in missing)
            rules = sorted({rule for _, rule in missing if rule})
            relies = f" ({', '.join(rules)} relies on {'it' if len(missing) == 1 else 'them'})" if rules else ""
            problems.append(Problem(path, line, f"block {block_name}",
                                    f"{what} drops {kept}, which {where} requires an override of the block to "
                                    f"keep{relies}; keep {'it' if len(missing) == 1 else 'them'}, or call "
                                    "{{ super() }}"))

    if override.error:
        return [Problem(path, None, None, override.error if override.error.startswith("extends itself")
                        else f"cannot be read as a template: {override.error}")]
    info = templates.info(override.template)
    for replaced in override.replacements:
        shared = replaced.shared_block
        if shared is None or replaced.shared is None or not shared.required or replaced.block.calls_super:
            continue
        text = replaced.block.source + "\n" + templates.included_text(replaced.block.includes)
        check(replaced.block.name, replaced.block.line, text, shared, replaced.shared, copy=False)
    if override.kind == "copy" and override.shadows is not None:
        for shared in templates.info(override.shadows).blocks.values():
            if not shared.required:
                continue
            own = info.blocks.get(shared.name)
            if own is not None and own.calls_super:
                continue
            text = own.source if own is not None else info.source
            check(shared.name, own.line if own else None, text + "\n" + templates.included_text(info.includes),
                  shared, override.shadows, copy=True)
    return problems


# -- a federation's templates ---------------------------------------------------------------------------

@dataclass
class FederationTemplates:
    """What a federation's reports and meeting documents use, layer by layer."""

    slug: str
    federation_root: Path
    workspace_root: Path
    templates: LayeredTemplates
    used: list[Located]
    overrides: dict[Located, Override] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def own(self) -> list[Override]:
        """Overrides in the federation's own folder (the first layer), which it pins."""
        return [o for where, o in sorted(self.overrides.items()) if where.layer == 0]

    def relative(self, path: Path) -> str:
        for root in (self.workspace_root, self.federation_root):
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
        return str(path)

    def in_federation(self, where: Located) -> str:
        """A file of the federation's own layer, relative to its folder (``templates/base.html``)."""
        try:
            return self.templates.path(where).resolve().relative_to(self.federation_root.resolve()).as_posix()
        except ValueError:
            return self.templates.path(where).as_posix()


def roots(fed: FederationBuild, templates: LayeredTemplates) -> list[str]:
    """The templates a federation's builds start from: its report types', the meeting documents',
    the agenda item kinds', the stylesheets plugins add, the section templates (any layer's
    ``sections/``), and every file of the layers above core (they are there to be used)."""
    names = [report.template for report in fed.report_types.values()]
    names += [f"meetings/{document}.html" for document in DOCUMENTS]
    names += [kind.template for kind in fed.item_kinds.values() if kind.template]
    for report in fed.report_types.values():
        names += fed.plugin_stylesheets(report)
    for index in range(len(templates.layers)):
        names += [n for n in templates.names(index) if n.startswith("sections/") or index != templates.core]
    return list(dict.fromkeys(names))


def analyse(fed: FederationBuild, search: list[Layer] | None = None) -> FederationTemplates:
    """The federation's templates: which layer provides each, its overrides and their problems."""
    templates = LayeredTemplates(search if search is not None else layers(fed))
    used = templates.closure(roots(fed, templates))
    result = FederationTemplates(fed.federation.slug, fed.federation.root, fed.workspace.root, templates, used)
    above_core = sorted({w for w in used if w.layer != templates.core}
                        | {Located(0, n) for n in templates.names(0)})
    for where in above_core:
        override = override_of(templates, where)
        result.overrides[where] = override
        result.problems += keep_problems(templates, override)
    return result


def advice(result: FederationTemplates, override: Override) -> str:
    """What to do about a full copy."""
    assert override.shadows is not None
    shared = result.templates.info(override.shadows)
    name = override.template.name
    if shared.blocks:
        blocks = ", ".join(b.name for b in shared.top_blocks)
        return (f'a full copy of {result.templates.label(override.shadows)}: its changes never reach this file. '
                f'Extend it instead — {{% extends "core:{name}" %}} — and override only the blocks you change '
                f"({blocks})")
    return (f"a full copy of {result.templates.label(override.shadows)}: its changes never reach this file. "
            f'Include it — {{% include "core:{name}" %}} — and add only what you change')


def describe(result: FederationTemplates, replaced: Replacement) -> str:
    """``replaces cover (core base.html)``, ``fills styles (core base.html)``."""
    if replaced.shared is None:
        return (f"defines block {replaced.block.name}, which none of the templates it extends has "
                "(removed or renamed in the shared templates, or misspelt?)")
    verb = "fills" if replaced.fills else "replaces"
    return f"{verb} {replaced.block.name} ({result.templates.label(replaced.shared)})"
