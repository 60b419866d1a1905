"""Checks of the member fees, each a problem at its file, line and field.

:func:`fee_problems` are errors whether the report is a draft or adopted: a population the split
needs and does not have, bases larger than the total, the fees' budget line missing or budgeting
another sum, the bokslut's utfall of that line differing from what was invoiced, invoiced fees in
the plan or for a municipality that is not a member. :func:`fee_gaps` is what a delår or the
bokslut lacks (invoiced fees, an explanation of a difference, a samverkan's settlement text):
errors for an adopted report, notes for a draft.
"""

from decimal import Decimal

from rapportkarna.economy.fees import FeeSplit, member_populations, population_date, split_fees, year_result
from rapportkarna.errors import Problem
from rapportkarna.formatting import LACKING, NBSP, kr
from rapportkarna.loader import BUDGET_FILE, YEAR_FILE, LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.model import LineKind, MomentKind, MomentRef, Regime, YearData
from rapportkarna.model.fees import FeeMethod, Fees
from rapportkarna.workspace import Federation


def _kr(amount: Decimal) -> str:
    """1234567 → '1 234 567 kr' (öre shown where there are any), with plain spaces for a terminal."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    return kr(amount, decimals=decimals).replace(NBSP, " ")


def _split(fees: Fees, federation: Federation, data: YearData, where: Locations) -> tuple[FeeSplit | None, list[Problem]]:
    """The decided fees, or the problems that keep them from being computed."""
    members, problems = member_populations(fees, federation, data.year)
    if problems:
        return None, problems
    if sum(m.population for m in members) == 0:
        return None, [where.in_config(("members",), f"the members' population for {fees.reference_year(data.year)} "
                                                    "adds up to 0; the member fees cannot be split by it")]
    if fees.method is FeeMethod.POPULATION_SHARE and fees.total is not None:
        bases = fees.base * len(members)
        if bases > fees.total:
            return None, [where.in_year(("fees", "base"), f"the bases ({len(members)} members × {_kr(fees.base)} "
                                                          f"= {_kr(bases)}) exceed the total {_kr(fees.total)}")]
    return split_fees(fees, members, population_date(fees, federation.config, data.year)), []


def _budget_line(fees: Fees, split: FeeSplit, data: YearData, where: Locations) -> list[Problem]:
    """The income line ``budget_line`` exists and budgets exactly the sum of the fees."""
    income = data.budget.lines_of(LineKind.INTAKT)
    found = [line for line in income if line.kostnadsstalle == fees.budget_line]
    loc = ("fees", "budget_line")
    if not found:
        names = ", ".join(line.kostnadsstalle for line in income) or "none"
        return [where.in_year(loc, f"no income line '{fees.budget_line}' in the year's {BUDGET_FILE}; "
                                   f"income lines: {names}")]
    budget = sum((line.budget for line in found), Decimal(0))
    if budget != split.total:
        return [where.in_year(loc, f"the budget of '{fees.budget_line}' is {_kr(budget)} but the member fees "
                                   f"add up to {_kr(split.total)}; they must be equal")]
    return []


def _moment_references(loaded: LoadedYear, federation: Federation, where: Locations) -> list[Problem]:
    """Invoiced fees only in a follow-up of a year with [fees], and only for members."""
    members = {m.kommunkod for m in federation.config.members}
    problems = []
    for ref in loaded.refs():
        follow_up = loaded.moments[ref.id].fees
        if follow_up is None:
            continue
        if ref.kind is MomentKind.PLAN:
            problems.append(where.in_moment(ref.id, ("fees",), "the plan invoices nothing; invoiced fees are "
                                            "recorded in a delår or the bokslut"))
        elif loaded.data.fees is None:
            problems.append(where.in_moment(ref.id, ("fees",), f"the year has no [fees] in {YEAR_FILE} to "
                                            "reconcile the invoiced fees with"))
        problems += [where.in_moment(ref.id, ("fees", "invoiced", code), f"{code} is not a member; members: "
                                     + ", ".join(f"{m.kommunkod} {m.name}" for m in federation.config.members))
                     for code in follow_up.invoiced if code not in members]
    return problems


def _annual_utfall(fees: Fees, loaded: LoadedYear, federation: Federation, where: Locations) -> list[Problem]:
    """The bokslut's utfall of the fees' budget line is what was invoiced in the year."""
    annual = loaded.moments.get("bokslut")
    if annual is None or annual.fees is None:
        return []
    invoiced = annual.fees.invoiced
    if any(m.kommunkod not in invoiced for m in federation.config.members):
        return []  # a gap of its own (fee_gaps); the sum is not known yet
    total = sum(invoiced.values(), Decimal(0))
    return [where.in_table(BUDGET_FILE, index, "utfall",
                           f"the utfall of '{fees.budget_line}' is {_kr(row.utfall)} but the member fees "
                           f"invoiced in the year add up to {_kr(total)} ([fees] invoiced in bokslut/moment.toml); "
                           "they must be equal", moment="bokslut")
            for index, row in enumerate(annual.outcomes)
            if row.key == (fees.budget_line, LineKind.INTAKT) and row.utfall is not None and row.utfall != total]


def fee_problems(federation: Federation, loaded: LoadedYear) -> list[Problem]:
    """Errors in the member fees, draft or not."""
    where = Locations(federation, loaded.year)
    data = loaded.data
    problems = _moment_references(loaded, federation, where)
    fees = data.fees
    if fees is None or data.comparison_only:
        return problems
    if fees.settlement and federation.config.organisation.regime is not Regime.SAMVERKAN:
        problems.append(where.in_year(("fees", "settlement"), "only a samverkan without legal person settles its "
                                      "result between the members; a legal person's result stays in its own "
                                      "eget kapital: remove settlement"))
    split, found = _split(fees, federation, data, where)
    problems += found
    if split is not None:
        problems += _budget_line(fees, split, data, where)
    return problems + _annual_utfall(fees, loaded, federation, where)


def fee_gaps(federation: Federation, loaded: LoadedYear, ref: MomentRef) -> list[Problem]:
    """What a follow-up lacks about the member fees (errors if adopted, notes in a draft)."""
    data, moment = loaded.data, loaded.moments[ref.id]
    fees = data.fees
    if fees is None or ref.kind is MomentKind.PLAN:
        return []
    where = Locations(federation, loaded.year)
    if moment.fees is None:
        return [where.in_moment(ref.id, ("fees",), "no [fees] with the member fees invoiced by the period end "
                                "(invoiced per kommunkod)")]
    problems = []
    members = federation.config.members
    absent = [f"{m.kommunkod} {m.name}" for m in members if m.kommunkod not in moment.fees.invoiced]
    if absent:
        problems.append(where.in_moment(ref.id, ("fees", "invoiced"), f"no invoiced fee for {', '.join(absent)}"))
    split, _ = _split(fees, federation, data, where)  # its problems are fee_problems'
    if split is not None and not moment.fees.explanation:
        for row in split.rows:
            invoiced = moment.fees.invoiced.get(row.kommunkod)
            if invoiced is not None and invoiced != row.fee:
                problems.append(where.in_moment(ref.id, ("fees", "invoiced", row.kommunkod),
                                                f"{row.name} was invoiced {_kr(invoiced)} but its decided fee is "
                                                f"{_kr(row.fee)}: say why in [fees] explanation"))
    if (ref.kind is MomentKind.ANNUAL and federation.config.organisation.regime is Regime.SAMVERKAN
            and not fees.settlement):
        result = year_result(data, moment)
        if result is not LACKING and result != 0:
            word = "surplus" if result > 0 else "deficit"
            problems.append(where.in_year(("fees", "settlement"), f"the year ends with a {word} of {_kr(abs(result))}; "
                                          "say in [fees] settlement how it is settled between the members"))
    return problems
