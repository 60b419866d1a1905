"""What Kolada's v3 API sends, as pydantic models, and the flat value a report reads.

The wire models are tolerant on purpose: Kolada adds fields without notice (they are kept),
writes ``period`` as a number (``2013``) where older documentation says a string (``"2013"``),
leaves ``status`` out or empty, and sends ``"value": null`` where it has no figure. Such a null is
kept as ``None``: "Kolada has no value" is an answer, not something to drop.
"""

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_serializer,
)
from pydantic_core import PydanticCustomError

KPI_PATTERN = re.compile(r"[A-Z][0-9]{5}")
MUNICIPALITY_PATTERN = re.compile(r"[0-9]{4}")

Gender = Literal["T", "K", "M"]
"""Totalt, kvinnor, män: Kolada's three values of a KPI divided by gender."""

GENDER_NAMES: dict[str, str] = {"T": "totalt", "K": "kvinnor", "M": "män"}

def _kpi_id(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError("kpi_id", 'expected a Kolada KPI id: a capital letter and five digits, '
                                  'e.g. "N01951"') from None


KpiId = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{5}$"), WrapValidator(_kpi_id)]
"""A Kolada KPI id: a capital letter and five digits, e.g. ``N01951``."""

Members = Sequence[tuple[str, str]]
"""A federation's members as (kommunkod, name): ``[("2480", "Umeå"), ("2460", "Vännäs")]``."""

MunicipalityId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
"""SCB's four-digit code as Kolada writes it: ``"0180"``; ``"0000"`` is the whole country."""


def _year(value: Any) -> Any:
    """``2013`` and ``"2013"`` are the same period; anything else is left for pydantic to refuse."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _municipality(value: Any) -> Any:
    """A code that lost its leading zero in transit (``180``) gets it back."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"
    return value


def _decimal(value: Any) -> Any:
    """A float goes through its shortest repr, so 74.1 is Decimal("74.1"), not binary noise.

    The client parses JSON with ``parse_float=Decimal``, so this matters only for callers that
    hand in already-parsed floats.
    """
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Year = Annotated[int, BeforeValidator(_year), Field(ge=1900, le=2200)]
KoladaDecimal = Annotated[Decimal, BeforeValidator(_decimal)]


class WireModel(BaseModel):
    """Base of what Kolada sends. Kolada adds fields freely: unknown keys are kept, never refused,
    so the cache holds the answer as it came (see :func:`as_sent`). The models of this module are
    built on first use: the model imports it in every command, which need not pay for them."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)


def as_sent(model: WireModel) -> dict[str, Any]:
    """The model as JSON-ready data in Kolada's own shape: the keys it sent, and only those."""
    return model.model_dump(mode="json", exclude_unset=True)


class DataPoint(WireModel):
    """One gender's figure in a row: ``{"gender": "T", "status": "", "value": 74.1, "count": 1}``."""

    gender: Gender
    status: str | None = None
    value: KoladaDecimal | None = None
    count: int | None = Field(None, description="Members behind the value; more than 1 only for groups.")
    isdeleted: bool = Field(False, description="Kolada marks withdrawn figures so (v3).")

    @field_serializer("value", when_used="json")
    def _as_number(self, value: Decimal | None) -> int | float | str | None:
        """Written back as the JSON number Kolada sent; a decimal no float carries exactly stays text."""
        if value is None:
            return None
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)


class DataRow(WireModel):
    """One KPI, municipality and year, with up to three genders' figures."""

    kpi: KpiId
    municipality: Annotated[MunicipalityId, BeforeValidator(_municipality)]
    period: Year
    values: list[DataPoint] = Field(default_factory=list)
    isdeleted: bool = False

    def point(self, gender: Gender) -> DataPoint | None:
        """The figure of ``gender``, or None when Kolada sent none (or marked it deleted)."""
        if self.isdeleted:
            return None
        return next((p for p in self.values if p.gender == gender and not p.isdeleted), None)


class Page(WireModel):
    """One page of any v3 list: ``values``, ``count`` and the URL of the next page, if any."""

    values: list[Any]
    count: int | None = None
    next_url: str | None = None
    previous_url: str | None = None
    # The v2 API and some client libraries call the link "next_page"; read it if that is what came.
    next_page: str | None = None

    @property
    def next(self) -> str | None:
        return self.next_url or self.next_page or None


class KpiMeta(WireModel):
    """A KPI's metadata from ``/v3/kpi/{id}``: enough to name and describe it."""

    id: KpiId
    title: str
    description: str | None = None
    is_divided_by_gender: bool | None = None
    municipality_type: str | None = None
    operating_area: str | None = None
    auspice: str | None = None
    publication_date: str | None = None
    publ_period: str | None = None


class MunicipalityMeta(WireModel):
    """A municipality or region from ``/v3/municipality``: ``{"id": "2480", "title": "Umeå", "type": "K"}``."""

    id: str
    title: str
    type: str | None = None


class KoladaValue(BaseModel):
    """One figure as a report reads it from the cache, with what it takes to cite it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kpi: KpiId
    municipality: MunicipalityId
    year: int
    gender: Gender
    value: Decimal | None = Field(description="None when Kolada has no value (null, or no row at all).")
    status: str | None = None
    count: int | None = None
    retrieved: date = Field(description="The day the figure was fetched from Kolada.")

    def citation(self) -> str:
        """``Källa: Kolada, KPI N01951, hämtad 2026-11-20``."""
        return citation(self.kpi, [self.retrieved])


class KoladaValues(BaseModel):
    """One KPI's figures for some members and years, as read from the cache."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    kpi: KpiId
    title: str | None = Field(None, description="Kolada's title of the KPI, when its metadata is cached.")
    gender: Gender
    values: list[KoladaValue]

    def get(self, kommunkod: str, year: int) -> KoladaValue:
        for item in self.values:
            if item.municipality == kommunkod and item.year == year:
                return item
        raise KeyError(f"KPI {self.kpi} was not read for {kommunkod} in {year}")

    def value(self, kommunkod: str, year: int) -> Decimal | None:
        return self.get(kommunkod, year).value

    def citation(self) -> str:
        """The source line for everything read: one date, or each date when fetched on several."""
        return citation(self.kpi, [item.retrieved for item in self.values])


def citation(kpi: str, retrieved: list[date]) -> str:
    days = sorted({day.isoformat() for day in retrieved})
    if not days:
        return f"Källa: Kolada, KPI {kpi}"
    when = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " och " + days[-1]
    return f"Källa: Kolada, KPI {kpi}, hämtad {when}"
