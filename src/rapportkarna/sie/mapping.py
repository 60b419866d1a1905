"""Account mappings: which accounts make up each line of the statements, written as TOML data.

A mapping file names its statements (``resultatrakning``, ``balansrakning``,
``kassaflodesanalys``, ``driftredovisning`` — or any other) and each statement's lines, in order.
A line takes accounts by prefix (``"3"``, ``"78"``) or range (``"3000-3499"``, ``"4-7"``), leaves
some out (``exclude``), or sums earlier lines (``sum``). Two mappings ship with rapportkärna, in
``mappings/``: ``kommun-bas`` and ``bas``.

A federation extends or overrides one: a TOML file (or table) with ``extends = "kommun-bas"``
whose lines replace the lines of the same id, or are added (``after``/``before`` a line, else at
the end), and whose ``remove`` drops lines. See docs/sie.md.

Every problem names its file, line and field path, like the federation's own files.
"""

import re
from functools import cached_property
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from rapportkarna.containment import inside
from rapportkarna.errors import Problem, RapportError, ValidationFailed, format_path
from rapportkarna.loader import Locator, TomlFile, validate
from rapportkarna.model.common import NonEmptyStr, Slug, StrictModel

MAPPINGS_DIR = Path(__file__).parent / "mappings"

_PATTERN = re.compile(r"([0-9]+)(?:-([0-9]+))?")


def _pattern(value: str) -> str:
    match = _PATTERN.fullmatch(value)
    low, high = (match[1], match[2] or match[1]) if match else ("", "")
    if not match or len(low) != len(high) or low > high:
        raise PydanticCustomError(
            "account_pattern", 'expected an account prefix like "3" or "78", or a range like '
            '"3000-3499" whose two ends have as many digits and the lower first')
    return value


AccountPattern = Annotated[str, AfterValidator(_pattern)]
"""``"78"``: every account that starts with 78; ``"3000-3499"``: every account whose first four
digits lie between 3000 and 3499 (so five-digit accounts such as 30151 too)."""


@dataclass(frozen=True)
class AccountSet:
    """Patterns, compiled: ``AccountSet(["4-7"], ["78"]).matches("7810")`` is False."""

    include: tuple[tuple[str, str], ...]
    exclude: tuple[tuple[str, str], ...] = ()
    #: Each account's answer once worked out: a statement asks about every account of every SIE
    #: file of the year for each of its lines (15 000 questions in a ``validate`` of Norrbotten).
    _answers: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, include: Sequence[str], exclude: Sequence[str] = ()) -> "AccountSet":
        def bounds(patterns: Sequence[str]) -> tuple[tuple[str, str], ...]:
            return tuple((low, high or low) for low, _, high in (p.partition("-") for p in patterns))
        return cls(bounds(include), bounds(exclude))

    @staticmethod
    def _any(account: str, ranges: tuple[tuple[str, str], ...]) -> bool:
        return any(len(account) >= len(low) and low <= account[:len(low)] <= high for low, high in ranges)

    def matches(self, account: str) -> bool:
        answer = self._answers.get(account)
        if answer is None:
            answer = self._answers[account] = (self._any(account, self.include)
                                               and not self._any(account, self.exclude))
        return answer


class Sign(StrEnum):
    """How a line shows its accounts' sum. SIE writes debit positive and credit negative."""

    CREDIT = "credit"
    """Credit shown positive: income, eget kapital, liabilities; costs come out negative."""
    DEBIT = "debit"
    """Debit shown positive: assets, and costs shown as positive amounts."""


class Measure(StrEnum):
    CLOSING = "closing"
    """The balance at the year's end (#UB; for a result account the year's #RES)."""
    OPENING = "opening"
    """The balance at the year's start (#IB)."""
    CHANGE = "change"
    """Closing minus opening: the year's movement, for the kassaflödesanalys."""


Origin = tuple[Path, int | None, str]
"""Where a part of a mapping was written: file, line, field path."""


