"""The norrbotten plugin: MediaCenter's utlåningsstatistik, kurser och konferenser, their checks.

The plugin is registered in code on the small tmp federation (``mini``, members Umeå 2480 and
Vännäs 2460), and the real federation in ``federations/norrbotten`` is built through the
repository's catalogue.
"""

import html as htmllib
import re
from decimal import Decimal
from types import ModuleType

import pytest
from conftest import load_repo_plugin, problems_of

from rapportkarna.build import FederationBuild
from rapportkarna.errors import ValidationFailed

NBSP = "\u00a0"

MEDIACENTER_TOML = """
[extensions.mediacenter]
current = "VT 2011"
previous = "HT 2010"
source = "MediaCenter, utlåningsstatistik"
"""

# Umeå: VT 1 100 + 200 + 30 + 4 + 50 + 6 = 1 390, HT 900 + 250 + 25 + 5 + 60 + 10 = 1 250
# Vännäs: VT 300 + 40 + 0 + 0 + 20 + 0 = 360, HT 200 + 60 + 5 + 1 + 30 + 4 = 300
MEDIACENTER_CSV = """\
kommun,kommunkod,period,stream,dvd_inkopt,ur_radio,ped_dataprog,ur_dvd,video_inkopt
Umeå,2480,VT 2011,1 100,200,30,4,50,6
Vännäs,2460,VT 2011,300,40,,,20,
Umeå,2480,HT 2010,900,250,25,5,60,10
Vännäs,2460,HT 2010,200,60,5,1,30,4
"""

KURSER_TOML = """
[[priorities]]
id = "socialtjanst"
title = "Socialtjänst"

[extensions.kurser]
period_start = 2011-01-01
period_end = 2011-06-30
kurser = 12
deltagare = 410
"""

KURSER_CSV = """\
omrade,kurser,deltagare,priority
Socialtjänst,7,250,socialtjanst
Skola <och> förskola,5,160,
"""


@pytest.fixture
def plugin() -> ModuleType:
    return load_repo_plugin("norrbotten")


@pytest.fixture
def fed(mini, plugin):
    """The mini federation with MediaCenter statistics for both members and two terms."""
    mini.append("2011/year.toml", MEDIACENTER_TOML)
    mini.write("2011/mediacenter.csv", MEDIACENTER_CSV)
    return mini


def _render(mini, plugin, report_id: str):
    build = mini.build({"norrbotten": plugin})
    return build.render_html(build.year_data(2011), report_id)


def _section_html(html: str, section_id: str) -> str:
    match = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def _cells(row_html: str) -> list[str]:
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)]


def _table_rows(html: str, table_class: str) -> list[list[str]]:
    table = re.search(rf'<table class="[^"]*{table_class}[^"]*">.*?</table>', html, re.S)
    assert table, f"no table {table_class}"
    return [_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)]


# -- the plugin module ---------------------------------------------------------------------------

def test_plugin_has_a_version(plugin):
    assert re.fullmatch(r"\d+\.\d+\.\d+", plugin.__version__)


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

def test_mediacenter_sums_and_changes(fed, plugin):
    rendered = _render(fed, plugin, "delarsrapport")
    section = next(s for s in rendered.sections if s.id == "mediacenter")
    table = section.data["table"]
    umea, vannas = table.kommuner
    assert (umea.label, umea.current.total, umea.previous.total, umea.change) == ("Umeå", 1390, 1250, 140)
    assert (vannas.label, vannas.current.total, vannas.previous.total, vannas.change) == ("Vännäs", 360, 300, 60)
    assert table.total.current.counts == (1400, 240, 30, 4, 70, 6)
    assert table.total.current.total == 1750
    assert table.total.previous.total == 1550
    assert table.total.change == 200
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


def test_a_member_without_rows_is_named_and_left_out_of_the_change(fed, plugin):
    fed.write("2011/mediacenter.csv", "\n".join(
        line for line in MEDIACENTER_CSV.splitlines() if not line.startswith("Vännäs,2460,VT")) + "\n")
    table = next(s for s in _render(fed, plugin, "delarsrapport").sections if s.id == "mediacenter").data["table"]
    assert table.missing == ["Vännäs"]
    assert table.kommuner[1].current is None and table.kommuner[1].change is None
    # the sum's change compares only Umeå, the kommun with both terms
    assert table.total.current.total == 1390 and table.total.previous.total == 1550
    assert table.total.change == 140
    html = _section_html(_render(fed, plugin, "delarsrapport").html, "mediacenter")
    assert "Uppgifter för VT 2011 saknas för Vännäs." in html


