"""Incremental builds: a report whose inputs, templates, plugins, options and tool version are
unchanged since the manifest recorded it, and whose files are still there as written, is not made
again (``build --force`` makes it anyway).

A whole federation-year is checked first, before its data is even read: a build of everything in
the year records a stamp of its inputs (:data:`WHOLE_YEAR` in the manifest), and when the stamp
and every file made are unchanged, the year is passed over at the cost of hashing its files —
a no-op build of many federations reads no data, renders nothing and writes nothing.
"""

import json
from pathlib import Path
from typing import Any

from rapportkarna import __version__
from rapportkarna.build import FederationBuild
from rapportkarna.cache import key
from rapportkarna.containment import inside
from rapportkarna.loader import MEETINGS_DIR
from rapportkarna.manifest import MANIFEST_FILE, WHOLE_YEAR, files_digest, plugin_entry, sha256


def year_inputs(fed: FederationBuild, year: int) -> dict[str, str]:
    """Every file a year's reports may read: federation.toml, this and the earlier years' folders
    (reports compare with earlier years), the next year's meetings, the Kolada cache, the federation's templates and its themes."""
    root = fed.federation.root
    years = [root / str(y) for y in fed.federation.years if y <= year]
    # a year's reports are adopted at meetings of that year, the year before, or (the årsredovisning)
    # the year after: that year's meetings are read too (no later year's, or every new meeting would
    # make every earlier year's reports again)
    years.append(root / str(year + 1) / MEETINGS_DIR)
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


def _files_match(recorded: Any, folder: Path) -> bool:
    """Whether every file the manifest names in ``folder`` is there as written (a name that would
    lead out of the folder, in a manifest changed by hand, is never read: no match)."""
    return isinstance(recorded, dict) and all(
        _inside(name) and (folder / name).is_file() and sha256((folder / name).read_bytes()) == digest
        for name, digest in recorded.items())


def _inside(name: Any) -> bool:
    return isinstance(name, str) and not Path(name).is_absolute() and ".." not in Path(name).parts


def template_folders(fed: FederationBuild) -> list[Path]:
    """The folders a report's templates come from (the federation's, its plugins', its themes',
    core's), resolved: a template a manifest names anywhere else is not current, and not read."""
    return [folder.resolve() for _, folder in fed.template_layers()]


def _templates_match(recorded: Any, root: Path, folders: list[Path], seen: dict[Path, str] | None = None) -> bool:
    """Whether every template recorded is there with the same content, in one of ``folders``
    (``seen``: hashes already taken, as the reports of a year share most of their templates)."""
    if not isinstance(recorded, dict):
        return False
    seen = {} if seen is None else seen
    for used in recorded.values():
        if not (isinstance(used, dict) and isinstance(used.get("file"), str)):
            return False  # a manifest changed by hand: not current, made again
        path = Path(used["file"])
        path = path if path.is_absolute() else root / path
        if path not in seen:
            seen[path] = _template_digest(path, folders)
        if not seen[path] or seen[path] != used.get("sha256"):
            return False
    return True


def _template_digest(path: Path, folders: list[Path]) -> str:
    """The template's hash; "" if it is gone or lies outside the template folders (a manifest
    changed by hand to name ``/etc/passwd``)."""
    if not inside(path, folders) or not path.is_file():
        return ""
    return sha256(path.read_bytes())


def unchanged(manifest: Path, key: str, folder: Path, expected: set[str], inputs: dict[str, str],
              plugins: list[dict[str, Any]], options: dict[str, Any], root: Path, templates: list[Path]) -> bool:
    """Whether the report ``key`` in ``manifest`` was made from exactly these inputs and is intact."""
    data = _read(manifest)
    reports = data.get("reports") if data.get("rapportkarna") == __version__ else None
    entry = reports.get(key) if isinstance(reports, dict) else None
    outputs = entry.get("outputs") if isinstance(entry, dict) else None
    if not (isinstance(entry, dict) and isinstance(outputs, dict)):  # none, or one changed by hand
        return False
    return (entry.get("inputs") == inputs and entry.get("plugins") == plugins and entry.get("options") == options
            # the files asked for, and what was written beside them (a report's provenance.json): the
            # same inputs and options make the same files, and every one recorded must be intact
            and expected <= set(outputs) and _files_match(outputs, folder)
            and _templates_match(entry.get("templates", {}), root, templates))


def plugin_entries(fed: FederationBuild) -> list[dict[str, Any]]:
    """The federation's plugins as the manifest records them (name, version, files' hashes)."""
    return [plugin_entry(info, fed.workspace.root) for info in fed.plugins.describe()]


def year_stamp(inputs: dict[str, str], plugins: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """What a whole-year build depends on, but the templates (recorded per report): its input
    files (:func:`year_inputs`), plugins (:func:`plugin_entries`) and options, and the tool's version."""
    return key(json.dumps({"rapportkarna": __version__, "inputs": inputs, "plugins": plugins, "options": options},
                          sort_keys=True))


def year_unchanged(folder: Path, stamp: str, root: Path, templates: list[Path]) -> list[str] | None:
    """The notes the last whole-year build gave, if ``folder`` holds a whole-year build made with
    ``stamp`` whose every file is intact and whose templates are unchanged; else None."""
    data = _read(folder / MANIFEST_FILE)
    record = data.get(WHOLE_YEAR)
    if data.get("rapportkarna") != __version__ or not isinstance(record, dict) or record.get("stamp") != stamp:
        return None
    reports = data.get("reports")
    if not isinstance(reports, dict) or not _files_match(record.get("files", {}), folder):
        return None
    seen: dict[Path, str] = {}
    for name, entry in reports.items():
        where = folder / "meetings" if name.startswith("meetings/") else folder
        if not (isinstance(entry, dict) and _files_match(entry.get("outputs", {}), where)
                and _templates_match(entry.get("templates", {}), root, templates, seen)):
            return None
    notes = record.get("notes", [])
    return [str(note) for note in notes] if isinstance(notes, list) else []
