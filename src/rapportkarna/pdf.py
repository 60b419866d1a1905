"""HTML → PDF with WeasyPrint: PDF/UA-1 by default, PDF/A on request, nothing from the network.

WeasyPrint reports trouble (a missing image, a refused reference, bad CSS) through its logger;
any error it logs fails the build, with the messages.
"""

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
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


#: Python's cyclic garbage collector during layout: WeasyPrint makes millions of small objects
#: (boxes, styles, text lines) that live until the PDF is written, and with the default thresholds
#: the collector walks them again and again for nothing, a fifth of the rendering time. So while a
#: PDF is made, the objects that existed before (the modules, the data) are set aside (gc.freeze)
#: and the youngest generation is collected every 50 000 new objects rather than every 700; when
#: the PDF is written, the document's garbage is collected at once.
LAYOUT_GC_THRESHOLD = (50_000, 20, 100)

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


@contextmanager
def _layout_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*LAYOUT_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.collect()  # the document's cycles, now: with the thresholds raised they would pile up


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


def _write(source: Any, options: dict[str, Any]) -> tuple[bytes, Any, Any]:
    """WeasyPrint's PDF, with what :mod:`rapportkarna.pdf_ua` needs of the laid-out document, in a
    function of its own: when it returns, the document is garbage, collected on the spot."""
    from rapportkarna import pdf_ua
    # rendered first, then written: the link annotations' texts come from the laid-out boxes
    document = source.render(**options)
    texts = pdf_ua.link_texts(document, source.etree_element)
    layout = pdf_ua.TableLayout()  # what WeasyPrint knows of the tables while it writes
    pdf = document.write_pdf(finisher=layout, **options)
    assert isinstance(pdf, bytes)
    return pdf, texts, layout


def render_pdf(html: str, *, base_dir: Path, allowed_roots: list[Path], variant: str = "ua",
               name: str = "report") -> bytes:
    """The PDF of ``html``. Relative references resolve against ``base_dir``.

    The same HTML gives the same bytes: the document identifier is derived from the HTML, and
    dates come from the document's ``dcterms`` meta tags, never from the clock. WeasyPrint's PDF
    is then finished for PDF/UA by :mod:`rapportkarna.pdf_ua` (deterministic too).
    """
    if variant not in VARIANTS:
        raise PdfError(f"unknown PDF variant '{variant}'; expected one of: {', '.join(VARIANTS)}")
    # imported here: WeasyPrint takes over half a second to import, and most commands make no PDF
    from weasyprint import HTML

    from rapportkarna import pdf_ua  # pikepdf, likewise only when a PDF is made
    from rapportkarna.fetcher import RestrictedFetcher
    fetcher = RestrictedFetcher(allowed_roots)
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    options = {"pdf_variant": VARIANTS[variant], "pdf_identifier": identifier, "pdf_tags": True}
    with _weasyprint_errors() as errors, set_aside(), _layout_collections():
        pdf, texts, layout = _write(HTML(string=html, base_url=base_dir.resolve().as_uri() + "/",
                                         url_fetcher=fetcher), options)
    if fetcher.refused:
        raise PdfError(f"{name}: the report refers to resources outside the allowed folders: "
                       + ", ".join(sorted(set(fetcher.refused))))
    if errors.messages:
        raise PdfError(f"{name}: WeasyPrint reported errors:\n  " + "\n  ".join(errors.messages))
    # what WeasyPrint cannot express (artifacts, table header scopes, link texts, PDF/UA in PDF/A)
    try:
        return pdf_ua.finish(pdf, link_texts=texts, variant=variant, layout=layout)
    except pdf_ua.PdfUaError as error:
        raise PdfError(f"{name}: could not make the PDF accessible: {error}") from error
