"""The lines of a mapping that the checks and key ratios need, by what they are, not by their id.

A mapping names its lines freely (Kommun-Bas says ``eget_kapital_avsattningar_och_skulder``, an
association's BAS ``eget_kapital_och_skulder``); a role lists the ids that line may have. A mapping
without a line a role needs is a problem at the federation's ``[accounts]`` when that role is used.
"""

from enum import StrEnum

from rapportkarna.sie.mapping import AccountMapping


class Role(StrEnum):
    RESULT = "arets_resultat"
    OPERATING_INCOME = "verksamhetens_intakter"
    OPERATING_COSTS = "verksamhetens_kostnader"
    DEPRECIATION = "avskrivningar"
    NET_OPERATING_COST = "verksamhetens_nettokostnad"
    RESULT_AFTER_FINANCIAL = "resultat_efter_finansiella_poster"
    TOTAL_ASSETS = "tillgangar"
    CURRENT_ASSETS = "omsattningstillgangar"
    INVENTORY = "forrad"
    CASH = "kassa_och_bank"
    EQUITY = "eget_kapital"
    PROVISIONS = "avsattningar"
    LONG_TERM_DEBT = "langfristiga_skulder"
    CURRENT_LIABILITIES = "kortfristiga_skulder"
    TOTAL_CLAIMS = "eget_kapital_och_skulder"
    FIXED_ASSETS = "anlaggningstillgangar"
    CASH_START = "likvida_medel_vid_arets_borjan"
    CASH_END = "likvida_medel_vid_arets_slut"
    CASH_FLOW = "arets_kassaflode"
    INVESTMENTS = "investeringar"


RR, BR, KF, DR = "resultatrakning", "balansrakning", "kassaflodesanalys", "driftredovisning"

#: Role → (statement, the line ids it may have, first found wins).
ROLES: dict[Role, tuple[str, tuple[str, ...]]] = {
    Role.RESULT: (RR, ("arets_resultat",)),
    Role.OPERATING_INCOME: (RR, ("verksamhetens_intakter", "intakter")),
    Role.OPERATING_COSTS: (RR, ("verksamhetens_kostnader",)),
    Role.DEPRECIATION: (RR, ("avskrivningar",)),
    Role.NET_OPERATING_COST: (RR, ("verksamhetens_nettokostnad", "rorelseresultat")),
    Role.RESULT_AFTER_FINANCIAL: (RR, ("resultat_efter_finansiella_poster",)),
    Role.TOTAL_ASSETS: (BR, ("tillgangar",)),
    Role.CURRENT_ASSETS: (BR, ("omsattningstillgangar",)),
    Role.INVENTORY: (BR, ("forrad", "varulager")),
    Role.CASH: (BR, ("kassa_och_bank",)),
    Role.EQUITY: (BR, ("eget_kapital",)),
    Role.PROVISIONS: (BR, ("avsattningar",)),
    Role.LONG_TERM_DEBT: (BR, ("langfristiga_skulder",)),
    Role.CURRENT_LIABILITIES: (BR, ("kortfristiga_skulder",)),
    Role.TOTAL_CLAIMS: (BR, ("eget_kapital_avsattningar_och_skulder", "eget_kapital_och_skulder")),
    Role.FIXED_ASSETS: (BR, ("anlaggningstillgangar",)),
    Role.CASH_START: (KF, ("likvida_medel_vid_arets_borjan",)),
    Role.CASH_END: (KF, ("likvida_medel_vid_arets_slut",)),
    Role.CASH_FLOW: (KF, ("arets_kassaflode",)),
    Role.INVESTMENTS: (KF, ("investeringar",)),
}


def line_id(mapping: AccountMapping, role: Role) -> tuple[str, str] | None:
    """(statement id, line id) of the line that plays ``role`` in ``mapping``; None if it has none."""
    statement_id, candidates = ROLES[role]
    statement = mapping.statements.get(statement_id)
    if statement is None:
        return None
    found = next((c for c in candidates if statement.line(c) is not None), None)
    return (statement_id, found) if found else None
