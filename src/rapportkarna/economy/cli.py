"""``rapportkarna economy``: look into the figures of a federation's reports from the command line."""

import json

import click

from rapportkarna.build import FederationBuild
from rapportkarna.economy.provenance import cell_locator
from rapportkarna.errors import RapportError
from rapportkarna.history import History
from rapportkarna.model import MomentRef
from rapportkarna.plugins import discover


@click.group()
def economy() -> None:
    """The economy of a federation's reports: statements from the accounts and where figures come from."""


@economy.command()
@click.argument("slug")
@click.argument("line", required=False)
@click.option("--year", type=int, required=True, help="The year of the report.")
@click.option("--moment", "moment_id", required=True, help="plan, delar-MMDD or bokslut.")
@click.pass_context
def trace(ctx: click.Context, slug: str, line: str | None, year: int, moment_id: str) -> None:
    """Where the figures of LINE come from ('resultatrakning.verksamhetens_intakter'): the SIE file,
    the mapping's line, each account with its balance and the line of the file it is read from.
    Without LINE, the lines there are."""
    workspace = ctx.obj["workspace"]
    fed = FederationBuild(workspace, workspace.federation(slug), discover(ctx.obj["plugins_dirs"]))
    loaded = fed.load(year)
    if moment_id not in loaded.moments:
        raise RapportError(f"{slug} {year}: no moment '{moment_id}'; moments: {', '.join(loaded.moments) or 'none'}")
    ref = MomentRef(year, moment_id)
    found = fed.report_economy(loaded, ref, loaded.moments[moment_id], History(ref, fed.earlier))
    traced = found.provenance(fed.federation.root, cell_locator(fed.federation)) if found else {}
    if not traced:
        raise RapportError(f"{slug} {year} {moment_id}: no statements from the accounts (is there [accounts] in "
                           "federation.toml and a bokforing.se in the moment's folder?)")
    if line is None:
        for name, item in traced.items():
            click.echo(f"{name}  {item['label']}")
        return
    if line not in traced:
        raise RapportError(f"no line '{line}'; lines: {', '.join(traced)}")
    click.echo(json.dumps(traced[line], ensure_ascii=False, indent=2))

