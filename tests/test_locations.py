"""Plugins' problems point at the file, line and field, like the loader's."""

from rapportkarna.locations import Locations


def test_problems_in_config_year_and_table(mini):
    mini.write("2011/media.csv", "kommun,antal\n\nUmeå,10\nVännäs,5\n")
    where = Locations(mini.federation, 2011)
    config = where.in_config(("members", 1, "kommunkod"), "fel kod")
    assert (config.file.name, config.line, config.path) == ("federation.toml", 22, "members[1].kommunkod")
    year = where.in_year(("budget", "period_end"), "fel datum")
    assert (year.file.name, year.line, year.path) == ("year.toml", 11, "budget.period_end")
    row = where.in_table("media.csv", 1, "antal", "för många")
    assert (row.file.name, row.line, row.path, row.message) == ("media.csv", 4, "row 2, column antal", "för många")
    assert str(row).endswith("media.csv:4: row 2, column antal: för många")
    assert where.row_line("media.csv", 0) == 3 and where.row_line("media.csv", 5) is None
