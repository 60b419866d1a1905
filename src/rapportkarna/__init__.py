"""Rapportkärna: the reports of Swedish municipal federations from one model.

Plugins implement hooks with :data:`hookimpl`; the specifications live in
:mod:`rapportkarna.hookspecs`.
"""

import pluggy

__version__ = "0.1.0"

PROJECT_NAME = "rapportkarna"

#: Decorator for plugin hook implementations: ``@hookimpl def report_sections(...)``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PROJECT_NAME", "__version__", "hookimpl"]
