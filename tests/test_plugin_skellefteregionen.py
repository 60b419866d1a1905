"""Skellefteregionen's plugin: the rounds of reports from the municipalities (set once, per
meeting) and the samordnare's lägesrapport (per reporting moment), with their checks.

The plugin is registered in code on the small tmp federation (``mini``: members Umeå 2480 and
Vännäs 2460, body ``styrelse``, moments plan, delar-0630 and bokslut, all drafts); the real
federation in ``federations/skellefteregionen`` is built through the repository's catalogue.
"""

import re

import pytest
from conftest import dedent, load_repo_plugin, problems_of

from rapportkarna.build import FederationBuild
from rapportkarna.workspace import Workspace

plugin = load_repo_plugin("skellefteregionen")

ROUND = """
[[extensions.kommunrapporter.rounds]]
meeting = "sg-1"

[[extensions.kommunrapporter.rounds.reports]]
kommunkod = "2480"
reporter = "Anna"
points = ["Umeå bygger <b>skola</b>.", "Ny översiktsplan."]
"""

MEETING = """
id = "sg-1"
body = "styrelse"
kind = "minnesanteckningar"
date = 2011-02-11
place = "Malå hotell"
attendees = [
  { name = "Anna", organisation = "Umeå kommun" },
  { name = "Nils", organisation = "Nordmalings kommun", attendance = "ovrig", items = "p 5-10" },
]
"""

AUTUMN_ROUND = """
[[extensions.kommunrapporter.rounds]]
meeting = "sg-2"

[[extensions.kommunrapporter.rounds.reports]]
kommunkod = "2460"
reporter = "Vera"
points = ["Vännäs har öppnat en ny förskola i september."]
"""

AUTUMN_MEETING = """
id = "sg-2"
body = "styrelse"
kind = "minnesanteckningar"
date = 2011-09-20
place = "Vännäs"
attendees = [{ name = "Vera", organisation = "Vännäs kommun" }]
"""

DELAR_LAGE = """
[extensions.lagesrapport]
date = 2011-06-10
author = "Samordnaren"
summary = "Läget inför sommaren."
areas = [
  { area = "IT", status = "pågår", text = "Förstudien planeras till hösten." },
  { area = "Konferens", status = "klar", text = "Hölls i maj." },
]
"""

BOKSLUT_LAGE = """
[extensions.lagesrapport]
date = 2011-12-15
author = "Samordnaren"
summary = "Läget vid årets slut."
areas = [{ area = "IT", status = "klar", text = "Förstudien är avslutad." }]
"""


def _as_samverkan(mini) -> None:
    """Make the mini federation a samverkan like Skellefteregionen: its bodies keep minnesanteckningar."""
    config = (mini.fed_dir / "federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", config.replace('regime = "ideell_forening"', 'regime = "samverkan"'))


@pytest.fixture
def fed(mini):
    """The mini federation as a samverkan, with one round in February and a lägesrapport in each follow-up."""
    _as_samverkan(mini)
    mini.append("2011/year.toml", ROUND)
    mini.write("2011/meetings/sg-1.toml", MEETING)
    mini.append("2011/delar-0630/moment.toml", DELAR_LAGE)
    mini.append("2011/bokslut/moment.toml", BOKSLUT_LAGE)
    return mini


def _build(mini) -> FederationBuild:
    return mini.build({"skellefteregionen": plugin})


def _render(mini, report_id: str) -> str:
    build = _build(mini)
    return build.render_html(build.load(2011), report_id).html


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def _section_ids(mini, report_id: str) -> list[str]:
    build = _build(mini)
    return [s.id for s in build.render_html(build.load(2011), report_id).sections]


# -- kommunrapporter: set once, shown by the meeting's date ---------------------------------------

def test_round_in_follow_ups_with_silent_members_and_guests(fed):
    section = _section(_render(fed, "delarsrapport"), "kommunrapporter")
    assert "Styrelsen 11\u00a0februari 2011, Malå hotell" in section
    assert '<h3 id="h-kommun-sg-1-2480">Umeå</h3>' in section
    assert "Rapporterat av Anna" in section and "Umeå bygger &lt;b&gt;skola&lt;/b&gt;." in section
    assert "Ingen rapport från: Vännäs." in section  # the member that did not report is named
    # a non-member's representative is shown as a guest, never as a reporting municipality
    assert "Övriga närvarande, utan att rapportera som medlemskommun: Nils, Nordmalings kommun (p 5-10)." in section
    assert "h-kommun-sg-1-" not in section.replace("h-kommun-sg-1-2480", "")
    assert "kommunrapporter" in _section_ids(fed, "arsredovisning")
    assert "kommunrapporter" not in _section_ids(fed, "verksamhetsplan")


