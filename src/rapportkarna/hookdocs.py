"""The plugin authors' hook reference, built from the docstrings in :mod:`rapportkarna.hookspecs`."""

import inspect

from rapportkarna import hookspecs


def hooks_markdown() -> str:
    lines = ["# Hook reference", "", inspect.cleandoc(hookspecs.__doc__ or ""), ""]
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if not hasattr(function, "rapportkarna_spec"):
            continue
        signature = str(inspect.signature(function)).replace("rapportkarna.", "")
        lines += [f"## `{name}`", "", "```python", f"def {name}{signature}", "```", "",
                  inspect.cleandoc(function.__doc__ or ""), ""]
    return "\n".join(lines)
