"""The umearegionen plugin: arbetsgruppernas VP/VB, finansiering relativt invånare, its checks.

The plugin is registered in code on the small tmp federation (``mini``), and the real
federation in ``federations/umearegionen`` is built through the repository's catalogue.
"""

import re
from decimal import Decimal
from fractions import Fraction
from types import ModuleType

import pytest
from conftest import load_repo_plugin, problems_of

from rapportkarna.build import FederationBuild
from rapportkarna.errors import ValidationFailed
from rapportkarna.model import IndicatorStatus

try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # the deterministic cases below still run
    given = None

ARBETSGRUPP_BODIES = """
[[organisation.bodies]]
id = "folkhalsa"
kind = "arbetsgrupp"
name = "Folkhälsogruppen"

[[organisation.bodies]]
id = "it"
kind = "arbetsgrupp"
name = "IT/telefoni <b>&</b>"

[[organisation.bodies]]
id = "kommunchefsgrupp"
kind = "kommunchefsgrupp"
name = "Kommunchefsgruppen"
"""

# VB09 VP10 VB10 VP11 as in the presentation, for three groups
CSV = """\
arbetsgrupp,ar,vp,vb
folkhalsa,2009,,true
it,2009,,false
kommunchefsgrupp,2009,,true
folkhalsa,2010,true,true
it,2010,nej,ja
kommunchefsgrupp,2010,false,true
folkhalsa,2011,true,
it,2011,true,
kommunchefsgrupp,2011,false,
"""


@pytest.fixture
def plugin() -> ModuleType:
    return load_repo_plugin("umearegionen")


@pytest.fixture
def fed(mini, plugin):
    """The mini federation with three reporting bodies, the plugin registered in code."""
    mini.append("federation.toml", ARBETSGRUPP_BODIES)
    mini.write("2011/arbetsgrupper.csv", CSV)
    return mini


# -- apportion: exact to the krona ----------------------------------------------------------------

AWKWARD = [
    (3_000_000, [2443, 7102, 6721, 117294, 5466, 8551]),
    (1, [1, 1, 1]),
    (2, [1, 1, 1]),
    (10, [1, 1, 1]),
    (0, [5, 7]),
    (100, [1, 0, 0, 2]),
    (999_999_999_999, [3, 7, 11, 13, 17, 19]),
    (7, [1_000_000, 1, 1, 1]),
    (1_000_001, [333_333, 333_333, 333_334]),
    (5, [2, 2, 2, 2, 2, 2, 2]),
    (17, [1]),
    (123_457, [10**12, 1, 10**6]),
]


def _check_apportion(plugin, total, weights):
    keyed = {f"k{i}": w for i, w in enumerate(weights)}
    parts = plugin.apportion(total, keyed)
    assert list(parts) == list(keyed)
    assert all(isinstance(v, int) for v in parts.values())
    assert sum(parts.values()) == total
    whole = sum(weights)
    for key, weight in keyed.items():
        exact = Fraction(total * weight, whole)
        assert abs(parts[key] - exact) < 1, (total, weights, key)
        if weight == 0:
            assert parts[key] == 0
    # a larger weight never gets less
    for a in keyed:
        for b in keyed:
            if keyed[a] > keyed[b]:
                assert parts[a] >= parts[b]
    return parts


@pytest.mark.parametrize(("total", "weights"), AWKWARD)
def test_apportion_sums_exactly_and_is_proportional_within_a_krona(plugin, total, weights):
    _check_apportion(plugin, total, weights)


def test_apportion_loop_of_many_awkward_cases(plugin):
    for total in (1, 2, 3, 99, 100, 101, 2_999_999, 3_000_000, 3_000_001, 10**9 + 7):
        for weights in ([1, 1, 1], [2, 3, 5], [2435, 7102, 6700, 118349, 5400, 8500],
                        [1, 10**9], [7] * 13, [0, 1, 0, 1, 0]):
            _check_apportion(plugin, total, weights)


def test_apportion_breaks_ties_by_weight_then_order(plugin):
    assert plugin.apportion(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert plugin.apportion(2, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 0}
    # remainders tie at 0.5: the larger weight gets the krona
    assert plugin.apportion(1, {"a": 1, "b": 1}) == {"a": 1, "b": 0}
    assert plugin.apportion(Decimal("3000000"), {"x": 1, "y": 2}) == {"x": 1_000_000, "y": 2_000_000}


@pytest.mark.parametrize(("total", "weights"), [
    (Decimal("10.50"), {"a": 1}), (-1, {"a": 1}), (10, {"a": 0, "b": 0}), (10, {}), (10, {"a": -1, "b": 2}),
])
def test_apportion_refuses_what_cannot_be_split_to_the_krona(plugin, total, weights):
    with pytest.raises(ValueError):
        plugin.apportion(total, weights)


if given is not None:
    @settings(max_examples=300, deadline=None)
    @given(total=st.integers(min_value=0, max_value=10**12),
           weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12)
           .filter(lambda ws: sum(ws) > 0))
    def test_apportion_property(total, weights):
        _check_apportion(load_repo_plugin("umearegionen"), total, weights)


