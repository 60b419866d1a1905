"""Finding plugins and loading the ones a federation names.

Plugins come from three places: ``core`` (rapportkarna's own default sections and filters), the
``rapportkarna`` entry-point group of installed packages, and ``.py`` files or packages in the
project's ``plugins/`` folder (and any ``--plugins-dir``). Each federation gets a plugin manager of
its own with ``core`` plus the plugins its federation.toml lists, in that order.
"""

import functools
import importlib
import importlib.metadata
import importlib.util
import re
import sys
import traceback
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from pydantic import BaseModel, TypeAdapter, ValidationError

from rapportkarna import PROJECT_NAME, __version__, hookspecs
from rapportkarna.errors import RapportError

CORE = "core"

#: Hook options rapportkärna does not honour: it calls plugins one by one, in the order a
#: federation lists them, so ordering and wrapping options would be silently ignored.
UNSUPPORTED_OPTIONS = ("tryfirst", "trylast", "hookwrapper", "wrapper")

#: Called with a line per hook call when ``--debug`` is given (pluggy's tracing, for our calls).
_tracer: Callable[[str], None] | None = None


def set_tracer(tracer: Callable[[str], None] | None) -> None:
    global _tracer
    _tracer = tracer


@functools.cache
def _result_type(hook: str) -> TypeAdapter[Any] | None:
    """What a hook is declared to return, from its specification's annotation."""
    annotation = typing.get_type_hints(getattr(hookspecs, hook)).get("return")
    return None if annotation in (None, Any) else TypeAdapter(annotation)


def _type_name(hook: str) -> str:
    """'list[Section]', 'dict[str, Callable[..., Any]]': the declared type without module paths."""
    annotation = typing.get_type_hints(getattr(hookspecs, hook)).get("return")
    text = str(annotation) if typing.get_origin(annotation) else getattr(annotation, "__name__", str(annotation))
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+", "", text)


def _fingerprint(values: dict[str, Any]) -> dict[str, str]:
    """A snapshot of the models a hook receives (also in a dict or list of them: the moments), to
    see whether it changed them."""
    snapshot = {}
    for name, value in values.items():
        if isinstance(value, BaseModel):
            snapshot[name] = value.model_dump_json()
        elif isinstance(value, (dict, list)) and value and all(
                isinstance(v, BaseModel) for v in (value.values() if isinstance(value, dict) else value)):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            snapshot[name] = repr([(key, item.model_dump_json()) for key, item in items])
        elif isinstance(value, (dict, list)) and not value:
            snapshot[name] = repr(value)
    return snapshot


