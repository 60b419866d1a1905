"""HTML → PDF with WeasyPrint: PDF/UA-1 by default, PDF/A on request, nothing from the network.

WeasyPrint reports trouble (a missing image, a refused reference, bad CSS) through its logger;
any error it logs fails the build, with the messages.
"""

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from rapportkarna.errors import RapportError

#: Output variants: accessible (tagged) PDF by default, archival PDF/A-3a (also tagged) on request.
VARIANTS = {"ua": "pdf/ua-1", "a": "pdf/a-3a"}


class PdfError(RapportError):
    pass


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


#: Python's cyclic garbage collector while a PDF is made: WeasyPrint makes millions of small
#: objects (boxes, styles, text lines) that live until the PDF is written, and the collector would
#: walk them again and again for nothing. So the objects that existed before (the modules, the
#: data) are set aside (gc.freeze), the collector is off during layout and writing, and the
#: document's garbage is collected at once when the PDF is written. Measured with
#: ``benchmarks/pdf_finish.py --gc`` (four example reports made twice in a row in one process, as
#: a worker does): in the collector during layout and writing 2.27 s with Python's thresholds
#: (700, 10, 10), 0.77 s with the raised ones used before (50 000, 20, 100), none with it off;
#: CPU 24.9 s, 23.3 s, 22.4 s; peak RSS 152, 152, 154 MB (what layout leaves in cycles waits for
#: the collection at the end, which takes 1.6–1.8 s over the eight PDFs in each case).
_set_aside = 0


@contextmanager
def set_aside() -> Iterator[None]:
    """What exists now is left alone by the garbage collector until the outermost block ends
    (a build sets its modules aside once, so that forked workers also share them unchanged)."""
    global _set_aside
    gc.freeze()
    _set_aside += 1
    try:
        yield
    finally:
        _set_aside -= 1
        if _set_aside == 0:
            gc.unfreeze()


#: Whether this process collects a document's garbage before its next PDF rather than after each
#: (a worker of ``build --jobs``: see :func:`collect_before_next`).
_collect_later = False
_garbage_left = False


def collect_before_next() -> None:
    """In this process, collect a PDF's garbage when the next PDF begins, not before this one is
    handed back: the collection takes a fifth of a second after a long report, and a worker's build
    would wait for it. The collector stays off in between (switched on, it would walk the whole
    document at its next pass anyway); a worker does nothing else, and exits without collecting."""
    global _collect_later
    _collect_later = True


def _collect_leftovers() -> None:
    """The last document's garbage, before this one makes more (and before :func:`set_aside`,
    which would otherwise keep it for good)."""
    global _garbage_left
    if _garbage_left:
        gc.collect()
        _garbage_left = False


@contextmanager
def _layout_collections() -> Iterator[None]:
    global _garbage_left
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _collect_later:
            _garbage_left = True
        else:
            if enabled:
                gc.enable()
            gc.collect()  # the document's cycles, now: the process goes on with other work


@contextmanager
def _weasyprint_errors() -> Iterator[_Collect]:
    handler = _Collect()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _write(source: Any, options: dict[str, Any], variant: str) -> bytes:
    """WeasyPrint's PDF, finished for PDF/UA by :func:`rapportkarna.pdf_ua.finish` before it is
    written, in a function of its own: when it returns, the document is garbage, collected on the spot."""
    from rapportkarna import pdf_ua
    # rendered first, then written: the link annotations' texts come from the laid-out boxes
    document = source.render(**options)
    texts = pdf_ua.link_texts(document, source.etree_element)
    pdf = document.write_pdf(finisher=partial(pdf_ua.finish, link_texts=texts, variant=variant), **options)
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(html: str, *, base_dir: Path, allowed_roots: list[Path], variant: str = "ua",
               name: str = "report") -> bytes:
    """The PDF of ``html``. Relative references resolve against ``base_dir``.

    The same HTML gives the same bytes: the document identifier is derived from the HTML, and
    dates come from the document's ``dcterms`` meta tags, never from the clock. WeasyPrint's PDF
    is finished for PDF/UA by :mod:`rapportkarna.pdf_ua` while it is written (deterministic too).
    """
    if variant not in VARIANTS:
        raise PdfError(f"unknown PDF variant '{variant}'; expected one of: {', '.join(VARIANTS)}")
    # imported here: WeasyPrint takes over half a second to import, and most commands make no PDF
    from weasyprint import HTML

    from rapportkarna import pdf_ua
    from rapportkarna.fetcher import RestrictedFetcher
    fetcher = RestrictedFetcher(allowed_roots)
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    options = {"pdf_variant": VARIANTS[variant], "pdf_identifier": identifier, "pdf_tags": True}
    unfinished: pdf_ua.PdfUaError | None = None
    _collect_leftovers()
    try:
        with _weasyprint_errors() as errors, set_aside(), _layout_collections():
            pdf = _write(HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher),
                         options, variant)
    except pdf_ua.PdfUaError as error:  # what WeasyPrint cannot express, repaired while it writes
        unfinished = error  # reported after what the document itself got wrong, which may explain it
    if fetcher.refused:
        raise PdfError(f"{name}: the report refers to resources outside the allowed folders: "
                       + ", ".join(sorted(set(fetcher.refused))))
    if errors.messages:
        raise PdfError(f"{name}: WeasyPrint reported errors:\n  " + "\n  ".join(errors.messages))
    if unfinished is not None:
        raise PdfError(f"{name}: could not make the PDF accessible: {unfinished}") from unfinished
    return pdf