# -- arbetsgrupper: VP/VB table and indicator -----------------------------------------------------

def test_vp_vb_table_columns_and_sums(fed, plugin):
    build = fed.build(plugins={"umearegionen": plugin})
    data = build.year_data(2011)
    table = plugin.vp_vb_table(data.extensions["arbetsgrupper"], fed.federation.config)
    assert [c.label for c in table.columns] == ["VB09", "VP10", "VB10", "VP11"]
    assert [r.name for r in table.rows] == ["Folkhälsogruppen", "IT/telefoni <b>&</b>", "Kommunchefsgruppen"]
    assert table.rows[1].cells == (False, False, True, True)  # "nej"/"ja" read as booleans
    assert table.sums == (2, 1, 3, 2)
    assert table.reported == (3, 3, 3, 3)


def test_vp_vb_table_is_rendered_with_words_not_colour(fed, plugin):
    build = fed.build(plugins={"umearegionen": plugin})
    data = build.year_data(2011)
    html = build.render_html(data, "verksamhetsplan").html
    assert "Arbetsgruppernas verksamhetsplaner och verksamhetsberättelser" in html
    table = html[html.index('<table class="arbetsgrupper">'):]
    table = table[: table.index("</table>")]
    sums = re.search(r"Summa inlämnade</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r'<td class="mark">(\d+)</td>', sums) == ["2", "1", "3", "2"]
    assert table.count('<span class="visually-hidden">Inlämnad</span>') == 8
    assert table.count('<span class="visually-hidden">Ej inlämnad</span>') == 4
    assert "IT/telefoni &lt;b&gt;&amp;&lt;/b&gt;" in table  # data is escaped, never markup
    assert "<b>&</b>" not in html
    assert "För 2011 har 2 av 3 arbetsgrupper lämnat verksamhetsplan" in html
    assert "arbetsgrupper" in [s.id for s in build.render_html(data, "arsredovisning").sections]
    assert "arbetsgrupper" not in [s.id for s in build.render_html(data, "delarsrapport").sections]


def test_indicator_share_of_groups_with_plan(fed, plugin):
    build = fed.build(plugins={"umearegionen": plugin})
    data = build.year_data(2011)
    rendered = build.render_html(data, "arsredovisning")
    assert "nyckeltal" in [s.id for s in rendered.sections]  # not attached to a priority
    [found] = plugin.indicators(report=build.report_type("arsredovisning"), federation=fed.federation, data=data)
    indicator = found.indicator
    assert found.priority is None
    assert indicator.text == "Andel arbetsgrupper som lämnat verksamhetsplan för 2011"
    assert indicator.outcome == Decimal("66.7") and indicator.target == 100
    assert indicator.status is IndicatorStatus.EJ_UPPFYLLT
    assert indicator.assessment == "2 av 3 arbetsgrupper har lämnat verksamhetsplan för 2011."
    assert "Andel arbetsgrupper som lämnat verksamhetsplan för 2011" in rendered.html


def test_indicator_uses_latest_year_with_plans(plugin):
    ext = plugin.Arbetsgrupper.model_validate({"rows": [
        {"arbetsgrupp": "a", "ar": 2010, "vp": "true"}, {"arbetsgrupp": "b", "ar": 2010, "vp": "true"},
        {"arbetsgrupp": "a", "ar": 2012, "vb": "true"}]})
    share = plugin.plan_share(ext, 2013)
    assert (share.year, share.handed_in, share.groups) == (2010, 2, 2)
    assert plugin.plan_indicator(ext, 2013).status is IndicatorStatus.UPPFYLLT
    assert plugin.plan_share(ext, 2009) is None


# -- validation -----------------------------------------------------------------------------------

def test_unknown_arbetsgrupp_names_csv_file_and_line(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV + "kultur,2011,true,\n\nstyrelse,2011,true,\n")
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    by_line = {p.line: p for p in problems}
    assert set(by_line) == {11, 13}
    unknown = by_line[11]
    assert unknown.file == path
    assert unknown.path == "row 10, column arbetsgrupp"
    assert "unknown arbetsgrupp 'kultur'" in unknown.message
    assert "folkhalsa, it, kommunchefsgrupp" in unknown.message
    wrong_kind = by_line[13]  # the blank line 12 is skipped, the line number still counts it
    assert wrong_kind.path == "row 11, column arbetsgrupp"
    assert "kind 'styrelse'" in wrong_kind.message
    assert str(path) + ":11:" in str(unknown)


def test_same_group_and_year_twice_is_a_problem(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV + "it,2010,true,true\n")
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line) == (path, 11)
    assert "already given on row 5" in problem.message


def test_bad_cell_is_located_by_the_loader(fed, plugin):
    path = fed.write("2011/arbetsgrupper.csv", CSV.replace("it,2011,true,", "it,2011,kanske,"))
    [problem] = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert (problem.file, problem.line, problem.path) == (path, 9, "row 8, column vp")


# -- finansiering ---------------------------------------------------------------------------------

FINANSIERING = """
[extensions.finansiering]
total = {total}
"""


def _with_financing(mini, text: str) -> None:
    mini.append("2011/year.toml", text)


