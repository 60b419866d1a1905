"""The legal form of an organisation (its *regime*).

The regime decides which parts a report must have and what they are called; the rules themselves
live in :mod:`rapportkarna.regimes`.
"""

from enum import StrEnum


class Regime(StrEnum):
    KOMMUNALFORBUND = "kommunalforbund"
    """Kommunalförbund: a municipal body under the municipal accounting law (LKBR)."""
    IDEELL_FORENING = "ideell_forening"
    """Kommunförbund organised as an ideell förening: an association's own accounts."""
    SAMVERKAN = "samverkan"
    """Samverkan without legal person: keeps no accounts of its own, follows up a budget."""
