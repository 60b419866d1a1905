"""Section order is data; the legal form decides which parts are required and what they are called."""

from pathlib import Path

import pytest

from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.model import ReportSettings, SectionSettings
from rapportkarna.sections import SectionError, arrange
from rapportkarna.reports import Section


def s(id: str, order: int = 100, after: str | None = None, part: str = "main") -> Section:
    return Section(id=id, title=id.title(), template=f"sections/{id}.html", order=order, after=after, part=part)


def ids(sections):
    return [x.id for x in sections]


def test_order_then_after_regardless_of_registration_order():
    contributions = [("b", [s("z", after="a"), s("y", order=5)]), ("a", [s("a", order=1), s("c", order=50)])]
    assert ids(arrange(contributions, ReportSettings(), "r", (), "x", LOCATE)) == ["a", "z", "y", "c"]


def test_chain_of_after_and_appendices_last():
    contributions = [("p", [s("a", 1), s("b", after="a"), s("c", after="b"), s("bil", 0, part="appendix"), s("d", 2)])]
    assert ids(arrange(contributions, ReportSettings(), "r", (), "x", LOCATE)) == ["a", "b", "c", "d", "bil"]


def test_settings_rename_move_and_drop():
    settings = ReportSettings(sections={"a": SectionSettings(enabled=False), "c": SectionSettings(order=0, title="Först"),
                                        "d": SectionSettings(part="appendix")})
    result = arrange([("p", [s("a", 1), s("b", 2), s("c", 3), s("d", 4)])], settings, "r", (), "x", LOCATE)
    assert ids(result) == ["c", "b", "d"] and result[0].title == "Först" and result[-1].part == "appendix"


def LOCATE(loc, message):  # noqa: N802 - stands for Locations.in_config
    return Problem(Path("federation.toml"), None, ".".join(map(str, loc)), message)


def test_required_section_cannot_be_dropped():
    settings = ReportSettings(sections={"ekonomi": SectionSettings(enabled=False)})
    with pytest.raises(ValidationFailed, match="reports.arsredovisning.sections.ekonomi.enabled: 'ekonomi' is "
                                               "required by the organisation's legal form"):
        arrange([("core", [s("ekonomi")])], settings, "arsredovisning", ("ekonomi",), "x", LOCATE)


def test_missing_required_parts_are_named():
    with pytest.raises(SectionError, match="a kommunalförbund must include resultaträkning, balansräkning"):
        arrange([("core", [s("inledning")])], ReportSettings(), "arsredovisning",
                ("inledning", "resultatrakning", "balansrakning"), "kommunalförbund", LOCATE)


def test_errors_for_duplicates_unknown_settings_and_cycles():
    with pytest.raises(SectionError, match="contributed twice: by plugin 'a' and by plugin 'b'"):
        arrange([("a", [s("x")]), ("b", [s("x")])], ReportSettings(), "r", (), "x", LOCATE)
    with pytest.raises(ValidationFailed, match="reports.r.sections.nope: no section 'nope' in r"):
        arrange([("a", [s("x")])], ReportSettings(sections={"nope": SectionSettings()}), "r", (), "x", LOCATE)
    with pytest.raises(SectionError, match="in a circle"):
        arrange([("a", [s("x", after="y"), s("y", after="x")])], ReportSettings(), "r", (), "x", LOCATE)
    with pytest.raises(SectionError, match="after 'ghost', which is not in this report"):
        arrange([("a", [s("x", after="ghost")])], ReportSettings(), "r", (), "x", LOCATE)


def test_regime_names_the_parts(mini, render):
    # ideell förening: "Ekonomisk redovisning", "Delårsredovisning"
    assert "Delårsredovisning 2011" in render("delarsrapport")
    assert ">Ekonomisk redovisning</a>" in render("arsredovisning")
    text = (mini.fed_dir / "federation.toml").read_text().replace('regime = "ideell_forening"', 'regime = "samverkan"')
    mini.write("federation.toml", text)
    html = render("arsredovisning")
    assert "Verksamhetsberättelse 2011" in html and ">Budgetuppföljning</a>" in html
    assert "för ingen egen bokföring" in html
    assert ">Budget</a>" in render("verksamhetsplan")  # the plan has a budget, not a follow-up


def test_kommunalforbund_draft_without_accounts_shows_what_its_statutory_parts_lack(mini, render):
    text = (mini.fed_dir / "federation.toml").read_text().replace(
        'regime = "ideell_forening"', 'regime = "kommunalforbund"\norg_number = "222000-1234"')
    mini.write("federation.toml", text)
    assert "Uppgift saknas: resultatbudget" in render("verksamhetsplan")
    html = render("arsredovisning")
    for title in ("Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Noter", "Förvaltningsberättelse"):
        assert f">{title}</a>" in html, title
    assert "Uppgift saknas: räkenskaperna" in html
    assert ">Resultaträkning</a>" in render("delarsrapport")


def test_a_kommunalforbund_cannot_leave_out_a_statement(mini, render):
    text = (mini.fed_dir / "federation.toml").read_text().replace(
        'regime = "ideell_forening"', 'regime = "kommunalforbund"\norg_number = "222000-1234"')
    mini.write("federation.toml", text + '\n[reports.arsredovisning.sections.noter]\nenabled = false\n')
    with pytest.raises(ValidationFailed, match="'noter' is required by the organisation's legal form"):
        render("arsredovisning")


def test_two_sections_after_the_same_anchor_keep_their_order():
    contributions = [("p", [s("a", 1), s("x", 50, after="a"), s("y", 60, after="a"), s("b", 2)])]
    assert ids(arrange(contributions, ReportSettings(), "r", (), "x", LOCATE)) == ["a", "x", "y", "b"]