def test_a_round_after_the_period_end_is_only_in_later_reports(fed):
    fed.append("2011/year.toml", AUTUMN_ROUND)
    fed.write("2011/meetings/sg-2.toml", AUTUMN_MEETING)
    delar = _section(_render(fed, "delarsrapport"), "kommunrapporter")
    assert "20\u00a0september 2011" not in delar and "ny förskola" not in delar
    annual = _section(_render(fed, "arsredovisning"), "kommunrapporter")
    assert annual.index("11\u00a0februari 2011") < annual.index("20\u00a0september 2011")
    assert "Vännäs har öppnat en ny förskola i september." in annual


def test_no_round_by_the_period_end_means_no_section(mini):
    _as_samverkan(mini)
    mini.append("2011/year.toml", AUTUMN_ROUND)
    mini.write("2011/meetings/sg-2.toml", AUTUMN_MEETING)
    assert "kommunrapporter" not in _section_ids(mini, "delarsrapport")
    assert "kommunrapporter" in _section_ids(mini, "arsredovisning")


def test_report_from_a_non_member_names_file_line_and_field(fed):
    fed.write("2011/year.toml", fed.fed_dir.joinpath("2011/year.toml").read_text()
              .replace('kommunkod = "2480"', 'kommunkod = "2505"'))
    problem = next(p for p in problems_of(_build(fed)) if "is not a member" in p.message)
    assert problem.file.name == "year.toml"
    assert problem.path == "extensions.kommunrapporter.rounds[0].reports[0].kommunkod"
    assert "kommunkod 2505 is not a member; members: Umeå 2480, Vännäs 2460" in problem.message
    assert "2505" in problem.file.read_text().splitlines()[problem.line - 1]


def test_reporter_must_have_attended_for_that_municipality(fed):
    text = fed.fed_dir.joinpath("2011/year.toml").read_text()
    fed.write("2011/year.toml", text.replace('reporter = "Anna"', 'reporter = "Nils"'))
    [problem] = problems_of(_build(fed))
    assert problem.path == "extensions.kommunrapporter.rounds[0].reports[0].reporter"
    assert problem.message == "Nils attended meeting 'sg-1' for Nordmalings kommun, not for Umeå"
    assert 'reporter = "Nils"' in problem.file.read_text().splitlines()[problem.line - 1]
    fed.write("2011/year.toml", text.replace('reporter = "Anna"', 'reporter = "Okänd"'))
    [problem] = problems_of(_build(fed))
    assert problem.message == "Okänd is not among those present at meeting 'sg-1' (2011-02-11)"


def test_unknown_meeting_and_a_second_round_for_one_meeting(fed):
    text = fed.fed_dir.joinpath("2011/year.toml").read_text()
    fed.write("2011/year.toml", text.replace('meeting = "sg-1"', 'meeting = "sg-9"'))
    [problem] = problems_of(_build(fed))
    assert problem.path == "extensions.kommunrapporter.rounds[0].meeting"
    assert problem.message == "no meeting 'sg-9' in meetings/; meetings: sg-1"
    fed.write("2011/year.toml", text + dedent(ROUND))
    [problem] = problems_of(_build(fed))
    assert problem.path == "extensions.kommunrapporter.rounds[1].meeting"
    assert "has two rounds" in problem.message


# -- lägesrapport: one per reporting moment -------------------------------------------------------

def test_each_report_shows_its_own_moments_lagesrapport(fed):
    delar = _section(_render(fed, "delarsrapport"), "lagesrapport")
    assert "Läget per 10\u00a0juni 2011, Samordnaren" in delar
    assert "Förstudien planeras till hösten." in delar and "<td>Pågår</td>" in delar
    annual_html = _render(fed, "arsredovisning")
    annual = _section(annual_html, "lagesrapport")
    assert "Läget per 15\u00a0december 2011" in annual and "Förstudien är avslutad." in annual
    # nothing of the delår's lägesrapport reaches the årsredovisning
    for delar_only in ("10\u00a0juni 2011", "Läget inför sommaren", "planeras till hösten", "Hölls i maj"):
        assert delar_only not in annual_html
    assert "lagesrapport" not in _section_ids(fed, "verksamhetsplan")


def test_a_draft_without_lagesrapport_says_uppgift_saknas_and_validate_notes_it(mini):
    build = _build(mini)
    loaded = build.load(2011)
    section = _section(build.render_html(loaded, "arsredovisning").html, "lagesrapport")
    assert "Uppgift saknas" in section
    [gap] = [p for p in build.gaps(loaded, "bokslut") if p.path == "extensions.lagesrapport"]
    assert gap.file.parts[-2:] == ("bokslut", "moment.toml")
    assert "no data for extension 'lagesrapport'" in gap.message
    assert not [p for p in build.gaps(loaded, "plan") if "lagesrapport" in (p.path or "")]


