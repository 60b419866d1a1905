"""Which character set a SIE file is written in.

The SIE 4 standard allows one: ``#FORMAT PC8``, the IBM PC code page 437. In practice files also
come as UTF-8 or as Latin-1 (Windows programs), so the reader decides from the bytes:

1. a file that decodes as UTF-8 is UTF-8 (a file of plain ASCII is the same in all three);
2. otherwise a file that says ``#FORMAT PC8`` is code page 437, as the standard says;
3. otherwise a file with more bytes typical of Latin-1 å ä ö Å Ä Ö é than of code page 437's is
   Latin-1;
4. otherwise it is code page 437, the standard's only character set.

Every byte means something in code page 437 and in Latin-1, so decoding never fails; a file
read in the wrong one shows odd letters in names, and ``rapportkarna sie inspect`` prints which
rule chose the character set.
"""

import re
from dataclasses import dataclass

CP437 = "cp437"
UTF8 = "utf-8"
LATIN1 = "latin-1"

_PC8 = re.compile(rb'^[ \t]*#FORMAT[ \t]+"?PC8"?[ \t]*\r?$', re.MULTILINE | re.IGNORECASE)
# å ä ö Å Ä Ö é É ü Ü as each character set writes them.
_LATIN1_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc")
_CP437_LETTERS = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82\x90\x81\x9a")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    reason: str
    """Why this character set was chosen, for the inspect command."""


def _count(data: bytes, letters: frozenset[int]) -> int:
    return sum(data.count(bytes([b])) for b in letters)


def decode(data: bytes) -> Decoded:
    """The text of a SIE file's bytes, by the rule in this module's documentation."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode(UTF8, errors="replace"), UTF8, "UTF-8 byte order mark")
    try:
        return Decoded(data.decode(UTF8), UTF8, "decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    if _PC8.search(data):
        return Decoded(data.decode(CP437), CP437, "#FORMAT PC8")
    if _count(data, _LATIN1_LETTERS) > _count(data, _CP437_LETTERS):
        return Decoded(data.decode(LATIN1), LATIN1, "bytes of Latin-1 å ä ö")
    return Decoded(data.decode(CP437), CP437, "the SIE standard's code page 437")
