"""The Jinja environment: layered template search, strict undefined, autoescaping.

Search order for a name like ``sections/projekt.html``: the federation's own ``templates/``, then
folders its plugins contribute, then its themes (see :mod:`rapportkarna.themes`), then the shared
``templates/``. A name prefixed ``core:`` is looked
up in the shared templates only, so an override can extend the very template it shadows::

    {% extends "core:reports/arsredovisning.html" %}
    {% block cover_subtitle %}…{% endblock %}
"""

import hashlib
import traceback
from collections.abc import Callable
from decimal import InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from jinja2 import (BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader,
                    StrictUndefined, TemplateError, TemplateNotFound, TemplateRuntimeError)
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from rapportkarna.containment import links_out
from rapportkarna.errors import RapportError, ValidationFailed

CORE_PREFIX = "core"


class TrackingLoader(BaseLoader):
    """Wraps the search chain and records which file each template name came from."""

    def __init__(self, inner: BaseLoader, search_path: list[Path]) -> None:
        self.inner = inner
        self.search_path = search_path
        self.used: dict[str, tuple[str, str]] = {}  # name → (file, sha256)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            source, filename, uptodate = self.inner.get_source(environment, template)
        except TemplateNotFound:
            searched = ", ".join(str(p) for p in self.search_path)
            raise TemplateNotFound(f"{template} (searched: {searched})") from None
        except UnicodeDecodeError as exc:
            found = next((d / template for d in self.search_path if (d / template).is_file()), None)
            raise TemplateSyntaxError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the template as "
                                      "UTF-8", 1, template, str(found) if found else None) from None
        self.used[template] = (filename or template, hashlib.sha256(source.encode()).hexdigest())
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class TemplateFailed(TemplateRuntimeError):
    """A template that failed while it ran (``{{ 1 / 0 }}``, a number too large, endless
    recursion): a template error like any other, so the build names the template and its line."""


#: The largest exponent and repeat count a template may use: enough for any report, and far from
#: a number of 100 000 digits or a text of a gigabyte.
MAX_POWER = 1000
MAX_REPEAT = 100_000
TEMPLATE_SUFFIXES = (".html", ".css", ".svg")


def _description(exc: BaseException) -> str:
    """What a running template's failure says to its author."""
    if isinstance(exc, RecursionError):
        names = sorted({Path(f.filename).name for f in traceback.extract_tb(exc.__traceback__)[-40:]
                        if f.filename.endswith(TEMPLATE_SUFFIXES)})
        return f"RecursionError: templates include or call each other without end ({', '.join(names) or '?'})"
    if isinstance(exc, InvalidOperation):
        return "InvalidOperation: a number was expected (a text given to a number filter?), or one too large"
    if isinstance(exc, TemplateNotFound):
        return f"template not found: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


class ReportEnvironment(SandboxedEnvironment):
    """The sandbox, with every failure of a running template turned into a template error that
    names the template and its line, and without powers and repeats that exhaust the machine."""

    intercepted_binops = frozenset({"**", "*"})

    #: The sandbox's verdict on an attribute, by the object's type and the attribute's name: the
    #: verdict depends on nothing else (a leading underscore, or one of the internal attributes of
    #: functions, methods, classes, frames and generators, told apart by ``isinstance``), and
    #: working it out again at each of the 20 000 lookups of a ``validate`` took a tenth of its
    #: rendering time.
    _safe_attributes: ClassVar[dict[tuple[type, str], bool]] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError(f"{left!r} ** {right!r}: exponents above {MAX_POWER} make numbers no report shows")
        if operator == "*" and any(isinstance(a, (str, list)) for a in (left, right)) \
                and any(isinstance(a, int) and a > MAX_REPEAT for a in (left, right)):
            raise SecurityError(f"repeating a text or list more than {MAX_REPEAT} times")
        return super().call_binop(context, operator, left, right)

    def handle_exception(self, source: str | None = None) -> Any:
        exc = rewrite_traceback_stack(source=source)
        passed = (TypeError, ValueError, AttributeError, KeyError, RapportError)
        if (isinstance(exc, TemplateError) and not isinstance(exc, TemplateNotFound)) \
                or (isinstance(exc, passed) and not isinstance(exc, InvalidOperation)) or not isinstance(exc, Exception):
            raise exc
        # the template's frames stay on the traceback, so the message can name file and line
        raise TemplateFailed(_description(exc)).with_traceback(_first_cycle(exc)) from None


def _first_cycle(exc: BaseException) -> TracebackType | None:
    """The traceback; for endless recursion, cut where a template's line comes round again, so
    that the message names the same place however deep the stack was when it overflowed."""
    tb = exc.__traceback__
    if not isinstance(exc, RecursionError):
        return tb
    seen: set[tuple[str, int]] = set()
    current = tb
    while current is not None:
        place = (current.tb_frame.f_code.co_filename, current.tb_lineno)
        if place[0].endswith(TEMPLATE_SUFFIXES):
            if place in seen:
                current.tb_next = None
                break
            seen.add(place)
        current = current.tb_next
    return tb


def make_environment(federation_dir: Path | None, layer_dirs: list[Path], shared_dir: Path,
                     filters: dict[str, Callable[..., Any]], globals_: dict[str, Any]) -> Environment:
    layered = [d for d in [federation_dir, *layer_dirs] if d is not None and d.is_dir()]
    search_path = [*layered, shared_dir]
    # a template or stylesheet that is a link out of the template folders would be inlined into
    # the report: refuse it, naming the link (rapportkarna.containment)
    escapes = [p for folder in search_path for p in links_out(folder, search_path, "the template folders")]
    if escapes:
        raise ValidationFailed(escapes)
    loader = TrackingLoader(
        ChoiceLoader([
            PrefixLoader({CORE_PREFIX: FileSystemLoader(shared_dir)}, delimiter=":"),
            FileSystemLoader([str(d) for d in search_path]),
        ]),
        search_path,
    )
    # sandboxed: a template (a federation's override, a plugin's) cannot reach Python internals,
    # and its context holds no filesystem objects (see context.py)
    env = ReportEnvironment(
        loader=loader,
        autoescape=True,  # federation data is untrusted text, in every template, always
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(filters)
    env.globals.update(globals_)
    return env


def templates_used(env: Environment) -> dict[str, tuple[str, str]]:
    loader = env.loader
    return dict(loader.used) if isinstance(loader, TrackingLoader) else {}
