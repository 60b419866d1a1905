"""Incremental builds: a report whose inputs, templates, plugins, options and tool version are
unchanged since the manifest recorded it, and whose files are still there as written, is not made
again (``build --force`` makes it anyway)."""

import json
from pathlib import Path
from typing import Any

from rapportkarna import __version__
from rapportkarna.build import FederationBuild
from rapportkarna.manifest import files_digest, sha256


def year_inputs(fed: FederationBuild, year: int) -> dict[str, str]:
    """Every file a year's reports may read: federation.toml, this and the earlier years' folders
    (reports compare with earlier years), the Kolada cache, the federation's templates and its themes."""
    root = fed.federation.root
    years = [root / str(y) for y in fed.federation.years if y <= year]
    accounts = fed.federation.config.accounts
    mappings = [root / name for name in ([accounts.mapping, *accounts.overrides] if accounts else [])
                if (root / name).is_file()]  # a built-in mapping is part of the tool's version
    # kolada/: the cache Kolada indicators read; a new fetch makes their reports again
    return files_digest([root / "federation.toml", *years, *mappings, root / "kolada", fed.federation.templates_dir,
                         *(t.folder for t in fed.themes)], fed.workspace.root)


def build_options(formats: tuple[str, ...], pdf_variant: str) -> dict[str, Any]:
    return {"formats": sorted(formats), "pdf_variant": pdf_variant}


def _read(manifest: Path) -> dict[str, Any]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _files_match(recorded: dict[str, str], folder: Path) -> bool:
    return all((folder / name).is_file() and sha256((folder / name).read_bytes()) == digest
               for name, digest in recorded.items())


def _templates_match(recorded: dict[str, Any], root: Path) -> bool:
    for used in recorded.values():
        path = Path(used.get("file", ""))
        path = path if path.is_absolute() else root / path
        if not path.is_file() or sha256(path.read_bytes()) != used.get("sha256"):
            return False
    return True


def unchanged(manifest: Path, key: str, folder: Path, expected: set[str], inputs: dict[str, str],
              plugins: list[dict[str, Any]], options: dict[str, Any], root: Path) -> bool:
    """Whether the report ``key`` in ``manifest`` was made from exactly these inputs and is intact."""
    data = _read(manifest)
    entry = data.get("reports", {}).get(key) if data.get("rapportkarna") == __version__ else None
    if not isinstance(entry, dict):
        return False
    outputs = entry.get("outputs", {})
    return (entry.get("inputs") == inputs and entry.get("plugins") == plugins and entry.get("options") == options
            # the files asked for, and what was written beside them (a report's provenance.json): the
            # same inputs and options make the same files, and every one recorded must be intact
            and expected <= set(outputs) and _files_match(outputs, folder)
            and _templates_match(entry.get("templates", {}), root))
