"""Swedish formatting of numbers, amounts, percentages and dates, in one place.

Swedish conventions: a non-breaking space between thousands (1 234 567), a decimal comma, a real
minus sign (U+2212), a non-breaking space before units (12,5 %, 1 234 kr), dates written
"15 september 2011" or "2011-09-15". Amounts round half up, as in accounting. Missing values
are shown as an en dash; data a draft still lacks (:data:`LACKING`) as "Uppgift saknas". These
functions are the templates' filters (see ``FILTERS``).
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from markupsafe import Markup, escape

# Babel is imported where it is used (numbers the fast path below leaves to it): its CLDR data
# costs start-up time in every command, and `tal` rarely needs it.

LOCALE = "sv_SE"
NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2013"

LACKING_TEXT = "Uppgift saknas"


class _Lacking:
    """A value a draft report does not have yet; every filter shows it as "Uppgift saknas"."""

    def __repr__(self) -> str:
        return "LACKING"

    def __str__(self) -> str:
        return LACKING_TEXT


LACKING: Any = _Lacking()


def _absent(value: Any) -> str:
    return LACKING_TEXT if value is LACKING else MISSING


UNITS: dict[str, Decimal] = {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}
DEFAULT_DECIMALS = {"kr": 0, "tkr": 0, "mnkr": 1}


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


#: 10 ** -decimals for the usual numbers of decimals: ``tal`` runs thousands of times a report.
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(8)}
#: Python's grouped fixed-point text ("-1,234,567.5") in Swedish: the separators of Babel's sv
#: locale (no-break space between thousands, decimal comma) and the real minus sign.
_SWEDISH = str.maketrans({",": NBSP, ".": ",", "-": MINUS})


def tal(value: Any, decimals: int = 0) -> str:
    """1234567.5 → '1 234 568'; with decimals=1 → '1 234 567,5'; −3 → '−3'."""
    if value is None or value is LACKING:
        return _absent(value)
    plain = type(decimals) is int and decimals >= 0
    quantum = _QUANTA.get(decimals) if plain else None
    number = _decimal(value).quantize(Decimal(1).scaleb(-decimals) if quantum is None else quantum,
                                      rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "−0"
    if plain and number.is_finite():
        # Rounded to exactly ``decimals`` places above, so the fixed-point text has those digits:
        # the text of Babel's "#,##0.00" pattern, without its cost (tests/test_formatting.py
        # compares the two over random numbers).
        return format(number, ",f").translate(_SWEDISH)
    return _tal_babel(number, decimals)


def _tal_babel(number: Decimal, decimals: int) -> str:
    """What the fast path leaves out (NaN; ``decimals`` below zero or no int), as Babel writes it."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(number, format=pattern, locale=LOCALE, decimal_quantization=False)
    return text.replace("-", MINUS).replace("\u202f", NBSP)


def belopp(value: Any, unit: str = "tkr", decimals: int | None = None) -> str:
    """An amount in kronor shown in ``unit`` (kr, tkr, mnkr), without the unit: for tables
    whose heading names the unit. 1 234 567 kr in tkr → '1 235'."""
    if value is None or value is LACKING:
        return _absent(value)
    if unit not in UNITS:
        raise ValueError(f"unknown unit '{unit}'; expected one of {', '.join(UNITS)}")
    places = DEFAULT_DECIMALS[unit] if decimals is None else decimals
    return tal(_decimal(value) / UNITS[unit], places)


def kr(value: Any, unit: str = "kr", decimals: int | None = None) -> str:
    """An amount with its unit: 1234567 → '1 234 567 kr'; in tkr → '1 235 tkr'."""
    if value is None or value is LACKING:
        return _absent(value)
    return f"{belopp(value, unit, decimals)}{NBSP}{unit}"


def procent(value: Any, decimals: int = 1) -> str:
    """A percentage given in percent: −12.5 → '−12,5 %'."""
    if value is None or value is LACKING:
        return _absent(value)
    return f"{tal(value, decimals)}{NBSP}%"


