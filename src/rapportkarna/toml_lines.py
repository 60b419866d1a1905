"""Find the line of a field in TOML text, so that errors can point at it.

``tomllib`` keeps no positions, so this module scans the text once and records the line of every
table header, array-of-tables entry, key and array element (also inside inline tables and arrays
that span lines), keyed by the concrete path that pydantic reports (``("members", 3, "kommunkod")``).
"""

import re
from dataclasses import dataclass

Path = tuple[str | int, ...]

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"\s*({_DOTTED})\s*=")
_BASIC_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_LITERAL_STRING = re.compile(r"'[^']*'")
_SCALAR = re.compile(r"[^,\]}#]+")  # numbers, booleans, dates (which may contain a space)


def _split_key(raw: str) -> list[str]:
    parts = re.findall(_KEY_PART, raw)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _key_of(part: str) -> str | int:
    return int(part) if part.isdigit() else part


@dataclass
class _Open:
    """An array or inline table whose value is being read, possibly over several lines."""

    path: Path
    is_array: bool
    count: int = 0  # arrays: elements begun so far


class _Scanner:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        self.aot_index: dict[Path, int] = {}  # concrete path of an array of tables → current index
        self.open: list[_Open] = []  # arrays and inline tables of the current value
        self.in_string: str | None = None  # closing quotes of a multi-line string being read

    @property
    def in_value(self) -> bool:
        return bool(self.open) or self.in_string is not None

    def resolve(self, names: list[str]) -> Path:
        concrete: Path = ()
        for name in names:
            concrete += (_key_of(name),)
            if concrete in self.aot_index:
                concrete += (self.aot_index[concrete],)
        return concrete

    def record(self, path: Path, lineno: int, start: int = 0) -> None:
        """``path`` is on ``lineno``; so are its ancestors from ``start`` on, unless seen before."""
        for end in range(max(start, 1), len(path)):
            self.lines.setdefault(path[:end], lineno)
        self.lines[path] = lineno

    def header(self, lineno: int, double: bool, names: list[str]) -> None:
        if double:
            parent = self.resolve(names[:-1])
            base = parent + (_key_of(names[-1]),)
            self.aot_index[base] = self.aot_index.get(base, -1) + 1
            # nested arrays of tables below this entry start counting afresh
            for key in [k for k in self.aot_index if len(k) > len(base) and k[: len(base)] == base]:
                del self.aot_index[key]
            self.table = base + (self.aot_index[base],)
            self.lines.setdefault(base, lineno)
        else:
            self.table = self.resolve(names)
        self.record(self.table, lineno)

    def key_line(self, lineno: int, line: str, match: re.Match[str]) -> None:
        path = self.table + tuple(_key_of(k) for k in _split_key(match.group(1)))
        self.record(path, lineno, start=len(self.table) + 1)
        self.scan(lineno, line, match.end(), path)

    def scan(self, lineno: int, line: str, pos: int = 0, pending: Path | None = None) -> None:
        """Read a value (or the rest of one) from ``line[pos:]``; ``pending`` is the path of a
        value that starts here. Records the line of every array element and inline-table key."""
        while pos < len(line):
            if self.in_string:
                end = line.find(self.in_string, pos)
                if end < 0:
                    return
                pos, self.in_string = end + 3, None
                continue
            char = line[pos]
            if char.isspace():
                pos += 1
                continue
            if char == "#":
                return
            current = self.open[-1] if self.open else None
            if pending is None:
                if current is None:
                    return  # the value is complete
                if char in "]}":
                    self.open.pop()
                    pos += 1
                    continue
                if char == ",":
                    pos += 1
                    continue
                if current.is_array:
                    pending = current.path + (current.count,)
                    current.count += 1
                    self.record(pending, lineno, start=len(pending))
                else:
                    key = _INLINE_KEY.match(line, pos)
                    if key is None:
                        return  # not TOML; tomllib reports it
                    pending = current.path + tuple(_key_of(k) for k in _split_key(key.group(1)))
                    self.record(pending, lineno, start=len(current.path) + 1)
                    pos = key.end()
                    continue
            # a value for ``pending`` starts at ``char``
            if char in "[{":
                self.open.append(_Open(pending, is_array=char == "["))
                pos += 1
            elif line.startswith(('"""', "'''"), pos):
                quotes = line[pos:pos + 3]
                end = line.find(quotes, pos + 3)
                if end < 0:
                    self.in_string = quotes
                    return
                pos = end + 3
            elif char in "\"'":
                string = (_BASIC_STRING if char == '"' else _LITERAL_STRING).match(line, pos)
                pos = string.end() if string else len(line)
            else:
                scalar = _SCALAR.match(line, pos)
                pos = scalar.end() if scalar else pos + 1
            pending = None


def line_index(text: str) -> dict[Path, int]:
    """Map every concrete path found in ``text`` to its 1-based line number."""
    scanner = _Scanner()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if scanner.in_value:
            scanner.scan(lineno, line)
        elif (header := _HEADER.match(line)) and not _KEY.match(line):
            scanner.header(lineno, header.group(1) == "[[", _split_key(header.group(2)))
        elif key := _KEY.match(line):
            scanner.key_line(lineno, line, key)
    return scanner.lines


def locate(index: dict[Path, int], path: Path) -> int | None:
    """Line of ``path``, or of its nearest ancestor that the text names.

    Keys made of digits are looked up as numbers either way: pydantic reports the keys of a
    ``dict[int, …]`` as the strings the file has (``population.'2011'``).
    """
    path = tuple(_key_of(p) if isinstance(p, str) else p for p in path)
    for end in range(len(path), 0, -1):
        if path[:end] in index:
            return index[path[:end]]
    return None