def test_financing_split_by_population_to_the_krona(mini, plugin):
    _with_financing(mini, FINANSIERING.format(total=1_000_001))
    build = mini.build(plugins={"umearegionen": plugin})
    data = build.year_data(2011)
    table = plugin.financing_table(data.extensions["finansiering"], mini.federation.config, 2011)
    assert [(r.name, r.population, r.amount) for r in table.rows] == [
        ("Umeå", 116000, 931_728), ("Vännäs", 8500, 68_273)]  # quotas 931 727,84 and 68 273,16
    assert sum(r.amount for r in table.rows) == 1_000_001
    assert sum(r.share for r in table.rows) == 100
    html = build.render_html(data, "verksamhetsplan").html
    assert "Medlemskommunernas finansiering" in html
    assert "931\u00a0728" in html and "1\u00a0000\u00a0001" in html
    assert "finansiering" in [s.id for s in build.render_html(data, "arsredovisning").sections]
    assert "finansiering" not in [s.id for s in build.render_html(data, "delarsrapport").sections]


def test_member_without_population_is_named_with_its_line(mini, plugin):
    config = (mini.fed_dir / "federation.toml").read_text()
    path = mini.write("federation.toml", config + '\n[[members]]\nname = "Bjurholm"\nkommunkod = "2403"\n')
    _with_financing(mini, FINANSIERING.format(total=3_000_000))
    [problem] = problems_of(mini.build(plugins={"umearegionen": plugin}))
    assert problem.file == path
    assert problem.path == "members[2].population"
    assert problem.line == config.count("\n") + 2  # the [[members]] header of Bjurholm
    assert "Bjurholm has no population for 2011" in problem.message


def test_population_year_and_whole_kronor(mini, plugin):
    year = (mini.fed_dir / "2011" / "year.toml").read_text()
    mini.write("2011/year.toml", year + "\n[extensions.finansiering]\ntotal = 1000.50\n")
    [problem] = problems_of(mini.build(plugins={"umearegionen": plugin}))
    assert (problem.path, problem.file.name) == ("extensions.finansiering.total", "year.toml")
    assert problem.line == year.count("\n") + 3
    assert "whole kronor" in problem.message
    mini.write("2011/year.toml", year + "\n[extensions.finansiering]\ntotal = 1000\npopulation_year = 2010\n")
    problems = problems_of(mini.build(plugins={"umearegionen": plugin}))
    assert {p.path for p in problems} == {"members[0].population", "members[1].population"}
    assert all("for 2010 or earlier" in p.message for p in problems)


def test_budget_line_must_match_the_total(mini, plugin):
    _with_financing(mini, FINANSIERING.format(total=999_000) + 'budget_line = "Medlemsavgifter"\n')
    [problem] = problems_of(mini.build(plugins={"umearegionen": plugin}))
    assert problem.path == "extensions.finansiering.budget_line"
    assert problem.file.name == "year.toml" and problem.line is not None
    assert "1000000 kr" in problem.message and "999000 kr" in problem.message


def test_unknown_plugin_setting_and_priority(fed, plugin):
    config = (fed.fed_dir / "federation.toml").read_text()
    fed.write("federation.toml", config.replace(
        "plugins = []", 'plugins = []\n\n[plugin_config.umearegionen]\nindicator_priority = "saknas"\nfarg = 1\n'))
    problems = problems_of(fed.build(plugins={"umearegionen": plugin}))
    assert sorted(p.path for p in problems) == ["plugin_config.umearegionen.farg",
                                                "plugin_config.umearegionen.indicator_priority"]
    assert all(p.line for p in problems)


# -- the real federation --------------------------------------------------------------------------

def test_plugin_has_version(plugin):
    assert re.fullmatch(r"\d+\.\d+\.\d+", plugin.__version__)


def test_umearegionen_builds_with_its_tables(repo, catalogue, plugin):
    build = FederationBuild(repo, repo.federation("umearegionen"), catalogue)
    data = build.year_data(2013)
    table = plugin.vp_vb_table(data.extensions["arbetsgrupper"], build.federation.config)
    sums = dict(zip((c.label for c in table.columns), table.sums))
    assert {k: sums[k] for k in ("VB09", "VP10", "VB10", "VP11")} == {"VB09": 11, "VP10": 12, "VB10": 16, "VP11": 18}
    financing = plugin.financing_table(data.extensions["finansiering"], build.federation.config, 2013)
    assert financing.total == 3_000_000 and financing.population_year == 2012
    assert sum(r.amount for r in financing.rows) == 3_000_000
    assert len(financing.rows) == 6
    for report in ("verksamhetsplan", "arsredovisning"):
        rendered = build.render_html(data, report)
        ids = [s.id for s in rendered.sections]
        assert {"arbetsgrupper", "finansiering"} <= set(ids)
        assert "Andel arbetsgrupper som lämnat verksamhetsplan för 2013" in rendered.html
    meeting = data.meetings[0]
    assert (meeting.body, len(meeting.items)) == ("kommunchefsgrupp", 11)
    assert "300 000 kr" in meeting.items[3].decision
