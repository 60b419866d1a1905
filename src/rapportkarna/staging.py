"""All or nothing per build: a federation-year's outputs and manifest change together or not at all.

A build writes into a staging copy of ``<out>/<slug>/<year>/`` (the unchanged files hard-linked,
so a copy costs nothing), and only when every report and document is made does it swap the copy
in: the old folder is renamed aside, the staging folder renamed into place, the old one removed. A
lock file keeps a second build out of the same folder, with a message. What a killed build leaves
behind (a staging folder, a renamed old folder, stray ``.tmp`` files) is cleaned up, or put back,
by the next build.
"""

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rapportkarna.errors import RapportError
from rapportkarna.manifest import MANIFEST_FILE, read_manifest

STAGING = ".staging"
OLD = ".old"
LOCK = ".lock"


def _sibling(folder: Path, suffix: str) -> Path:
    return folder.parent / f".{folder.name}{suffix}"


def _recover(folder: Path) -> None:
    """Undo what a killed build left: put the old folder back if the swap was cut off halfway,
    remove staging folders and temporary files."""
    old = _sibling(folder, OLD)
    if old.is_dir():
        if folder.exists():
            shutil.rmtree(old)  # the swap was done; only the clean-up was cut off
        else:
            os.rename(old, folder)  # killed between the two renames: the last good folder is back
    staging = _sibling(folder, STAGING)
    if staging.exists():
        shutil.rmtree(staging)
    if folder.is_dir():
        for stray in folder.rglob(".*.tmp"):
            stray.unlink(missing_ok=True)


def _copy_linked(source: Path, target: Path) -> None:
    """A copy of ``source`` whose files are hard links (a copy where links are not possible)."""
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


class YearOutput:
    """The staging copy a build writes to; see :func:`year_output`."""

    def __init__(self, folder: Path, staging: Path) -> None:
        self.folder = folder
        self.staging = staging
        self.written: list[Path] = []

    def path(self, relative: str) -> Path:
        """Where ``relative`` is now, in the staging copy (read the last good manifest here)."""
        return self.staging / relative

    def write(self, relative: str, content: bytes) -> Path:
        """Write a file into the staging copy; returns where it will be after the swap."""
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a hard link to the last good file: never write through it
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise _named(exc, self.folder / relative) from exc
        final = self.folder / relative
        self.written.append(final)
        return final


def _named(exc: OSError, path: Path) -> RapportError:
    if exc.errno == errno.ENOSPC:
        return RapportError(f"{path}: no space left on the disk; nothing was changed in {path.parent}")
    return RapportError(f"{path}: cannot write ({exc.strerror or exc}); nothing was changed")


@contextmanager
def _locked(folder: Path) -> Iterator[IO[str]]:
    for part in [folder, *folder.parents]:
        if part.exists() and not part.is_dir():  # a file where the output folder should be
            raise RapportError(f"{part}: a file where the output folder {folder} should be; remove it or build "
                               "into another folder (--out)")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _named(exc, folder.parent) from exc
    lock_path = _sibling(folder, LOCK)
    handle = open(lock_path, "w")  # noqa: SIM115 - held for the whole build
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RapportError(f"{folder}: another build is writing to this folder now (lock {lock_path}); "
                               "wait for it to finish") from None
        yield handle
    finally:
        handle.close()


@contextmanager
def year_output(folder: Path) -> Iterator[YearOutput]:
    """A staging copy of ``folder`` to build into; swapped in if the block ends without an error,
    thrown away otherwise (the last good folder untouched)."""
    with _locked(folder):
        _recover(folder)
        read_manifest(folder / MANIFEST_FILE)  # an unreadable manifest stops the build, naming it
        staging = _sibling(folder, STAGING)
        try:
            if folder.is_dir():
                _copy_linked(folder, staging)
            else:
                staging.mkdir(parents=True)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise _named(exc, staging) from exc
        output = YearOutput(folder, staging)
        try:
            yield output
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(folder, staging)


def _swap(folder: Path, staging: Path) -> None:
    old = _sibling(folder, OLD)
    if folder.exists():
        os.rename(folder, old)
    os.rename(staging, folder)
    if old.exists():
        shutil.rmtree(old)
