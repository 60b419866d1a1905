"""Containment: every file a build reads lies inside the folders it may read.

A federation's data, templates, CSS, logo, account mappings and Kolada cache are read from its
folder; a file there that is a symbolic link to somewhere else (``budget.csv`` → ``/etc/passwd``,
a year folder → another federation's) would bring that file into a published report. So every
link in a federation's folder is followed once, when its federation.toml is read, and one that
ends outside the folders the build may read stops the build, naming the link. Paths a federation
names in its files (a mapping's ``extends``, the logo) are checked with :func:`outside` as well.

The folders a build may read are the federation's own, its plugins' packages and the shared
templates (see ``FederationBuild.allowed_roots``); data files must lie in the federation's folder.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from rapportkarna.errors import Problem

#: Folders of a federation that are the tool's own caches or tools' leftovers, not its files.
SKIPPED = {"__pycache__", ".git"}


def resolved(path: Path) -> Path | None:
    """``path`` with every symbolic link followed; None for a loop of links, which leads nowhere."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path``, after every symbolic link is followed, lies in one of ``roots``."""
    real = resolved(path)
    return real is not None and any(real.is_relative_to(root.resolve()) for root in roots)


def outside(path: Path, roots: Iterable[Path], what: str = "the federation's folder") -> Problem | None:
    """A problem naming ``path`` if it leads outside ``roots`` (None when it stays inside)."""
    roots = list(roots)
    if inside(path, roots):
        return None
    real = resolved(path)
    target = "a loop of links" if real is None else str(real)
    shown = ", ".join(str(r) for r in roots)
    return Problem(path, None, None, f"leads to {target}, outside {what} ({shown}); rapportkarna reads only "
                                     "files inside it: copy the file in rather than linking to it")


def links_out(folder: Path, roots: Iterable[Path] | None = None,
              what: str = "the federation's folder") -> list[Problem]:
    """Every symbolic link under ``folder`` (the folder itself included) that ends outside
    ``roots`` (default: ``folder``), or nowhere: one problem each, naming the link."""
    roots = list(roots) if roots is not None else [folder]
    problems: list[Problem] = []
    if folder.is_symlink():
        found = outside(folder, roots, what)
        return [found] if found else []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted([*dirs, *files]):
            path = Path(current) / name
            if path.is_symlink():
                found = outside(path, roots, what)
                if found is not None:
                    problems.append(found)
    return problems
