"""The plugin authors' hook reference, built from the docstrings in :mod:`rapportkarna.hookspecs`
and from the objects the hooks receive, so it cannot go stale."""

import dataclasses
import functools
import inspect
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from rapportkarna import hookspecs

_ROLE = re.compile(r":(?:class|mod|func|meth|data|attr|obj):`~?([^`]+)`")


def _plain(text: str) -> str:
    """reST to Markdown: Sphinx roles become code (``:class:`~a.b.C``` → `` `C` ``), double
    backquotes single ones."""
    text = _ROLE.sub(lambda m: f"`{m.group(1).split('.')[-1] if m.group(0).count('~') else m.group(1)}`", text)
    return text.replace("``", "`")


def _type(annotation: Any) -> str:
    """A type as a reader writes it: `list[Member]`, `KoladaSettings | None`, `str` (not Annotated[…])."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type(a) for a in args)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in args)
    if origin is not None:
        return f"{getattr(origin, '__name__', str(origin))}[{', '.join(_type(a) for a in args)}]"
    if annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a union's bar must not end the Markdown table cell


def _model_rows(model: type[BaseModel]) -> list[str]:
    rows = ["| field | type | what |", "| --- | --- | --- |"]
    for name, field in model.model_fields.items():
        rows.append(f"| `{name}` | `{_cell(_type(field.annotation))}` | {_cell(field.description or '')} |")
    return rows


def _dataclass_rows(cls: type) -> list[str]:
    rows = ["| field | type | what |", "| --- | --- | --- |"]
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        doc = _cell(str(field.metadata.get("doc", "")))
        rows.append(f"| `{field.name}` | `{_cell(_type(hints[field.name]))}` | {doc} |")
    return rows


def _own(member: Any) -> bool:
    """Defined by rapportkärna (not inherited from pydantic's BaseModel)."""
    function = getattr(member, "fget", None) or getattr(member, "func", None) or member
    return getattr(function, "__module__", "").startswith("rapportkarna")


def _methods(cls: type) -> list[str]:
    rows = []
    for name, member in inspect.getmembers(cls):
        accessor = isinstance(member, (property, functools.cached_property))
        if name.startswith("_") or not (inspect.isfunction(member) or accessor) or not _own(member):
            continue
        doc = inspect.getdoc(member) or ""
        signature = "" if accessor else re.sub(r"\b(?:[A-Za-z_]\w*\.)+", "", str(inspect.signature(member))
                                                   .replace("(self, ", "(").replace("(self)", "()"))
        rows.append(f"- `{name}{signature}`: {_plain(doc.splitlines()[0]) if doc else ''}")
    return rows


def _objects() -> list[str]:
    """The objects hooks receive, each with its fields (and, for classes, its public methods)."""
    from rapportkarna import (Federation, FederationConfig, History, MomentData, MomentRef, RegimeRules,
                              ReportEconomy, ReportType, StatementTable, YearData)
    lines = ["# Objects hooks receive", ""]
    objects: tuple[tuple[type, str], ...] = ((ReportType, "`report`: the report being built; `period` says its moment's kind"),
                      (Federation, "`federation`: the federation's folder; `config` is its federation.toml"),
                      (FederationConfig, "`federation.config`: the validated federation.toml"),
                      (YearData, "`data`: what the year's year.toml (and the year folder) sets once"),
                      (MomentData, "`moment`: what the report's own reporting moment recorded"),
                      (MomentRef, "`history.current`: which moment the report belongs to"),
                      (History, "`history`: the earlier moments the report may compare with"),
                      (RegimeRules, "`rules`: what the organisation's legal form requires and calls things"),
                      (ReportEconomy, "`economy`: the report's statements, notes and key figures, computed from "
                                      "the federation's accounts (docs/economy.md)"),
                      (StatementTable, "`economy.statements[<id>]`: one statement, laid out"))
    for cls, what in objects:
        own_doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")  # not a base class's docstring
        lines += [f"## `{cls.__name__}`", "", f"{what}." + (f" {_plain(own_doc).splitlines()[0]}" if own_doc else ""), ""]
        if issubclass(cls, BaseModel):
            lines += _model_rows(cls)
        elif dataclasses.is_dataclass(cls):
            lines += _dataclass_rows(cls)
        methods = _methods(cls)
        if methods:
            lines += ["", *methods]
        lines.append("")
    lines += ["`settings` is the plugin's own `[plugin_config.<name>]`: an instance of the model its "
              "`plugin_settings` hook returns, else the table as a dict (or `None`).", ""]
    return lines


def hooks_markdown() -> str:
    lines = ["# Hook reference", "", _plain(inspect.cleandoc(hookspecs.__doc__ or "")), ""]
    specs = [f for _, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "rapportkarna_spec")]
    for function in sorted(specs, key=lambda f: f.__code__.co_firstlineno):  # the order of the file
        name = function.__name__
        signature = re.sub(r"\b(?:[A-Za-z_]\w*\.)+", "", str(inspect.signature(function)))
        lines += [f"## `{name}`", "", "```python", f"def {name}{signature}", "```", "",
                  _plain(inspect.cleandoc(function.__doc__ or "")), ""]
    return "\n".join(lines + _objects())
