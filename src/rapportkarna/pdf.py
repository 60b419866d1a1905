"""HTML → PDF with WeasyPrint: PDF/UA-1 by default, PDF/A on request, nothing from the network.

WeasyPrint reports trouble (a missing image, a refused reference, bad CSS) through its logger;
any error it logs fails the build, with the messages.
"""

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    with _weasyprint_errors() as errors:
        source = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
        # rendered first, then written: the link annotations' texts come from the laid-out boxes
        document = source.render(**options)
        texts = pdf_ua.link_texts(document, source.etree_element)
        layout = pdf_ua.TableLayout()  # what WeasyPrint knows of the tables while it writes
        pdf = document.write_pdf(finisher=layout, **options)
    if fetcher.refused:
        raise PdfError(f"{name}: the report refers to resources outside the allowed folders: "
                       + ", ".join(sorted(set(fetcher.refused))))
    if errors.messages:
        raise PdfError(f"{name}: WeasyPrint reported errors:\n  " + "\n  ".join(errors.messages))
    assert isinstance(pdf, bytes)
    # what WeasyPrint cannot express (artifacts, table header scopes, link texts, PDF/UA in PDF/A)
    try:
        return pdf_ua.finish(pdf, link_texts=texts, variant=variant, layout=layout)
    except pdf_ua.PdfUaError as error:
        raise PdfError(f"{name}: could not make the PDF accessible: {error}") from error