def andel(part: Any, whole: Any, decimals: int = 1) -> str:
    """``part`` as a percentage of ``whole``: (1, 8) → '12,5 %'; no whole → en dash."""
    if LACKING in (part, whole):
        return LACKING_TEXT
    if part is None or whole is None or _decimal(whole) == 0:
        return MISSING
    return procent(_decimal(part) * 100 / _decimal(whole), decimals)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


#: The names of months and weekdays in Swedish, as Babel's sv locale writes them in running text
#: (written out here: loading Babel's locale data for them cost every report 50 ms; tests compare).
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def datum(value: Any) -> str:
    """2011-09-15 → '15 september 2011' (a no-break space after the day)."""
    if value is None or value is LACKING:
        return _absent(value)
    day = _as_date(value)
    return f"{day.day}{NBSP}{MONTHS[day.month - 1]} {day.year}"


def kortdatum(value: Any) -> str:
    """2011-09-15 → '2011-09-15' (the ISO form Swedish documents use)."""
    if value is None or value is LACKING:
        return _absent(value)
    return _as_date(value).isoformat()


def veckodag(value: Any) -> str:
    """2011-09-15 → 'torsdag'."""
    return WEEKDAYS[_as_date(value).weekday()]


def gemen(text: str) -> str:
    """'Styrelsen' → 'styrelsen': a name in running text, where Swedish writes it in lower case."""
    return text[:1].lower() + text[1:]


def manad(value: Any) -> str:
    """2011-08-31 → 'augusti 2011'."""
    day = _as_date(value)
    return f"{MONTHS[day.month - 1]} {day.year}"


def klockslag(value: Any) -> str:
    """08:30 → '08.30' (Swedish writes time with a full stop)."""
    if value is None or value is LACKING:
        return _absent(value)
    return str(value.strftime("%H.%M"))


_BULLET = re.compile(r"^\s*[-–•*]\s+")


def prose(text: str | None) -> Markup:
    """Free text from the data as HTML: blank lines separate paragraphs, lines starting with
    '- ' become a bullet list. The text is escaped first, so no markup in data gets through."""
    if not text:
        return Markup("")
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        # runs of bullet lines and of other lines; an indented line continues the bullet above it
        runs: list[tuple[bool, list[str]]] = []
        for line in (line for line in block.splitlines() if line.strip()):
            bullet = bool(_BULLET.match(line))
            if not bullet and runs and runs[-1][0] and line[:1].isspace():
                runs[-1][1][-1] += " " + line.strip()
                continue
            if not runs or runs[-1][0] != bullet:
                runs.append((bullet, []))
            runs[-1][1].append(_BULLET.sub("", line).strip() if bullet else line.strip())
        for bullet, texts in runs:
            if bullet:
                blocks.append("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>")
            else:
                blocks.append(f"<p>{escape(' '.join(texts))}</p>")
    return Markup("\n".join(blocks))


_WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")


def antal_ord(value: Any, genus: str = "ett") -> str:
    """A count in running text: up to twelve in words, larger in figures (Språkrådet's rule).

    7 → 'sju'; 1 → 'ett', or 'en' with ``genus="en"`` ('en kommun', 'ett mål'); 13 → '13';
    3 444 → '3 444'. A count that is not a whole number is written as a figure.
    """
    if value is None or value is LACKING:
        return _absent(value)
    number = _decimal(value)
    if number == number.to_integral_value() and 0 <= number <= 12:
        word = _WORDS[int(number)]
        return "en" if word == "ett" and genus == "en" else word
    return tal(number, 0 if number == number.to_integral_value() else 1)


FILTERS: dict[str, Callable[..., Any]] = {
    "antal_ord": antal_ord,
    "tal": tal,
    "belopp": belopp,
    "kr": kr,
    "procent": procent,
    "andel": andel,
    "datum": datum,
    "kortdatum": kortdatum,
    "manad": manad,
    "veckodag": veckodag,
    "gemen": gemen,
    "klockslag": klockslag,
    "prose": prose,
}
