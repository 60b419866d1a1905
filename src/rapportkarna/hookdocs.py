"""The plugin authors' hook reference, built from the docstrings in :mod:`rapportkarna.hookspecs`."""

import inspect

from rapportkarna import hookspecs


def hooks_markdown() -> str:
    lines = ["# Hook reference", "", inspect.cleandoc(hookspecs.__doc__ or ""), ""]
    specs = [f for _, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "rapportkarna_spec")]
    for function in sorted(specs, key=lambda f: f.__code__.co_firstlineno):  # the order of the file
        name = function.__name__
        signature = str(inspect.signature(function)).replace("rapportkarna.", "")
        lines += [f"## `{name}`", "", "```python", f"def {name}{signature}", "```", "",
                  inspect.cleandoc(function.__doc__ or ""), ""]
    return "\n".join(lines)
