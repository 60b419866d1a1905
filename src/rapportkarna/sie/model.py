"""What a SIE 4 file holds, as read by :mod:`rapportkarna.sie.reader`.

Names follow the SIE labels they come from (``#IB`` → ``opening``). Amounts are ``Decimal``
exactly as written, with SIE's signs: debit positive, credit negative. Year indexes are SIE's:
0 is the year of the file (``#RAR 0``), −1 the year before. Every record keeps the line it was
read from, so that later checks can point at it.
"""

import datetime as dt
from collections import defaultdict
from functools import cached_property
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

ObjectRef = tuple[int, str]
"""An object of a dimension: ``(1, "100")`` is kostnadsställe 100."""

#: The dimensions the SIE standard reserves: 1 kostnadsställe/resultatenhet, 6 projekt.
KOSTNADSSTALLE = 1
PROJEKT = 6


class SieModel(BaseModel):
    """Base of the models: made by the reader from fields it has already checked. Their validators
    are built when a SIE file is first read, not when the model is imported (as StrictModel's)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Company(SieModel):
    name: str | None = Field(None, description="#FNAMN")
    orgnr: str | None = Field(None, description="#ORGNR")
    kind: str | None = Field(None, description="#FTYP: AB, E, I (ideell förening), KOM, …")
    number: str | None = Field(None, description="#FNR: the company's id in the program")
    program: str | None = Field(None, description="#PROGRAM: name")
    program_version: str | None = Field(None, description="#PROGRAM: version")
    generated: dt.date | None = Field(None, description="#GEN: date")
    generated_by: str | None = Field(None, description="#GEN: signature")
    sie_type: int | None = Field(None, description="#SIETYP")
    chart: str | None = Field(None, description="#KPTYP: BAS2014, EUBAS97, …")
    currency: str | None = Field(None, description="#VALUTA")
    format: str | None = Field(None, description="#FORMAT")
    tax_year: int | None = Field(None, description="#TAXAR")
    scope_date: dt.date | None = Field(None, description="#OMFATTN: balances are up to this date")


class FinancialYear(SieModel):
    """``#RAR``: räkenskapsår ``index`` (0 = this year, −1 = the year before)."""

    index: int
    start: dt.date
    end: dt.date
    line: int


class AccountType(StrEnum):
    """``#KTYP``: tillgång, skuld, kostnad, intäkt."""

    ASSET = "T"
    LIABILITY = "S"
    COST = "K"
    INCOME = "I"


class Account(SieModel):
    number: str
    name: str = ""
    type: AccountType | None = None
    unit: str | None = Field(None, description="#ENHET")
    sru: str | None = Field(None, description="#SRU")
    line: int | None = Field(None, description="The #KONTO line; None if only other labels name it.")


class Dimension(SieModel):
    """``#DIM`` or ``#UNDERDIM``: 1 is kostnadsställe (resultatenhet), 6 projekt by the standard."""

    number: int
    name: str
    parent: int | None = Field(None, description="#UNDERDIM: the dimension this one is part of")
    line: int


class SieObject(SieModel):
    """``#OBJEKT``: one object (a kostnadsställe, a projekt) of a dimension."""

    dimension: int
    id: str
    name: str
    line: int


class Balance(SieModel):
    """``#IB``, ``#UB``, ``#RES`` (no objects) and ``#OIB``, ``#OUB`` (with objects)."""

    year: int
    account: str
    objects: tuple[ObjectRef, ...] = ()
    amount: Decimal
    quantity: Decimal | None = None
    line: int


class PeriodBalance(SieModel):
    """``#PSALDO`` (utfall) and ``#PBUDGET`` (budget) of one month, ``period`` = ``YYYYMM``."""

    year: int
    period: str
    account: str
    objects: tuple[ObjectRef, ...] = ()
    amount: Decimal
    quantity: Decimal | None = None
    line: int


