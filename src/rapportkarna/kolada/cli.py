"""``rapportkarna kolada fetch SLUG``: a federation's KPIs from Kolada into its cache.

Register the group in the main command with ``main.add_command(kolada)``. What a slug means —
its settings, members and cache folder — is decided by one function, :func:`federation_target`;
:func:`make_group` takes another (and a client factory and a clock), which is how tests run the
command against recorded answers without the network.
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rapportkarna.errors import RapportError
from rapportkarna.kolada.settings import KoladaSettings
from rapportkarna.workspace import Federation

if TYPE_CHECKING:  # the client brings httpx: imported when a fetch runs, not with every command
    from rapportkarna.kolada.client import KoladaClient
    from rapportkarna.kolada.fetch import Clock

CACHE_FOLDER = "kolada"
"""The cache's folder inside the federation's: ``federations/<slug>/kolada/``."""


@dataclass(frozen=True)
class FetchTarget:
    """Everything a fetch needs to know about a federation."""

    slug: str
    settings: KoladaSettings
    members: list[tuple[str, str]]
    cache_dir: Path


Resolver = Callable[[click.Context, str], FetchTarget]
ClientFactory = Callable[[], "KoladaClient"]


def _client() -> "KoladaClient":
    from rapportkarna.kolada.client import KoladaClient
    return KoladaClient()


def federation_target(federation: Federation) -> FetchTarget:
    """The federation's ``[kolada]`` table, its members and its cache folder.

    Reads ``config.kolada`` once FederationConfig has that field (``kolada: KoladaSettings | None``).
    """
    settings: Any = getattr(federation.config, "kolada", None)
    if settings is None:
        raise RapportError(f"{federation.root / 'federation.toml'}: no [kolada] table; add one naming the "
                           "KPIs and years to fetch (see docs/kolada.md)")
    return FetchTarget(slug=federation.slug, settings=KoladaSettings.model_validate(settings),
                       members=[(m.kommunkod, m.name) for m in federation.config.members],
                       cache_dir=federation.root / CACHE_FOLDER)


def workspace_target(ctx: click.Context, slug: str) -> FetchTarget:
    """The federation named ``slug`` in the workspace the main command found."""
    workspace = (ctx.find_root().obj or {}).get("workspace")
    if workspace is None:
        raise RapportError("no workspace: run this as `rapportkarna kolada fetch SLUG`")
    return federation_target(workspace.federation(slug))


class _Group(click.Group):
    """A mistake is a message and exit status 1, never a traceback, as in the main command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RapportError as exc:
            if (ctx.find_root().obj or {}).get("debug"):
                raise
            click.secho(f"error: {exc}", err=True, fg="red")
            sys.exit(1)


def make_group(resolve: Resolver = workspace_target, client_factory: ClientFactory = _client,
               clock: "Clock" = date.today) -> click.Group:
    """The ``kolada`` command group, with its way of finding federations, reaching Kolada and
    telling the date."""

    @click.group("kolada", cls=_Group)
    def group() -> None:
        """Key figures from Kolada: fetch them into the federation's cache, which builds read."""

    @group.command("fetch")
    @click.argument("slug")
    @click.pass_context
    def fetch_command(ctx: click.Context, slug: str) -> None:
        """Fetch the [kolada] KPIs of federation SLUG for its members and years.

        Writes federations/SLUG/kolada/, replacing what was there; a failed fetch changes nothing.
        """
        from rapportkarna.kolada.fetch import fetch
        target = resolve(ctx, slug)
        with client_factory() as client:
            summary = fetch(target.settings, target.members, target.cache_dir, client, clock)
        for line in summary.lines():
            click.echo(line)

    return group


kolada = make_group()
