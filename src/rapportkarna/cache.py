"""The tool's own cache on disk: what is costly to make and always the same for the same input,
kept between runs — templates compiled to Python code, and charts drawn as SVG.

Everything in it is found by a key made from its whole input (a template's source, a chart's
data and the code that draws it), so nothing in it can be stale: a changed input is a new key.
It is never an input of a report and never needed: a missing, unreadable or damaged entry is made
again, and a cache that cannot be written is passed over in silence.

Where: ``$RAPPORTKARNA_CACHE_DIR``, else ``$XDG_CACHE_HOME/rapportkarna``, else
``~/.cache/rapportkarna`` (beside pip's and matplotlib's). ``RAPPORTKARNA_CACHE_DIR=off`` turns it
off. ``rapportkarna cache`` shows where it is and how big; ``rapportkarna cache --clear`` empties it.

Compiled templates are code: a cache folder others may write to would let them run code in a
build. So the folder is made private (0700) and one that is not (or not the user's own) is not used.
"""

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CACHE_ENV = "RAPPORTKARNA_CACHE_DIR"
OFF = "off"

#: Above this size, the entries used longest ago are removed (down to three quarters of it).
LIMIT_BYTES = 256 * 1024 * 1024


def cache_root() -> Path | None:
    """The cache folder as the environment names it (None: turned off); not created here."""
    chosen = os.environ.get(CACHE_ENV)
    try:
        if chosen is not None:
            return None if chosen.strip().lower() in (OFF, "") else Path(chosen).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # "~someone" of no such user, or no home folder: no cache, not an error
        return None
    return Path(base) / "rapportkarna"


def key(*parts: str | bytes) -> str:
    """A file name for what is made from ``parts`` (and only from them)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # lengths: ("ab", "c") is not ("a", "bc")
    return digest.hexdigest()


@dataclass(frozen=True)
class Store:
    """One kind of entry (a subfolder of the cache), each a file named by its key."""

    kind: str

    def folder(self) -> Path | None:
        root = cache_root()
        return None if root is None else _ready(root, self.kind)

    def get(self, name: str) -> bytes | None:
        """The entry, checked against the digest stored with it; None when absent or damaged."""
        folder = self.folder()
        if folder is None:
            return None
        try:
            stored = (folder / name).read_bytes()
        except OSError:
            return None
        digest, _, content = stored.partition(b"\n")
        if digest != hashlib.sha256(content).hexdigest().encode():
            return None  # cut short or changed: make it again
        try:
            os.utime(folder / name)  # used now: pruning removes what was used longest ago
        except OSError:
            pass
        return content

    def put(self, name: str, content: bytes) -> None:
        """Keep ``content`` (written whole or not at all; a failure to write is not an error)."""
        folder = self.folder()
        if folder is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(content).hexdigest().encode() + b"\n" + content)
            os.replace(tmp, folder / name)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        _prune_once(folder.parent)


@lru_cache(maxsize=16)
def _ready(root: Path, kind: str) -> Path | None:
    """The folder of ``kind`` in the cache at ``root``, made private if new; None when it cannot be
    used. Checked once a process per folder, not at every entry."""
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(root):
            return None
        folder = root / kind
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder if _private(folder) else None
    except OSError:
        return None


def _private(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) of this user that no one else may write."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def entries(root: Path) -> list[Path]:
    """Every entry in the cache (the files in its subfolders)."""
    if not root.is_dir():
        return []
    return [f for sub in root.iterdir() if sub.is_dir() and not sub.is_symlink()
            for f in sub.iterdir() if f.is_file() and not f.is_symlink()]


_pruned: set[Path] = set()


def _prune_once(root: Path) -> None:
    """Keep the cache under its limit: checked once a process, when it first adds an entry."""
    if root in _pruned:
        return
    _pruned.add(root)
    found: list[tuple[float, int, Path]] = []
    for file in entries(root):
        try:
            info = file.stat()
        except OSError:  # removed by another build meanwhile
            continue
        found.append((info.st_mtime, info.st_size, file))
    total = sum(size for _, size, _ in found)
    if total <= LIMIT_BYTES:
        return
    for _, size, file in sorted(found):  # the entries used longest ago first
        if total <= LIMIT_BYTES * 3 // 4:
            break
        file.unlink(missing_ok=True)
        total -= size


def clear(root: Path) -> int:
    """Remove every entry; the number removed."""
    removed = 0
    for file in entries(root):
        file.unlink(missing_ok=True)
        removed += 1
    return removed
