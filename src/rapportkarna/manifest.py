"""The build manifest: what went into each report, so a reader can tell whether it is current.

``<out>/<slug>/<year>/manifest.json`` records, per report, the hashes of its outputs, of the
federation's input files, of every template used (and where it came from), and the plugins with
their versions. No timestamps: the same input gives the same manifest.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from rapportkarna import __version__
from rapportkarna.containment import outside, resolved
from rapportkarna.errors import RapportError
from rapportkarna.plugins import PluginInfo

MANIFEST_FILE = "manifest.json"
#: The record of the last build of a whole federation-year (see rapportkarna.incremental): the stamp
#: of its inputs, the files it wrote beside the reports, and the notes it gave.
WHOLE_YEAR = "whole_year"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def files_digest(paths: list[Path], root: Path) -> dict[str, str]:
    """Hash of every file under ``paths`` (files or folders), keyed by path relative to ``root``."""
    found: dict[str, str] = {}
    real_root = root.resolve()
    for path in paths:
        folder = path.resolve() if path.is_dir() else None  # each path is resolved once: a year has many files
        files = sorted(p for p in path.rglob("*") if p.is_file()) if folder else [path]
        for file in files:
            if not file.exists() or "__pycache__" in file.parts:
                continue
            real = resolved(file)
            # never hash through a link out of the folder: the manifest records only what
            # the build may read (rapportkarna.containment)
            if folder is not None and (real is None or not real.is_relative_to(folder)):
                raise RapportError(str(outside(file, [path], str(path))))
            key = real.relative_to(real_root).as_posix() if real and real.is_relative_to(real_root) else file.as_posix()
            found[key] = sha256(file.read_bytes())
    return dict(sorted(found.items()))



def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at ``path`` ({} when there is none); one that is not a manifest rapportkarna
    wrote stops the build rather than being overwritten, which would lose its other entries."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise RapportError(f"{path}: cannot be read as a build manifest ({reason}); it records what this "
                           "folder's reports were made from: remove it, and the next build makes them all "
                           "again and writes a new one") from None
    if not isinstance(data, dict) or not isinstance(data.get("reports", {}), dict):
        raise RapportError(f"{path}: not a build manifest (expected a JSON object with \"reports\"); remove "
                           "it, and the next build makes every report again and writes a new one")
    return data


def plugin_entry(info: PluginInfo, root: Path) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": info.name, "version": info.version}
    source = Path(info.source)
    if source.exists():
        entry["source"] = _relative(source, root)
        entry["files"] = files_digest([source], root)
    else:
        entry["source"] = info.source
    return entry


def report_entry(outputs: dict[str, bytes], inputs: dict[str, str], templates: dict[str, tuple[str, str]],
                 plugins: list[dict[str, Any]], root: Path) -> dict[str, Any]:
    return {
        "outputs": {name: sha256(content) for name, content in sorted(outputs.items())},
        "inputs": inputs,
        "templates": {name: {"file": _relative(Path(file), root), "sha256": digest}
                      for name, (file, digest) in sorted(templates.items())},
        "plugins": plugins,
    }


def merged_manifest(path: Path, slug: str, year: int, reports: dict[str, dict[str, Any]],
                    whole_year: dict[str, Any] | None = None) -> bytes:
    """The manifest with ``reports`` replacing their earlier entries; others are kept. The record
    of a whole-year build is ``whole_year``: a build of part of the year drops the last one."""
    existing: dict[str, Any] = read_manifest(path).get("reports", {})
    manifest: dict[str, Any] = {
        "rapportkarna": __version__,
        "federation": slug,
        "year": year,
        "reports": dict(sorted({**existing, **reports}.items())),
    }
    if whole_year is not None:
        manifest[WHOLE_YEAR] = whole_year
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
