"""Noter: numbered in the order the statements refer to them, each specifying one line.

Not 1 is the redovisningsprinciper where the moment has that text. Then every line of the
resultaträkning and balansräkning that takes accounts and has a figure gets a note listing its
accounts by number and name, this year and the year before, so an auditor can follow each figure
into the books. Last come the ansvarsförbindelser (pensions earned before 1998, borgen), which
stand under the balansräkning and are not in the books at all.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from rapportkarna.economy.accounts import Books
from rapportkarna.economy.roles import BR, RR
from rapportkarna.economy.statements import StatementTable, Value, year_label
from rapportkarna.model.economy import MomentEconomy
from rapportkarna.sie.mapping import AccountMapping, Measure, Sign


@dataclass
class NoteLine:
    label: str
    values: list[Value]


@dataclass
class Note:
    number: int
    title: str
    text: str | None = None
    columns: list[str] = field(default_factory=list)
    lines: list[NoteLine] = field(default_factory=list)
    total: list[Value] | None = None
    refers_to: str | None = None
    """'<statement>.<line>' the note specifies."""


def _account_values(books: Books, year: int, mapping: AccountMapping, statement_id: str,
                    line_id: str) -> dict[str, Decimal]:
    statement = mapping.statements[statement_id]
    line = statement.line(line_id)
    assert line is not None
    measure: Measure = line.measure or statement.measure
    sign: Sign = line.sign or statement.sign
    balances = books.balances(year)
    counted, recounted = line.counted, line.recounted
    values: dict[str, Decimal] = {}
    again = Decimal(0)
    for account, held in balances.items():
        amount = held.measure(measure)
        turned = (amount if sign is Sign.DEBIT else -amount) + Decimal(0)
        if counted.matches(account):
            values[account] = turned
        if recounted.matches(account):
            again += turned
    if line.recount:
        # Accounts another line owns, counted here too (the year's result in eget kapital): one row,
        # so the note adds up to the statement's figure.
        values[recount_label(line.recount)] = again
    return values


def recount_label(patterns: list[str]) -> str:
    return "Årets resultat" if patterns == ["3-8"] else "Konton " + ", ".join(patterns) + " (även på annan rad)"


def _account_note(number: int, row_label: str, statement_id: str, line_id: str, books: Books,
                  previous: tuple[Books, int] | None, mapping: AccountMapping,
                  columns: list[str]) -> Note | None:
    now = _account_values(books, 0, mapping, statement_id, line_id)
    before = _account_values(previous[0], previous[1], mapping, statement_id, line_id) if previous else {}
    accounts = sorted(a for a in set(now) | set(before) if now.get(a) or before.get(a))
    if not accounts:
        return None
    sie = books.sie
    lines = []
    for account in accounts:
        known = sie.accounts.get(account) or (previous[0].sie.accounts.get(account) if previous else None)
        name = known.name if known else ""
        values: list[Value] = [now.get(account, Decimal(0))]
        if previous:
            values.append(before.get(account, Decimal(0)))
        lines.append(NoteLine(f"{account} {name}".strip(), values))
    total: list[Value] = [sum((line.values[i] or Decimal(0) for line in lines), Decimal(0)) for i in range(len(columns))]
    return Note(number, row_label, columns=columns, lines=lines, total=total, refers_to=f"{statement_id}.{line_id}")


def number_notes(tables: dict[str, StatementTable], books: Books, previous: tuple[Books, int] | None,
                 mapping: AccountMapping, principles: str | None, economy: MomentEconomy,
                 economy_before: MomentEconomy | None) -> list[Note]:
    """The notes, and each statement row's ``note`` set to the number of the note that specifies it."""
    notes: list[Note] = []
    if principles:
        notes.append(Note(1, "Redovisningsprinciper", text=principles))
    year = books.ref.year
    for statement_id in (RR, BR):
        found = tables.get(statement_id)
        if found is None:
            continue
        columns = [year_label(statement_id, year)] + ([year_label(statement_id, year - 1)] if previous else [])
        for row in found.rows:
            if row.kind != "line":
                continue
            note = _account_note(len(notes) + 1, row.label, statement_id, row.id, books, previous, mapping, columns)
            if note:
                row.note = note.number
                notes.append(note)
    commitments = ansvarsforbindelser(len(notes) + 1, year, economy, economy_before)
    if commitments:
        notes.append(commitments)
    return notes


def ansvarsforbindelser(number: int, year: int, now: MomentEconomy, before: MomentEconomy | None) -> Note | None:
    items = [("Pensionsförpliktelser som inte har upptagits bland skulderna eller avsättningarna, "
              "inklusive löneskatt", "pensionsforpliktelser"), ("Borgensåtaganden", "borgensataganden")]
    lines = []
    for label, name in items:
        value, earlier = getattr(now, name), getattr(before, name) if before else None
        if value is not None or earlier is not None:
            lines.append(NoteLine(label, [value, earlier]))
    if not lines:
        return None
    return Note(number, "Ansvarsförbindelser", columns=[f"{year}-12-31", f"{year - 1}-12-31"], lines=lines,
                refers_to="ansvarsforbindelser")
