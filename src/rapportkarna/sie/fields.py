"""The fields of one SIE line, converted one by one into what the label says they are.

A field that is not what it should be becomes a :class:`~rapportkarna.errors.Problem` naming the
file, the line, the label and field (``#TRANS amount``) and what was expected; the conversion
then gives ``None`` and the line is marked bad, so that the reader keeps nothing of it.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rapportkarna.csv_tables import hidden_character
from rapportkarna.errors import Problem
from rapportkarna.sie.model import ObjectRef
from rapportkarna.sie.tokens import Field

AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""An amount as SIE writes it: a decimal point, a leading minus, no thousands separator."""
#: The most digits before the decimal point an amount may have (as loader.MAX_DIGITS).
MAX_DIGITS = 15
DIMENSION = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{8}")
_PERIOD = re.compile(r"[0-9]{4}(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Layout:
    """The fields a label takes, in order, and how many of them must be there."""

    names: tuple[str, ...]
    required: int

    def describe(self) -> str:
        """``account {objects} amount [date text quantity sign]``."""
        shown = ["{objects}" if n == "objects" else n for n in self.names]
        optional = shown[self.required:]
        return " ".join(shown[: self.required] + ([f"[{' '.join(optional)}]"] if optional else []))

    def count_problem(self, got: int) -> str | None:
        if self.required <= got <= len(self.names):
            return None
        wanted = (str(self.required) if self.required == len(self.names)
                  else f"{self.required} to {len(self.names)}")
        hint = "; a text with blanks needs quotes" if got > len(self.names) else ""
        return f"expected {wanted} fields: {self.describe()} (got {got}){hint}"


def _shown(value: Field) -> str:
    text = value if isinstance(value, str) else "{…}"
    return repr(text if len(text) <= 40 else text[:40] + "…")


class Fields:
    """A line's fields with typed access; every failed conversion is recorded as a problem."""

    __slots__ = ("label", "layout", "line", "ok", "path", "problems", "values")

    def __init__(self, path: Path, line: int, label: str, layout: Layout, values: list[Field],
                 problems: list[Problem]) -> None:
        self.path, self.line, self.label, self.layout = path, line, label, layout
        self.values, self.problems = values, problems
        self.ok = True

    def fail(self, index: int | None, message: str) -> None:
        field = f"{self.label} {self.layout.names[index]}" if index is not None else self.label
        self.problems.append(Problem(self.path, self.line, field, message))
        self.ok = False

    def _raw(self, index: int) -> Field | None:
        return self.values[index] if index < len(self.values) else None

    def text(self, index: int) -> str:
        """A text field; ``""`` when absent."""
        value = self._raw(index)
        if isinstance(value, tuple):
            self.fail(index, "expected a text, not an object list in braces")
            return ""
        hidden = hidden_character(value or "", "an SIE file's texts")
        if hidden:
            # an account's or company's name is printed in the reports: no control or
            # bidirectional characters that hide or turn its text
            self.fail(index, hidden)
            return ""
        return value or ""

    def optional(self, index: int) -> str | None:
        """A text field; ``None`` when absent or empty (``""``)."""
        return self.text(index) or None

    def required(self, index: int, what: str) -> str | None:
        value = self.text(index)
        if not value:
            self.fail(index, f"expected {what} (got an empty field)")
            return None
        return value

    def integer(self, index: int, what: str = "a whole number") -> int | None:
        value = self.text(index)
        if _INTEGER.fullmatch(value) and len(value) <= MAX_DIGITS + 1:  # beyond it, no field's number
            return int(value)
        self.fail(index, f"expected {what} (got {_shown(value)})")
        return None

    def amount(self, index: int, optional: bool = False) -> Decimal | None:
        value = self.text(index)
        if optional and not value:
            return None
        if AMOUNT.fullmatch(value):
            if len(value.lstrip("-").partition(".")[0].lstrip("0")) > MAX_DIGITS:
                # beyond the reports' precision: a figure no books hold, most likely a typing mistake
                self.fail(index, f"the amount {_shown(value)} is too large: at most {MAX_DIGITS} digits before "
                                 "the decimal point")
                return None
            return Decimal(value)
        self.fail(index, f"expected an amount with a decimal point, like -1234.50 (got {_shown(value)})")
        return None

    def date(self, index: int, optional: bool = False, cache: dict[str, dt.date] | None = None) -> dt.date | None:
        value = self.text(index)
        if optional and not value:
            return None
        if cache is not None and value in cache:
            return cache[value]
        if _DATE.fullmatch(value):
            try:
                day = dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                self.fail(index, f"expected a date YYYYMMDD; {value[:4]}-{value[4:6]}-{value[6:]} "
                                 "does not exist")
                return None
            if cache is not None:
                cache[value] = day
            return day
        self.fail(index, f"expected a date YYYYMMDD, like 20240131 (got {_shown(value)})")
        return None

    def period(self, index: int) -> str | None:
        value = self.text(index)
        if _PERIOD.fullmatch(value):
            return value
        self.fail(index, f"expected a period YYYYMM, like 202403 (got {_shown(value)})")
        return None

    def objects(self, index: int) -> tuple[ObjectRef, ...]:
        value = self._raw(index)
        if not isinstance(value, tuple):
            self.fail(index, f'expected an object list in braces, like {{}} or {{1 "100"}} '
                             f"(got {_shown(value or '')})")
            return ()
        refs = []
        for dimension, object_id in value:
            if not DIMENSION.fullmatch(dimension):
                self.fail(index, f"expected pairs of dimension number and object id, like "
                                 f'{{1 "100" 6 "P12"}} (got dimension {_shown(dimension)})')
                return ()
            refs.append((int(dimension), object_id))
        return tuple(refs)