def test_mediacenter_only_in_the_reports_that_follow_up(fed, plugin):
    for report_id, expected in (("verksamhetsplan", False), ("delarsrapport", True), ("arsredovisning", True)):
        rendered = _render(fed, plugin, report_id)
        assert ("mediacenter" in [s.id for s in rendered.sections]) is expected, report_id
        assert ('id="mediacenter"' in rendered.html) is expected, report_id


def test_no_mediacenter_section_without_data(mini, plugin):
    rendered = _render(mini, plugin, "delarsrapport")
    assert "mediacenter" not in [s.id for s in rendered.sections]


def test_no_section_when_only_the_previous_term_has_rows(fed, plugin):
    fed.write("2011/mediacenter.csv", "\n".join(line for line in MEDIACENTER_CSV.splitlines() if "VT 2011" not in line) + "\n")
    rendered = _render(fed, plugin, "arsredovisning")
    assert "mediacenter" not in [s.id for s in rendered.sections]
    assert "Utlånade och strömmade program" not in rendered.html


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


def test_total_is_an_indicator_under_the_named_priority(fed, plugin):
    fed.append("2011/year.toml", '\n[[priorities]]\nid = "mediacenter"\ntitle = "Media Center"\n')
    config = (fed.fed_dir / "2011" / "year.toml").read_text(encoding="utf-8")
    (fed.fed_dir / "2011" / "year.toml").write_text(
        config.replace('source = "MediaCenter, utlåningsstatistik"',
                       'source = "MediaCenter, utlåningsstatistik"\npriority = "mediacenter"'), encoding="utf-8")
    html = _section_html(_render(fed, plugin, "delarsrapport").html, "prioriterade")
    assert "Utlånade och strömmade program VT 2011" in html
    assert f"Utfall: 1{NBSP}750{NBSP}st" in html
    assert f"+200 (+12,9{NBSP}%) jämfört med HT 2010." in html
    assert f"Utfall: 80{NBSP}%" in html  # the share of streaming, 80,0 % (core shows whole numbers bare)


def test_without_priority_the_total_goes_to_nyckeltal(fed, plugin):
    html = _render(fed, plugin, "delarsrapport").html
    nyckeltal = _section_html(html, "nyckeltal")
    assert "MediaCenter Norrbotten" in nyckeltal
    assert "Utlånade och strömmade program VT 2011" in nyckeltal


# -- MediaCenter: the checks ---------------------------------------------------------------------

def test_unknown_kommunkod_names_the_csv_line(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("Vännäs,2460,VT", "Luleå,2580,VT"))
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == fed.fed_dir / "2011" / "mediacenter.csv"
    assert problem.line == 3
    assert problem.path == "row 2, column kommunkod"
    assert "kommunkod 2580 (Luleå) is not a member" in problem.message
    assert "2480 Umeå" in problem.message and "2460 Vännäs" in problem.message
    assert str(problem).startswith(f"{fed.fed_dir / '2011' / 'mediacenter.csv'}:3: row 2, column kommunkod:")


