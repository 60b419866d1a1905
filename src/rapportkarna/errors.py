"""User-facing errors: every mistake in a federation's files becomes a :class:`Problem`.

A problem names the file, the line where it can be found, the field path and what was expected.
The CLI prints them all at once and exits non-zero, without a traceback.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: Path
    line: int | None
    path: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.file) + (f":{self.line}" if self.line else "")
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class RapportError(Exception):
    """A mistake the user can fix: the CLI shows its message, never a traceback."""


class ValidationFailed(RapportError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (str(p.file), p.line or 0, p.path or ""))
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} found:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type["ValidationFailed"], tuple[list[Problem]]]:
        # made again from its problems (its message is worked out from them), e.g. when a forked
        # validate hands its refusals back (rapportkarna.forked)
        return type(self), (self.problems,)


def format_path(loc: tuple[str | int, ...]) -> str:
    """``('members', 3, 'kommunkod')`` → ``members[3].kommunkod``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
