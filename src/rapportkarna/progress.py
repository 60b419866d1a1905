"""The build's progress: a live line on a terminal, plain lines elsewhere.

On a terminal a long build shows one line that it keeps rewriting — documents done of the total,
the document being waited for, the time since the build began — with the build's notes and
per-document lines printed above it. When the output is not a terminal (a file, a pipe, CI) or
the ``CI`` environment variable is set, there is no live line: only the plain lines, as before.
"""

import os
import sys
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TextIO

#: How often the live line's clock is redrawn while a document is being made.
TICK = 0.5


def live_wanted(stdout: TextIO, stderr: TextIO, environ: Mapping[str, str]) -> bool:
    """A live line only for a person watching: stdout and stderr on a terminal, and not in CI."""
    if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    return _is_terminal(stdout) and _is_terminal(stderr)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """Lines for the build's log, and (when ``live``) the live line below them, on ``stream``."""

    def __init__(self, stream: TextIO, live: bool) -> None:
        self.stream = stream
        self.live = live
        self.total = 0
        self.done = 0
        self.item = ""
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._shown = False

    @classmethod
    def for_terminal(cls) -> "Progress":
        return cls(sys.stderr, live_wanted(sys.stdout, sys.stderr, os.environ))

    def add(self, count: int) -> None:
        """``count`` more documents to make (the build counts them as it plans); the live line (if
        any) begins with the first."""
        self.total += count
        if self.live and self.total and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="rapportkarna-progress", daemon=True)
            self._ticker.start()

    def line(self, message: str) -> None:
        """A line of the build's log (above the live line)."""
        with self._lock:
            self._clear()
            self.stream.write(message + "\n")
            self._draw()
            self.stream.flush()

    def working(self, item: str) -> None:
        with self._lock:
            self.item = item
            self._draw()

    def advance(self) -> None:
        with self._lock:
            self.done += 1
            self._draw()

    def status(self) -> str:
        """The live line's text: ``[3/27] botniadigital 2024 arsredovisning · 12 s``."""
        elapsed = time.perf_counter() - self.started
        return f"[{self.done}/{self.total}] {self.item} · {elapsed:.0f} s"

    def _tick(self) -> None:
        while not self._stop.wait(TICK):
            with self._lock:
                self._draw()

    def _draw(self) -> None:
        if not (self.live and self.total):
            return
        width = _columns(self.stream)
        self.stream.write("\r\x1b[K" + self.status()[: width - 1])
        self.stream.flush()
        self._shown = True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = False

    def close(self) -> None:
        """The live line goes; what is left is the log."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self._clear()
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80
