"""Split one line of a SIE file into its label and fields.

A line is a label (``#KONTO``) followed by fields separated by blanks (spaces or tabs). A field
is a bare word (``1930``, ``-1234.50``), a quoted text (``"Kassa och bank"``, ``""``) in which
``\\"`` stands for a quote and ``\\\\`` for a backslash, or an object list in braces
(``{1 "100" 6 P12}``): pairs of dimension and object id, quoted or bare. A line that is only
``{`` or ``}`` opens or closes the rows of a voucher (``#VER``).

Everything here works on text; what a field means (an amount, a date) is the reader's business.
"""

import functools
import re
from dataclasses import dataclass

ObjectList = tuple[tuple[str, str], ...]
"""An object list as written: ``((dimension, object id), ...)``, both still text."""

Field = str | ObjectList

BLANKS = " \t"

# The text of a quoted field, written as an "unrolled loop" with possessive quantifiers so that
# an unterminated quote fails in linear time instead of backtracking.
_TEXT = r'[^"\\]*+(?:\\.[^"\\]*+)*+'
_QUOTED = rf'"(?P<quoted>{_TEXT})(?P<closed>"?)'
# Inside braces a quoted id may hold a '}' ("A}B"), so quoted strings are skipped as a whole.
_BRACED = rf'\{{(?P<braced>(?:"{_TEXT}"|[^"}}])*+)(?P<shut>\}}?)'
_BARE = r'(?P<bare>[^ \t"{}]+)'
_STRAY = r'(?P<stray>[}])'
_FIELD = re.compile(rf"[ \t]*(?:{_QUOTED}|{_BRACED}|{_BARE}|{_STRAY})", re.DOTALL)
_ESCAPE = re.compile(r'\\(["\\])')
# Fields written bare by format_field: letters, digits and a few signs; anything else is quoted.
_SAFE_BARE = re.compile(r"[\w.,:;/+#@%&=!?'-]+")


class TokenError(ValueError):
    """A line that cannot be split: an unterminated quote or brace, a stray brace."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class Tokens:
    """A line split into its label (``#TRANS``, or ``{`` / ``}``) and fields."""

    label: str
    fields: list[Field]


def unescape(text: str) -> str:
    """The text of a quoted field: ``\\"`` → ``"`` and ``\\\\`` → ``\\``; other backslashes stay."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def quote(text: str) -> str:
    """``text`` as a quoted SIE field, so that :func:`split_fields` gives it back unchanged."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_field(field: Field) -> str:
    """A field as written in a file: bare where that is safe, quoted otherwise."""
    if isinstance(field, tuple):
        return "{" + " ".join(f"{format_field(dim)} {format_field(obj)}" for dim, obj in field) + "}"
    return field if _SAFE_BARE.fullmatch(field) else quote(field)


def format_line(label: str, fields: list[Field]) -> str:
    return " ".join([label, *(format_field(f) for f in fields)])


_ITEMS = re.compile(rf'[ \t]*(?:"({_TEXT})"|([^ \t"{{}}]+))', re.DOTALL)
_ITEMS_ONLY = re.compile(rf'(?:[ \t]*(?:"{_TEXT}"|[^ \t"{{}}]+))*+[ \t]*', re.DOTALL)
# One field per match, with a marker group for each kind (an empty quoted text is "", so the
# marker tells it from a field of another kind); the last alternative catches what starts a
# malformed field, which the careful path then explains.
_FIELDS = re.compile(rf'[ \t]*(?:(")({_TEXT})"|(\{{)((?:"{_TEXT}"|[^"}}])*+)\}}|([^ \t"{{}}]+)|(["{{}}]))',
                     re.DOTALL)


@functools.lru_cache(maxsize=4096)
def _objects(inner: str) -> ObjectList:
    """The pairs of an object list's inside; a file has few distinct lists, hence the cache."""
    if not _ITEMS_ONLY.fullmatch(inner):
        raise TokenError("an object list holds dimension numbers and object ids, quoted or bare; "
                         "it cannot hold another '{' or an unterminated quote", 0)
    items = [unescape(quoted) if quoted or not bare else bare for quoted, bare in _ITEMS.findall(inner)]
    if len(items) % 2:
        raise TokenError("an object list holds pairs of dimension and object id, like "
                         '{1 "100" 6 "P12"}; this one has an odd number of items', 0)
    return tuple(zip(items[::2], items[1::2], strict=True))


def _explain(text: str) -> TokenError:
    """Why ``text`` cannot be split: the first malformed field, with its column."""
    pos = 0
    while True:
        match = _FIELD.match(text, pos)
        if match is None:
            return TokenError("cannot split the line into fields", pos)
        if match["quoted"] is not None and not match["closed"]:
            return TokenError('unterminated quote: a text that starts with " must end with " '
                              "on the same line", match.start("quoted") - 1)
        if match["braced"] is not None and not match["shut"]:
            return TokenError("unterminated object list: a '{' needs its '}' on the same line",
                              match.start("braced") - 1)
        if match["braced"] is not None:
            try:
                _objects(match["braced"])
            except TokenError as exc:
                return TokenError(exc.message, match.start("braced"))
        if match["stray"] is not None:
            return TokenError("a '}' without its '{'", match.start("stray"))
        pos = match.end()


def split_fields(text: str) -> list[Field]:
    """The fields of ``text`` (a line without its line break), in order.

    Raises :class:`TokenError` for an unterminated quote or brace, or a stray ``}``.
    """
    fields: list[Field] = []
    for quote_mark, quoted, brace, braced, bare, _bad in _FIELDS.findall(text):
        if bare:
            fields.append(bare)
        elif quote_mark:
            fields.append(unescape(quoted))
        elif brace:
            try:
                fields.append(_objects(braced))
            except TokenError:
                raise _explain(text) from None
        else:
            raise _explain(text)
    return fields


def tokenize(line: str) -> Tokens | None:
    """Split a line; ``None`` for a blank one. The label is the first field, as written."""
    stripped = line.strip(BLANKS + "\r")
    if not stripped:
        return None
    if stripped in ("{", "}"):
        return Tokens(stripped, [])
    fields = split_fields(stripped)
    first = fields[0]
    if isinstance(first, tuple):
        return Tokens("", fields)  # no label: the reader says what it expected
    return Tokens(first, fields[1:])
