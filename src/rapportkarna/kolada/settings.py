"""A federation's say over Kolada: the future ``[kolada]`` table of federation.toml.

::

    [kolada]
    years = [2011, 2012, 2013]

    [[kolada.kpis]]
    id = "U07414"
    label = "Hushållsavfall som materialåtervinns"

    [[kolada.kpis]]
    id = "N01951"
    gender = "K"

    [kolada.population]          # optional; for member fees per invånare
    kpi = "N01951"               # Invånare totalt, antal (the default)
    reference_date = "12-31"     # the day the KPI counts: 31 December of each year
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rapportkarna.kolada.model import Gender, KpiId

POPULATION_KPI = "N01951"
"""Kolada's "Invånare totalt, antal": the number of inhabitants on 31 December, from SCB."""


class StrictModel(BaseModel):
    """Unknown keys are errors, as everywhere in federation.toml.

    Not rapportkarna.model.common.StrictModel: FederationConfig will import this module, and this
    module importing rapportkarna.model back would make a cycle. Built on first use, as that one.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


def repeated(values: list[Any]) -> list[Any]:
    return sorted({v for v in values if values.count(v) > 1})


MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class KpiSettings(StrictModel):
    """One KPI a federation reports: its id, an optional label for tables, and the gender read."""

    id: KpiId = Field(description='Kolada KPI id: a capital letter and five digits, e.g. "N01951".')
    label: str | None = Field(None, description="Name in the report; Kolada's own title when left out.")
    gender: Gender = Field("T", description="T (totalt), K (kvinnor) or M (män).")


class PopulationSettings(StrictModel):
    """Where member fees per invånare take the population from."""

    kpi: KpiId = Field(POPULATION_KPI, description="Population KPI; N01951 is Invånare totalt, antal.")
    reference_date: MonthDay = Field(
        "12-31", description="The day of the year the KPI counts, MM-DD; N01951 counts 31 December.")

    @field_validator("reference_date")
    @classmethod
    def _a_real_day(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        if day > [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]:
            raise ValueError(f"{value} is not a day of the year")
        return value


class KoladaSettings(StrictModel):
    """The KPIs and years to fetch from Kolada for a federation's members."""

    kpis: list[KpiSettings] = Field(default_factory=list, description="The KPIs the reports use.")
    years: list[Annotated[int, Field(ge=1990, le=2100)]] = Field(
        min_length=1, description="The years to fetch, e.g. [2011, 2012, 2013].")
    population: PopulationSettings | None = Field(
        None, description="Population for member fees; leave out if fees are not per invånare.")

    @field_validator("years")
    @classmethod
    def _years_unique(cls, years: list[int]) -> list[int]:
        if twice := repeated(years):
            raise ValueError(f"years must be unique; repeated: {', '.join(map(str, twice))}")
        return sorted(years)

    @model_validator(mode="after")
    def _kpis_unique(self) -> "KoladaSettings":
        keys = [f"{k.id} ({k.gender})" for k in self.kpis]
        if twice := repeated(keys):
            raise ValueError(f"kpis must be unique by id and gender; repeated: {', '.join(twice)}")
        if not self.kpis and self.population is None:
            raise ValueError("name at least one KPI in kpis, or a population KPI")
        return self

    def kpi_ids(self) -> list[str]:
        """Every KPI to fetch, the population KPI included, each once, in the order given."""
        ids = [k.id for k in self.kpis] + ([self.population.kpi] if self.population else [])
        return list(dict.fromkeys(ids))

    def genders_of(self, kpi: str) -> list[Gender]:
        """Every gender a KPI is read in (a KPI may be listed once per gender)."""
        found = [k.gender for k in self.kpis if k.id == kpi]
        if self.population and self.population.kpi == kpi and "T" not in found:
            found.append("T")
        return found