def test_kommun_name_must_match_its_code(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("Umeå,2480,HT", "Umea,2480,HT"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.line, problem.path) == (4, "row 3, column kommun")
    assert "'Umea' does not match kommunkod 2480, which is Umeå" in problem.message


def test_period_must_be_one_of_the_two_terms(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("Vännäs,2460,HT 2010", "Vännäs,2460,VT 2010"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert (problem.line, problem.path) == (5, "row 4, column period")
    assert "period 'VT 2010'" in problem.message and "VT 2011, HT 2010" in problem.message


def test_two_rows_for_one_kommun_and_term(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV + "Umeå,2480,VT 2011,1,1,1,1,1,1\n")
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.line == 6
    assert "Umeå has two rows for VT 2011; the first is on line 2" in problem.message


def test_bad_cell_names_the_csv_row_and_column(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("Vännäs,2460,HT 2010,200", "Vännäs,2460,HT 2010,tvåhundra"))
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.file == fed.fed_dir / "2011" / "mediacenter.csv"
    assert (problem.line, problem.path) == (5, "row 4, column stream")
    assert "integer" in problem.message and "tvåhundra" in problem.message


def test_negative_count_and_malformed_kommunkod(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("Umeå,2480,VT 2011,1 100,200", "Umeå,248,VT 2011,1 100,-200"))
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert {(p.line, p.path) for p in problems} == {(2, "row 1, column kommunkod"), (2, "row 1, column dvd_inkopt")}


def test_unknown_column_is_reported(fed, plugin):
    fed.write("2011/mediacenter.csv", MEDIACENTER_CSV.replace("video_inkopt", "vhs"))
    problems = problems_of(fed.build({"norrbotten": plugin}))
    assert problems and all(p.file.name == "mediacenter.csv" for p in problems)
    assert any(p.path == "row 1, column vhs" and "unknown key 'vhs'" in p.message for p in problems)


def test_the_same_term_twice_is_an_error_in_year_toml(mini, plugin):
    mini.append("2011/year.toml", MEDIACENTER_TOML.replace('"HT 2010"', '"VT 2011"'))
    mini.write("2011/mediacenter.csv", MEDIACENTER_CSV)
    problems = problems_of(mini.build({"norrbotten": plugin}))
    assert any(p.file.name == "year.toml" and "previous must be another term" in p.message for p in problems)


def test_unknown_priority_names_the_year_toml_line(fed, plugin):
    text = (fed.fed_dir / "2011" / "year.toml").read_text(encoding="utf-8")
    (fed.fed_dir / "2011" / "year.toml").write_text(text + 'priority = "media"\n', encoding="utf-8")
    [problem] = problems_of(fed.build({"norrbotten": plugin}))
    assert problem.file.name == "year.toml"
    assert problem.path == "extensions.mediacenter.priority"
    assert problem.line == len(text.splitlines()) + 1
    assert "unknown prioriterad uppgift 'media'" in problem.message


# -- kurser och konferenser ----------------------------------------------------------------------

@pytest.fixture
def kurser(mini):
    mini.append("2011/year.toml", KURSER_TOML)
    mini.write("2011/kurser.csv", KURSER_CSV)
    return mini


def test_kurser_section_with_sums_and_shares(kurser, plugin):
    rendered = _render(kurser, plugin, "delarsrapport")
    ids = [s.id for s in rendered.sections]
    assert ids.index("kurser") > ids.index("prioriterade")
    html = _section_html(rendered.html, "kurser")
    rows = _table_rows(html, "kurser")
    assert rows[1] == ["Socialtjänst", "7", "250", f"61{NBSP}%", "36"]
    assert rows[2] == ["Skola <och> förskola", "5", "160", f"39{NBSP}%", "32"]
    assert "Skola &lt;och&gt; förskola" in html  # data is escaped
    assert rows[3] == ["Summa", "12", "410", f"100{NBSP}%", "34"]
    assert f"1{NBSP}januari – 30{NBSP}juni 2011" in html
    assert "<och>" not in rendered.html


def test_kurser_area_is_an_indicator_under_its_priority(kurser, plugin):
    html = _section_html(_render(kurser, plugin, "arsredovisning").html, "prioriterade")
    assert "Genomförda kurser och konferenser inom området" in html
    assert "Utfall: 7\xa0st" in html
    assert f"250 deltagare, 61{NBSP}% av alla deltagare." in html


def test_kurser_not_in_the_plan(kurser, plugin):
    rendered = _render(kurser, plugin, "verksamhetsplan")
    assert "kurser" not in [s.id for s in rendered.sections]
    assert "Genomförda kurser och konferenser" not in rendered.html


def test_stated_totals_must_agree_with_the_rows(kurser, plugin):
    text = (kurser.fed_dir / "2011" / "year.toml").read_text(encoding="utf-8")
    (kurser.fed_dir / "2011" / "year.toml").write_text(text.replace("deltagare = 410", "deltagare = 400"),
                                                        encoding="utf-8")
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file.name == "year.toml"
    assert problem.line is not None
    assert "deltagare = 400, but the rows of kurser.csv add up to 410" in problem.message


def test_unknown_priority_in_kurser_csv(kurser, plugin):
    kurser.write("2011/kurser.csv", KURSER_CSV.replace("160,", "160,skola"))
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.file == kurser.fed_dir / "2011" / "kurser.csv"
    assert (problem.line, problem.path) == (3, "row 2, column priority")
    assert "unknown prioriterad uppgift 'skola'" in problem.message


def test_kurser_period_must_be_in_the_year(kurser, plugin):
    text = (kurser.fed_dir / "2011" / "year.toml").read_text(encoding="utf-8")
    (kurser.fed_dir / "2011" / "year.toml").write_text(
        text.replace("period_start = 2011-01-01\nperiod_end = 2011-06-30",
                     "period_start = 2010-01-01\nperiod_end = 2010-06-30"), encoding="utf-8")
    [problem] = problems_of(kurser.build({"norrbotten": plugin}))
    assert problem.path == "extensions.kurser.period_end" and "is not in 2011" in problem.message


# -- the real federation -------------------------------------------------------------------------

@pytest.fixture
def norrbotten(repo, catalogue) -> FederationBuild:
    return FederationBuild(repo, repo.federation("norrbotten"), catalogue)


def test_real_federation_validates_and_names_all_members(norrbotten):
    data = norrbotten.year_data(2011)
    codes = {m.name: m.kommunkod for m in norrbotten.federation.config.members}
    assert codes == {
        "Arjeplog": "2506", "Arvidsjaur": "2505", "Boden": "2582", "Gällivare": "2523",
        "Haparanda": "2583", "Jokkmokk": "2510", "Kalix": "2514", "Kiruna": "2584", "Luleå": "2580",
        "Pajala": "2521", "Piteå": "2581", "Älvsbyn": "2560", "Överkalix": "2513", "Övertorneå": "2518"}
    assert [p.id for p in data.priorities] == [
        "hallbar-tillvaxt", "infrastruktur", "socialtjanst", "barn-och-utbildning", "folkhalsa",
        "fou-norrbotten", "regionfragan", "skatteutjamningen", "mediacenter"]
    assert len(data.projects) == 9
    assert data.meetings[0].date.isoformat() == "2011-09-15"


def test_real_delarsrapport(norrbotten):
    rendered = norrbotten.render_html(norrbotten.year_data(2011), "delarsrapport")
    assert rendered.title == "Delårsredovisning 2011"
    appendices = [s.id for s in rendered.sections if s.part == "appendix"]
    assert appendices == ["ekonomi", "mediacenter"]
    table = next(s for s in rendered.sections if s.id == "mediacenter").data["table"]
    # from the source: Luleå ends in …982 and …491, the increases of ten kommuner, nearly 8 000 in all
    luleå = next(k for k in table.kommuner if k.label == "Luleå")
    assert (luleå.current.total, luleå.previous.total) == (12982, 10491)
    increases = {k.label: k.change for k in table.kommuner}
    assert {k: increases[k] for k in ("Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Jokkmokk", "Kalix",
                                      "Kiruna", "Pajala", "Älvsbyn", "Överkalix")} == {
        "Arjeplog": 31, "Arvidsjaur": 153, "Boden": 849, "Gällivare": 863, "Jokkmokk": 278, "Kalix": 451,
        "Kiruna": 351, "Pajala": 369, "Älvsbyn": 630, "Överkalix": 42}
    assert 7500 < table.total.change < 8000
    assert table.total.current.total == sum(k.current.total for k in table.kommuner)
    assert table.missing == ["Haparanda"]
    kurser = _section_html(rendered.html, "kurser")
    assert re.search(rf"Summa</th><td class=\"num\">88</td><td class=\"num\">3{NBSP}444</td>", kurser)
    html = rendered.html
    assert "Bilaga 2.</span> Utlåningsstatistik MediaCenter Norrbotten" in html


def test_real_build_records_the_plugin_version(norrbotten, plugin):
    versions = {info.name: info.version for info in norrbotten.plugins.describe()}
    assert versions["norrbotten"] == plugin.__version__


def test_real_plan_has_neither_statistics_section(norrbotten):
    rendered = norrbotten.render_html(norrbotten.year_data(2011), "verksamhetsplan")
    ids = [s.id for s in rendered.sections]
    assert "mediacenter" not in ids and "kurser" not in ids
