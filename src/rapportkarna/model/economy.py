"""What the economy needs beyond the budget: where the accounts come from, and per moment the
figures that are not in the books (ansvarsförbindelser, balanskrav adjustments, prognos).

The accounts themselves are the moment's SIE 4 export, ``<year>/<moment>/bokforing.se``, read
through the federation's account mapping (``[accounts]`` in federation.toml); the economic plan
of a kommunalförbund is ``resultatbudget.csv`` and ``investeringsbudget.csv`` in the year's folder.
"""

import datetime as dt
from decimal import Decimal

from pydantic import Field, model_validator

from rapportkarna.model.common import Amount, NonEmptyStr, StrictModel


class AccountsSettings(StrictModel):
    """``[accounts]`` in federation.toml: how the federation's SIE files are read."""

    mapping: NonEmptyStr = Field(
        description="Kontoplanens mappning: 'kommun-bas' eller 'bas' (inbyggda), eller en TOML-fil i "
                    "federationens mapp (se docs/sie.md).")
    overrides: list[NonEmptyStr] = Field(
        default_factory=list, description="Tillägg till mappningen: TOML-filer i federationens mapp, i ordning.")


class Underskott(StrictModel):
    """A negative balanskravsresultat of an earlier year that is not yet restored (KL 11 kap. 12 §)."""

    year: int = Field(ge=1900, le=2200, description="Året underskottet uppstod.")
    amount: Amount = Field(gt=0, description="Underskottet som återstår att återställa, kr (positivt tal).")
    restore_by: int = Field(ge=1900, le=2200, description="Året då underskottet senast ska vara återställt.")

    @model_validator(mode="after")
    def _after_its_year(self) -> "Underskott":
        if self.restore_by <= self.year:
            raise ValueError(f"restore_by ({self.restore_by}) must be after the year of the deficit ({self.year})")
        return self


class Balanskrav(StrictModel):
    """``[economy.balanskrav]``: what the balanskravsutredning adjusts årets resultat by."""

    realisationsvinster: Amount = Field(Decimal(0), ge=0, description="Samtliga realisationsvinster, kr.")
    realisationsvinster_undantag: Amount = Field(
        Decimal(0), ge=0, description="Realisationsvinster enligt undantagsmöjlighet, kr.")
    orealiserade_vardepapper: Amount = Field(
        Decimal(0), description="Orealiserade vinster (−) och förluster (+) i värdepapper, kr.")
    rur_reservering: Amount = Field(Decimal(0), ge=0, description="Reservering till resultatutjämningsreserven, kr.")
    rur_disposition: Amount = Field(Decimal(0), ge=0, description="Disposition från resultatutjämningsreserven, kr.")
    synnerliga_skal: str | None = Field(
        None, description="Synnerliga skäl att inte återställa ett underskott, med beslutet (KL 11 kap. 13 §).")
    underskott: list[Underskott] = Field(
        default_factory=list, description="Tidigare års underskott som ännu inte är återställda.")


class MomentEconomy(StrictModel):
    """``[economy]`` in a moment's moment.toml."""

    pensionsforpliktelser: Amount | None = Field(
        None, ge=0, description="Pensionsförpliktelser som ansvarsförbindelse (intjänade före 1998), inklusive "
                                "löneskatt, kr, vid periodens slut.")
    borgensataganden: Amount | None = Field(None, ge=0, description="Borgensåtaganden, kr, vid periodens slut.")
    revisionsberattelse: dt.date | None = Field(
        None, description="Dag då revisorerna lämnade sin revisionsberättelse (ideell förening).")
    balanskrav: Balanskrav | None = Field(None, description="Balanskravsutredningens justeringar (kommunalförbund).")
    prognos: dict[str, Amount] = Field(
        default_factory=dict,
        description="Delår: prognos för helåret per rad i resultaträkningen (radens id i mappningen). Utan "
                    "prognos: utfall hittills plus budget för årets återstående månader.")


class PlanRow(StrictModel):
    """A row of ``resultatbudget.csv`` or ``investeringsbudget.csv``: the budget year and the plan years."""

    budget: Amount
    plan: dict[int, Amount] = Field(default_factory=dict, description="Plan för kommande år.")


class ResultBudgetRow(PlanRow):
    rad: NonEmptyStr = Field(description="Id of a line of the mapping's resultaträkning.")


class InvestmentBudgetRow(PlanRow):
    projekt: NonEmptyStr = Field(description="Projektets objekt-id i SIE-dimension 6.")
    namn: str | None = Field(None, description="Projektets namn, om SIE-filen inte har det.")
