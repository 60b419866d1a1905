"""Member fees in core: the split to the krona, the checks, and the reports' tables.

The mini federation has two members, Umeå (2480, 116 000 inhabitants in 2011) and Vännäs (2460,
8 500), and the budget line Medlemsavgifter of 1 000 000 kr (utfall 500 000 kr at the delår and
1 000 000 kr in the bokslut).
"""

import json
import random
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import problems_of
from hypothesis import given, settings, strategies as st

from rapportkarna.build import FederationBuild
from rapportkarna.economy.fees import (MemberPopulation, largest_remainder, percent_shares, round_to_sum,
                                       split_fees, split_result)
from rapportkarna.model import Fees, FeesFollowUp
from rapportkarna.testing.text import html_to_text

DEC31 = date(2011, 12, 31)
MINI_MEMBERS = [MemberPopulation("2480", "Umeå", 116_000), MemberPopulation("2460", "Vännäs", 8_500)]

SHARE = """
[fees]
method = "population_share"
total = {total}
population_year = 2011
budget_line = "Medlemsavgifter"
"""


def _fees(**values: object) -> Fees:
    return Fees.model_validate({"budget_line": "Medlemsavgifter", **values})


def _members(populations: list[int]) -> list[MemberPopulation]:
    return [MemberPopulation(f"{i:04d}", f"Kommun {i}", p) for i, p in enumerate(populations, start=1)]


# -- hand-worked examples --------------------------------------------------------------------------

def test_largest_remainder_breaks_ties_by_kommunkod():
    assert largest_remainder(10, {"2460": 1, "2480": 1, "2401": 1}) == {"2460": 3, "2480": 3, "2401": 4}
    assert largest_remainder(2, {"b": 1, "a": 1, "c": 1}) == {"b": 1, "a": 1, "c": 0}
    assert largest_remainder(0, {"a": 5, "b": 7}) == {"a": 0, "b": 0}
    # 7 split 1:1:1:1_000_000: the three small ones are owed 0.000007 each; the big one gets 7
    assert largest_remainder(7, {"a": 1, "b": 1, "c": 1, "d": 1_000_000}) == {"a": 0, "b": 0, "c": 0, "d": 7}


def test_population_share_umearegionen_2013_by_hand():
    """3 000 000 kr by the population of 31 December 2012, as Umeåregionen's plugin split it."""
    members = [MemberPopulation("2403", "Bjurholm", 2443), MemberPopulation("2401", "Nordmaling", 7102),
               MemberPopulation("2409", "Robertsfors", 6721), MemberPopulation("2480", "Umeå", 117294),
               MemberPopulation("2404", "Vindeln", 5466), MemberPopulation("2460", "Vännäs", 8551)]
    split = split_fees(_fees(method="population_share", total=3_000_000), members, date(2012, 12, 31))
    # quotas 3 000 000 × p / 147 577: 49 662,48 · 144 372,36 · 136 627,25 · 2 384 396,48 · 111 115,41 ·
    # 173 828,03; floors sum to 2 999 998, the two kronor go to Bjurholm (,48) and Umeå (,48)
    assert [(r.name, r.fee) for r in split.rows] == [
        ("Bjurholm", 49_662), ("Nordmaling", 144_372), ("Robertsfors", 136_627), ("Umeå", 2_384_396),
        ("Vindeln", 111_115), ("Vännäs", 173_828)]
    assert split.total == 3_000_000 and split.population == 147_577 and split.population_year == 2012
    assert [r.share for r in split.rows] == [Decimal(x) for x in ("1.66", "4.81", "4.55", "79.48", "3.70", "5.80")]


def test_population_share_with_a_base_by_hand():
    # 1 000 000 − 2 × 100 000 = 800 000 by population: 745 381,53 and 54 618,47 → 745 382 and 54 618
    split = split_fees(_fees(method="population_share", total=1_000_000, base=100_000), MINI_MEMBERS, DEC31)
    assert [(r.base, r.variable, r.fee) for r in split.rows] == [(100_000, 745_382, 845_382), (100_000, 54_618, 154_618)]
    assert (split.base_total, split.variable_total, split.total) == (200_000, 800_000, 1_000_000)


