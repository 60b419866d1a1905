"""The ``rapportkarna`` console command's process: how it starts and how it ends.

The commands themselves are in :mod:`rapportkarna.cli`; this module only wraps them for the
installed command (``[project.scripts]``), so that importing the package, the tests' ``CliRunner``
and plugins calling :func:`rapportkarna.cli.main` see Python's defaults.

Two costs of a short command are Python's, not the command's (``benchmarks/startup.py``,
``validate norrbotten``: 0.57 s with both, 0.42 s without):

- **The garbage collector while modules import.** Importing creates some 200 000 objects, none of
  them garbage, and the collector walks them again and again (0.05 s of a ``validate``). It is off
  while the modules import; what they made is then set aside for good (``gc.freeze``) and the
  collector comes back with raised thresholds, so that a long build or the preview server still
  frees its cycles.
- **Tearing the interpreter down.** At exit Python frees every module and object one by one, and
  collects once more (0.03–0.04 s after a ``validate``); the operating system frees the memory at
  once. So the command ends with ``os._exit`` once it has flushed its output and run the
  ``atexit`` handlers (a worker pool's shutdown, temporary folders), unless a thread is still
  running, which a normal exit would wait for.
"""

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

#: The collector's thresholds once the modules are imported: a pass after 50 000 new container
#: objects rather than 700, as the PDF worker used before it switched the collector off in layout
#: (``rapportkarna.pdf``); what a command keeps is a few hundred thousand objects at most.
THRESHOLDS = (50_000, 20, 100)


def main() -> NoReturn:
    """Run the ``rapportkarna`` command with the arguments in ``sys.argv`` and end the process."""
    gc.disable()
    from rapportkarna.cli import main as command

    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    gc.enable()
    try:
        command()
        code: object = 0
    except SystemExit as exc:  # click ends every command with one, its status as the code
        code = exc.code
    end(code)


def end(code: object) -> NoReturn:
    """End the process with ``code`` as :class:`SystemExit` takes it (None, a number, or a message
    for standard error), as a normal exit would but without tearing the interpreter down."""
    if threading.active_count() > 1:
        sys.exit(code)  # type: ignore[arg-type]  # a running thread: leave it to Python's exit
    status = _status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): Python's own exit gives 120
            status = status or 120
    os._exit(status)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)  # sys.exit("message") prints the message and gives 1
    return 1
