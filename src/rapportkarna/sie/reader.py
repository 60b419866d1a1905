"""Read a SIE 4 file into a :class:`~rapportkarna.sie.model.SieFile`, or report every problem.

The file is decoded (:mod:`~rapportkarna.sie.encoding`), split line by line
(:mod:`~rapportkarna.sie.tokens`) and each label's fields converted (:mod:`~rapportkarna.sie.fields`).
A malformed line, a voucher row outside a voucher or a voucher without its closing ``}`` is a
problem; after the whole file has been read the cross-checks of :mod:`~rapportkarna.sie.checks`
run. Only a file without any problem gives a model: nothing is half-imported.

Labels the reader does not know are read past and counted in :attr:`SieFile.ignored`, as the SIE
standard asks of a reading program.
"""

import datetime as dt
import gc
import pickle
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from rapportkarna.cache import Store, key
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.sie import checks
from rapportkarna.sie.encoding import decode
from rapportkarna.sie.fields import AMOUNT, DIMENSION, Fields, Layout
from rapportkarna.sie.model import (
    Account,
    AccountType,
    Balance,
    Company,
    Dimension,
    FinancialYear,
    PeriodBalance,
    RowKind,
    SieFile,
    SieObject,
    Transaction,
    Voucher,
)
from rapportkarna.sie.tokens import Field, TokenError, tokenize

#: Beyond this many problems in one file the rest are counted, not listed.
MAX_PROBLEMS = 100

_BALANCE = Layout(("year", "account", "amount", "quantity"), 3)
_OBJECT_BALANCE = Layout(("year", "account", "objects", "amount", "quantity"), 4)
_PERIOD = Layout(("year", "period", "account", "objects", "amount", "quantity"), 5)
_ROW = Layout(("account", "objects", "amount", "date", "text", "quantity", "sign"), 3)

LAYOUTS: dict[str, Layout] = {
    "#FLAGGA": Layout(("flag",), 1),
    "#FORMAT": Layout(("format",), 1),
    "#SIETYP": Layout(("type",), 1),
    "#PROGRAM": Layout(("name", "version"), 1),
    "#GEN": Layout(("date", "sign"), 1),
    "#FNR": Layout(("id",), 1),
    "#ORGNR": Layout(("orgnr", "förvnr", "verknr"), 1),
    "#FNAMN": Layout(("name",), 1),
    "#FTYP": Layout(("type",), 1),
    "#KPTYP": Layout(("type",), 1),
    "#VALUTA": Layout(("currency",), 1),
    "#TAXAR": Layout(("year",), 1),
    "#OMFATTN": Layout(("date",), 1),
    "#RAR": Layout(("year", "start", "end"), 3),
    "#KONTO": Layout(("account", "name"), 2),
    "#KTYP": Layout(("account", "type"), 2),
    "#ENHET": Layout(("account", "unit"), 2),
    "#SRU": Layout(("account", "code"), 2),
    "#DIM": Layout(("dimension", "name"), 2),
    "#UNDERDIM": Layout(("dimension", "name", "parent"), 3),
    "#OBJEKT": Layout(("dimension", "object", "name"), 3),
    "#IB": _BALANCE,
    "#UB": _BALANCE,
    "#RES": _BALANCE,
    "#OIB": _OBJECT_BALANCE,
    "#OUB": _OBJECT_BALANCE,
    "#PSALDO": _PERIOD,
    "#PBUDGET": _PERIOD,
    "#VER": Layout(("series", "number", "date", "text", "registered", "sign"), 3),
    "#TRANS": _ROW,
    "#RTRANS": _ROW,
    "#BTRANS": _ROW,
}

ROW_KINDS = {"#TRANS": RowKind.TRANS, "#RTRANS": RowKind.ADDED, "#BTRANS": RowKind.REMOVED}
ROW_FIELDS = frozenset(Transaction.model_fields)

#: Company labels that hold one text: label → Company field.
_COMPANY_TEXTS = {"#FNAMN": "name", "#FTYP": "kind", "#FNR": "number", "#KPTYP": "chart",
                  "#VALUTA": "currency", "#FORMAT": "format"}
_ACCOUNT_TEXTS = {"#ENHET": "unit", "#SRU": "sru"}


