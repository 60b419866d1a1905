"""The project ledger from the accounts: each project's upparbetat from SIE dimension 6.

A project with a ``code`` (its object in dimension 6) gets its upparbetat at a moment with a SIE
file from the books: the costs (classes 4–7, not the avskrivningar) booked on it from the year the
project started to the moment, from each earlier year's bokslut file and the moment's own. A typed
``spent`` that disagrees is an error; where an earlier year's file is missing the typed figure
stands, since the sum could not be made.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from rapportkarna.errors import Problem
from rapportkarna.loader import SIE_FILE, LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.sie.checks import amount_text
from rapportkarna.sie.model import PROJEKT, SieFile
from rapportkarna.workspace import Federation



def project_costs(sie: SieFile) -> dict[str, Decimal]:
    """Costs per dimension-6 object in the file: classes 4–7 without the avskrivningar (78)."""
    sums: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in sie.transactions():
        project = row.object(PROJEKT)
        if project is not None and row.account[:1] in "4567" and not row.account.startswith("78"):
            sums[project] += row.amount
    return dict(sums)


def with_project_ledger(federation: Federation, loaded: LoadedYear,
                        earlier_bokslut: Callable[[int], SieFile | None]) -> tuple[LoadedYear, list[Problem]]:
    """The year with each coded project's upparbetat taken from the books at every moment that has a
    SIE file, and the typed figures that disagree."""
    coded = [p for p in loaded.data.projects if p.code]
    if not coded or not loaded.sie:
        return loaded, []
    where = Locations(federation, loaded.year)
    problems: list[Problem] = []
    earlier: dict[int, dict[str, Decimal] | None] = {}

    def before(year: int) -> dict[str, Decimal] | None:
        if year not in earlier:
            sie = earlier_bokslut(year)
            earlier[year] = project_costs(sie) if sie is not None else None
        return earlier[year]
    moments = dict(loaded.moments)
    for moment_id, sie in loaded.sie.items():
        moment = moments.get(moment_id)
        if moment is None:
            continue
        now = project_costs(sie)
        projects = dict(moment.projects)
        for project in coded:
            follow = projects.get(project.id)
            first = project.start.year if project.start else loaded.year
            years = [before(y) for y in range(first, loaded.year)]
            if follow is None or any(costs is None for costs in years):
                continue
            assert project.code is not None
            total = sum((costs.get(project.code, Decimal(0)) for costs in years if costs is not None),
                        now.get(project.code, Decimal(0)))
            if follow.spent is not None and follow.spent != total:
                problems.append(where.in_moment(moment_id, ("projects", project.id, "spent"),
                                                f"upparbetat {amount_text(follow.spent)} differs from the books, "
                                                f"which give {amount_text(total)} for project {project.code} "
                                                f"(dimension 6, {first}–{loaded.year}, {SIE_FILE}); leave spent "
                                                "out where the moment has a SIE file"))
                continue
            projects[project.id] = follow.model_copy(update={"spent": total})
        moments[moment_id] = moment.model_copy(update={"projects": projects})
    return dataclasses.replace(loaded, moments=moments), problems
