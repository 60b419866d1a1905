"""The Jinja environment: layered template search, strict undefined, autoescaping.

Search order for a name like ``sections/projekt.html``: the federation's own ``templates/``, then
folders its plugins contribute, then its themes (see :mod:`rapportkarna.themes`), then the shared
``templates/``. A name prefixed ``core:`` is looked
up in the shared templates only, so an override can extend the very template it shadows::

    {% extends "core:reports/arsredovisning.html" %}
    {% block cover_subtitle %}…{% endblock %}
"""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader,
                    StrictUndefined, TemplateNotFound)
from jinja2.sandbox import SandboxedEnvironment

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
        self.used[template] = (filename or template, hashlib.sha256(source.encode()).hexdigest())
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def make_environment(federation_dir: Path | None, layer_dirs: list[Path], shared_dir: Path,
                     filters: dict[str, Callable[..., Any]], globals_: dict[str, Any]) -> Environment:
    layered = [d for d in [federation_dir, *layer_dirs] if d is not None and d.is_dir()]
    search_path = [*layered, shared_dir]
    loader = TrackingLoader(
        ChoiceLoader([
            PrefixLoader({CORE_PREFIX: FileSystemLoader(shared_dir)}, delimiter=":"),
            FileSystemLoader([str(d) for d in search_path]),
        ]),
        search_path,
    )
    # sandboxed: a template (a federation's override, a plugin's) cannot reach Python internals,
    # and its context holds no filesystem objects (see context.py)
    env = SandboxedEnvironment(
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