@dataclass
class _OpenVoucher:
    """A #VER whose rows are being read."""

    values: dict[str, Any] | None
    """The voucher's own fields; None if its #VER line was bad."""
    line: int
    label: str
    braced: bool = False
    rows: list[Transaction] = field(default_factory=list)
    complete: bool = True
    """False once a row could not be read: the voucher is then not kept (nor balanced)."""
    added: list[Field] | None = None
    """The fields of an #RTRANS just read: an identical #TRANS right after it is its copy."""


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.company: dict[str, Any] = {}
        self.years: dict[int, FinancialYear] = {}
        self.accounts: dict[str, dict[str, Any]] = {}
        self.dimensions: dict[int, Dimension] = {}
        self.objects: dict[int, dict[str, SieObject]] = {}
        self.balances: dict[str, list[Balance]] = {label: [] for label in ("#IB", "#UB", "#RES", "#OIB", "#OUB")}
        self.periods: dict[str, list[PeriodBalance]] = {"#PSALDO": [], "#PBUDGET": []}
        self.vouchers: list[Voucher] = []
        self.vouchers_complete = True
        self.ignored: Counter[str] = Counter()
        self.open: _OpenVoucher | None = None
        # Most rows share a few hundred dates and object lists: each is converted once.
        self.dates: dict[str, dt.date] = {}
        self.refs: dict[tuple[tuple[str, str], ...], tuple[tuple[int, str], ...]] = {}
        self.names: dict[str, str] = {}  # one string per account number, not one per row
        self.handlers: dict[str, Callable[[Fields], None]] = {
            "#RAR": self.year, "#KONTO": self.account, "#KTYP": self.account_type,
            "#ENHET": self.account_text, "#SRU": self.account_text, "#DIM": self.dimension,
            "#UNDERDIM": self.dimension, "#OBJEKT": self.object, "#IB": self.balance,
            "#UB": self.balance, "#RES": self.balance, "#OIB": self.balance, "#OUB": self.balance,
            "#PSALDO": self.period, "#PBUDGET": self.period, "#VER": self.voucher,
            "#PROGRAM": self.program, "#GEN": self.generated, "#ORGNR": self.orgnr,
            "#SIETYP": self.sie_type, "#TAXAR": self.tax_year, "#OMFATTN": self.scope_date,
            "#FLAGGA": self.flag,
            **{label: self.company_text for label in _COMPANY_TEXTS},
        }

    def problem(self, line: int | None, path: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, path, message))

    # -- lines ------------------------------------------------------------------------------------

    def read(self, text: str) -> None:
        started = False
        for number, line in enumerate(_lines(text), start=1):
            try:
                tokens = tokenize(line)
            except TokenError as exc:
                label = line.split(None, 1)[0].upper() if line.lstrip(" \t").startswith("#") else None
                self.problem(number, label, exc.message)
                self.line_failed(number, label)
                started = True  # a line that is there, if unreadable: the file is not empty
                continue
            if tokens is None:
                continue
            if not started and not tokens.label.startswith("#"):
                self.problem(number, None, "not a SIE file: expected a label such as #FLAGGA at the "
                             f"start of the first line (got {line.strip()[:40]!r})")
                return
            started = True
            self.dispatch(number, tokens.label.upper(), tokens.fields, line)
        if not started:
            self.problem(None, None, "empty file: expected SIE lines such as #FLAGGA 0")
        self.end_of_file()

    def dispatch(self, number: int, label: str, values: list[Field], line: str) -> None:
        if label == "{":
            self.open_rows(number)
        elif label == "}":
            self.close_rows(number)
        elif not label.startswith("#"):
            self.problem(number, None, f"expected a label such as #TRANS at the start of the line "
                         f"(got {line.strip()[:40]!r})")
            self.line_failed(number, None)
        elif label in ROW_KINDS:
            self.row(number, label, values)
        elif label in self.handlers:
            self.outside_rows(number, label)
            self.handle(number, label, values)
        else:
            self.ignored[label] += 1  # also inside a voucher: a later SIE version's label

    def handle(self, number: int, label: str, values: list[Field]) -> None:
        layout = LAYOUTS[label]
        fields = Fields(self.path, number, label, layout, values, self.problems)
        count_problem = layout.count_problem(len(values))
        if count_problem:
            fields.fail(None, count_problem)
            self.line_failed(number, label)
            return
        self.handlers[label](fields)

    def line_failed(self, number: int, label: str | None) -> None:
        """A line that could not be read: if it was a voucher's row, the voucher is incomplete."""
        if label in ROW_KINDS and self.open and self.open.braced:
            self.open.complete = False
        elif label == "#VER":
            self.outside_rows(number, label)
            self.open = _OpenVoucher(None, number, "?")

    # -- company ----------------------------------------------------------------------------------

    def company_text(self, f: Fields) -> None:
        self.company[_COMPANY_TEXTS[f.label]] = f.text(0)

    def program(self, f: Fields) -> None:
        self.company["program"], self.company["program_version"] = f.text(0), f.optional(1)

    def generated(self, f: Fields) -> None:
        self.company["generated"], self.company["generated_by"] = f.date(0), f.optional(1)

    def orgnr(self, f: Fields) -> None:
        self.company["orgnr"] = f.text(0)

    def sie_type(self, f: Fields) -> None:
        self.company["sie_type"] = f.integer(0, "the SIE type 1, 2, 3 or 4")

    def tax_year(self, f: Fields) -> None:
        self.company["tax_year"] = f.integer(0, "a year")

    def scope_date(self, f: Fields) -> None:
        self.company["scope_date"] = f.date(0)

    def flag(self, f: Fields) -> None:
        f.integer(0, "0 or 1")

    # -- years, accounts, dimensions --------------------------------------------------------------

    def year(self, f: Fields) -> None:
        index, start, end = f.integer(0, "a year index: 0, -1, …"), f.date(1), f.date(2)
        if not f.ok or index is None or start is None or end is None:
            return
        if end < start:
            f.fail(2, f"the year ends {end} before it starts {start}")
        elif index in self.years:
            f.fail(0, f"year {index} is also given on line {self.years[index].line}")
        else:
            self.years[index] = FinancialYear(index=index, start=start, end=end, line=f.line)

    def _account(self, f: Fields) -> dict[str, Any] | None:
        number = f.required(0, "an account number")
        return self.accounts.setdefault(number, {"number": number}) if number else None

    def account(self, f: Fields) -> None:
        account = self._account(f)
        if account is not None:
            account.update(name=f.text(1), line=f.line)

    def account_type(self, f: Fields) -> None:
        account, kind = self._account(f), f.text(1).upper()
        if kind not in {member.value for member in AccountType}:
            f.fail(1, f"expected T (tillgång), S (skuld), K (kostnad) or I (intäkt) (got {kind!r})")
        elif account is not None:
            account["type"] = AccountType(kind)

    def account_text(self, f: Fields) -> None:
        account = self._account(f)
        if account is not None:
            account[_ACCOUNT_TEXTS[f.label]] = f.text(1)

    def dimension(self, f: Fields) -> None:
        number, name = f.integer(0, "a dimension number"), f.text(1)
        parent = f.integer(2, "the number of the dimension it is part of") if f.label == "#UNDERDIM" else None
        if f.ok and number is not None:
            self.dimensions[number] = Dimension(number=number, name=name, parent=parent, line=f.line)

    def object(self, f: Fields) -> None:
        dimension, object_id, name = f.integer(0, "a dimension number"), f.text(1), f.text(2)
        if f.ok and dimension is not None:
            self.objects.setdefault(dimension, {})[object_id] = SieObject(
                dimension=dimension, id=object_id, name=name, line=f.line)

    # -- balances ---------------------------------------------------------------------------------

    def balance(self, f: Fields) -> None:
        with_objects = f.label in ("#OIB", "#OUB")
        year = f.integer(0, "a year index: 0, -1, …")
        account = f.required(1, "an account number")
        objects = f.objects(2) if with_objects else ()
        at = 3 if with_objects else 2
        amount, quantity = f.amount(at), f.amount(at + 1, optional=True)
        if f.ok:
            self.balances[f.label].append(Balance(year=year, account=account, objects=objects, amount=amount,
                                                  quantity=quantity, line=f.line))

    def period(self, f: Fields) -> None:
        year, period = f.integer(0, "a year index: 0, -1, …"), f.period(1)
        account, objects = f.required(2, "an account number"), f.objects(3)
        amount, quantity = f.amount(4), f.amount(5, optional=True)
        if f.ok:
            self.periods[f.label].append(PeriodBalance(year=year, period=period, account=account,
                                                       objects=objects, amount=amount, quantity=quantity,
                                                       line=f.line))

    # -- vouchers ---------------------------------------------------------------------------------

    def voucher(self, f: Fields) -> None:
        values = {"series": f.text(0), "number": f.text(1), "date": f.date(2, cache=self.dates),
                  "text": f.text(3), "registered": f.date(4, optional=True, cache=self.dates),
                  "sign": f.text(5), "line": f.line}
        label = f"{values['series']} {values['number']}".strip() or "(no number)"
        self.open = _OpenVoucher(values if f.ok else None, f.line, label)

    def open_rows(self, number: int) -> None:
        if self.open is None or self.open.braced:
            self.problem(number, "{", "a '{' opens the rows of a voucher and belongs on the line after "
                         "its #VER")
        else:
            self.open.braced = True

    def close_rows(self, number: int) -> None:
        voucher = self.open
        if voucher is None or not voucher.braced:
            self.problem(number, "}", "a '}' without the '{' of a voucher before it")
            return
        self.open = None
        if voucher.values is None or not voucher.complete:
            self.vouchers_complete = False
            return
        self.vouchers.append(Voucher(rows=tuple(voucher.rows), **voucher.values))

    def outside_rows(self, number: int, label: str) -> None:
        """A line that is no voucher row: a voucher still open there was not closed."""
        voucher = self.open
        if voucher is None:
            return
        if voucher.braced:
            self.problem(voucher.line, "#VER", f"voucher {voucher.label}: no '}}' closes its rows "
                         f"before line {number} ({label})")
        else:
            self.problem(voucher.line, "#VER", f"voucher {voucher.label}: expected a line '{{' after "
                         f"the #VER line, with the voucher's rows after it (got {label} on line {number})")
        self.open = None
        self.vouchers_complete = False

    def row(self, number: int, label: str, values: list[Field]) -> None:
        voucher = self.open
        if voucher is None:
            self.problem(number, label, f"{label} outside a voucher: a voucher's rows stand between "
                         "'{' and '}' after its #VER line")
            return
        if not voucher.braced:
            # One problem for the missing '{', not one for every row after it.
            self.problem(voucher.line, "#VER", f"voucher {voucher.label}: expected a line '{{' after the "
                         f"#VER line, before its rows (got {label} on line {number})")
            voucher.braced, voucher.complete = True, False
        if label == "#TRANS" and voucher.added is not None and voucher.added == values:
            # The standard writes every #RTRANS again as a #TRANS, for programs that do not know
            # #RTRANS; a program that does reads the #RTRANS and skips that copy.
            voucher.added = None
            return
        voucher.added = values if label == "#RTRANS" else None
        row = self.quick_row(values) or self.careful_row(number, label, values)
        if row is None:
            voucher.complete = False
        else:
            # A file can hold hundreds of thousands of rows, each converted and checked above: they
            # are built without validating again, sharing one set of field names (pydantic keeps a
            # set per model otherwise, which triples the memory of a large file).
            voucher.rows.append(Transaction.model_construct(_fields_set=ROW_FIELDS,  # type: ignore[arg-type]
                                                            kind=ROW_KINDS[label],
                                                            line=number, **row))

    def quick_row(self, values: list[Field]) -> dict[str, Any] | None:
        """A well-formed row's fields, converted fast; None for anything unusual, which
        :meth:`careful_row` then reads field by field and explains."""
        count = len(values)
        if not 3 <= count <= 7:
            return None
        account, objects, amount = values[0], values[1], values[2]
        if not (type(account) is str and account and type(objects) is tuple and type(amount) is str
                and AMOUNT.fullmatch(amount)):
            return None
        refs = self.refs.get(objects)
        if refs is None:
            if not all(DIMENSION.fullmatch(dimension) for dimension, _ in objects):
                return None
            refs = self.refs[objects] = tuple((int(dimension), obj) for dimension, obj in objects)
        row: dict[str, Any] = {"account": self.names.setdefault(account, account), "objects": refs,
                               "amount": Decimal(amount), "date": None, "text": "", "quantity": None, "sign": ""}
        if count > 3:
            day, rest = values[3], values[4:]
            if type(day) is not str or any(type(v) is not str for v in rest):
                return None
            if day:
                if day not in self.dates:
                    return None
                row["date"] = self.dates[day]
            if count > 4:
                row["text"] = rest[0]
            if count > 5 and rest[1]:
                quantity = rest[1]
                if not isinstance(quantity, str) or not AMOUNT.fullmatch(quantity):
                    return None
                row["quantity"] = Decimal(quantity)
            if count > 6:
                row["sign"] = rest[2]
        return row

    def careful_row(self, number: int, label: str, values: list[Field]) -> dict[str, Any] | None:
        layout = LAYOUTS[label]
        f = Fields(self.path, number, label, layout, values, self.problems)
        count_problem = layout.count_problem(len(values))
        if count_problem:
            f.fail(None, count_problem)
            return None
        row = {"account": f.required(0, "an account number"), "objects": f.objects(1), "amount": f.amount(2),
               "date": f.date(3, optional=True, cache=self.dates), "text": f.text(4),
               "quantity": f.amount(5, optional=True), "sign": f.text(6)}
        return row if f.ok else None

    def end_of_file(self) -> None:
        voucher = self.open
        if voucher is not None:
            closing = ("no '}' closes its rows before the end of the file" if voucher.braced
                       else "the file ends after its #VER line; expected '{', the rows and '}'")
            self.problem(voucher.line, "#VER", f"voucher {voucher.label}: {closing}")
            self.vouchers_complete = False

    # -- the result -------------------------------------------------------------------------------

    def result(self, encoding: str, reason: str) -> SieFile:
        accounts = {number: Account(**values) for number, values in self.accounts.items()}
        company = Company(**{k: v for k, v in self.company.items() if v is not None})
        return SieFile(path=self.path, encoding=encoding, encoding_reason=reason, company=company,
                       years=dict(sorted(self.years.items(), reverse=True)), accounts=accounts,
                       dimensions=dict(sorted(self.dimensions.items())), objects=dict(sorted(self.objects.items())),
                       opening=self.balances["#IB"], closing=self.balances["#UB"],
                       object_opening=self.balances["#OIB"], object_closing=self.balances["#OUB"],
                       results=self.balances["#RES"], period_balances=self.periods["#PSALDO"],
                       period_budgets=self.periods["#PBUDGET"], vouchers=self.vouchers,
                       ignored=dict(sorted(self.ignored.items())))


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (a list of them all would double the peak memory)."""
    start, end = 0, len(text)
    while start <= end:
        stop = text.find("\n", start)
        if stop < 0:
            stop = end
        yield text[start:stop]
        start = stop + 1


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: reading creates hundreds of thousands of objects without
    cycles, and the collector, triggered again and again by them, would double the time taken."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _capped(problems: list[Problem], path: Path) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    shown = sorted(problems, key=lambda p: p.line or 0)[:MAX_PROBLEMS]
    rest = len(problems) - MAX_PROBLEMS
    return shown + [Problem(path, None, None, f"and {rest} more problems after line {shown[-1].line}")]


def read_sie(path: Path) -> SieFile:
    """Read and check a SIE file; raise :class:`ValidationFailed` with every problem found."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationFailed([Problem(path, None, None, "file not found")]) from None
    except IsADirectoryError:
        raise ValidationFailed([Problem(path, None, None, "is a folder; expected a SIE file")]) from None
    except OSError as exc:
        raise ValidationFailed([Problem(path, None, None, f"cannot be read: {exc.strerror}")]) from None
    name = key(_reader_code(), str(path), data)
    kept = _read_before(name)
    if kept is not None:
        return kept
    decoded = decode(data)
    del data
    reader = _Reader(path)
    with _collector_paused():
        reader.read(decoded.text)
        sie = reader.result(decoded.encoding, decoded.reason)
    problems = reader.problems + checks.vouchers_balance(sie)
    if reader.vouchers_complete:
        problems += checks.balances_follow_vouchers(sie)
    problems += checks.repeated_balances(sie)
    if problems:
        raise ValidationFailed(_capped(problems, path))
    _READ.put(name, pickle.dumps(sie, protocol=pickle.HIGHEST_PROTOCOL))
    return sie


#: Files read before, as their models (rapportkarna.cache): an accounting year's export changes
#: seldom and is read by every command, and unpickling it takes a tenth of the time of reading it.
#: Only a file without problems is kept; one with problems is read, and reported, every time.
_READ = Store("sie")


def _read_before(name: str) -> SieFile | None:
    stored = _READ.get(name)
    if stored is None:
        return None
    try:
        with _collector_paused():  # thousands of rows, none of them garbage (as when reading)
            kept = pickle.loads(stored)
    except Exception:  # of another version of the models: read the file again
        return None
    return kept if isinstance(kept, SieFile) else None


@lru_cache(maxsize=1)
def _reader_code() -> str:
    """What, besides a file's bytes and path, decides the model read from it: the reader's code
    and the models' (this package's sources), and pydantic's version."""
    here = Path(__file__).parent
    sources = sorted(here.glob("*.py")) + [here.parent / "errors.py", here.parent / "model" / "common.py"]
    return key(metadata.version("pydantic"), *(file.read_bytes() for file in sources))

