"""The line locator: every path pydantic may report points at the line where the user wrote it."""

import textwrap
import tomllib

from rapportkarna.toml_lines import line_index, locate


def index(text: str) -> dict[tuple[str | int, ...], int]:
    text = textwrap.dedent(text).lstrip("\n")
    tomllib.loads(text)  # every example is valid TOML
    return line_index(text)


def test_nested_arrays_of_tables() -> None:
    lines = index("""
        [[priorities]]
        id = "a"

        [[priorities.indicators]]
        text = "a0"

        [[priorities.indicators]]
        text = "a1"
        status = "klart"

        [[priorities]]
        id = "b"

        [[priorities.indicators]]
        text = "b0"
        [priorities.indicators.extra]
        x = 1
    """)
    assert lines[("priorities", 0)] == 1
    assert lines[("priorities", 0, "indicators", 0, "text")] == 5
    assert lines[("priorities", 0, "indicators", 1)] == 7
    assert lines[("priorities", 0, "indicators", 1, "status")] == 9
    assert lines[("priorities", 1, "id")] == 12
    # the inner array counts afresh in the second priority
    assert lines[("priorities", 1, "indicators", 0, "text")] == 15
    assert ("priorities", 1, "indicators", 1) not in lines
    assert lines[("priorities", 1, "indicators", 0, "extra", "x")] == 17


def test_array_of_tables_below_a_table() -> None:
    lines = index("""
        [organisation]
        name = "X"

        [[organisation.bodies]]
        id = "styrelse"

        [[organisation.bodies]]
        id = "au"

        [[organisation.bodies.people]]
        name = "Anna"
    """)
    assert lines[("organisation", "name")] == 2
    assert lines[("organisation", "bodies", 1, "id")] == 8
    assert lines[("organisation", "bodies", 1, "people", 0, "name")] == 11


def test_inline_tables() -> None:
    lines = index("""
        [[members]]
        name = "Umeå"
        population = { 2010 = 115000, 2011 = 116000 }
        reports = { arsredovisning = { title = "Årsredovisning", sections = { ekonomi = { order = 2 } } } }
        note = { text = "a, b = c {d}", other = 1 }
    """)
    assert lines[("members", 0, "population", 2011)] == 3
    assert lines[("members", 0, "reports", "arsredovisning", "title")] == 4
    assert lines[("members", 0, "reports", "arsredovisning", "sections", "ekonomi", "order")] == 4
    # keys inside strings are no keys
    assert ("members", 0, "note", "b") not in lines
    assert lines[("members", 0, "note", "other")] == 5


def test_multi_line_arrays() -> None:
    lines = index("""
        key_activities = [
          "första",
          "andra [med klamrar",  # en kommentar ] [
          "tredje", "fjärde",
        ]
        numbers = [
          -1,
          true,
          1979-05-27 07:32:00,
          +3.5,
        ]
        financiers = [
          { name = "EU", amount = 100 },
          { name = "Region", amount = "mycket" }, { name = "Kommunerna", amount = 5 },
        ]
        matrix = [
          [1, 2],
          [3, 4],
        ]
        first = ["på nyckelns rad",
          "nästa rad"]
        after = 1
    """)
    assert lines[("key_activities",)] == 1
    assert lines[("key_activities", 0)] == 2
    assert lines[("key_activities", 1)] == 3
    assert lines[("key_activities", 2)] == 4
    assert lines[("key_activities", 3)] == 4
    assert [lines[("numbers", i)] for i in range(4)] == [7, 8, 9, 10]
    assert lines[("financiers", 1, "amount")] == 14
    assert lines[("financiers", 2, "name")] == 14
    assert lines[("matrix", 1)] == 18
    assert lines[("matrix", 1, 1)] == 18
    assert lines[("first", 0)] == 20
    assert lines[("first", 1)] == 21
    assert lines[("after",)] == 22


def test_dotted_keys() -> None:
    lines = index("""
        organisation.name = "X"
        organisation.short_name = "X"

        [texts.arsredovisning]
        inledning = "I"
        ekonomi.kommentar = "E"
        "citerad.nyckel" = 1
        site."med mellanslag".c = 2
    """)
    assert lines[("organisation", "short_name")] == 2
    # the table a dotted key makes is found at its first line: a missing field there has a line
    assert lines[("organisation",)] == 1
    assert locate(lines, ("organisation", "regime")) == 1
    assert lines[("texts", "arsredovisning", "inledning")] == 5
    assert lines[("texts", "arsredovisning", "ekonomi", "kommentar")] == 6
    assert lines[("texts", "arsredovisning", "citerad.nyckel")] == 7
    assert lines[("texts", "arsredovisning", "site", "med mellanslag", "c")] == 8
    assert locate(lines, ("texts",)) == 4


def test_multi_line_strings_containing_headers() -> None:
    lines = index('''
        [[projects]]
        id = "a"
        description = """
        Text som ser ut som TOML:
        [[projects]]
        id = "fake"
        [x]
        """
        name = "A"

        [[projects]]
        id = "b"
        purpose = \'\'\'
        [[x]]
        name = "inte en nyckel"
        \'\'\'
        name = "B"
        list = ["""
        [[y]]""", "z"]
    ''')
    assert lines[("projects", 0, "description")] == 3
    assert lines[("projects", 0, "name")] == 9
    assert ("projects", 0, "id") in lines and lines[("projects", 0, "id")] == 2
    assert lines[("projects", 1)] == 11
    assert lines[("projects", 1, "purpose")] == 13
    assert lines[("projects", 1, "name")] == 17
    assert lines[("projects", 1, "list", 1)] == 19
    assert ("x",) not in lines and ("y",) not in lines and ("projects", 2) not in lines


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    lines = index("""
        [[members]]
        name = "Umeå"

        [[members]]
        name = "Vännäs"
        population = { 2011 = 8500 }
    """)
    assert locate(lines, ("members", 1, "kommunkod")) == 4  # missing: the [[members]] line
    assert locate(lines, ("members", 5)) == 1
    assert locate(lines, ("organisation", "name")) is None
    assert locate(lines, ()) is None


def test_locate_takes_dict_keys_as_pydantic_reports_them() -> None:
    """pydantic names a ``dict[int, …]`` key as the string in the file: ``'2011'``."""
    lines = index("""
        [[members]]
        name = "Umeå"
        [members.population]
        2010 = 115000
        2011 = "many"
    """)
    assert locate(lines, ("members", 0, "population", "2011")) == 5
    assert locate(lines, ("members", 0, "population", 2010)) == 4


def test_comments_and_blank_lines() -> None:
    lines = index("""
        # [[members]] in a comment
        [organisation] # comment
        name = "X" # name = "Y"
        regime = "samverkan"
    """)
    assert ("members",) not in lines
    assert lines[("organisation",)] == 2
    assert lines[("organisation", "regime")] == 4
