"""The norrbotten plugin: MediaCenter's utlåningsstatistik and kurser och konferenser per reporting
moment, compared with earlier moments through history, and their checks.

The plugin is registered in code on the small tmp federation (``mini``, members Umeå 2480 and
Vännäs 2460; a plan, a delår per 30 June and a bokslut for 2011, all drafts), and the real
federation in ``federations/norrbotten`` is built through the repository's catalogue.
"""

import html as htmllib
import re
from decimal import Decimal
from types import ModuleType

import pytest
from conftest import ROOT, load_repo_plugin, problems_of

from rapportkarna.build import FederationBuild
from rapportkarna.model import MomentRef, ProjectStatus
from rapportkarna.plugins import discover
from rapportkarna.workspace import Workspace

NBSP = "\u00a0"

HEADER = "kommun,kommunkod,period,stream,dvd_inkopt,ur_radio,ped_dataprog,ur_dvd,video_inkopt\n"
# Umeå: VT 2011 1 100 + 200 + 30 + 4 + 50 + 6 = 1 390; HT 2010 900 + 250 + 25 + 5 + 60 + 10 = 1 250
# Vännäs: VT 2011 300 + 40 + 0 + 0 + 20 + 0 = 360; HT 2010 200 + 60 + 5 + 1 + 30 + 4 = 300
VT_2011 = HEADER + "Umeå,2480,VT 2011,1 100,200,30,4,50,6\nVännäs,2460,VT 2011,300,40,,,20,\n"
HT_2010 = HEADER + "Umeå,2480,HT 2010,900,250,25,5,60,10\nVännäs,2460,HT 2010,200,60,5,1,30,4\n"
# Umeå: HT 2011 1 300 + 150 + 20 + 3 + 40 + 2 = 1 515; Vännäs: 400 + 30 + 5 + 0 + 10 + 0 = 445
HT_2011 = HEADER + "Umeå,2480,HT 2011,1 300,150,20,3,40,2\nVännäs,2460,HT 2011,400,30,5,,10,\n"

DELAR_MEDIACENTER = """
[extensions.mediacenter]
source = "MediaCenter, utlåningsstatistik"
"""

COMPARISON_YEAR = """
comparison_only = true

[meta]
example_data = true
note = "Jämförelsetal."
"""

PRIORITIES = """
[[priorities]]
id = "socialtjanst"
title = "Socialtjänst"

[[priorities]]
id = "mediacenter"
title = "Media Center"
"""

DELAR_KURSER_TOML = """
[extensions.kurser]
kurser = 12
deltagare = 410
"""

DELAR_KURSER_CSV = """\
omrade,kurser,deltagare,priority
Socialtjänst,7,250,socialtjanst
Skola <och> förskola,5,160,
"""

BOKSLUT_KURSER_CSV = """\
omrade,kurser,deltagare,priority
Socialtjänst,15,520,socialtjanst
Skola <och> förskola,9,300,
"""


@pytest.fixture
def plugin() -> ModuleType:
    return load_repo_plugin("norrbotten")


@pytest.fixture
def fed(mini, plugin):
    """The delår has VT 2011 for both members; 2010 (comparison only) has HT 2010 in its bokslut."""
    mini.write("2011/delar-0630/mediacenter.csv", VT_2011)
    mini.append("2011/delar-0630/moment.toml", DELAR_MEDIACENTER)
    mini.write("2010/year.toml", COMPARISON_YEAR)
    mini.write("2010/bokslut/mediacenter.csv", HT_2010)
    return mini


@pytest.fixture
def kurser(mini):
    """Kurser at the delår and the bokslut of 2011, and only totals for the same periods of 2010."""
    mini.append("2011/year.toml", PRIORITIES)
    mini.append("2011/delar-0630/moment.toml", DELAR_KURSER_TOML)
    mini.write("2011/delar-0630/kurser.csv", DELAR_KURSER_CSV)
    mini.write("2011/bokslut/kurser.csv", BOKSLUT_KURSER_CSV)
    mini.write("2010/year.toml", COMPARISON_YEAR)
    mini.write("2010/delar-0630/moment.toml", "[extensions.kurser]\nkurser = 10\ndeltagare = 333\n")
    mini.write("2010/bokslut/moment.toml", "[extensions.kurser]\nkurser = 21\ndeltagare = 654\n")
    return mini


