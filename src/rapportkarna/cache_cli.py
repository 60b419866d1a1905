"""``rapportkarna cache``: where the tool's cache is, how big, and emptying it (rapportkarna.cache)."""

import os

import click

from rapportkarna.cache import CACHE_ENV, cache_root, clear, entries


@click.command()
@click.option("--clear", "clear_", is_flag=True, help="Remove every entry.")
def cache(clear_: bool) -> None:
    """Show the cache of compiled templates and drawn charts (or empty it).

    The cache only saves time: every entry is found by its whole input, so it is never stale, and
    a build without it makes the same files. Set RAPPORTKARNA_CACHE_DIR to move it, or to "off".
    """
    root = cache_root()
    if root is None:
        chosen = os.environ.get(CACHE_ENV)
        click.echo(f"cache: off ({CACHE_ENV}={chosen!r})" if chosen is not None else "cache: off (no home folder)")
        return
    if clear_:
        click.echo(f"cache: removed {clear(root)} entries from {root}")
        return
    found = entries(root)
    size = sum(f.stat().st_size for f in found)
    kinds = sorted({f.parent.name for f in found})
    click.echo(f"cache: {root}")
    click.echo(f"{len(found)} entries ({', '.join(kinds) or 'none'}), {size / 1_000_000:.1f} MB")