class Line(StrictModel):
    """One line of a statement: a sum of accounts, or of earlier lines."""

    id: Slug
    label: NonEmptyStr
    accounts: list[AccountPattern] = Field(default_factory=list, description="Accounts by prefix or range.")
    exclude: list[AccountPattern] = Field(default_factory=list, description="Accounts left out of `accounts`.")
    recount: list[AccountPattern] = Field(
        default_factory=list,
        description="Accounts another line already counts, counted here again (the avskrivningar added "
                    "back in the kassaflödesanalys, the year's result in eget kapital). They are left "
                    "out of the checks that every account is on exactly one line.")
    sum: list[Slug] = Field(default_factory=list, description="Ids of earlier lines whose values this line adds up.")
    sign: Sign | None = Field(None, description="Default: the statement's sign.")
    measure: Measure | None = Field(None, description="Default: the statement's measure.")

    _origin: Origin = PrivateAttr(default=(Path("<mapping>"), None, ""))

    @model_validator(mode="after")
    def _accounts_or_sum(self) -> "Line":
        if self.sum and (self.accounts or self.recount or self.exclude):
            raise ValueError("a line either sums earlier lines (sum) or takes accounts (accounts, recount, "
                             "exclude), not both")
        if not self.sum and not (self.accounts or self.recount):
            raise ValueError("a line needs accounts (or recount), or the earlier lines it sums (sum)")
        return self

    @property
    def origin(self) -> Origin:
        return self._origin

    @cached_property
    def counted(self) -> AccountSet:
        """The accounts this line owns: each must be on exactly one line of its statement."""
        return AccountSet.of(self.accounts, self.exclude)

    @cached_property
    def recounted(self) -> AccountSet:
        return AccountSet.of(self.recount, self.exclude)


class Statement(StrictModel):
    title: NonEmptyStr
    scope: list[AccountPattern] = Field(
        default_factory=list, description="Accounts the statement must cover: each with a value is on one line.")
    scope_exclude: list[AccountPattern] = Field(default_factory=list, description="Accounts left out of the scope.")
    sign: Sign = Sign.CREDIT
    measure: Measure = Measure.CLOSING
    lines: list[Line]

    @property
    def covers(self) -> AccountSet:
        return AccountSet.of(self.scope, self.scope_exclude)

    def line(self, line_id: str) -> Line | None:
        return next((line for line in self.lines if line.id == line_id), None)


class AccountMapping(StrictModel):
    name: str
    title: str
    description: str = ""
    statements: dict[str, Statement]
    sources: list[Path] = Field(default_factory=list, description="The files it was read from, base first.")


# -- the files ------------------------------------------------------------------------------------

class LinePart(Line):
    """A line in a mapping file: in an override it may say where it goes."""

    after: Slug | None = Field(None, description="A new line goes right after this line.")
    before: Slug | None = Field(None, description="A new line goes right before this line.")

    @model_validator(mode="after")
    def _one_place(self) -> "LinePart":
        if self.after and self.before:
            raise ValueError("a line goes after one line or before another, not both")
        return self


class StatementPart(StrictModel):
    """A statement in a mapping file; in an override every field is optional."""

    title: NonEmptyStr | None = None
    scope: list[AccountPattern] | None = None
    scope_exclude: list[AccountPattern] | None = None
    sign: Sign | None = None
    measure: Measure | None = None
    remove: list[Slug] = Field(default_factory=list, description="Ids of lines to drop (overrides).")
    lines: list[LinePart] = Field(default_factory=list)


class MappingFile(StrictModel):
    extends: str | None = Field(None, description="The mapping this file extends: a name (kommun-bas, bas) "
                                                  "or a path relative to this file.")
    title: NonEmptyStr | None = None
    description: str | None = None
    statements: dict[Slug, StatementPart] = Field(default_factory=dict)


# -- loading and merging --------------------------------------------------------------------------