def test_per_inhabitant_by_hand():
    # 23,50 kr × 116 000 = 2 726 000 and × 8 500 = 199 750, plus 10 000 kr each
    split = split_fees(_fees(method="per_inhabitant", rate="23.50", base=10_000), MINI_MEMBERS, DEC31)
    assert [r.fee for r in split.rows] == [2_736_000, 209_750] and split.total == 2_945_750
    # 0,5 kr × 1 001 and × 2 003 = 500,5 and 1 001,5: sum 1 502; the krona goes to the lower kommunkod
    split = split_fees(_fees(method="per_inhabitant", rate="0.5"), _members([1001, 2003]), DEC31)
    assert [r.fee for r in split.rows] == [501, 1001]
    # 0,30 kr × 1, three times: 0,90 rounds to 1 krona, which one member pays
    split = split_fees(_fees(method="per_inhabitant", rate="0.30"), _members([1, 1, 1]), DEC31)
    assert [r.fee for r in split.rows] == [1, 0, 0]


def test_round_to_sum_refuses_a_target_that_is_no_rounding():
    with pytest.raises(ValueError):
        round_to_sum({"a": Decimal("1.5"), "b": Decimal("1.5")}, 5)


def test_a_result_is_settled_by_the_share_of_the_fees():
    split = split_fees(_fees(method="population_share", total=1_000_000, base=100_000), MINI_MEMBERS, DEC31)
    rows = split_result(split, Decimal(-155_000))
    # 155 000 × 845 382 / 1 000 000 = 131 034,21 and × 154 618 = 23 965,79
    assert [(r.amount, r.share) for r in rows] == [(-131_034, Decimal("84.54")), (-23_966, Decimal("15.46"))]
    rows = split_result(split, Decimal("100.01"))  # öre are split as öre
    assert sum(r.amount for r in rows) == Decimal("100.01")


# -- properties ------------------------------------------------------------------------------------

POPULATIONS = st.lists(st.one_of(st.integers(0, 10), st.integers(0, 2_000_000), st.integers(0, 10**15)),
                       min_size=1, max_size=12).filter(lambda ps: sum(ps) > 0)


@settings(max_examples=300, deadline=None)
@given(populations=POPULATIONS, total=st.integers(0, 10**13), seed=st.integers(0, 1000))
def test_largest_remainder_is_exact_fair_and_order_free(populations, total, seed):
    weights = {f"{i:04d}": p for i, p in enumerate(populations)}
    parts = largest_remainder(total, weights)
    assert sum(parts.values()) == total
    whole = sum(populations)
    for key, weight in weights.items():
        assert parts[key] >= 0
        assert abs(parts[key] - Fraction(total * weight, whole)) < 1
        if weight == 0:
            assert parts[key] == 0
    shuffled = list(weights.items())
    random.Random(seed).shuffle(shuffled)
    assert largest_remainder(total, dict(shuffled)) == parts


@settings(max_examples=300, deadline=None)
@given(populations=POPULATIONS, total=st.integers(1, 10**12), base=st.integers(0, 10**6))
def test_population_share_sums_to_the_total(populations, total, base):
    members = _members(populations)
    fees = _fees(method="population_share", total=total + base * len(members), base=base)
    split = split_fees(fees, members, DEC31)
    assert split.total == fees.total
    assert all(row.fee >= base and row.variable >= 0 for row in split.rows)
    assert all(row.fee == row.fee.to_integral_value() for row in split.rows)
    assert sum(row.share for row in split.rows) == 100
    assert split_fees(fees, list(reversed(members)), DEC31).rows == tuple(reversed(split.rows))


