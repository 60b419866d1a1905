"""Evaluating goals and indicators: status from målvärde and utfall, a federation's own scale,
values read from Kolada and the economy's figures, and the summary of god ekonomisk hushållning.

Everything here is a function of its arguments: the report's moment, the federation's
``[goals]`` settings, the economy's ``figures`` and the Kolada cache. No clock, no network.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rapportkarna.errors import Problem
from rapportkarna.formatting import antal_ord
from rapportkarna.kolada.cache import collect_values
from rapportkarna.model.goals import (PROGNOS_PREFIX, GoalKind, GoalSettings, Indicator, IndicatorStatus,
                                      IndicatorValue, Level, Thresholds)
from rapportkarna.model.moment import MomentKind, MomentRef


@dataclass(frozen=True)
class Mark:
    """A bedömning as a report shows it: always its word; ``level`` only repeats it in colour."""

    id: str
    label: str
    level: Level

    @property
    def met(self) -> bool:
        return self.level == "uppfyllt"

    @property
    def value(self) -> str:
        """The level: what templates use for the marker's class (``status-{{ status.value }}``)."""
        return self.level


def mark_of(status: str | None, settings: GoalSettings) -> Mark | None:
    """The mark of a status id of the built-in scale or the federation's own; None for none."""
    if status is None:
        return None
    step = settings.steps().get(status)
    if step is None:  # moment_checks reports the unknown id at its line; a report shows it plainly
        return Mark(status, status, "ej_bedomt")
    return Mark(step.id, step.label, step.level)


def builtin(status: IndicatorStatus) -> Mark:
    return Mark(status.value, status.label, status.level)


def reached(target: Decimal, value: Decimal, higher_is_better: bool = True) -> Decimal | None:
    """How much of the målvärde ``value`` reaches, in percent.

    Higher is better: value / target. Lower is better: target / value. Where a ratio says nothing
    (a målvärde of zero or below, a loss to keep under), the målvärde is reached or not: 100 or 0.
    """
    if higher_is_better:
        if target <= 0:
            return Decimal(100) if value >= target else Decimal(0)
        return Decimal(100) * value / target
    if target <= 0 or value <= 0:
        return Decimal(100) if value <= target else Decimal(0)
    return Decimal(100) * target / value


def status_from(target: Decimal, value: Decimal, higher_is_better: bool, thresholds: Thresholds) -> IndicatorStatus:
    """Uppfyllt, delvis or ej uppfyllt by the federation's thresholds (percent of the målvärde)."""
    share = reached(target, value, higher_is_better)
    if share is None:
        return IndicatorStatus.EJ_BEDOMT
    if share >= thresholds.uppfyllt:
        return IndicatorStatus.UPPFYLLT
    if share >= thresholds.delvis:
        return IndicatorStatus.DELVIS
    return IndicatorStatus.EJ_UPPFYLLT


def members_status(marks: Sequence[Mark | None]) -> IndicatorStatus | None:
    """An indicator per member: uppfyllt when every member reaches the målvärde, delvis when some do."""
    judged = [m for m in marks if m is not None]
    if not judged:
        return None
    met = sum(1 for m in judged if m.met)
    if met == len(marks):
        return IndicatorStatus.UPPFYLLT
    return IndicatorStatus.DELVIS if met else IndicatorStatus.EJ_UPPFYLLT


def goal_level(marks: Sequence[Mark | None]) -> IndicatorStatus | None:
    """A goal's bedömning from its indicators': all met, some met or partly, or none."""
    judged = [m for m in marks if m is not None and m.level != "ej_bedomt"]
    if not judged:
        return None
    if all(m.met for m in judged):
        return IndicatorStatus.UPPFYLLT
    if all(m.level == "ej_paborjad" for m in judged):
        return IndicatorStatus.EJ_PABORJAD
    if any(m.level in ("uppfyllt", "delvis") for m in judged):
        return IndicatorStatus.DELVIS
    return IndicatorStatus.EJ_UPPFYLLT


# -- the economy's figures ------------------------------------------------------------------------

def accounts_value(indicator: Indicator, figures: Mapping[str, Decimal], ref: MomentRef) -> IndicatorValue | None:
    """A financial goal's value at the report's moment, from the economy's named figures.

    At a delår the figure is the utfall so far and ``prognos_<name>`` the forecast for the year;
    at the bokslut the figure is the year's. None when the economy has none of them.
    """
    assert indicator.figure is not None
    outcome = figures.get(indicator.figure)
    prognos = figures.get(PROGNOS_PREFIX + indicator.figure) if ref.kind is MomentKind.INTERIM else None
    if outcome is None and prognos is None:
        return None
    return IndicatorValue(outcome=outcome, prognos=prognos)


# -- Kolada -----------------------------------------------------------------------------------------

def kolada_year(ref: MomentRef) -> int:
    """The year of Kolada's figures a report shows: the year itself at the bokslut; at a delår and
    in the plan the year before, the last whole year Kolada can have."""
    return ref.year if ref.kind is MomentKind.ANNUAL else ref.year - 1


