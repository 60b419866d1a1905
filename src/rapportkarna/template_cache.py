"""Templates compiled once, not once per report: kept for the life of the process, and on disk
between runs (:mod:`rapportkarna.cache`).

Compiling the templates is most of the time of rendering a report to HTML, and a build (or a
worker of ``build --jobs``, or the live preview) renders many reports from the same templates;
``validate`` and a one-report build are mostly compiling without the disk cache. Each report still
gets a fresh Jinja environment, whose loader records the templates it reads (for the manifest);
the environments share this cache of compiled code. Jinja compares each template's source with the
one it was compiled from, so an edited template is compiled again.
"""

from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from rapportkarna.cache import Store, key

_DISK = Store("templates")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, and on disk under ``fingerprint`` (what else decides the code
    Jinja makes of a source: the environment's settings, filters and tests)."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        # per template: the source's checksum and its code object (no unmarshalling per report)
        self.code: dict[str, tuple[str, CodeType]] = {}

    def _name(self, bucket: Bucket) -> str:
        # the bucket's key names the template (name and file), its checksum the source
        return key(self.fingerprint, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        held = self.code.get(bucket.key)
        if held is not None and held[0] == bucket.checksum:
            bucket.code = held[1]
            return
        stored = _DISK.get(self._name(bucket))
        if stored is None:
            return
        try:
            bucket.bytecode_from_string(stored)  # an entry of another Jinja or Python: reset, not loaded
        except (ValueError, EOFError, TypeError):  # damaged beyond the digest's notice
            bucket.reset()
        if bucket.code is not None:
            self.code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        assert bucket.code is not None
        self.code[bucket.key] = (bucket.checksum, bucket.code)
        _DISK.put(self._name(bucket), bucket.bytecode_to_string())


_CACHES: dict[str, CompiledTemplates] = {}


def fingerprint(env: jinja2.Environment) -> str:
    """What, besides a template's source, decides the code Jinja compiles it to. Filters and tests
    are resolved as Jinja compiles, so environments with others must not share compiled code."""
    settings = (type(env).__module__, type(env).__qualname__, jinja2.__version__, env.sandboxed,
                env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
                env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
                env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.optimized, env.is_async,
                getattr(env.finalize, "__qualname__", env.finalize),
                sorted(env.extensions), sorted(env.filters), sorted(env.tests))
    return key(repr(settings))


def compiled_templates(env: jinja2.Environment) -> CompiledTemplates:
    """The cache for environments like ``env``."""
    found = fingerprint(env)
    return _CACHES.setdefault(found, CompiledTemplates(found))