@settings(max_examples=300, deadline=None)
@given(populations=POPULATIONS, rate=st.decimals("0.01", "100000", places=2), base=st.integers(0, 10**6))
def test_per_inhabitant_sums_to_the_rounded_sum(populations, rate, base):
    members = _members(populations)
    split = split_fees(_fees(method="per_inhabitant", rate=rate, base=base), members, DEC31)
    exact = sum((base + rate * p for p in populations), Decimal(0))
    assert split.total == exact.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    for row, population in zip(split.rows, populations, strict=True):
        assert row.fee >= 0 and abs(row.fee - (base + rate * population)) < 1
    assert split_fees(_fees(method="per_inhabitant", rate=rate, base=base), members, DEC31) == split


@settings(max_examples=200, deadline=None)
@given(populations=POPULATIONS, result=st.decimals("-10000000", "10000000", places=2))
def test_a_settled_result_sums_exactly(populations, result):
    split = split_fees(_fees(method="population_share", total=1_000_000), _members(populations), DEC31)
    rows = split_result(split, result)
    assert sum(r.amount for r in rows) == result
    assert all((r.amount <= 0) if result < 0 else (r.amount >= 0) for r in rows)


def test_one_member_pays_everything():
    split = split_fees(_fees(method="population_share", total=123_457, base=3), _members([5]), DEC31)
    assert [r.fee for r in split.rows] == [123_457]
    assert percent_shares({"0001": 7}) == {"0001": 100}


def test_no_split_without_population():
    with pytest.raises(ValueError, match="all be zero"):
        split_fees(_fees(method="population_share", total=100), _members([0, 0]), DEC31)


