"""``rapportkarna sie``: commands for SIE files from the accounting system.

``rapportkarna sie inspect FILE`` prints what a SIE file holds and what the account mapping makes
of it, or the file's problems with their line numbers. Mistakes are raised as
:class:`~rapportkarna.errors.RapportError` (``ValidationFailed``), which the main command shows
as messages with exit status 1.
"""

from pathlib import Path

import click

from rapportkarna.errors import ValidationFailed
from rapportkarna.sie.figures import map_figures
from rapportkarna.sie.mapping import builtin_names, load_mapping
from rapportkarna.sie.model import SieFile
from rapportkarna.sie.reader import read_sie
from rapportkarna.sie.summary import describe_figures, describe_file

DEFAULT_MAPPING = "kommun-bas"


def guess_mapping(sie: SieFile) -> tuple[str, str]:
    """The built-in mapping that fits the file's #KPTYP, and why; Kommun-Bas otherwise."""
    chart = (sie.company.chart or "").strip()
    if "KOMMUN" in chart.upper():
        return "kommun-bas", f"#KPTYP {chart}"
    if chart.upper().startswith(("BAS", "EUBAS")):
        return "bas", f"#KPTYP {chart}"
    return DEFAULT_MAPPING, "the default"


@click.group(name="sie")
def sie() -> None:
    """SIE 4 files from the accounting system: check them and see what they hold."""


@sie.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--mapping", "mapping_name", metavar="NAME|PATH",
              help=f"Account mapping: {', '.join(builtin_names())} or the path of a mapping file "
                   "(default: from the file's #KPTYP, else kommun-bas).")
@click.option("--override", "overrides", multiple=True, type=click.Path(path_type=Path),
              help="A TOML file that adds, replaces or removes lines of the mapping (repeatable).")
def inspect(file: Path, mapping_name: str | None, overrides: tuple[Path, ...]) -> None:
    """Check FILE and print what it holds: company, years, accounts, vouchers, dimensions, and
    the balances of each statement line for this year and the year before."""
    sie_file = read_sie(file)
    reason = "--mapping"
    if mapping_name is None:
        mapping_name, reason = guess_mapping(sie_file)
    mapping = load_mapping(mapping_name, overrides=list(overrides) or None)
    figures, problems = map_figures(sie_file, mapping)
    click.echo(describe_file(sie_file))
    click.echo()
    click.echo(describe_figures(sie_file, figures, f"Mapping: {mapping.name} ({mapping.title}), chosen by {reason}"))
    if problems:
        raise ValidationFailed(problems)