class PluginError(RapportError):
    """A plugin that cannot be loaded or that failed while the build called it."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    source: str
    """Where it comes from: 'rapportkarna', a distribution, or a file path."""
    version: str | None
    loader: Callable[[], object]
    """Imports (or returns) the plugin: a module, or an object registered in code."""


def _same(plugin: object) -> object:
    return plugin


def _import_file(name: str, path: Path) -> ModuleType:
    module_name = f"rapportkarna_plugins.{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(
            module_name, path / "__init__.py", submodule_search_locations=[str(path)])
    else:
        spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def _file_plugins(folder: Path) -> Iterable[PluginInfo]:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
            name = path.stem if path.suffix == ".py" else path.name
            yield PluginInfo(name, str(path), None, functools.partial(_import_file, name, path))


def _entry_point_plugins() -> Iterable[PluginInfo]:
    for ep in importlib.metadata.entry_points(group=PROJECT_NAME):
        dist = ep.dist
        yield PluginInfo(ep.name, dist.name if dist else ep.value, dist.version if dist else None, ep.load)


def discover(plugins_dirs: Iterable[Path]) -> dict[str, PluginInfo]:
    """All plugins that can be used, by name. Two plugins with one name is an error."""
    found: dict[str, PluginInfo] = {
        CORE: PluginInfo(CORE, PROJECT_NAME, __version__,
                         lambda: importlib.import_module("rapportkarna.core_plugin")),
    }
    candidates = list(_entry_point_plugins())
    for folder in plugins_dirs:
        candidates += list(_file_plugins(folder))
    for info in candidates:
        if info.name in found:
            raise PluginError(f"two plugins are named '{info.name}': {found[info.name].source} "
                              f"and {info.source}; rename one")
        found[info.name] = info
    return found


def loaded_info(info: PluginInfo) -> PluginInfo:
    """``info`` with the version the plugin module declares in ``__version__``, once loaded."""
    if info.version is not None:
        return info
    module = PluginSet._load(info)
    return replace(info, version=getattr(module, "__version__", None))


class PluginSet:
    """The plugins taking part in one federation's build, with ordered hook calls."""

    def __init__(self, names: list[str], catalogue: dict[str, PluginInfo], *,
                 extra: dict[str, object] | None = None) -> None:
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.order: list[str] = []
        self.infos: dict[str, PluginInfo] = {}
        self.settings: dict[str, Any] = {}
        """Each plugin's validated settings, passed to its hooks as ``settings``."""
        for name in dict.fromkeys([CORE, *names]):  # a name given twice is registered once
            if name not in catalogue:
                known = ", ".join(sorted(catalogue)) or "none"
                raise PluginError(f"unknown plugin '{name}'; available plugins: {known}")
            info = loaded_info(catalogue[name])
            self._register(name, self._load(info), info)
        for name, plugin in (extra or {}).items():  # plugins registered by tests or API users
            if name in self.infos:
                raise PluginError(f"two plugins are named '{name}': {self.infos[name].source} and one "
                                  "registered in code; rename one")
            # bind `plugin` now: a lambda made in the loop would give every plugin the last one
            self._register(name, plugin, PluginInfo(name, "registered in code", None, functools.partial(_same, plugin)))
        self._check_hooks()

    @staticmethod
    def _load(info: PluginInfo) -> object:
        try:
            return info.loader()
        except SystemExit as exc:
            # sys.exit() at import would end every command with no word (and status 0)
            raise PluginError(f"plugin '{info.name}' ({info.source}) exits the program when imported "
                              f"(sys.exit({exc.code!r})); a plugin module only defines its hooks") from exc
        except Exception as exc:
            raise PluginError(f"plugin '{info.name}' ({info.source}) failed to import: "
                              f"{type(exc).__name__}: {exc}") from exc

    def _register(self, name: str, plugin: object, info: PluginInfo) -> None:
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin '{name}' ({info.source}): {exc}") from exc
        self.order.append(name)
        self.infos[name] = info

    def _check_hooks(self) -> None:
        known = {name for name in dir(self.pm.hook)
                 if not name.startswith("_") and getattr(self.pm.hook, name).spec is not None}
        for name in self.order:
            plugin = self.pm.get_plugin(name)
            for attr in dir(plugin):
                method = getattr(plugin, attr, None)
                opts = getattr(method, f"{PROJECT_NAME}_impl", None)
                if opts is None:
                    continue
                where = f"plugin '{name}' ({self.infos[name].source})"
                if attr not in known:
                    raise PluginError(f"{where} implements unknown hook '{attr}'; known hooks: "
                                      f"{', '.join(sorted(known))}")
                used = [option for option in UNSUPPORTED_OPTIONS if opts.get(option)]
                if used:
                    raise PluginError(f"{where} marks hook '{attr}' {', '.join(used)}; rapportkärna calls "
                                      "plugins one at a time in the order federation.toml lists them and "
                                      "does not wrap calls: order the plugins there instead")

    def call(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook`` on each plugin in order (core first); (plugin name, result) pairs.

        ``None`` results are left out. A plugin that raises is reported by name.
        """
        results = []
        for name in self.order:
            result = self._call_one(hook, name, kwargs)
            if result is not None:
                results.append((name, result))
        return results

    @staticmethod
    def _invoke(hook: str, name: str, impl: Any, kwargs: dict[str, Any]) -> Any:
        args = {arg: kwargs[arg] for arg in impl.argnames}
        before = _fingerprint(args)
        try:
            result = impl.function(*args.values())
        except RapportError:
            raise
        except (Exception, SystemExit) as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            raise PluginError(f"plugin '{name}' failed in hook '{hook}': {type(exc).__name__}: "
                              f"{exc} ({where.filename}:{where.lineno})") from exc
        code = getattr(impl.function, "__code__", None)
        defined = f" (the hook is at {code.co_filename}:{code.co_firstlineno})" if code else ""
        changed = [arg for arg, snapshot in _fingerprint(args).items() if before.get(arg) != snapshot]
        if changed:
            raise PluginError(f"plugin '{name}' changed its argument {', '.join(changed)} in hook '{hook}'; "
                              "hooks must not change what they receive: return a new value, made with "
                              f"model_copy(update=...), where the hook returns one{defined}")
        if _tracer is not None:
            _tracer(f"hook {hook} → plugin {name}: {type(result).__name__}")
        return PluginSet._checked(hook, name, result, defined)

    @staticmethod
    def _checked(hook: str, name: str, result: Any, where_defined: str = "") -> Any:
        """The result as the hook's specification declares it, or an error naming plugin and hook
        (and where the hook is defined)."""
        adapter = _result_type(hook)
        if result is None or adapter is None:
            return result
        try:
            checked = adapter.validate_python(result)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the value"
            raise PluginError(f"plugin '{name}' returned from hook '{hook}' something that is not "
                              f"{_type_name(hook)}: at {where}: {first['msg']} (got {type(result).__name__})"
                              f"{where_defined}") from exc
        if isinstance(checked, BaseModel):
            # a model changed with model_copy(update=...) is not validated by pydantic: do it here
            try:
                checked = type(checked).model_validate(dict(checked))
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(part) for part in first["loc"])
                raise PluginError(f"plugin '{name}' returned from hook '{hook}' an invalid "
                                  f"{type(checked).__name__}: {field}: {first['msg']}{where_defined}") from exc
        return checked

    def call_chain(self, hook: str, carried: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook`` plugin by plugin, each receiving as ``carried`` what the last returned."""
        results = []
        for name in self.order:
            step = self._call_one(hook, name, kwargs)
            if step is not None:
                kwargs = {**kwargs, carried: step}
                results.append((name, step))
        return results

    def _call_one(self, hook: str, name: str, kwargs: dict[str, Any]) -> Any:
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            if impl.plugin_name == name:
                return self._invoke(hook, name, impl, {**kwargs, "settings": self.settings.get(name)})
        return None

    def describe(self) -> list[PluginInfo]:
        return [self.infos[name] for name in self.order]
