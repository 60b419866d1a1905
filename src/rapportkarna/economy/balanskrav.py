"""The balanskravsutredning (KL 11 kap. 5 och 12–14 §§; RKR R15).

Årets resultat − samtliga realisationsvinster + realisationsvinster enligt undantagsmöjlighet ±
orealiserade värdepappersposter = årets resultat efter balanskravsjusteringar; − reservering till
+ disposition från resultatutjämningsreserven = balanskravsresultat. A positive result restores
earlier deficits, the oldest first; a negative one is a deficit to restore within three years.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from rapportkarna.formatting import kr
from rapportkarna.model.economy import Balanskrav

ZERO = Decimal(0)
#: A deficit is to be restored within the three years after the year it arose (KL 11 kap. 12 §).
RESTORE_YEARS = 3


@dataclass
class UtredningRow:
    label: str
    value: Decimal
    kind: str = "line"  # line, sum


@dataclass
class DeficitRow:
    year: int
    amount: Decimal
    restored: Decimal
    remaining: Decimal
    restore_by: int


@dataclass
class Balanskravsutredning:
    year: int
    rows: list[UtredningRow]
    result: Decimal
    deficits: list[DeficitRow] = field(default_factory=list)
    conclusion: str = ""
    overdue: list[DeficitRow] = field(default_factory=list)
    """Deficits that should have been restored by now and are not (without synnerliga skäl)."""


def _restore(year: int, result: Decimal, earlier: list[DeficitRow]) -> list[DeficitRow]:
    left = max(result, ZERO)
    rows = []
    for deficit in sorted(earlier, key=lambda d: d.year):
        restored = min(left, deficit.amount)
        left -= restored
        rows.append(DeficitRow(deficit.year, deficit.amount, restored, deficit.amount - restored, deficit.restore_by))
    if result < 0:
        rows.append(DeficitRow(year, -result, ZERO, -result, year + RESTORE_YEARS))
    return rows


def utredning(year: int, arets_resultat: Decimal, adjustments: Balanskrav | None,
              label: str = "Årets resultat enligt resultaträkningen") -> Balanskravsutredning:
    adj = adjustments or Balanskrav()
    after_adjustments = (arets_resultat - adj.realisationsvinster + adj.realisationsvinster_undantag
                         + adj.orealiserade_vardepapper)
    result = after_adjustments - adj.rur_reservering + adj.rur_disposition
    rows = [UtredningRow(label, arets_resultat),
            UtredningRow("Reducering av samtliga realisationsvinster", -adj.realisationsvinster),
            UtredningRow("Realisationsvinster enligt undantagsmöjlighet", adj.realisationsvinster_undantag),
            UtredningRow("Orealiserade vinster och förluster i värdepapper", adj.orealiserade_vardepapper),
            UtredningRow("Årets resultat efter balanskravsjusteringar", after_adjustments, "sum"),
            UtredningRow("Reservering till resultatutjämningsreserven", -adj.rur_reservering),
            UtredningRow("Disposition från resultatutjämningsreserven", adj.rur_disposition),
            UtredningRow("Balanskravsresultat", result, "sum")]
    earlier = [DeficitRow(d.year, d.amount, ZERO, d.amount, d.restore_by) for d in adj.underskott]
    deficits = _restore(year, result, earlier)
    overdue = [] if adj.synnerliga_skal else [d for d in deficits if d.remaining > 0 and d.restore_by <= year]
    return Balanskravsutredning(year, rows, result, deficits, _conclusion(year, result, deficits, adj, overdue),
                                overdue)


def _conclusion(year: int, result: Decimal, deficits: list[DeficitRow], adj: Balanskrav,
                overdue: list[DeficitRow]) -> str:
    remaining = [d for d in deficits if d.remaining > 0]
    if result >= 0 and not remaining:
        restored = sum((d.restored for d in deficits), ZERO)
        extra = f" Tidigare års underskott på {kr(restored)} är därmed återställda." if restored else ""
        return f"Balanskravet för {year} är uppfyllt.{extra}"
    parts = ([f"Balanskravet för {year} är uppfyllt." if result >= 0 else
              f"Balanskravet för {year} är inte uppfyllt: balanskravsresultatet är {kr(result)}."])
    for deficit in remaining:
        if deficit in overdue:  # the law's three years have run out, and no synnerliga skäl are given
            parts.append(f"Underskottet från {deficit.year} på {kr(deficit.remaining)} skulle ha återställts senast "
                         f"{deficit.restore_by} och är inte återställt.")
        else:
            parts.append(f"Underskottet från {deficit.year} på {kr(deficit.remaining)} ska återställas senast "
                         f"{deficit.restore_by}.")
    if adj.synnerliga_skal:
        parts.append(f"Synnerliga skäl: {adj.synnerliga_skal}")
    return " ".join(parts)
