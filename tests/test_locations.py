"""Plugins' problems point at the file, line and field, like the loader's."""

from rapportkarna.locations import Locations


def test_problems_in_config_year_and_table(mini):
    mini.write("2011/media.csv", "kommun,antal\n\nUmeå,10\nVännäs,5\n")
    where = Locations(mini.federation, 2011)
    config = where.in_config(("members", 1, "kommunkod"), "fel kod")
    assert (config.file.name, config.line, config.path) == ("federation.toml", 22, "members[1].kommunkod")
    year = where.in_year(("budget", "adopted"), "fel text")
    assert (year.file.name, year.line, year.path) == ("year.toml", 2, "budget.adopted")
    moment = where.in_moment("delar-0630", ("texts", "inledning"), "fel text")
    assert (str(moment.file.relative_to(mini.fed_dir)), moment.line, moment.path) == (
        "2011/delar-0630/moment.toml", 2, "texts.inledning")
    missing = where.in_moment("delar-0831", ("texts",), "saknas")  # a moment.toml not written yet
    assert (missing.file.name, missing.line) == ("moment.toml", None)
    in_moment = where.in_table("budget.csv", 1, "utfall", "fel", moment="bokslut")
    assert (str(in_moment.file.relative_to(mini.fed_dir)), in_moment.line) == ("2011/bokslut/budget.csv", 3)
    row = where.in_table("media.csv", 1, "antal", "för många")
    assert (row.file.name, row.line, row.path, row.message) == ("media.csv", 4, "row 2, column antal", "för många")
    assert str(row).endswith("media.csv:4: row 2, column antal: för många")
    assert where.row_line("media.csv", 0) == 3 and where.row_line("media.csv", 5) is None
