"""Drift of a federation's overrides: ``federations/<slug>/templates.lock``.

``rapportkarna templates pin`` records, for every shared block the federation's own templates
replace (and every shared template one of them copies whole), the shared block's fingerprint and
text as they are now. ``rapportkarna templates check`` then lists what changed since: a shared
block whose text changed (the override may need the same change), one that was removed or
renamed, an override never pinned. ``rapportkarna templates diff`` shows each change as a unified
diff next to the federation's override, and ``pin`` again accepts it.

The file is JSON, written the same way every time (sorted, no timestamps), so it diffs well in
version control.
"""

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rapportkarna.errors import RapportError
from rapportkarna.template_layers import FederationTemplates, Located, Override

LOCK_FILE = "templates.lock"
VERSION = 1


@dataclass(frozen=True)
class Pin:
    """A shared block (or a whole shared template, ``block`` None) as the federation last saw it."""

    template: str
    block: str | None
    layer: str
    sha256: str
    source: str
    overrides: tuple[str, ...]
    """The federation's files that replace it (relative to its folder)."""

    @property
    def key(self) -> tuple[str, str]:
        return self.template, self.block or ""

    @property
    def label(self) -> str:
        return f"{self.template} › {self.block}" if self.block else f"{self.template} (whole file)"

    def as_json(self) -> dict[str, Any]:
        return {"template": self.template, "block": self.block, "layer": self.layer, "sha256": self.sha256,
                "overridden_in": list(self.overrides), "source": self.source}


def lock_path(result: FederationTemplates) -> Path:
    return result.federation_root / LOCK_FILE


def current_pins(result: FederationTemplates) -> list[Pin]:
    """What ``pin`` would record now."""
    found: dict[tuple[str, str], Pin] = {}

    def add(template: str, block: str | None, layer: str, sha: str, source: str, file: str) -> None:
        key = (template, block or "")
        earlier = found.get(key)
        files = tuple(sorted({*(earlier.overrides if earlier else ()), file}))
        found[key] = Pin(template, block, layer, sha, source, files)

    templates = result.templates
    for override in result.own:
        file = result.in_federation(override.template)
        for replaced in override.replacements:
            if replaced.shared is not None and replaced.shared_block is not None:
                add(replaced.shared.name, replaced.block.name, templates.layer(replaced.shared).name,
                    replaced.shared_block.fingerprint, replaced.shared_block.source, file)
        if override.kind == "copy" and override.shadows is not None:
            shared = templates.info(override.shadows)
            add(override.shadows.name, None, templates.layer(override.shadows).name, shared.fingerprint,
                shared.source, file)
    return [found[key] for key in sorted(found)]


def lock_text(slug: str, pins: list[Pin]) -> str:
    data = {"version": VERSION, "federation": slug, "pins": [p.as_json() for p in pins]}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_lock(result: FederationTemplates) -> tuple[Path, list[Pin]]:
    pins = current_pins(result)
    path = lock_path(result)
    path.write_text(lock_text(result.slug, pins), encoding="utf-8")
    return path, pins


def read_lock(path: Path) -> list[Pin] | None:
    """The pins of a lock file; None when there is none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise RapportError(f"{path}: version {data.get('version')!r}; this rapportkarna reads version "
                               f"{VERSION}: run rapportkarna templates pin again")
        return [Pin(p["template"], p["block"], p["layer"], p["sha256"], p["source"], tuple(p["overridden_in"]))
                for p in data["pins"]]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise RapportError(f"{path}: not a templates.lock ({type(exc).__name__}: {exc}); "
                           "run rapportkarna templates pin to write it again") from exc


FindingKind = Literal["changed", "removed", "renamed", "unpinned", "stale"]


@dataclass(frozen=True)
class Finding:
    """One thing ``check`` reports about a federation's overrides and its lock."""

    kind: FindingKind
    label: str
    message: str
    pinned: Pin | None = None
    now: str | None = None
    """The shared text now (for a renamed block: the block it seems to have become)."""
    override_file: str | None = None
    override_source: str | None = None

    @property
    def counts(self) -> bool:
        """Whether ``check --strict`` fails on it (a stale pin is only a note)."""
        return self.kind != "stale"

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}: {self.message}"


def _override_text(result: FederationTemplates, override: Override, block: str | None) -> str:
    info = result.templates.info(override.template)
    if block is not None and block in info.blocks:
        return info.blocks[block].source
    return info.source


