"""Templates compiled once per process rather than once per report.

Compiling the templates is most of the time of rendering a report to HTML, and a build (or a
worker of ``build --jobs``, or the live preview) renders many reports from the same templates.
Each report still gets a fresh Jinja environment, whose loader records the templates it reads
(for the manifest); the environments share this cache of compiled code. Jinja compares each
template's source with the one it was compiled from, so an edited template is compiled again.
"""

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, for the life of the process."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_CACHES: dict[tuple[frozenset[str], frozenset[str]], CompiledTemplates] = {}


def compiled_templates(env: jinja2.Environment) -> CompiledTemplates:
    """The cache for environments with ``env``'s filters and tests (Jinja resolves them as it
    compiles, so environments with others must not share compiled code)."""
    return _CACHES.setdefault((frozenset(env.filters), frozenset(env.tests)), CompiledTemplates())