def test_an_adopted_delar_needs_its_lagesrapport(mini):
    mini.append("2011/delar-0630/moment.toml", """
        [adoption]
        status = "beslutad"
        body = "styrelse"
        date = 2011-08-20
        paragraph = 4
        """)
    problems = problems_of(_build(mini))
    assert [p.path for p in problems if p.file.parts[-2] == "delar-0630"] == ["extensions.lagesrapport"]


def test_the_plan_has_no_lagesrapport(fed):
    fed.append("2011/plan/moment.toml", DELAR_LAGE.replace("2011-06-10", "2010-11-10"))
    [problem] = problems_of(_build(fed))
    assert problem.file.parts[-2:] == ("plan", "moment.toml")
    assert problem.path == "extensions.lagesrapport" and problem.line
    assert "a lägesrapport belongs to a delår or the bokslut" in problem.message


def test_lagesrapport_dated_outside_its_period_or_reused(fed):
    bokslut = fed.fed_dir / "2011/bokslut/moment.toml"
    text = bokslut.read_text()
    bokslut.write_text(text.replace("2011-12-15", "2012-01-20"))
    [problem] = problems_of(_build(fed))
    assert problem.path == "extensions.lagesrapport.date"
    assert problem.message == "2012-01-20 is outside the period of bokslut (2011-01-01 – 2011-12-31)"
    assert "2012-01-20" in bokslut.read_text().splitlines()[problem.line - 1]
    # the delår's lägesrapport copied into the bokslut: it tells the state of 30 June, not of the year
    bokslut.write_text(text.replace("2011-12-15", "2011-06-10"))
    [problem] = problems_of(_build(fed))
    assert problem.message.startswith("2011-06-10 is not after 2011-06-30, the period end of an earlier moment")


def test_an_area_done_at_the_delar_is_not_reopened_in_the_bokslut(fed):
    fed.append("2011/bokslut/moment.toml", "").write_text(dedent("""
        [extensions.lagesrapport]
        date = 2011-12-15
        areas = [
          { area = "IT", status = "klar" },
          { area = "Konferens", status = "pågår" },
        ]
        """))
    [problem] = problems_of(_build(fed))
    assert problem.file.parts[-2:] == ("bokslut", "moment.toml")
    assert problem.path == "extensions.lagesrapport.areas[1].status"
    assert problem.message == "'Konferens' was 'klar' in delar-0630; it cannot be 'pågår' later"
    assert "Konferens" in problem.file.read_text().splitlines()[problem.line - 1]


def test_bad_status_word_is_a_located_error(fed):
    delar = fed.fed_dir / "2011/delar-0630/moment.toml"
    delar.write_text(delar.read_text().replace('status = "klar"', 'status = "färdig"'))
    [problem] = problems_of(_build(fed))
    assert problem.file == delar and problem.path == "extensions.lagesrapport.areas[1].status"


def test_a_round_in_a_moment_is_refused(fed):
    fed.append("2011/bokslut/moment.toml", ROUND)
    [problem] = problems_of(_build(fed))
    assert problem.file.parts[-2:] == ("bokslut", "moment.toml")
    assert problem.message == "extension 'kommunrapporter' is not recorded here but in year.toml"


# -- the repository's own federation --------------------------------------------------------------

@pytest.fixture
def real(repo: Workspace, catalogue) -> FederationBuild:
    return FederationBuild(repo, repo.federation("skellefteregionen"), catalogue)


def test_real_federation_arvidsjaur_is_no_member_and_only_a_guest(real):
    assert "Arvidsjaur" not in [m.name for m in real.federation.config.members]
    html = real.render_html(real.load(2015), "arsredovisning").html
    section = _section(html, "kommunrapporter")
    assert "Ingen rapport från: Arjeplog." in section
    assert "Britta Flinkfeldt Jansson, Arvidsjaurs kommun (p 5-10)" in section
    assert "<h3" in section and ">Arvidsjaur</h3>" not in section


def test_real_federation_annual_report_has_no_delar_values(real):
    loaded = real.load(2015)
    assert loaded.moments["plan"].adopted and not loaded.moments["bokslut"].adopted
    html = real.render_html(loaded, "arsredovisning").html
    for phrase in ("första halvåret", "30 juni", "t.o.m. 2015-06-30", "Prognos", "Läget per 12\u00a0juni",
                   "upparbetat 95 tkr"):
        assert phrase.lower() not in html.lower(), phrase
    assert "Läget per 31\u00a0december 2015" in html
