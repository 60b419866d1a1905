"""A moment's texts with their figures filled in: ``{arets_resultat}`` becomes "1 235 tkr".

An unknown name is an error at the text's line in moment.toml, naming the figures the report has,
so a misspelt name never reaches the reader.
"""

import difflib

from rapportkarna.economy.key_figures import Figure, fill, text_fields, unknown
from rapportkarna.economy.report import ReportEconomy
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.locations import Locations
from rapportkarna.model import MomentData, MomentRef, MomentTexts
from rapportkarna.workspace import Federation

#: Shown of the names a report has, in an unknown-name message.
SHOWN_NAMES = 12


def unknown_message(name: str, figures: dict[str, Figure]) -> str:
    close = difflib.get_close_matches(name, list(figures), n=1)
    hint = f"did you mean {{{close[0]}}}? " if close else ""
    # the short names first: the statements' lines by id, the key ratios; then '<statement>.<line>'
    names = sorted(figures, key=lambda n: ("." in n, n))
    shown = ", ".join(names[:SHOWN_NAMES]) + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES
                                              else "") if names else "none (the moment has no accounts)"
    return (f"unknown figure {{{name}}}; {hint}the figures this report has: {shown} (see docs/economy.md; "
            "write {{ and }} for literal braces)")


def text_problems(federation: Federation, year: int, ref: MomentRef, moment: MomentData,
                  figures: dict[str, Figure]) -> list[Problem]:
    where = Locations(federation, year)
    problems = []
    for path, text in text_fields(moment.texts.model_dump(), ("texts",)):
        for name in unknown(text, figures):
            problems.append(where.in_moment(ref.id, path, unknown_message(name, figures)))
    return problems


def filled_texts(federation: Federation, year: int, ref: MomentRef | None, moment: MomentData,
                 economy: ReportEconomy | None, unit: str) -> MomentTexts:
    figures = economy.figures if economy else {}
    if ref is None:
        return moment.texts
    problems = text_problems(federation, year, ref, moment, figures)
    if problems:
        raise ValidationFailed(problems)
    data = moment.texts.model_dump()

    def walk(value: object) -> object:
        if isinstance(value, str):
            return fill(value, figures, unit)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value
    return MomentTexts.model_validate(walk(data))
