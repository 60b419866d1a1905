"""``rapportkarna serve``: a live preview of a federation's reports and meeting documents.

A small ASGI app (Starlette, served by uvicorn on localhost only) renders the current state of the
federation's files on every request, with the same build as ``rapportkarna build``. A file watcher
(watchfiles) follows the federation's folder, its plugins, its themes and the shared templates;
on a change it bumps a version that the open pages follow over server-sent events, and they
reload. A validation problem is shown in the page, with file, line and field, instead of the
report; when the file is fixed the page shows the report again. Each page links to the PDF of the
current state.
"""

import asyncio
import contextlib
import html
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route
from watchfiles import awatch

from rapportkarna.build import FederationBuild
from rapportkarna.errors import RapportError, ValidationFailed
from rapportkarna.meetings.documents import documents_of, document as documents_for
from rapportkarna.pdf import render_pdf
from rapportkarna.plugins import PluginInfo
from rapportkarna.workspace import Federation, Workspace

HOST = "127.0.0.1"
#: File plugins are imported under this package; a change to a plugin file reloads them.
PLUGIN_MODULES = "rapportkarna_plugins."

#: Follows the server's version; reloads the page when it changes (the report's HTML is
#: untouched otherwise, so what is previewed is what is built).
RELOAD_SCRIPT = """<script>(function(){var v=null;var s=new EventSource("/events");
s.onmessage=function(e){if(v===null){v=e.data;}else if(e.data!==v){location.reload();}};})();</script>"""


@dataclass
class Preview:
    workspace: Workspace
    federation: Federation
    catalogue: dict[str, PluginInfo]
    version: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def fresh(self) -> FederationBuild:
        """A build of the files as they are now: nothing is kept from the last request."""
        federation = Federation(self.federation.slug, self.federation.root)  # re-reads federation.toml
        return FederationBuild(self.workspace, federation, self.catalogue)

    def watched(self) -> list[Path]:
        folders = [self.federation.root, self.workspace.plugins_dir, self.workspace.themes_dir,
                   self.workspace.templates_dir]
        return [f for f in folders if f.is_dir()]

    def bump(self) -> None:
        for name in [m for m in sys.modules if m.startswith(PLUGIN_MODULES)]:
            del sys.modules[name]  # a plugin file that changed is imported again
        self.version += 1
        self.changed.set()
        self.changed = asyncio.Event()


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}'
            '.problem{font-family:monospace;white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c62828;'
            'padding:.3rem .6rem;margin:.3rem 0}</style></head>'
            f"<body>{body}{RELOAD_SCRIPT}</body></html>")


def _problems_page(slug: str, exc: RapportError) -> str:
    problems = exc.problems if isinstance(exc, ValidationFailed) else []
    items = "".join(f'<p class="problem" role="alert">{html.escape(str(p))}</p>' for p in problems) or \
        f'<p class="problem" role="alert">{html.escape(str(exc))}</p>'
    return _page(f"Fel i {slug}", f'<h1>Rapporten kan inte byggas</h1><p>Rätta felen; sidan laddas om när '
                                  f'filen sparas.</p>{items}<p><a href="/">Alla rapporter</a></p>')


def _inject(page: str, pdf_href: str) -> str:
    bar = (f'<p class="preview-bar" style="font:12px sans-serif;background:#eef;padding:4px 8px;margin:0">'
           f'Förhandsvisning · <a href="/">alla rapporter</a> · <a href="{pdf_href}">PDF</a></p>')
    page = page.replace("<body", "<body data-preview", 1)
    start = page.index(">", page.index("<body")) + 1
    return page[:start] + bar + page[start:].replace("</body>", RELOAD_SCRIPT + "</body>", 1)


def app(preview: Preview) -> Starlette:
    async def index(request: Request) -> HTMLResponse:
        try:
            fed = preview.fresh()
            rows = []
            for year in fed.federation.report_years:
                jobs, notes = fed.jobs(fed.load(year))
                rows += [f'<li><a href="/report/{year}/{j.stem}">{year} {html.escape(j.stem)}</a></li>' for j in jobs]
                rows += [f"<li>{html.escape(n)}</li>" for n in notes]
                for meeting in sorted((m for m in fed.meetings().values() if m.date.year == year), key=lambda m: m.date):
                    rows += [f'<li><a href="/meeting/{year}/{meeting.id}/{d}">{meeting.date} {html.escape(meeting.body)} '
                             f"{d}</a></li>" for d in documents_of(meeting)]
        except RapportError as exc:
            return HTMLResponse(_problems_page(preview.federation.slug, exc))
        title = f"{fed.federation.config.organisation.name}: rapporter och möteshandlingar"
        return HTMLResponse(_page(title, f"<h1>{html.escape(title)}</h1><ul>{''.join(rows)}</ul>"))

    def _render(request: Request) -> tuple[FederationBuild, str]:
        """The report a request names, rendered from the files as they are now."""
        year, stem = int(request.path_params["year"]), request.path_params["stem"]
        fed = preview.fresh()
        loaded = fed.load(year)
        jobs, _ = fed.jobs(loaded)
        job = next((j for j in jobs if j.stem == stem), None)
        if job is None:
            raise RapportError(f"no report '{stem}' in {year}; reports: {', '.join(j.stem for j in jobs)}")
        return fed, fed.render_job(loaded, job).html

    async def report(request: Request) -> Response:
        try:
            _, page = _render(request)
        except RapportError as exc:
            return HTMLResponse(_problems_page(preview.federation.slug, exc))
        return HTMLResponse(_inject(page, f"/pdf/{request.path_params['year']}/{request.path_params['stem']}"))

    async def pdf(request: Request) -> Response:
        try:
            fed, page = _render(request)
            content = render_pdf(page, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots())
        except RapportError as exc:
            return HTMLResponse(_problems_page(preview.federation.slug, exc))
        return Response(content, media_type="application/pdf")

    async def meeting(request: Request) -> Response:
        year, meeting_id, document = (int(request.path_params["year"]), request.path_params["meeting"],
                                      request.path_params["document"])
        try:
            fed = preview.fresh()
            fed.load(year)
            found = fed.meetings().get(meeting_id)
            if found is None:
                raise RapportError(f"no meeting '{meeting_id}'")
            rendered = fed.render_meeting(documents_for(found, document)[0])
        except RapportError as exc:
            return HTMLResponse(_problems_page(preview.federation.slug, exc))
        return HTMLResponse(_inject(rendered.html, "/"))

    async def events(request: Request) -> StreamingResponse:
        async def stream() -> AsyncIterator[str]:
            while True:
                yield f"data: {preview.version}\n\n"
                waiting = preview.changed
                try:
                    await asyncio.wait_for(waiting.wait(), timeout=15)
                except asyncio.TimeoutError:
                    pass  # a heartbeat: the same version again
                if await request.is_disconnected():
                    return
        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    async def watch() -> None:
        async for _ in awatch(*preview.watched(), debounce=100, step=50):
            preview.bump()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(watch())
        yield
        task.cancel()

    return Starlette(routes=[
        Route("/", index),
        Route("/report/{year:int}/{stem}", report),
        Route("/pdf/{year:int}/{stem}", pdf),
        Route("/meeting/{year:int}/{meeting}/{document}", meeting),
        Route("/events", events),
    ], lifespan=lifespan)


def serve(preview: Preview, port: int) -> None:
    import uvicorn
    uvicorn.run(app(preview), host=HOST, port=port, log_level="warning")