def _render(mini, plugin, report_id: str):
    build = mini.build({"norrbotten": plugin})
    return build.render_html(build.load(2011), report_id)


def _section(rendered, section_id: str):
    return next(s for s in rendered.sections if s.id == section_id)


def _section_html(html: str, section_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def _body(html: str) -> str:
    """The report without its stylesheet."""
    return html[html.index("<body"):]


def _report_text(html: str) -> str:
    """The report's own text: without its stylesheet, the Exempeldata notice and the back page,
    which name the sources (a delårsredovisning per 30 juni) and the assumptions."""
    body = re.sub(r'<aside class="example-notice".*?</aside>', "", _body(html), flags=re.S)
    return re.sub(r'<footer class="back">.*?</footer>', "", body, flags=re.S)


def _cells(row_html: str) -> list[str]:
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)]


def _table_rows(html: str, table_class: str) -> list[list[str]]:
    table = re.search(rf'<table class="[^"]*{table_class}[^"]*">.*?</table>', html, re.S)
    assert table, f"no table {table_class}"
    return [_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)]


# -- the plugin module ---------------------------------------------------------------------------

def test_plugin_has_a_version(plugin):
    assert re.fullmatch(r"\d+\.\d+\.\d+", plugin.__version__)


def test_both_extensions_are_recorded_per_moment(plugin):
    extensions = {ext.name: ext for ext in plugin.data_extensions()}
    assert extensions["mediacenter"].moment_tables == {"rows": "mediacenter.csv"}
    assert extensions["kurser"].moment_tables == {"areas": "kurser.csv"}
    assert extensions["kurser"].model is None  # nothing of the kurser is set once
    assert all(ext.expected_at == ("interim", "annual") for ext in extensions.values())


@pytest.mark.parametrize("moment_id, term, period", [
    ("delar-0630", "VT 2011", f"1{NBSP}januari – 30{NBSP}juni 2011"),
    ("delar-0430", "VT 2011", f"1{NBSP}januari – 30{NBSP}april 2011"),
    ("bokslut", "HT 2011", "2011"),
])
def test_term_and_period_come_from_the_moment(plugin, moment_id, term, period):
    ref = MomentRef(2011, moment_id)
    assert (plugin.term_of(ref), plugin.period_label(ref)) == (term, period)
    assert plugin.term_of(MomentRef(2011, "plan")) is None


@pytest.mark.parametrize("value, decimals, expected", [
    (2491, 0, f"+2{NBSP}491"),
    (-437, 0, "\u2212437"),
    (0, 0, "±0"),
    (Decimal("23.44"), 1, "+23,4"),
    (Decimal("-0.04"), 1, "±0,0"),
    (None, 0, "\u2013"),
])
def test_forandring_shows_the_sign_of_a_change(plugin, value, decimals, expected):
    assert plugin.forandring(value, decimals) == expected


def test_plugin_stylesheet_is_included(fed, plugin):
    html = _render(fed, plugin, "delarsrapport").html
    assert "table.amounts tfoot { display: table-row-group; }" in html
    assert html.index("Norrbotten-pluginet") > html.index("Shared layout of all reports")


# -- MediaCenter: the table ----------------------------------------------------------------------

def test_delar_compares_its_term_with_the_previous_bokslut(fed, plugin):
    table = _section(_render(fed, plugin, "delarsrapport"), "mediacenter").data["table"]
    assert (table.current_label, table.previous_label) == ("VT 2011", "HT 2010")
    umea, vannas = table.kommuner
    assert (umea.label, umea.current.total, umea.previous.total, umea.change) == ("Umeå", 1390, 1250, 140)
    assert (vannas.label, vannas.current.total, vannas.previous.total, vannas.change) == ("Vännäs", 360, 300, 60)
    assert table.total.current.counts == (1400, 240, 30, 4, 70, 6)
    assert (table.total.current.total, table.total.previous.total, table.total.change) == (1750, 1550, 200)
    assert table.total.change_pct == Decimal(200) * 100 / Decimal(1550)
    assert [m.label for m in table.by_medium][0] == "Stream"
    assert table.by_medium[0].current == 1400 and table.by_medium[0].previous == 1100
    assert table.by_medium[0].share == Decimal(1400) * 100 / Decimal(1750)
    assert sum(m.current for m in table.by_medium) == table.total.current.total


