"""Skellefteregionen: the round of reports from each municipality, and the lägesrapport.

At every styrgrupp meeting each member municipality reports what is going on at home, and the
samordnare gives a lägesrapport of the common work. Both are data extensions of the year
(``[extensions.kommunrapporter]`` and ``[extensions.lagesrapport]`` in year.toml) and become
sections of the delårsrapport and the verksamhetsberättelse.
"""

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from rapportkarna import hookimpl
from rapportkarna.errors import Problem
from rapportkarna.extensions import DataExtension
from rapportkarna.locations import Locations
from rapportkarna.model import Kommunkod, StrictModel, YearData
from rapportkarna.regimes import RegimeRules
from rapportkarna.reports import ReportType, Section
from rapportkarna.workspace import Federation

__version__ = "1.0.0"

TEMPLATES = Path(__file__).parent / "templates"


class MunicipalityReport(StrictModel):
    kommunkod: Kommunkod
    reporter: str | None = Field(None, description="Who reported for the municipality.")
    points: list[str] = Field(min_length=1)


class Kommunrapporter(StrictModel):
    meeting: str | None = Field(None, description="Id of the meeting where the round was held.")
    reports: list[MunicipalityReport] = Field(default_factory=list)


class AreaStatus(StrictModel):
    area: str
    status: Literal["planerad", "pågår", "klar", "pausad"]
    text: str | None = None


class Lagesrapport(StrictModel):
    date: date
    author: str | None = None
    summary: str | None = None
    areas: list[AreaStatus] = Field(default_factory=list)


@hookimpl
def data_extensions() -> list[DataExtension]:
    return [
        DataExtension("kommunrapporter", Kommunrapporter,
                      description="Rapport från respektive kommun vid styrgruppens möte."),
        DataExtension("lagesrapport", Lagesrapport, description="Samordnarens lägesrapport."),
    ]


@hookimpl
def validate_federation(federation: Federation, data: YearData) -> list[Problem]:
    rounds = data.extensions.get("kommunrapporter")
    if not isinstance(rounds, Kommunrapporter):
        return []
    where = Locations(federation, data.year)
    members = {m.kommunkod for m in federation.config.members}
    meetings = {m.id for m in data.meetings}
    base = ("extensions", "kommunrapporter")
    problems = [where.in_year(base + ("reports", index, "kommunkod"),
                              f"kommunkod {report.kommunkod} is not a member; members: "
                              + ", ".join(sorted(members)))
                for index, report in enumerate(rounds.reports) if report.kommunkod not in members]
    if rounds.meeting and rounds.meeting not in meetings:
        problems.append(where.in_year(base + ("meeting",),
                                      f"no meeting '{rounds.meeting}' in meetings/; meetings: "
                                      + (", ".join(sorted(meetings)) or "none")))
    return problems


@hookimpl
def report_sections(report: ReportType, data: YearData, rules: RegimeRules) -> list[Section]:
    if report.period == "plan":
        return []
    sections = []
    if "kommunrapporter" in data.extensions:
        sections.append(Section(id="kommunrapporter", title="Rapporter från kommunerna",
                                template="sections/kommunrapporter.html", order=35))
    if "lagesrapport" in data.extensions:
        sections.append(Section(id="lagesrapport", title="Lägesrapport", template="sections/lagesrapport.html",
                                order=45))
    return sections


@hookimpl
def template_dirs() -> list[Path]:
    return [TEMPLATES]


@hookimpl
def template_globals() -> dict[str, object]:
    return {"member_by_code": _member_by_code}


def _member_by_code(members: list, kommunkod: str) -> str:
    return next((m.name for m in members if m.kommunkod == kommunkod), kommunkod)