def _lost_block(result: FederationTemplates, override: Override, block: str, pins: list[Pin]) -> Finding:
    """An override's block that no template it extends has any more."""
    file = result.in_federation(override.template)
    label = f"{file} › {block}"
    text = _override_text(result, override, block)
    pinned = next((p for p in pins if p.block == block and file in p.overrides), None)
    if pinned is None:
        return Finding("removed", label, "none of the templates it extends has this block (removed or renamed "
                       "in the shared templates, or misspelt); it is never rendered", None, None, file, text)
    templates = result.templates
    shared = next((p for p in templates.chain(override.template) if p.name == pinned.template), None)
    if shared is None:  # no longer among those it extends: the pinned template in a later layer
        shared = next((Located(i, pinned.template) for i in range(override.template.layer + 1, len(templates.layers))
                       if templates.path(Located(i, pinned.template)).is_file()), None)
    if shared is None:
        return Finding("removed", label, f"the shared template {pinned.template} it was pinned against no longer "
                       "exists (removed or renamed): the override is never rendered", pinned, None, file, text)
    candidates = templates.info(shared).blocks.values()
    best, score = None, 0.0
    for candidate in candidates:
        ratio = 1.0 if candidate.fingerprint == pinned.sha256 else \
            difflib.SequenceMatcher(None, pinned.source, candidate.source).ratio()
        if ratio > score:
            best, score = candidate, ratio
    if best is not None and score >= 0.8 and best.name != block:
        return Finding("renamed", label, f"block {block} of {pinned.template} seems to be renamed {best.name}: "
                       f"the override is never rendered; rename it there too", pinned, best.source, file, text)
    return Finding("removed", label, f"block {block} was removed from {pinned.template}: the override is never "
                   "rendered", pinned, None, file, text)


def check(result: FederationTemplates, pins: list[Pin] | None) -> list[Finding]:
    """What changed in the shared templates since the federation pinned its overrides."""
    pinned = {p.key: p for p in pins or []}
    findings: list[Finding] = []
    accounted: set[tuple[str, str]] = set()
    overrides = {result.in_federation(o.template): o for o in result.own}
    for now in current_pins(result):
        override = overrides[now.overrides[0]]
        text = _override_text(result, override, now.block)
        before = pinned.get(now.key)
        moved = next((p for p in pinned.values() if before is None and now.block and p.block == now.block
                      and p.template != now.template and set(p.overrides) & set(now.overrides)), None)
        if moved is not None:
            findings.append(Finding("removed", moved.label, f"block {now.block} was removed from {moved.template}; "
                                    f"the override now replaces block {now.block} of {now.layer} {now.template}: "
                                    "review it, then pin", moved, now.source, now.overrides[0], text))
            accounted.add(moved.key)
        elif before is None:
            findings.append(Finding("unpinned", now.label, "overridden in " + ", ".join(now.overrides)
                                    + " but never pinned: review it, then run rapportkarna templates pin "
                                    + result.slug, None, now.source, now.overrides[0], text))
        elif before.sha256 != now.sha256:
            findings.append(Finding("changed", now.label, f"the shared {now.layer} {'block' if now.block else 'file'} "
                                    "changed since it was pinned; overridden in " + ", ".join(now.overrides)
                                    + f": see rapportkarna templates diff {result.slug}",
                                    before, now.source, now.overrides[0], text))
        accounted.add(now.key)
    for override in result.own:
        for replaced in override.unknown:
            finding = _lost_block(result, override, replaced.block.name, pins or [])
            findings.append(finding)
            if finding.pinned is not None:
                accounted.add(finding.pinned.key)
        file = result.in_federation(override.template)
        copied = pinned.get((override.template.name, ""))
        if override.kind == "new" and copied is not None and file in copied.overrides:
            findings.append(Finding("removed", copied.label, f"the shared template {copied.template} this file copied "
                                    "no longer exists (removed or renamed); the file is now a template of its own",
                                    copied, None, file, _override_text(result, override, None)))
            accounted.add(copied.key)
    for key, pin in sorted(pinned.items()):
        if key not in accounted:
            findings.append(Finding("stale", pin.label, "pinned, but no file of the federation overrides it any "
                                    f"more; rapportkarna templates pin {result.slug} drops it", pin))
    return findings


def unified(finding: Finding) -> str:
    """The shared text's change since the pin, as a unified diff."""
    before = finding.pinned.source if finding.pinned else ""
    after = finding.now or ""
    name = finding.pinned.label if finding.pinned else finding.label
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"{name} (pinned)", f"{name} (now)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
