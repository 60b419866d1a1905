"""Find the line of a field in TOML text, so that errors can point at it.

``tomllib`` keeps no positions, so this module scans the text once and records the line of every
table header, array-of-tables entry, key and (for multi-line arrays) array element, keyed by the
concrete path that pydantic reports (``("members", 3, "kommunkod")``).
"""

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*")\s*=""")


def _split_key(raw: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", raw)
    return [p.strip("\"'") for p in parts]


def _key_of(part: str) -> str | int:
    return int(part) if part.isdigit() else part


class _Scanner:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        self.aot_index: dict[Path, int] = {}  # concrete path of an array of tables → current index
        self.array_path: Path | None = None  # inside a multi-line array value
        self.array_items = 0
        self.depth = 0

    def resolve(self, names: list[str]) -> Path:
        concrete: Path = ()
        for name in names:
            concrete += (_key_of(name),)
            if concrete in self.aot_index:
                concrete += (self.aot_index[concrete],)
        return concrete

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
        self.lines[self.table] = lineno

    def key_line(self, lineno: int, line: str, match: re.Match[str]) -> None:
        path = self.table + tuple(_key_of(k) for k in _split_key(match.group(1)))
        self.lines[path] = lineno
        value = line[match.end():]
        self._inline_keys(lineno, path, value)
        opened = value.count("[") - value.count("]")
        if value.strip().startswith("[") and opened > 0:
            self.array_path, self.array_items, self.depth = path, 0, opened

    def _inline_keys(self, lineno: int, path: Path, value: str) -> None:
        for m in _INLINE_KEY.finditer(value):
            self.lines.setdefault(path + (_key_of(m.group(1).strip('"')),), lineno)

    def array_line(self, lineno: int, line: str) -> None:
        assert self.array_path is not None
        stripped = line.strip()
        if self.depth == 1 and stripped[:1] in ('{', '"', "'", "[") or (self.depth == 1 and stripped[:1].isdigit()):
            item = self.array_path + (self.array_items,)
            self.lines[item] = lineno
            self._inline_keys(lineno, item, stripped)
            self.array_items += stripped.count("},") + (1 if not stripped.startswith("{") else 0) or 1
        self.depth += line.count("[") - line.count("]")
        if self.depth <= 0:
            self.array_path = None


def line_index(text: str) -> dict[Path, int]:
    """Map every concrete path found in ``text`` to its 1-based line number."""
    scanner = _Scanner()
    in_multiline: str | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
        if scanner.array_path is not None:
            scanner.array_line(lineno, line)
            continue
        if (header := _HEADER.match(line)) and not _KEY.match(line):
            scanner.header(lineno, header.group(1) == "[[", _split_key(header.group(2)))
        elif key := _KEY.match(line):
            scanner.key_line(lineno, line, key)
    return scanner.lines


def locate(index: dict[Path, int], path: Path) -> int | None:
    """Line of ``path``, or of its nearest ancestor that the text names."""
    for end in range(len(path), 0, -1):
        if path[:end] in index:
            return index[path[:end]]
    return None
