"""Skellefteregionen's plugin: the round of reports from each municipality and the lägesrapport."""

import pytest
from conftest import load_repo_plugin

from rapportkarna.build import FederationBuild
from rapportkarna.errors import ValidationFailed

plugin = load_repo_plugin("skellefteregionen")

ROUND = """
[extensions.kommunrapporter]
meeting = "sg-1"

[[extensions.kommunrapporter.reports]]
kommunkod = "2480"
reporter = "Anna"
points = ["Umeå bygger <b>skola</b>.", "Ny översiktsplan."]

[extensions.lagesrapport]
date = 2011-02-11
author = "Samordnaren"
areas = [{ area = "IT", status = "pågår", text = "Förstudie." }, { area = "Turism", status = "klar" }]
"""

MEETING = """
id = "sg-1"
body = "styrelse"
kind = "minnesanteckningar"
date = 2011-02-11
place = "Malå hotell"
"""


@pytest.fixture
def fed(mini):
    def make(extra: str = ROUND) -> FederationBuild:
        mini.append("2011/year.toml", extra)
        mini.write("2011/meetings/sg-1.toml", MEETING)
        return mini.build({"skellefteregionen": plugin})
    return make


def test_round_and_lagesrapport_in_follow_up_reports_only(fed):
    build = fed()
    data = build.year_data(2011)
    html = build.render_html(data, "delarsrapport").html
    section = html[html.index('id="kommunrapporter"'):html.index('id="lagesrapport"')]
    assert "<h2 id=\"h-kommun-2480\">Umeå</h2>" in section
    assert "Rapporterat av Anna" in section and "Umeå bygger &lt;b&gt;skola&lt;/b&gt;." in section
    assert "mötet 11\u00a0februari 2011 i Malå hotell" in section
    assert "Ingen rapport från: Vännäs." in section  # the member that did not report is named
    assert "<td>Pågår</td>" in html and "<td>Klar</td>" in html
    ids = [s.id for s in build.render_html(data, "arsredovisning").sections]
    assert "kommunrapporter" in ids and "lagesrapport" in ids
    plan_ids = [s.id for s in build.render_html(data, "verksamhetsplan").sections]
    assert "kommunrapporter" not in plan_ids and "lagesrapport" not in plan_ids


def test_report_from_a_non_member_names_file_line_and_field(fed):
    with pytest.raises(ValidationFailed) as caught:
        fed(ROUND.replace('kommunkod = "2480"', 'kommunkod = "2482"')).year_data(2011)
    problem = caught.value.problems[0]
    assert problem.file.name == "year.toml"
    assert problem.path == "extensions.kommunrapporter.reports[0].kommunkod"
    assert problem.line and "2482 is not a member" in problem.message
    text = (problem.file.read_text().splitlines())[problem.line - 1]
    assert "2482" in text


def test_unknown_meeting_is_reported(fed):
    with pytest.raises(ValidationFailed, match="no meeting 'sg-9' in meetings/; meetings: sg-1"):
        fed(ROUND.replace('meeting = "sg-1"', 'meeting = "sg-9"')).year_data(2011)


def test_bad_status_word_is_a_located_error(fed):
    with pytest.raises(ValidationFailed) as caught:
        fed(ROUND.replace('status = "klar"', 'status = "färdig"')).year_data(2011)
    assert "extensions.lagesrapport.areas[1].status" in str(caught.value)