@dataclass
class _Draft:
    """A statement while files are applied to it."""

    origin: Origin
    fields: dict[str, Any] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Source:
    path: Path
    data: dict[str, Any]
    where: Locator

    def origin(self, *loc: str | int) -> Origin:
        return self.where(loc)


def builtin_names() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))


def _resolve(name_or_path: str | Path, relative_to: Path | None = None) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, str) and (MAPPINGS_DIR / f"{text}.toml").is_file():
        return MAPPINGS_DIR / f"{text}.toml"
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not path.is_file() and path.suffix != ".toml" and "/" not in text:
        raise RapportError(f"unknown mapping '{text}'; built-in mappings: {', '.join(builtin_names())}, "
                           "or give the path of a TOML file")
    return path


def _read(path: Path) -> _Source:
    source = TomlFile(path)
    if source.problems or source.data is None:
        raise ValidationFailed(source.problems)
    return _Source(path, source.data, source.locator())


def _table(data: MappingType[str, Any]) -> _Source:
    path = Path("<overrides>")
    return _Source(path, dict(data), lambda loc: (path, None, format_path(loc)))


def _chain(source: _Source, seen: list[Path], roots: list[Path]) -> list[_Source]:
    """The file and the files it extends, base first; each inside ``roots`` (the built-in
    mappings and the folder of the mapping the federation names: rapportkarna.containment)."""
    extends = source.data.get("extends")
    if not isinstance(extends, str):
        return [source]  # a wrong type is reported when the file is validated
    path, line, _ = source.origin("extends")
    try:
        base = _resolve(extends, source.path.parent).resolve()
    except RapportError as exc:
        raise ValidationFailed([Problem(path, line, "extends", str(exc))]) from None
    if roots and not inside(base, roots):
        raise ValidationFailed([Problem(path, line, "extends", f"'{extends}' leads to {base}, outside the folders a "
                                        f"mapping may extend from ({', '.join(map(str, roots))})")])
    if base in seen:
        raise ValidationFailed([Problem(path, line, "extends", f"mappings extend each other in a circle: "
                                        f"{' → '.join(p.name for p in [*seen, base])}")])
    return [*_chain(_read(base), [*seen, base], roots), source]


def _place(draft: _Draft, line: LinePart, source: _Source, loc: tuple[str | int, ...],
           problems: list[Problem]) -> None:
    plain = Line.model_validate(line.model_dump(exclude={"after", "before"}))
    plain._origin = source.origin(*loc)
    ids = [existing.id for existing in draft.lines]
    if line.id in ids:
        draft.lines[ids.index(line.id)] = plain  # replaces the line where it stands
        return
    anchor = line.after or line.before
    if anchor is None:
        draft.lines.append(plain)
    elif anchor not in ids:
        key = "after" if line.after else "before"
        path, at, field_path = source.origin(*loc, key)
        problems.append(Problem(path, at, field_path, f"no line '{anchor}' to place this line by; "
                                f"lines: {', '.join(ids) or '(none)'}"))
    else:
        draft.lines.insert(ids.index(anchor) + (1 if line.after else 0), plain)


def _apply(drafts: dict[str, _Draft], part: MappingFile, source: _Source, problems: list[Problem]) -> None:
    for statement_id, statement in part.statements.items():
        loc: tuple[str | int, ...] = ("statements", statement_id)
        draft = drafts.setdefault(statement_id, _Draft(source.origin(*loc)))
        draft.fields.update(statement.model_dump(include={"title", "scope", "scope_exclude", "sign", "measure"},
                                                 exclude_none=True))
        for index, removed in enumerate(statement.remove):
            before = len(draft.lines)
            draft.lines = [line for line in draft.lines if line.id != removed]
            if len(draft.lines) == before:
                path, at, field_path = source.origin(*loc, "remove", index)
                problems.append(Problem(path, at, field_path, f"no line '{removed}' to remove"))
            for line in draft.lines:  # a removed line leaves the sums that named it
                line.sum = [ref for ref in line.sum if ref != removed]
        for index, line in enumerate(statement.lines):
            _place(draft, line, source, (*loc, "lines", index), problems)