class RowKind(StrEnum):
    TRANS = "TRANS"
    ADDED = "RTRANS"
    """Added after the voucher was first registered; counts like a #TRANS."""
    REMOVED = "BTRANS"
    """Removed after registration; kept for the record, does not count."""


class Transaction(SieModel):
    """A voucher row: ``#TRANS``, ``#RTRANS`` or ``#BTRANS``."""

    kind: RowKind = RowKind.TRANS
    account: str
    objects: tuple[ObjectRef, ...] = ()
    amount: Decimal
    date: dt.date | None = None
    text: str = ""
    quantity: Decimal | None = None
    sign: str = ""
    line: int

    @property
    def counts(self) -> bool:
        return self.kind is not RowKind.REMOVED

    def object(self, dimension: int) -> str | None:
        """The row's object in ``dimension`` (``KOSTNADSSTALLE``, ``PROJEKT``), if it has one."""
        for dim, obj in self.objects:  # a loop, not next(): this runs for every row of a year
            if dim == dimension:
                return obj
        return None


class Voucher(SieModel):
    """``#VER``: a verifikation and its rows, in the order of the file."""

    series: str
    number: str
    date: dt.date
    text: str = ""
    registered: dt.date | None = None
    sign: str = ""
    line: int
    rows: tuple[Transaction, ...] = ()

    @property
    def transactions(self) -> list[Transaction]:
        """The rows that count: #TRANS and #RTRANS."""
        return [row for row in self.rows if row.counts]

    @property
    def added(self) -> list[Transaction]:
        return [row for row in self.rows if row.kind is RowKind.ADDED]

    @property
    def removed(self) -> list[Transaction]:
        return [row for row in self.rows if row.kind is RowKind.REMOVED]

    @property
    def label(self) -> str:
        """``A 12``: how accounting programs name a voucher."""
        return f"{self.series} {self.number}".strip()


class SieFile(SieModel):
    path: Path
    encoding: str
    encoding_reason: str = ""
    company: Company = Field(default_factory=Company)
    years: dict[int, FinancialYear] = Field(default_factory=dict, description="#RAR by index")
    accounts: dict[str, Account] = Field(default_factory=dict)
    dimensions: dict[int, Dimension] = Field(default_factory=dict)
    objects: dict[int, dict[str, SieObject]] = Field(default_factory=dict,
                                                     description="#OBJEKT by dimension and object id")
    opening: list[Balance] = Field(default_factory=list, description="#IB")
    closing: list[Balance] = Field(default_factory=list, description="#UB")
    object_opening: list[Balance] = Field(default_factory=list, description="#OIB")
    object_closing: list[Balance] = Field(default_factory=list, description="#OUB")
    results: list[Balance] = Field(default_factory=list, description="#RES")
    period_balances: list[PeriodBalance] = Field(default_factory=list, description="#PSALDO")
    period_budgets: list[PeriodBalance] = Field(default_factory=list, description="#PBUDGET")
    vouchers: list[Voucher] = Field(default_factory=list)
    ignored: dict[str, int] = Field(default_factory=dict,
                                    description="Labels read past, with how often they occur.")

    def transactions(self) -> Iterator[Transaction]:
        """Every voucher row that counts (#TRANS and #RTRANS), voucher by voucher."""
        for voucher in self.vouchers:
            for row in voucher.rows:
                if row.counts:
                    yield row

    def movements(self) -> dict[str, Decimal]:
        """The sum of the vouchers' rows per account: the year's movement (year 0)."""
        return dict(self._movements)

    @cached_property
    def _movements(self) -> dict[str, Decimal]:
        # computed once: the statements, the notes and the checks all ask for it
        sums: defaultdict[str, Decimal] = defaultdict(Decimal)
        for row in self.transactions():
            sums[row.account] += row.amount
        return dict(sums)

    def account_name(self, number: str) -> str:
        account = self.accounts.get(number)
        return account.name if account else ""
