"""Member fees: what the members pay, decided once with the plan, and what each moment invoiced.

``[fees]`` in ``year.toml`` (:class:`Fees`) says how the year's fees are set: a ``total`` split by
the members' population shares, or a ``rate`` per inhabitant, each optionally on top of a fixed
``base`` per member, with the population of a stated year from federation.toml or from the
Kolada cache. ``[fees]`` in a delår's or the bokslut's ``moment.toml`` (:class:`FeesFollowUp`)
records what was invoiced per member by then, and why it differs from the decided fee.

The split itself is computed in :mod:`rapportkarna.economy.fees`.
"""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from rapportkarna.model.common import Amount, Kommunkod, NonEmptyStr, StrictModel


class FeeMethod(StrEnum):
    POPULATION_SHARE = "population_share"
    """A ``total`` split by the members' shares of the population."""
    PER_INHABITANT = "per_inhabitant"
    """A ``rate`` in kronor per inhabitant."""


class PopulationSource(StrEnum):
    MEMBERS = "members"
    """``members[].population`` in federation.toml."""
    KOLADA = "kolada"
    """The federation's Kolada cache: the population KPI (N01951 unless [kolada.population] says
    otherwise)."""


def _whole_kronor(value: Decimal | None) -> Decimal | None:
    if value is not None and value != value.to_integral_value():
        raise ValueError("must be whole kronor (no öre): the fees are split exactly to the krona")
    return value


class Fees(StrictModel):
    """``[fees]`` in year.toml: how the members' fees of the year are set (with the plan)."""

    method: FeeMethod = Field(
        description="'population_share': total fördelas efter andel av folkmängden; "
                    "'per_inhabitant': rate kronor per invånare.")
    total: Amount | None = Field(
        None, gt=0, description="population_share: avgifterna sammanlagt i hela kronor, grundavgifterna inräknade.")
    rate: Amount | None = Field(
        None, gt=0, description="per_inhabitant: kronor per invånare (öre tillåtna, t.ex. 23.50).")
    base: Amount = Field(
        Decimal(0), ge=0, description="Grundavgift per medlem i hela kronor, före den rörliga delen.")
    population_year: int | None = Field(
        None, ge=1900, le=2200,
        description="Folkmängden 31 december detta år ligger till grund; standard är året före budgetåret.")
    population_source: PopulationSource = Field(
        PopulationSource.MEMBERS,
        description="'members': members[].population i federation.toml; 'kolada': federationens "
                    "Kolada-cache (KPI N01951, se docs/kolada.md).")
    budget_line: NonEmptyStr = Field(
        description="Intäktsraden i budget.csv (kostnadsställe) vars budget ska vara lika med avgifternas "
                    "summa, och vars utfall i bokslutet ska vara lika med det fakturerade.")
    description: str | None = Field(None, description="Vad avgifterna finansierar; visas i rapporterna.")
    settlement: str | None = Field(
        None, description="Samverkan: hur årets över- eller underskott regleras mellan medlemmarna, t.ex. "
                          "'Överskottet återbetalas till medlemmarna' eller 'regleras mot nästa års avgift'.")

    @field_validator("total", "base")
    @classmethod
    def _whole(cls, value: Decimal | None) -> Decimal | None:
        return _whole_kronor(value)

    @model_validator(mode="after")
    def _method_fields(self) -> "Fees":
        if self.method is FeeMethod.POPULATION_SHARE:
            if self.total is None:
                raise ValueError("method 'population_share' needs total: the kronor split by population share")
            if self.rate is not None:
                raise ValueError("method 'population_share' splits a total; rate belongs to 'per_inhabitant'")
        else:
            if self.rate is None:
                raise ValueError("method 'per_inhabitant' needs rate: kronor per inhabitant")
            if self.total is not None:
                raise ValueError("method 'per_inhabitant' computes the total from rate; leave total out "
                                 "(or use method 'population_share')")
        return self

    def reference_year(self, budget_year: int) -> int:
        """The year whose population (31 December) the fees of ``budget_year`` are split by."""
        return self.population_year if self.population_year is not None else budget_year - 1


class FeesFollowUp(StrictModel):
    """``[fees]`` in a delår's or the bokslut's moment.toml: the fees invoiced by the period end."""

    invoiced: dict[Kommunkod, Annotated[Amount, Field(ge=0)]] = Field(
        default_factory=dict,
        description='Fakturerad avgift per medlem till och med periodens slut: kommunkod = kronor, t.ex. "2480" = 1192198.')
    explanation: str | None = Field(
        None, description="Varför det fakturerade skiljer sig från den beslutade avgiften; krävs när det gör det.")