# -- the models ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "message"), [
    ({"method": "population_share"}, "needs total"),
    ({"method": "population_share", "total": 10, "rate": 1}, "rate belongs to 'per_inhabitant'"),
    ({"method": "per_inhabitant"}, "needs rate"),
    ({"method": "per_inhabitant", "rate": 1, "total": 10}, "leave total out"),
    ({"method": "population_share", "total": "1000.50"}, "whole kronor"),
    ({"method": "population_share", "total": 1000, "base": "10.5"}, "whole kronor"),
    ({"method": "per_capita", "rate": 1}, "population_share"),
])
def test_fees_model_says_what_is_wrong(values, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        _fees(**values)


def test_reference_year_defaults_to_the_year_before():
    assert _fees(method="population_share", total=1).reference_year(2013) == 2012
    assert _fees(method="population_share", total=1, population_year=2013).reference_year(2013) == 2013


def test_invoiced_is_keyed_by_kommunkod():
    with pytest.raises(ValueError, match="four digits"):
        FeesFollowUp.model_validate({"invoiced": {"180": 1}})
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        FeesFollowUp.model_validate({"invoiced": {"0180": -1}})


# -- validation in the mini federation -------------------------------------------------------------

def _line(path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_bad_fees_table_is_placed_at_its_line(mini):
    path = mini.append("2011/year.toml", '\n[fees]\nmethod = "population_share"\ntotal = 1000.50\nbudget_line = "Medlemsavgifter"\n')
    [problem] = problems_of(mini.build())
    assert (problem.file, problem.line, problem.path) == (path, _line(path, "total = 1000.50"), "fees.total")


def test_member_without_population_of_the_reference_year(mini):
    mini.append("2011/year.toml", SHARE.replace("population_year = 2011\n", "").format(total=1_000_000))
    problems = problems_of(mini.build())
    config = mini.path("federation.toml")
    assert [(p.file, p.path) for p in problems] == [(config, "members[0].population"), (config, "members[1].population")]
    assert problems[0].line == _line(config, "population = { 2011 = 116000 }")
    assert "Umeå has no population for 2010 (31 December; years given: 2011)" in problems[0].message


def test_all_populations_zero(mini):
    config = mini.path("federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", config.replace("2011 = 116000", "2011 = 0").replace("2011 = 8500", "2011 = 0"))
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    [problem] = problems_of(mini.build())
    assert problem.path == "members" and "adds up to 0" in problem.message


def test_bases_larger_than_the_total(mini):
    path = mini.append("2011/year.toml", SHARE.format(total=1_000_000) + "base = 600000\n")
    [problem] = problems_of(mini.build())
    assert (problem.file, problem.line, problem.path) == (path, _line(path, "base = 600000"), "fees.base")
    assert "2 members × 600 000 kr = 1 200 000 kr) exceed the total 1 000 000 kr" in problem.message


def test_budget_line_missing_or_different(mini):
    path = mini.append("2011/year.toml", SHARE.format(total=999_000).replace("Medlemsavgifter", "Avgifter"))
    [problem] = problems_of(mini.build())
    assert (problem.path, problem.line) == ("fees.budget_line", _line(path, 'budget_line = "Avgifter"'))
    assert "no income line 'Avgifter' in the year's budget.csv; income lines: Medlemsavgifter" in problem.message
    mini.write("2011/year.toml", path.read_text(encoding="utf-8").replace('"Avgifter"', '"Medlemsavgifter"'))
    [problem] = [p for p in problems_of(mini.build()) if p.file == path]
    assert "the budget of 'Medlemsavgifter' is 1 000 000 kr but the member fees add up to 999 000 kr" in problem.message


def test_the_bokslut_utfall_is_what_was_invoiced(mini):
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    moment = mini.append("2011/bokslut/moment.toml", '\n[fees]\ninvoiced = { "2480" = 931727, "2460" = 68273 }\n')
    csv = mini.write("2011/bokslut/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,990000\n"
                     "Kansli,kostnad,871000\n")
    [problem] = problems_of(mini.build())
    assert (problem.file, problem.line, problem.path) == (csv, 2, "row 1, column utfall")
    assert ("the utfall of 'Medlemsavgifter' is 990 000 kr but the member fees invoiced in the year add up to "
            "1 000 000 kr") in problem.message
    assert moment.exists()


def test_invoiced_in_the_plan_or_for_a_stranger(mini):
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    plan = mini.append("2011/plan/moment.toml", '\n[fees]\ninvoiced = { "2480" = 1 }\n')
    delar = mini.append("2011/delar-0630/moment.toml", '\n[fees.invoiced]\n"2480" = 465864\n"2460" = 34136\n"0180" = 5\n')
    problems = problems_of(mini.build())
    assert [(p.file, p.path) for p in problems] == [(delar, "fees.invoiced.0180"), (plan, "fees")]
    assert "0180 is not a member; members: 2480 Umeå, 2460 Vännäs" in problems[0].message
    assert problems[0].line == _line(delar, '"0180" = 5')
    assert "the plan invoices nothing" in problems[1].message


def test_invoiced_fees_need_fees_in_the_year(mini):
    delar = mini.append("2011/delar-0630/moment.toml", '\n[fees.invoiced]\n"2480" = 1\n')
    [problem] = problems_of(mini.build())
    assert (problem.file, problem.path) == (delar, "fees") and "no [fees] in year.toml" in problem.message


def test_a_settlement_is_for_a_samverkan(mini):
    path = mini.append("2011/year.toml", SHARE.format(total=1_000_000) + 'settlement = "Återbetalas."\n')
    [problem] = problems_of(mini.build())
    assert (problem.path, problem.line) == ("fees.settlement", _line(path, 'settlement = "Återbetalas."'))


ADOPTED = '\n[adoption]\nstatus = "beslutad"\nbody = "styrelse"\ndate = 2011-08-20\nparagraph = 3\n'


def test_a_difference_needs_an_explanation(mini):
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    text = '\n[fees.invoiced]\n"2480" = 465864\n"2460" = 34136\n'
    delar = mini.append("2011/delar-0630/moment.toml", text)
    build = mini.build()
    loaded = build.load(2011)  # a draft: notes, and the report says what is lacking
    gaps = [p for p in build.gaps(loaded, "delar-0630") if p.path and p.path.startswith("fees")]
    assert [(p.path, p.line) for p in gaps] == [("fees.invoiced.2480", _line(delar, '"2480" = 465864')),
                                                ("fees.invoiced.2460", _line(delar, '"2460" = 34136'))]
    assert "Umeå was invoiced 465 864 kr but its decided fee is 931 727 kr: say why in [fees] explanation" \
        in gaps[0].message
    html = build.render_html(loaded, "delarsrapport").html
    assert "Uppgift saknas: varför det fakturerade skiljer sig" in html
    mini.append("2011/delar-0630/moment.toml", ADOPTED)  # adopted: errors at the same places
    problems = [p for p in problems_of(mini.build()) if p.path and p.path.startswith("fees")]
    assert sorted(p.path for p in problems) == ["fees.invoiced.2460", "fees.invoiced.2480"]
    mini.append("2011/delar-0630/moment.toml", '\n[fees]\nexplanation = "Hälften faktureras i juli."\n')
    assert not [p for p in mini.build().gaps(mini.build().load(2011), "delar-0630") if p.path and "fees" in p.path]


def test_a_follow_up_without_invoiced_fees_is_a_gap(mini):
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    mini.append("2011/delar-0630/moment.toml", '\n[fees.invoiced]\n"2480" = 465864\n')
    build = mini.build()
    loaded = build.load(2011)
    [absent] = [p for p in build.gaps(loaded, "delar-0630") if p.path == "fees.invoiced"]
    assert "no invoiced fee for 2460 Vännäs" in absent.message
    [missing] = [p for p in build.gaps(loaded, "bokslut") if p.path == "fees"]
    assert "no [fees] with the member fees invoiced" in missing.message
    assert not [p for p in build.gaps(loaded, "plan") if p.path and "fees" in p.path]


# -- Kolada as the population source ---------------------------------------------------------------

def _kolada_year(values: dict[str, int | None], year: int = 2010, kpi: str = "N01951") -> dict[str, object]:
    return {"format": 1, "kpi": kpi, "year": year, "retrieved": "2026-11-20",
            "urls": [f"https://api.kolada.se/v3/data/kpi/{kpi}/municipality/2480,2460/year/{year}"],
            "municipalities": list(values),
            "rows": [{"kpi": kpi, "municipality": code, "period": year,
                      "values": [{"gender": "T", "status": "" if v is not None else "Missing", "value": v, "count": 1}]}
                     for code, v in values.items()]}


KOLADA_FEES = """
[fees]
method = "per_inhabitant"
rate = 10
population_source = "kolada"
budget_line = "Medlemsavgifter"
"""


def _with_kolada_cache(mini, values: dict[str, int | None]) -> None:
    mini.write("kolada/N01951/2010.json", json.dumps(_kolada_year(values)))
    if "[kolada]" not in mini.path("federation.toml").read_text(encoding="utf-8"):
        mini.append("federation.toml", '\n[kolada]\nyears = [2010]\n\n[kolada.population]\nkpi = "N01951"\n')


def test_population_from_the_kolada_cache(mini):
    _with_kolada_cache(mini, {"2480": 92_000, "2460": 8_000})
    mini.append("2011/year.toml", KOLADA_FEES)
    build = mini.build()
    loaded = build.load(2011)
    text = html_to_text(build.render_html(loaded, "verksamhetsplan").html)
    assert "Medlemsavgiften 2011 är 10 kr per invånare den 31 december 2010" in text
    assert "Umeå | 92 000 | 92,00 % | 920 000" in text
    assert "Källa: Kolada, KPI N01951, hämtad 2026-11-20 (folkmängden)" in text


def test_kolada_cache_without_the_year_or_a_member(mini):
    mini.append("2011/year.toml", KOLADA_FEES)
    problems = problems_of(mini.build())
    messages = [p.message for p in problems]
    assert any("KPI N01951 is not in the cache; run `rapportkarna kolada fetch test`" in m for m in messages)
    assert any("fetches it once federation.toml has [kolada.population] and the year 2010" in m for m in messages)
    _with_kolada_cache(mini, {"2480": 92_000})
    [problem] = problems_of(mini.build())
    assert problem.file == mini.path("kolada/N01951/2010.json")
    assert "KPI N01951 has no value for 2460 Vännäs in 2010 in the cache" in problem.message
    _with_kolada_cache(mini, {"2480": 92_000, "2460": None})
    [problem] = problems_of(mini.build())
    assert 'Kolada has no population for 2460 Vännäs in 2010 (status "Missing")' in problem.message


# -- the reports -----------------------------------------------------------------------------------

def _section(html: str) -> str:
    start = html.index('id="medlemsavgifter"')
    return html_to_text(html[start: html.index("</section>", start)])


def test_the_plan_shows_each_members_fee(mini, render):
    mini.append("2011/year.toml", SHARE.format(total=1_000_001) + "base = 1\n")
    mini.write("2011/budget.csv", "kostnadsstalle,kind,budget\nMedlemsavgifter,intakt,1000001\nKansli,kostnad,900000\n")
    text = _section(render("verksamhetsplan"))
    assert "Kommun | Folkmängd 31 december 2011 | Andel av folkmängden | Grundavgift | Rörlig del | Avgift" in text
    # 999 999 by population: 931 725,98 and 68 273,02 → 931 726 and 68 273
    assert "Umeå | 116 000 | 93,17 % | 1 | 931 726 | 931 727" in text
    assert "Vännäs | 8 500 | 6,83 % | 1 | 68 273 | 68 274" in text
    assert "Summa | 124 500 | 100,00 % | 2 | 999 999 | 1 000 001" in text


def test_follow_ups_reconcile_invoiced_with_decided(mini, render):
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    mini.append("2011/delar-0630/moment.toml", '\n[fees]\nexplanation = "Andra halvan faktureras i juli."\n'
                '\n[fees.invoiced]\n"2480" = 465864\n"2460" = 34136\n')
    text = _section(render("delarsrapport"))
    assert "Kommun | Beslutad avgift 2011 | Fakturerat t.o.m. 2011-06-30 | Differens" in text
    assert "Umeå | 931 727 | 465 864 | −465 863" in text
    assert "Summa | 1 000 000 | 500 000 | −500 000" in text
    assert "Andra halvan faktureras i juli." in text
    annual = _section(render("arsredovisning"))  # the bokslut has no [fees] yet: a draft says so
    assert "Umeå | 931 727 | Uppgift saknas | Uppgift saknas" in annual
    assert "Reglering" not in annual  # an ideell förening settles nothing between its members


def _samverkan(mini) -> None:
    config = mini.path("federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", config.replace('regime = "ideell_forening"', 'regime = "samverkan"'))
    mini.append("2011/year.toml", SHARE.format(total=1_000_000))
    mini.append("2011/bokslut/moment.toml", '\n[fees.invoiced]\n"2480" = 931727\n"2460" = 68273\n')


def test_a_samverkan_settles_its_result_by_the_fees(mini, render):
    _samverkan(mini)
    build = mini.build()
    loaded = build.load(2011)
    [gap] = [p for p in build.gaps(loaded, "bokslut") if p.path == "fees.settlement"]
    assert "the year ends with a surplus of 129 000 kr; say in [fees] settlement how" in gap.message
    text = _section(render("arsredovisning"))
    assert "Budgetuppföljningen 2011 visar ett överskott på 129 000 kr." in text
    assert "Uppgift saknas: hur överskottet regleras" in text
    # 129 000 × 931 727 / 1 000 000 = 120 192,78 and × 68 273 = 8 807,22
    assert "Kommun | Andel av avgifterna | Återbetalas till kommunen" in text
    assert "Umeå | 93,17 % | 120 193" in text and "Vännäs | 6,83 % | 8 807" in text
    assert "Summa | 100,00 % | 129 000" in text
    mini.append("2011/year.toml", 'settlement = "Överskottet återbetalas till medlemmarna i mars."\n')
    text = _section(render("arsredovisning"))
    assert "Överskottet återbetalas till medlemmarna i mars." in text and "Uppgift saknas" not in text
    assert "Reglering" not in _section(render("delarsrapport"))


def test_a_deficit_is_covered_by_the_members(mini, render):
    _samverkan(mini)
    mini.append("2011/year.toml", 'settlement = "Underskottet regleras mot nästa års avgift."\n')
    mini.write("2011/bokslut/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,1000000\n"
               "Kansli,kostnad,1000003\n")
    text = _section(render("arsredovisning"))
    assert "visar ett underskott på 3 kr" in text and "Betalas av kommunen" in text
    assert "Umeå | 93,17 % | 3" in text and "Vännäs | 6,83 % | 0" in text


# -- the example federations -----------------------------------------------------------------------

def _repo_build(repo, catalogue, slug: str, year: int):
    build = FederationBuild(repo, repo.federation(slug), catalogue)
    return build, build.load(year)


UMEA_FEES = [("Bjurholm", "2 443", "1,66 %", "49 662"), ("Nordmaling", "7 102", "4,81 %", "144 372"),
             ("Robertsfors", "6 721", "4,55 %", "136 627"), ("Umeå", "117 294", "79,48 %", "2 384 396"),
             ("Vindeln", "5 466", "3,70 %", "111 115"), ("Vännäs", "8 551", "5,80 %", "173 828")]


def test_umearegionen_fees_are_what_its_plugin_showed(repo, catalogue):
    """The same per-member amounts as the plugin's table "Medlemskommunernas finansiering" had."""
    build, loaded = _repo_build(repo, catalogue, "umearegionen", 2013)
    plan = _section(build.render_html(loaded, "verksamhetsplan").html)
    for name, population, share, fee in UMEA_FEES:
        assert f"{name} | {population} | {share} | {fee}" in plan
    assert "Summa | 147 577 | 100,00 % | 3 000 000" in plan
    delar = _section(build.render_html(loaded, "delarsrapport").html)
    assert "Summa | 3 000 000 | 1 500 000 | −1 500 000" in delar and "faktureras i två lika delar" in delar
    annual = _section(build.render_html(loaded, "arsredovisning").html)
    for name, _, _, fee in UMEA_FEES:
        assert f"{name} | {fee} | {fee} | 0" in annual
    assert "visar ett underskott på 155 000 kr" in annual and "Summa | 100,00 % | 155 000" in annual


def test_skellefteregionen_has_a_base_and_settles_its_deficit(repo, catalogue):
    build, loaded = _repo_build(repo, catalogue, "skellefteregionen", 2015)
    plan = _section(build.render_html(loaded, "verksamhetsplan").html)
    assert "Skellefteå | 72 031 | 85,01 % | 50 000 | 552 594 | 602 594" in plan
    assert "Summa | 84 728 | 100,00 % | 250 000 | 650 000 | 900 000" in plan
    annual = _section(build.render_html(loaded, "arsredovisning").html)
    assert "visar ett underskott på 3 000 kr" in annual and "Summa | 100,00 % | 3 000" in annual
    assert not [p for m in loaded.moments for p in build.gaps(loaded, m) if p.path and "fees" in p.path]


def test_the_surplus_of_earlier_years_used_is_settled_too(mini, render):
    """Earlier years' surplus used in the year is not income, but it covers part of the result."""
    _samverkan(mini)
    mini.append("2011/year.toml", 'settlement = "Regleras mot nästa års avgift."\n')
    mini.write("2011/bokslut/budget.csv", "kostnadsstalle,kind,utfall\nMedlemsavgifter,intakt,1000000\n"
               "Kansli,kostnad,1010000\n")
    mini.append("2011/bokslut/moment.toml", "\n[budget.anvandning_av_overskott]\nutfall = 4000\n")
    text = _section(render("arsredovisning"))
    assert ("visar ett underskott på 6 000 kr, efter att 4 000 kr av tidigare års överskott har tagits i anspråk"
            in text)
    assert "Summa | 100,00 % | 6 000" in text


def test_fee_texts_are_escaped(mini, render):
    _samverkan(mini)
    config = mini.path("federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", config.replace('name = "Vännäs"', 'name = "Vännäs <b>&</b>"'))
    mini.append("2011/year.toml", 'description = "<script>alert(1)</script>"\nsettlement = "<i>x</i>"\n')
    html = render("arsredovisning") + render("verksamhetsplan")
    assert "<script>" not in html and "<i>x</i>" not in html and "<b>&</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Vännäs &lt;b&gt;&amp;&lt;/b&gt;" in html
