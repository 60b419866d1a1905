"""Themes: shared template sets between a federation's own templates and core's.

A region's federations may share one set of templates — its cover, colours, section layouts —
named in each federation.toml (``themes = ["norrlandsregionen"]``). A theme is a folder
``themes/<name>/`` of the workspace (laid out like the shared ``templates/``), or an installed
package that registers it in the entry-point group ``rapportkarna.themes`` (the value is a module
whose folder holds ``templates/``). A theme may build on another: ``theme.toml`` in its folder
says ``extends = ["other-theme"]``; the extended theme is searched after it.

The search order for a template is: the federation's own ``templates/``, its plugins' folders,
its themes (each before the themes it extends), then core's shared templates.
"""

import importlib.metadata
import importlib.util
import tomli
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapportkarna.errors import Problem, RapportError, ValidationFailed

ENTRY_POINTS = "rapportkarna.themes"
THEME_FILE = "theme.toml"


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    """The folder of templates (the theme's ``templates/`` for an installed one)."""
    source: str


def _installed(name: str) -> Theme | None:
    for entry in importlib.metadata.entry_points(group=ENTRY_POINTS):
        if entry.name == name:
            spec = importlib.util.find_spec(entry.value)
            if spec is None or spec.origin is None:
                raise RapportError(f"theme '{name}': module '{entry.value}' of its entry point is not installed")
            return Theme(name, Path(spec.origin).parent / "templates", entry.value)
    return None


def find_theme(name: str, themes_dir: Path) -> Theme | None:
    """The theme ``name``: the workspace's ``themes/<name>/``, else an installed one; None if neither."""
    folder = themes_dir / name
    if folder.is_dir():
        return Theme(name, folder, str(folder))
    return _installed(name)


def _extends(theme: Theme) -> list[str]:
    path = theme.folder / THEME_FILE
    if not path.is_file():
        return []
    try:
        data = tomli.loads(path.read_text(encoding="utf-8"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RapportError(f"{path}: not valid TOML ({exc})") from exc
    extends = data.get("extends", [])
    if not isinstance(extends, list) or not all(isinstance(n, str) for n in extends):
        raise RapportError(f"{path}: extends: expected a list of theme names")
    return list(extends)


def resolve(names: list[str], themes_dir: Path, where: Callable[[int, str], Problem]) -> list[Theme]:
    """The themes a federation names, each followed by the themes it extends (once each)."""
    ordered: list[Theme] = []
    problems: list[Problem] = []

    def visit(name: str, index: int, chain: tuple[str, ...]) -> None:
        if name in chain:
            raise RapportError(f"themes extend each other in a circle: {' → '.join((*chain, name))}")
        if any(t.name == name for t in ordered):
            return
        theme = find_theme(name, themes_dir)
        if theme is None:
            known = ", ".join(sorted(p.name for p in themes_dir.iterdir() if p.is_dir())) if themes_dir.is_dir() else ""
            problems.append(where(index, f"no theme '{name}' in {themes_dir} or among installed themes"
                                         + (f"; themes here: {known}" if known else "")))
            return
        ordered.append(theme)
        for parent in _extends(theme):
            visit(parent, index, (*chain, name))

    for index, name in enumerate(names):
        visit(name, index, ())
    if problems:
        raise ValidationFailed(problems)
    return ordered