def test_mediacenter_table_in_the_html(fed, plugin):
    html = _section_html(_render(fed, plugin, "delarsrapport").html, "mediacenter")
    rows = _table_rows(html, "mediacenter-current")
    assert rows[0][0] == "Kommun" and rows[0][-3:] == ["Summa", "Förändring", "Förändring,procent"]
    assert rows[1] == ["Umeå", f"1{NBSP}100", "200", "30", "4", "50", "6", f"1{NBSP}390", "+140",
                       f"+11,2{NBSP}%"]
    # empty cells are zero
    assert rows[2] == ["Vännäs", "300", "40", "0", "0", "20", "0", "360", "+60", f"+20,0{NBSP}%"]
    assert rows[3] == ["Summa", f"1{NBSP}400", "240", "30", "4", "70", "6", f"1{NBSP}750", "+200",
                       f"+12,9{NBSP}%"]
    previous = _table_rows(html, "mediacenter-previous")
    assert previous[-1] == ["Summa", f"1{NBSP}100", "310", "30", "6", "90", "14", f"1{NBSP}550"]
    media = _table_rows(html, "mediacenter-media")
    assert media[1] == ["Stream", f"1{NBSP}100", f"1{NBSP}400", "+300", f"+27,3{NBSP}%", f"80,0{NBSP}%"]
    assert media[6] == ["Inköpt video", "14", "6", "\u22128", f"\u221257,1{NBSP}%", f"0,3{NBSP}%"]
    assert "Utlåningsstatistik MediaCenter Norrbotten" in html
    assert "Källa: MediaCenter, utlåningsstatistik" in html


def test_without_an_earlier_bokslut_there_is_nothing_to_compare(fed, plugin):
    (fed.fed_dir / "2010" / "bokslut" / "mediacenter.csv").unlink()
    rendered = _render(fed, plugin, "delarsrapport")
    table = _section(rendered, "mediacenter").data["table"]
    assert table.previous_label is None and not table.has_previous
    html = _section_html(rendered.html, "mediacenter")
    assert f"Under VT 2011 lånades eller strömmades sammanlagt 1{NBSP}750 program" in html
    assert "HT 2010" not in html and "mediacenter-previous" not in html