def _finish(statement_id: str, draft: _Draft, problems: list[Problem]) -> Statement | None:
    path, at, field_path = draft.origin
    if "title" not in draft.fields:
        problems.append(Problem(path, at, f"{field_path}.title", "a statement needs a title"))
        return None
    if not draft.lines:
        problems.append(Problem(path, at, field_path, "a statement needs lines"))
        return None
    seen: set[str] = set()
    for line in draft.lines:
        for index, ref in enumerate(line.sum):
            if ref not in seen:
                file, line_no, where = line.origin
                problems.append(Problem(file, line_no, f"{where}.sum[{index}]",
                                        f"'{ref}' is not a line above this one in {statement_id}; a sum adds "
                                        "up lines above it"))
        seen.add(line.id)
    statement = Statement.model_validate({**draft.fields, "lines": []})
    statement.lines = draft.lines  # validated already, and they keep their origins
    return statement


def _with_known_keys(problem: Problem) -> Problem:
    """Name the keys a statement or line takes: the loader cannot see past ``statements.<id>``."""
    if not problem.message.startswith("unknown key") or "expected one of" in problem.message:
        return problem
    path = problem.path or ""
    model = LinePart if ".lines[" in path else StatementPart if path.startswith("statements.") else None
    if model is None:
        return problem
    known = ", ".join(model.model_fields)
    return Problem(problem.file, problem.line, problem.path, f"{problem.message}; expected one of: {known}")


def load_mapping(name_or_path: str | Path,
                 overrides: Path | MappingType[str, Any] | Sequence[Path | MappingType[str, Any]] | None = None,
                 roots: Sequence[Path] | None = None) -> AccountMapping:
    """A built-in mapping by name (``kommun-bas``, ``bas``) or a mapping file by path, with
    ``overrides`` (TOML files or tables, applied in order) laid over it.

    ``roots``: the folders a mapping file may extend from, besides the built-in mappings (a
    federation's folder, see rapportkarna.containment); None for no limit.

    Raises :class:`ValidationFailed` with every problem of every file.
    """
    top = _resolve(name_or_path)
    sources = _chain(_read(top), [top.resolve()], [MAPPINGS_DIR, *roots] if roots is not None else [])
    if overrides is not None:
        listed = [overrides] if isinstance(overrides, (Path, MappingType)) else list(overrides)
        for item in listed:
            override = _read(item) if isinstance(item, Path) else _table(item)
            if "extends" in override.data:
                path, line, _ = override.origin("extends")
                raise ValidationFailed([Problem(path, line, "extends", "an override is laid over the mapping "
                                                "it is given with, and extends no other")])
            sources.append(override)
    problems: list[Problem] = []
    parts = [(validate(MappingFile, source.data, source.where, problems), source) for source in sources]
    if problems:  # merging files that are not valid would only add confusing problems
        raise ValidationFailed([_with_known_keys(p) for p in problems])
    drafts: dict[str, _Draft] = {}
    title = description = None
    for part, source in parts:
        assert isinstance(part, MappingFile)  # every part validated: problems would have been raised
        title, description = part.title or title, part.description or description
        _apply(drafts, part, source, problems)
    statements = {sid: _finish(sid, draft, problems) for sid, draft in drafts.items()}
    if title is None:
        problems.append(Problem(sources[0].path, None, "title", "a mapping needs a title"))
    if problems:
        raise ValidationFailed(problems)
    return AccountMapping(name=top.stem if top.parent == MAPPINGS_DIR else str(top), title=title or "",
                          description=description or "",
                          statements={k: v for k, v in statements.items() if v is not None},
                          sources=[s.path for s in sources])