@dataclass(frozen=True)
class KoladaRead:
    """An indicator's Kolada figures for one year: per member, and the citation."""

    year: int
    members: dict[str, Decimal | None]
    citation: str | None
    problems: list[Problem]


def read_kolada(cache_dir: Path, indicator: Indicator, members: Sequence[tuple[str, str]], year: int,
                slug: str | None = None) -> KoladaRead:
    """The cache's figures of the indicator's KPI for every member in ``year``, and every gap."""
    assert indicator.kpi is not None
    values, problems = collect_values(cache_dir, indicator.kpi, members, [year], indicator.gender, slug)
    found = {item.municipality: item.value for item in values.values}
    citation = values.citation() if values.values else None
    return KoladaRead(year, found, citation, problems)


def met_sentence(met: int, judged: int, one: str, many: str, genus: str = "en") -> str:
    """'En av nio bedömda uppgifter är uppfylld.', 'Sju av nio bedömda mål är uppfyllda.' (counts up to
    twelve in words, the verb agreeing with the count met)."""
    noun = one if judged == 1 else many
    done = "uppfylld" if genus == "en" else "uppfyllt"
    if judged == 1:  # 'Ett av ett bedömda mål' reads oddly: name the one
        the_one = f"{'Den' if genus == 'en' else 'Det'} bedömda {one}{'en' if genus == 'en' else 'et'}"
        return f"{the_one} är {'' if met else 'inte '}{done}."
    if met == 0:
        return f"{'Ingen' if genus == 'en' else 'Inget'} av {antal_ord(judged, genus)} bedömda {noun} är {done}."
    verb = f"är {done}" if met == 1 else "är uppfyllda"
    return f"{antal_ord(met, genus).capitalize()} av {antal_ord(judged, genus)} bedömda {noun} {verb}."


# -- god ekonomisk hushållning ------------------------------------------------------------------------

@dataclass(frozen=True)
class GehCount:
    kind: GoalKind
    met: int
    total: int
    judged: int | None = None
    """Goals with a bedömning; None: all of them."""

    @property
    def noun(self) -> str:
        return "verksamhetsmål" if self.kind is GoalKind.VERKSAMHETSMAL else "finansiella mål" \
            if self.total != 1 else "finansiellt mål"


def geh_counts(goals: Sequence[tuple[GoalKind, Mark | None]]) -> list[GehCount]:
    """How many verksamhetsmål and finansiella mål there are, and how many are uppfyllda."""
    counts = []
    for kind in (GoalKind.VERKSAMHETSMAL, GoalKind.FINANSIELLT_MAL):
        marks = [mark for k, mark in goals if k is kind]
        if marks:
            counts.append(GehCount(kind, sum(1 for m in marks if m is not None and m.met), len(marks),
                                   sum(1 for m in marks if m is not None)))
    return counts


def geh_sentence(counts: Sequence[GehCount], prognos: bool = False) -> str | None:
    """'4 av 6 verksamhetsmål och 2 av 2 finansiella mål är uppfyllda.': counts as figures, as
    the sammanfattande bedömning of an årsredovisning writes them."""
    if not counts:
        return None
    parts = [f"{c.met} av {c.total} {c.noun}" for c in counts]
    verb = "bedöms bli uppfyllda" if prognos else "är uppfyllda"
    if sum(c.total for c in counts) == 1:
        verb = "bedöms bli uppfyllt" if prognos else "är uppfyllt"
    sentence = f"{' och '.join(parts)} {verb}."
    unjudged = sum(c.total - c.judged for c in counts if c.judged is not None)
    if unjudged:
        when = "förrän i bokslutet" if prognos else "ännu"
        sentence += (f" {antal_ord(unjudged, 'ett').capitalize()} mål "
                     f"kan inte bedömas {when}.")
    return sentence


def geh_judgement(counts: Sequence[GehCount], prognos: bool = False) -> str | None:
    """The sammanfattande bedömning in one sentence, from the goals that could be judged."""
    judged = [GehCount(c.kind, c.met, c.judged if c.judged is not None else c.total) for c in counts]
    total = sum(c.total for c in judged)
    if not total:
        return None
    met = sum(c.met for c in judged)
    financial = next((c for c in judged if c.kind is GoalKind.FINANSIELLT_MAL), None)
    has = "bedöms ha" if prognos else "har"
    if met == total:
        return f"Den sammanfattande bedömningen är att förbundet {has} en god ekonomisk hushållning."
    if financial is not None and financial.total and financial.met == financial.total and met * 2 >= total:
        return (f"Den sammanfattande bedömningen är att förbundet i huvudsak {has} en god ekonomisk hushållning: "
                f"de finansiella målen är uppfyllda och {antal_ord(met)} av {antal_ord(total)} mål sammantaget.")
    return (f"Den sammanfattande bedömningen är att förbundet inte fullt ut {has} en god ekonomisk hushållning: "
            f"{antal_ord(met)} av {antal_ord(total)} bedömda mål är uppfyllda.")
