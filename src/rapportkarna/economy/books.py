"""Reading a year's books into its moments at load: the mapping's problems with each SIE file, the
checks that tie the statements together, and utfall per kostnadsställe from the accounts."""

import dataclasses

from rapportkarna.economy.accounts import Ledger
from rapportkarna.economy.operating import operating_outcomes, with_operating_outcomes
from rapportkarna.economy.reconcile import operating_check, statement_checks
from rapportkarna.errors import Problem
from rapportkarna.economy.roles import RR
from rapportkarna.loader import (BUDGET_FILE, CONFIG_FILE, INVESTMENT_BUDGET_FILE, RESULT_BUDGET_FILE, SIE_FILE,
                                 LoadedYear)
from rapportkarna.locations import Locations
from rapportkarna.sie.mapping import AccountMapping
from rapportkarna.model import MomentRef
from rapportkarna.workspace import Federation


def books_problems(federation: Federation, loaded: LoadedYear,
                   ledger: Ledger | None) -> tuple[LoadedYear, list[Problem]]:
    """The year with each moment's utfall per kostnadsställe taken from its SIE file, and every
    problem of the files with the mapping and with each other."""
    if not loaded.sie:
        return loaded, []
    if ledger is None:
        return loaded, [Problem(federation.root / str(loaded.year) / moment_id / SIE_FILE, None, None,
                                f"{CONFIG_FILE} has no [accounts] table, so the SIE file cannot be read; add "
                                "[accounts] with mapping = \"kommun-bas\" or \"bas\" (see docs/economy.md)")
                        for moment_id in sorted(loaded.sie)]
    problems: list[Problem] = []
    moments = dict(loaded.moments)
    budget = loaded.data.budget
    coded = any(line.code for line in budget.lines)
    for moment_id, sie in loaded.sie.items():
        ref = MomentRef(loaded.year, moment_id)
        books, mapping_problems = ledger.map(ref, sie)
        problems += mapping_problems
        if mapping_problems:
            continue  # figures of a file the mapping does not fit would only add confusing problems
        problems += statement_checks(books, ledger.mapping, balance_only=ref.id != "bokslut")
        if coded and moment_id in moments:
            sums, found = operating_outcomes(books, budget)
            moments[moment_id], typed = with_operating_outcomes(moments[moment_id], books, budget, sums, BUDGET_FILE)
            problems += found + typed
            if not found:
                problems += operating_check(books, ledger.mapping, sums)
    return dataclasses.replace(loaded, moments=moments), problems


def _line_problem(mapping: AccountMapping, line_id: str) -> str | None:
    """Why ``line_id`` cannot carry a budget or prognos figure of the resultaträkning, if it cannot."""
    statement = mapping.statements.get(RR)
    if statement is None:
        return f"mapping {mapping.name} has no resultaträkning"
    line = statement.line(line_id)
    leaves = ", ".join(line.id for line in statement.lines if not line.sum)
    if line is None:
        return f"no line '{line_id}' in the resultaträkning of mapping {mapping.name}; its lines: {leaves}"
    if line.sum:
        return (f"'{line_id}' is a sum line (of {', '.join(line.sum)}); give the lines it adds up, "
                "the sum is computed")
    return None


def plan_problems(federation: Federation, loaded: LoadedYear, ledger: Ledger | None) -> list[Problem]:
    """Rows of resultatbudget.csv and keys of ``[economy.prognos]`` that name no line of the mapping's
    resultaträkning that takes accounts (they would be left out of every sum), and a line given twice."""
    folder = federation.root / str(loaded.year)
    if ledger is None:
        # the tables are read against the account mapping; without one they would be left unused
        return [Problem(folder / name, None, None, f"{name} is read with the federation's account mapping, but "
                        f"{CONFIG_FILE} has no [accounts] table; add one (see docs/economy.md) or remove the file")
                for name, rows in ((RESULT_BUDGET_FILE, loaded.data.resultatbudget),
                                   (INVESTMENT_BUDGET_FILE, loaded.data.investeringsbudget)) if rows]
    where = Locations(federation, loaded.year)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, row in enumerate(loaded.data.resultatbudget):
        wrong = _line_problem(ledger.mapping, row.rad)
        if wrong is None and row.rad in seen:
            wrong = f"line '{row.rad}' is given twice; give each line once"
        seen.add(row.rad)
        if wrong:
            problems.append(where.in_table(RESULT_BUDGET_FILE, index, "rad", wrong))
    for moment_id, moment in loaded.moments.items():
        for line_id in moment.economy.prognos:
            wrong = _line_problem(ledger.mapping, line_id)
            if wrong:
                problems.append(where.in_moment(moment_id, ("economy", "prognos", line_id), wrong))
    return problems
