"""Putting a report's sections in order: contributions, federation settings, required parts.

Order is data. Sections sort by ``order`` then id; a section with ``after`` is placed right
behind the section it names. A federation's ``[reports.<id>.sections.<section>]`` may rename,
move or leave out a section, except one its legal form requires.
"""

from collections.abc import Callable

from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.model import ReportSettings
from rapportkarna.regimes import PART_NAMES
from rapportkarna.reports import Section


class SectionError(RapportError):
    pass


def _collect(contributions: list[tuple[str, list[Section]]]) -> dict[str, Section]:
    found: dict[str, Section] = {}
    for plugin, sections in contributions:
        for section in sections:
            if section.id in found:
                raise SectionError(f"section '{section.id}' is contributed twice: by plugin "
                                   f"'{found[section.id].plugin}' and by plugin '{plugin}'")
            found[section.id] = section.model_copy(update={"plugin": plugin})
    return found


#: Makes the problem of a setting at a field path of federation.toml (its file and line).
Locate = Callable[[tuple[str | int, ...], str], Problem]


def _apply_settings(found: dict[str, Section], settings: ReportSettings, report_id: str,
                    required: tuple[str, ...], locate: Locate) -> dict[str, Section]:
    result = dict(found)
    for section_id, override in settings.sections.items():
        at = ("reports", report_id, "sections", section_id)
        if section_id not in found:
            known = ", ".join(sorted(found)) or "none"
            raise ValidationFailed([locate(at, f"no section '{section_id}' in {report_id}; sections: {known}")])
        if not override.enabled:
            if section_id in required:
                raise ValidationFailed([locate(at + ("enabled",), f"'{section_id}' is required by the "
                                               "organisation's legal form and cannot be left out")])
            del result[section_id]
            continue
        updates = {k: v for k, v in (("title", override.title), ("order", override.order),
                                     ("after", override.after),
                                     ("part", override.part)) if v is not None}
        result[section_id] = found[section_id].model_copy(update=updates)
    return result


def _place_after(ordered: list[Section]) -> list[Section]:
    anchored = [s for s in ordered if s.after]
    placed = [s for s in ordered if not s.after]
    pending = list(anchored)
    while pending:
        progressed = False
        for section in list(pending):
            ids = [s.id for s in placed]
            if section.after in ids:
                # behind the anchor and behind anything already placed after that anchor
                index = ids.index(section.after) + 1
                while index < len(placed) and placed[index].after == section.after:
                    index += 1
                placed.insert(index, section)
                pending.remove(section)
                progressed = True
        if not progressed:
            all_ids = {s.id for s in ordered}
            section = pending[0]
            if section.after not in all_ids:
                raise SectionError(f"section '{section.id}' is to come after '{section.after}', "
                                   f"which is not in this report")
            raise SectionError("sections name each other in 'after' in a circle: "
                               + ", ".join(f"{s.id} after {s.after}" for s in pending))
    return placed


def arrange(contributions: list[tuple[str, list[Section]]], settings: ReportSettings,
            report_id: str, required: tuple[str, ...], regime_label: str, locate: Locate) -> list[Section]:
    """The report's sections in reading order (main part first, then bilagor)."""
    found = _apply_settings(_collect(contributions), settings, report_id, required, locate)
    missing = [s for s in required if s not in found]
    if missing:
        names = ", ".join(PART_NAMES.get(s, s) for s in missing)
        raise SectionError(f"{report_id}: a {regime_label} must include {names}; core contributes these parts "
                           "from the accounts and the economic plan where the federation has [accounts] in "
                           f"federation.toml (see docs/economy.md); missing section ids: {', '.join(missing)}")
    ordered = _place_after(sorted(found.values(), key=lambda s: (s.order, s.id)))
    return [s for s in ordered if s.part == "main"] + [s for s in ordered if s.part == "appendix"]