def test_a_member_without_rows_is_named_and_left_out_of_the_change(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", HEADER + VT_2011.splitlines()[1] + "\n")
    rendered = _render(fed, plugin, "delarsrapport")
    table = _section(rendered, "mediacenter").data["table"]
    assert table.missing == ["Vännäs"]
    assert table.kommuner[1].current is None and table.kommuner[1].change is None
    # the sum's change compares only Umeå, the kommun with both terms
    assert table.total.current.total == 1390 and table.total.previous.total == 1550
    assert table.total.change == 140
    assert "Uppgifter för VT 2011 saknas för Vännäs." in _section_html(rendered.html, "mediacenter")


def test_no_section_without_the_moments_own_term(mini, plugin):
    """HT 2010 alone (in the earlier bokslut) is nothing to report in 2011."""
    mini.write("2010/year.toml", COMPARISON_YEAR)
    mini.write("2010/bokslut/mediacenter.csv", HT_2010)
    rendered = _render(mini, plugin, "delarsrapport")
    assert "mediacenter" not in [s.id for s in rendered.sections]
    assert "Utlånade och strömmade program" not in rendered.html


def test_the_delar_term_never_reaches_the_arsredovisning(fed, plugin):
    delar = _body(_render(fed, plugin, "delarsrapport").html)
    assert "VT 2011" in delar and f"1{NBSP}750" in delar
    # the bokslut has no statistics yet: the årsredovisning shows none, not the delår's
    annual = _render(fed, plugin, "arsredovisning")
    assert "mediacenter" not in [s.id for s in annual.sections]
    assert "VT 2011" not in _body(annual.html) and "Utlånade och strömmade program" not in annual.html
    # with its own term, the årsredovisning compares HT 2011 with HT 2010, still never VT 2011
    fed.write("2011/bokslut/mediacenter.csv", HT_2011)
    annual = _render(fed, plugin, "arsredovisning")
    table = _section(annual, "mediacenter").data["table"]
    assert (table.current_label, table.previous_label) == ("HT 2011", "HT 2010")
    assert (table.total.current.total, table.total.previous.total, table.total.change) == (1960, 1550, 410)
    body = _body(annual.html)
    assert "VT 2011" not in body and f"1{NBSP}750" not in body and f"1{NBSP}390" not in body
    assert f"Utfall: 1{NBSP}960{NBSP}st" in _section_html(annual.html, "nyckeltal")


def test_mediacenter_only_in_the_reports_that_follow_up(fed, plugin):
    fed.write("2011/bokslut/mediacenter.csv", HT_2011)
    for report_id, expected in (("verksamhetsplan", False), ("delarsrapport", True), ("arsredovisning", True)):
        rendered = _render(fed, plugin, report_id)
        assert ("mediacenter" in [s.id for s in rendered.sections]) is expected, report_id
        assert ('id="mediacenter"' in rendered.html) is expected, report_id


def test_a_follow_up_without_statistics_is_named_as_missing(mini, plugin):
    build = mini.build({"norrbotten": plugin})
    loaded = build.load(2011)  # a draft goes on
    gaps = build.gaps(loaded, "bokslut")
    named = {p.path for p in gaps if "no data for extension" in p.message}
    assert named == {"extensions.mediacenter", "extensions.kurser"}
    assert all(p.file == mini.fed_dir / "2011" / "bokslut" / "moment.toml" for p in gaps if p.path in named)
    assert not [p for p in build.gaps(loaded, "plan") if "extension" in p.message]


def test_federation_can_make_mediacenter_a_bilaga(fed, plugin):
    fed.append("federation.toml", """
[reports.delarsrapport.sections.ekonomi]
part = "appendix"

[reports.delarsrapport.sections.mediacenter]
part = "appendix"
""")
    html = _render(fed, plugin, "delarsrapport").html
    assert re.search(r'Bilaga 1\.</span> Ekonomisk redovisning', html)
    assert re.search(r'Bilaga 2\.</span> Utlåningsstatistik MediaCenter Norrbotten', html)


def test_total_is_an_indicator_under_the_priority_set_in_year_toml(fed, plugin):
    fed.append("2011/year.toml", PRIORITIES + '\n[extensions.mediacenter]\npriority = "mediacenter"\n')
    html = _section_html(_render(fed, plugin, "delarsrapport").html, "prioriterade")
    assert "Utlånade och strömmade program VT 2011" in html
    assert f"Utfall: 1{NBSP}750{NBSP}st" in html
    assert f"+200 (+12,9{NBSP}%) jämfört med HT 2010." in html
    assert f"Utfall: 80{NBSP}%" in html  # the share of streaming, 80,0 % (core shows whole numbers bare)
    assert f"71,0{NBSP}% under HT 2010." in html  # 1 100 of 1 550


def test_lending_is_an_indicator_per_member_with_table_and_chart(fed, plugin):
    """The total's indicator carries each kommun's loans in the term: core shows them per member."""
    fed.append("2011/year.toml", PRIORITIES + '\n[extensions.mediacenter]\npriority = "mediacenter"\n')
    html = _section_html(_render(fed, plugin, "delarsrapport").html, "prioriterade")
    assert "Utlånade och strömmade program VT 2011, per medlemskommun" in html
    assert '<figure class="chart chart-bar">' in html and 'alt="' in html
    data = re.search(r'<table class="chart-data">.*?</table>', html, re.S).group(0)
    assert "Umeå" in data and f"1{NBSP}390" in data and "Vännäs" in data and ">360<" in data


def test_without_priority_the_total_goes_to_nyckeltal(fed, plugin):
    nyckeltal = _section_html(_render(fed, plugin, "delarsrapport").html, "nyckeltal")
    assert "MediaCenter Norrbotten" in nyckeltal
    assert "Utlånade och strömmade program VT 2011" in nyckeltal


# -- MediaCenter: the checks, placed in the moment's files ---------------------------------------

def test_unknown_kommunkod_names_the_moments_csv_line(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", VT_2011.replace("Vännäs,2460,VT", "Luleå,2580,VT"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    path = fed.fed_dir / "2011" / "delar-0630" / "mediacenter.csv"
    assert (problem.file, problem.line, problem.path) == (path, 3, "row 2, column kommunkod")
    assert "kommunkod 2580 (Luleå) is not a member" in problem.message
    assert "2480 Umeå" in problem.message and "2460 Vännäs" in problem.message
    assert str(problem).startswith(f"{path}:3: row 2, column kommunkod:")


def test_kommun_name_must_match_its_code(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", VT_2011.replace("Umeå,2480,VT", "Umea,2480,VT"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.file.parent.name, problem.line, problem.path) == ("delar-0630", 2, "row 1, column kommun")
    assert "'Umea' does not match kommunkod 2480, which is Umeå" in problem.message


def test_a_row_of_another_term_than_the_moments(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", VT_2011.replace("Vännäs,2460,VT 2011", "Vännäs,2460,HT 2010"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.file.parent.name, problem.line, problem.path) == ("delar-0630", 3, "row 2, column period")
    assert "period 'HT 2010' is not the term of 2011/delar-0630" in problem.message
    assert "'VT 2011'" in problem.message


def test_the_bokslut_holds_the_autumn_term(fed, plugin):
    """VT rows in the bokslut would put an interim value in the årsredovisning."""
    fed.write("2011/bokslut/mediacenter.csv", VT_2011)
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert [(p.file.parent.name, p.line, p.path) for p in problems] == [
        ("bokslut", 2, "row 1, column period"), ("bokslut", 3, "row 2, column period")]
    assert "the bokslut shows the autumn term, 'HT 2011'" in problems[0].message


def test_the_comparison_year_is_checked_in_its_own_files(fed, plugin):
    fed.write("2010/bokslut/mediacenter.csv", HT_2010.replace("Umeå,2480,HT 2010", "Umeå,2480,VT 2010"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}), 2010)
    assert problem.file == fed.fed_dir / "2010" / "bokslut" / "mediacenter.csv"
    assert (problem.line, problem.path) == (2, "row 1, column period")
    assert "'HT 2010'" in problem.message


def test_two_rows_for_one_kommun(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", VT_2011 + "Umeå,2480,VT 2011,1,1,1,1,1,1\n")
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.file.parent.name, problem.line) == ("delar-0630", 4)
    assert "Umeå has two rows for VT 2011; the first is on line 2" in problem.message


def test_bad_cell_names_the_csv_row_and_column(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv",
              VT_2011.replace("Vännäs,2460,VT 2011,300", "Vännäs,2460,VT 2011,trehundra"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.file == fed.fed_dir / "2011" / "delar-0630" / "mediacenter.csv"
    assert (problem.line, problem.path) == (3, "row 2, column stream")
    assert "integer" in problem.message and "trehundra" in problem.message


def test_negative_count_and_malformed_kommunkod(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv",
              VT_2011.replace("Umeå,2480,VT 2011,1 100,200", "Umeå,248,VT 2011,1 100,-200"))
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert {(p.line, p.path) for p in problems} == {(2, "row 1, column kommunkod"),
                                                    (2, "row 1, column dvd_inkopt")}


def test_unknown_column_is_reported(fed, plugin):
    fed.write("2011/delar-0630/mediacenter.csv", VT_2011.replace("video_inkopt", "vhs"))
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert problems and all(p.file.name == "mediacenter.csv" for p in problems)
    assert any(p.path == "row 1, column vhs" and "unknown key 'vhs'" in p.message for p in problems)


def test_the_one_year_layout_is_named(fed, plugin):
    """mediacenter.csv in the year's folder, as before reporting moments, says where it belongs."""
    fed.write("2011/mediacenter.csv", VT_2011)
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.file == fed.fed_dir / "2011" / "mediacenter.csv"
    assert "belongs in a moment's folder" in problem.message


def test_the_plan_has_no_statistics(fed, plugin):
    fed.write("2011/plan/mediacenter.csv", VT_2011.replace("VT 2011", "HT 2010"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.file == fed.fed_dir / "2011" / "plan" / "moment.toml"
    assert problem.path == "extensions.mediacenter"
    assert "the plan is written before the year" in problem.message


def test_unknown_priority_names_the_year_toml_line(fed, plugin):
    fed.append("2011/year.toml", '\n[extensions.mediacenter]\npriority = "media"\n')
    text = (fed.fed_dir / "2011" / "year.toml").read_text(encoding="utf-8")
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.file.name, problem.path) == ("year.toml", "extensions.mediacenter.priority")
    assert problem.line == len(text.splitlines())
    assert "unknown prioriterad uppgift 'media'" in problem.message


def test_the_term_is_not_written_in_year_toml(fed, plugin):
    """The term comes from the moment; the old set-once keys are named where they stand."""
    fed.append("2011/year.toml", '\n[extensions.mediacenter]\ncurrent = "VT 2011"\n')
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.file.name, problem.path) == ("year.toml", "extensions.mediacenter.current")
    assert "unknown key 'current'" in problem.message


# -- kurser och konferenser ----------------------------------------------------------------------

def test_kurser_section_with_sums_shares_and_the_same_period_of_2010(kurser, plugin):
    rendered = _render(kurser, plugin, "delarsrapport")
    ids = [s.id for s in rendered.sections]
    assert ids.index("kurser") > ids.index("prioriterade")
    html = _section_html(rendered.html, "kurser")
    rows = _table_rows(html, "kurser")
    assert rows[1] == ["Socialtjänst", "7", "250", f"61{NBSP}%", "36"]
    assert rows[2] == ["Skola <och> förskola", "5", "160", f"39{NBSP}%", "32"]
    assert "Skola &lt;och&gt; förskola" in html  # data is escaped
    assert rows[3] == ["Summa", "12", "410", f"100{NBSP}%", "34"]
    assert f"Under perioden 1{NBSP}januari – 30{NBSP}juni 2011 har förbundet genomfört 12 kurser" in html
    # from 2010/delar-0630, through history
    assert "Under samma period 2010 genomfördes 10 kurser och konferenser med 333 deltagare." in html
    assert "<och>" not in rendered.html


def test_the_delar_kurser_never_reach_the_arsredovisning(kurser, plugin):
    rendered = _render(kurser, plugin, "arsredovisning")
    html = _section_html(rendered.html, "kurser")
    assert "Under 2011 har förbundet genomfört 24 kurser och konferenser med sammanlagt 820 deltagare" in html
    # the whole of 2010 from its bokslut, not its first half
    assert "Under 2010 genomfördes 21 kurser och konferenser med 654 deltagare." in html
    body = _body(rendered.html)
    for delar in ("410 deltagare", "333", "juni", "samma period"):
        assert delar not in body, delar
    # without kurser of its own the årsredovisning shows none
    (kurser.fed_dir / "2011" / "bokslut" / "kurser.csv").unlink()
    rendered = _render(kurser, plugin, "arsredovisning")
    assert "kurser" not in [s.id for s in rendered.sections]
    assert "Genomförda kurser" not in rendered.html


def test_kurser_area_is_an_indicator_under_its_priority(kurser, plugin):
    delar = _section_html(_render(kurser, plugin, "delarsrapport").html, "prioriterade")
    assert f"Genomförda kurser och konferenser inom området 1{NBSP}januari – 30{NBSP}juni 2011" in delar
    assert f"Utfall: 7{NBSP}st" in delar and f"250 deltagare, 61{NBSP}% av alla deltagare." in delar
    annual = _section_html(_render(kurser, plugin, "arsredovisning").html, "prioriterade")
    assert "Genomförda kurser och konferenser inom området under 2011" in annual
    assert f"Utfall: 15{NBSP}st" in annual and f"520 deltagare, 63{NBSP}% av alla deltagare." in annual


def test_kurser_not_in_the_plan(kurser, plugin):
    rendered = _render(kurser, plugin, "verksamhetsplan")
    assert "kurser" not in [s.id for s in rendered.sections]
    assert "Genomförda kurser och konferenser" not in rendered.html


def test_stated_totals_must_agree_with_the_rows(kurser, plugin):
    path = kurser.fed_dir / "2011" / "delar-0630" / "moment.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("deltagare = 410", "deltagare = 400"), encoding="utf-8")
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file == path and problem.line is not None
    assert "deltagare = 400, but the rows of kurser.csv add up to 410" in problem.message


def test_unknown_priority_in_kurser_csv(kurser, plugin):
    kurser.write("2011/delar-0630/kurser.csv", DELAR_KURSER_CSV.replace("160,", "160,skola"))
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file == kurser.fed_dir / "2011" / "delar-0630" / "kurser.csv"
    assert (problem.line, problem.path) == (3, "row 2, column priority")
    assert "unknown prioriterad uppgift 'skola'" in problem.message


def test_the_year_counts_what_the_delar_counted(kurser, plugin):
    kurser.write("2011/bokslut/kurser.csv",
                 BOKSLUT_KURSER_CSV.replace("Socialtjänst,15,520", "Socialtjänst,15,240"))
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file == kurser.fed_dir / "2011" / "bokslut" / "kurser.csv"
    assert (problem.line, problem.path) == (2, "row 1, column deltagare")
    assert "240 for the whole year, fewer than the 250 of delar-0630" in problem.message


def test_an_area_of_the_delar_missing_from_the_bokslut(kurser, plugin):
    kurser.write("2011/bokslut/kurser.csv", BOKSLUT_KURSER_CSV.replace("Skola <och> förskola", "Skola"))
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file == kurser.fed_dir / "2011" / "bokslut" / "kurser.csv"
    assert problem.path == "Skola <och> förskola"
    assert "had 5 kurser by 2011-06-30" in problem.message


def test_the_period_is_not_typed(kurser, plugin):
    kurser.append("2011/delar-0630/moment.toml", "period_end = 2011-06-30\n")
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.path == "extensions.kurser.period_end" and "unknown key" in problem.message


# -- the real federation -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def norrbotten() -> FederationBuild:
    """The real federation, loaded once for the module's tests (they only read it)."""
    repo = Workspace(ROOT)
    return FederationBuild(repo, repo.federation("norrbotten"), discover([ROOT / "plugins"]))


@pytest.fixture(scope="module")
def real_delar(norrbotten):
    return norrbotten.render_html(norrbotten.load(2011), "delarsrapport")


@pytest.fixture(scope="module")
def real_annual(norrbotten):
    return norrbotten.render_html(norrbotten.load(2011), "arsredovisning")


def test_real_federation_validates_and_names_all_members(norrbotten):
    loaded = norrbotten.load(2011)
    codes = {m.name: m.kommunkod for m in norrbotten.federation.config.members}
    assert codes == {
        "Arjeplog": "2506", "Arvidsjaur": "2505", "Boden": "2582", "Gällivare": "2523",
        "Haparanda": "2583", "Jokkmokk": "2510", "Kalix": "2514", "Kiruna": "2584", "Luleå": "2580",
        "Pajala": "2521", "Piteå": "2581", "Älvsbyn": "2560", "Överkalix": "2513", "Övertorneå": "2518"}
    assert [p.id for p in loaded.data.priorities] == [
        "hallbar-tillvaxt", "infrastruktur", "socialtjanst", "barn-och-utbildning", "folkhalsa",
        "fou-norrbotten", "regionfragan", "skatteutjamningen", "mediacenter"]
    assert len(loaded.data.projects) == 9
    assert "2011-09-15-styrelse" in {m.id for m in loaded.data.meetings}  # the seed's kallelse
    assert list(loaded.moments) == ["bokslut", "delar-0630", "plan"]
    assert norrbotten.federation.report_years == [2011]
    assert norrbotten.load(2010).data.comparison_only


def test_real_adoptions(norrbotten):
    moments = norrbotten.load(2011).moments
    delar = moments["delar-0630"].adoption
    assert (delar.body, delar.date.isoformat(), delar.paragraph, delar.meeting) == (
        "styrelse", "2011-09-15", 4, "2011-09-15-styrelse")
    assert any("§ 4" in a for a in moments["delar-0630"].meta.assumptions)
    # no source for the plan's or the årsredovisning's adoption: both are drafts
    assert not moments["plan"].adopted and not moments["bokslut"].adopted


def test_real_delarsrapport(real_delar):
    assert real_delar.title == "Delårsredovisning 2011" and not real_delar.draft
    assert [s.id for s in real_delar.sections if s.part == "appendix"] == ["ekonomi", "mediacenter"]
    table = _section(real_delar, "mediacenter").data["table"]
    assert (table.current_label, table.previous_label) == ("VT 2011", "HT 2010")
    # from the source: Luleå ends in …982 and …491, the increases of ten kommuner, nearly 8 000 in all
    lulea = next(k for k in table.kommuner if k.label == "Luleå")
    assert (lulea.current.total, lulea.previous.total) == (12982, 10491)
    increases = {k.label: k.change for k in table.kommuner}
    assert {k: increases[k] for k in ("Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Jokkmokk", "Kalix",
                                      "Kiruna", "Pajala", "Älvsbyn", "Överkalix")} == {
        "Arjeplog": 31, "Arvidsjaur": 153, "Boden": 849, "Gällivare": 863, "Jokkmokk": 278, "Kalix": 451,
        "Kiruna": 351, "Pajala": 369, "Älvsbyn": 630, "Överkalix": 42}
    assert 7500 < table.total.change < 8000
    assert table.missing == ["Haparanda"]
    kurser = _section(real_delar, "kurser").data["table"]
    assert (kurser.total.kurser, kurser.total.deltagare) == (88, 3444)
    assert (kurser.compare.kurser, kurser.compare.deltagare) == (74, 2861)
    assert "Bilaga 2.</span> Utlåningsstatistik MediaCenter Norrbotten" in real_delar.html
    assert "Godkänd av styrelsen 2011-09-15, §\u00a04" in real_delar.html


def test_real_delar_texts_agree_with_its_table(real_delar):
    html = _section_html(real_delar.html, "ekonomi")
    rows = _table_rows(html, "amounts")
    assert rows[0] == ["Nr", "Kostnadsställe", "Budget 2011", "Utfall t.o.m. 2011-06-30", "Utfall t.o.m. 2010-06-30",
                       "Återstår / kvar att förbruka", "Prognos helår", "Avvikelse prognos"]
    assert rows[-1] == ["Resultat", "0", "935", "790", "\u2013", "460", "460"]
    assert f"ett överskott om 935{NBSP}tkr" in html and f"ett överskott om 460{NBSP}tkr" in html
    sammanfattning = _section_html(real_delar.html, "sammanfattning")
    assert f"överskott om 935{NBSP}tkr" in sammanfattning and f"överskott om 460{NBSP}tkr" in sammanfattning


def test_real_arsredovisning_reads_as_the_whole_year(real_annual):
    assert real_annual.draft
    table = _section(real_annual, "mediacenter").data["table"]
    assert (table.current_label, table.previous_label) == ("HT 2011", "HT 2010")
    kurser = _section(real_annual, "kurser").data["table"]
    assert (kurser.period, kurser.total.kurser, kurser.total.deltagare) == ("2011", 162, 6325)
    body = _report_text(real_annual.html)
    for phrase in ("VT 2011", "vårterminen", "första halvåret", "första sex månader", "30 juni", "t.o.m.",
                   "Prognos", "planerad till hösten", "kommer att", f"41{NBSP}726", f"3{NBSP}444"):
        assert phrase not in body, phrase
    rows = _table_rows(_section_html(real_annual.html, "ekonomi"), "amounts")
    assert rows[0] == ["Nr", "Kostnadsställe", "Utfall 2010", "Budget 2011", "Utfall 2011", "Avvikelse"]
    assert rows[-1] == ["Resultat", "360", "0", "567", "567"]
    assert f"ett överskott om 567{NBSP}tkr, mot ett överskott om 360{NBSP}tkr 2010" in body


def test_real_projects_that_ended_are_closed_in_the_bokslut(norrbotten):
    loaded = norrbotten.load(2011)
    for project in loaded.data.projects:
        delar = loaded.moments["delar-0630"].project(project.id)
        annual = loaded.moments["bokslut"].project(project.id)
        assert delar.status is ProjectStatus.PAGAENDE
        ended = project.end.isoformat() <= "2011-12-31"
        assert (annual.status is ProjectStatus.AVSLUTAT) is ended, project.id
        assert annual.spent >= delar.spent and annual.spent <= project.budget


def test_real_build_records_the_plugin_version(norrbotten, plugin):
    versions = {info.name: info.version for info in norrbotten.plugins.describe()}
    assert versions["norrbotten"] == plugin.__version__


def test_real_plan_has_neither_statistics_section(norrbotten):
    rendered = norrbotten.render_html(norrbotten.load(2011), "verksamhetsplan")
    ids = [s.id for s in rendered.sections]
    assert "mediacenter" not in ids and "kurser" not in ids
    assert rendered.draft
