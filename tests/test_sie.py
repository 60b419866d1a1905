"""The SIE 4 reader, its checks, the account mappings and ``rapportkarna sie inspect``.

Fixtures in ``tests/sie/``: ``kommunalforbund.se`` (code page 437, two years, dimensions 1 and 6,
#RTRANS and #BTRANS), ``forening-utf8.se`` and ``forening-latin1.se`` (the same BAS förening in
two character sets). ``tests/sie/broken/<case>/`` holds one broken SIE file each and
``tests/sie/broken_mappings/<case>/`` one broken mapping file each, with an ``expect.toml`` in the
style of ``tests/broken/``::

    description = "what is broken"
    count = 1                 # exactly this many problems

    [[problem]]
    file = "file.se"          # relative to the case's folder
    line = 12                 # left out when the problem has no line
    path = "#TRANS amount"    # left out when the problem names no field
    message = "expected an amount"   # a part of the message
"""

import importlib.util
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rapportkarna.cli import Group
from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.sie.cli import sie
from rapportkarna.sie.encoding import CP437, LATIN1, UTF8, decode
from rapportkarna.sie.figures import Figures, apply_mapping, map_figures
from rapportkarna.sie.mapping import AccountSet, builtin_names, load_mapping
from rapportkarna.sie.model import AccountType, RowKind, SieFile
from rapportkarna.sie.reader import MAX_PROBLEMS, read_sie
from rapportkarna.sie.tokens import (
    TokenError,
    Tokens,
    format_field,
    format_line,
    quote,
    split_fields,
    tokenize,
)

HERE = Path(__file__).parent / "sie"
KOMMUNALFORBUND = HERE / "kommunalforbund.se"
FORENING_UTF8 = HERE / "forening-utf8.se"
FORENING_LATIN1 = HERE / "forening-latin1.se"
BROKEN = HERE / "broken"
BROKEN_MAPPINGS = HERE / "broken_mappings"
NBSP = "\u00a0"


def expectation(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "expect.toml").read_text(encoding="utf-8"))


def cases(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if (p / "expect.toml").is_file())


def assert_problems(problems: list[Problem], folder: Path, expect: dict[str, Any]) -> None:
    shown = "\n".join(f"  {p}" for p in problems)
    for wanted in expect["problem"]:
        assert any(p.file == folder / wanted["file"] and p.line == wanted.get("line")
                   and p.path == wanted.get("path") and wanted["message"] in p.message
                   for p in problems), f"no problem like {wanted} among:\n{shown}"
    assert len(problems) == expect["count"], shown


def write(tmp_path: Path, text: str, name: str = "file.se", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="module")
def kommunalforbund() -> SieFile:
    return read_sie(KOMMUNALFORBUND)


@pytest.fixture(scope="module")
def figures(kommunalforbund: SieFile) -> Figures:
    return apply_mapping(kommunalforbund, load_mapping("kommun-bas"))


# -- the tokenizer --------------------------------------------------------------------------------

def test_a_line_splits_into_label_and_fields() -> None:
    tokens = tokenize('#TRANS 1930 {1 "100" 6 P12} -1234.50 20240101 "Text med \\" och \\\\" ""\r')
    assert tokens == Tokens("#TRANS", ["1930", (("1", "100"), ("6", "P12")), "-1234.50", "20240101",
                                       'Text med " och \\', ""])


def test_blanks_tabs_braces_and_blank_lines() -> None:
    assert tokenize("  \t ") is None
    assert tokenize("{") == Tokens("{", [])
    assert tokenize(" }\r") == Tokens("}", [])
    assert tokenize("#KONTO\t1930 \t  Bank") == Tokens("#KONTO", ["1930", "Bank"])
    assert split_fields('{} {"1" "A}B"} {1 ""}') == [(), (("1", "A}B"),), (("1", ""),)]


def test_other_backslashes_stay() -> None:
    """Only \\" and \\\\ are escapes: a path written C:\\temp keeps its backslash."""
    assert split_fields('"C:\\temp"') == ["C:\\temp"]


@pytest.mark.parametrize(("line", "message"), [
    ('#FNAMN "Förbundet', "unterminated quote"),
    ('#FNAMN "Förbundet\\"', "unterminated quote"),
    ('#TRANS 1930 {1 "100" 10.00', "unterminated object list"),
    ('#TRANS 1930 {1 "100} 10.00', "unterminated object list"),
    ("#TRANS 1930 } 10.00", "a '}' without its '{'"),
    ("#TRANS 1930 {1 {2 3}} 10.00", "cannot hold another '{'"),
    ('#TRANS 1930 {1 "100" 6} 10.00', "odd number of items"),
])
def test_malformed_lines(line: str, message: str) -> None:
    with pytest.raises(TokenError) as caught:
        tokenize(line)
    assert message in caught.value.message


@given(st.text())
def test_quoting_round_trips_any_text(text: str) -> None:
    assert split_fields(quote(text)) == [text]


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_fields_never_split_inside_quotes(texts: list[str]) -> None:
    """Blanks, braces and quotes inside a quoted text stay in it: n quoted texts give n fields."""
    assert split_fields(" \t ".join(quote(t) for t in texts)) == texts


object_ids = st.text(max_size=8)
object_lists = st.lists(st.tuples(st.integers(0, 99).map(str), object_ids), max_size=4).map(tuple)
fields = st.one_of(st.text(max_size=12), object_lists)


@given(object_lists)
def test_object_lists_never_split(objects: tuple[tuple[str, str], ...]) -> None:
    assert split_fields(format_field(objects)) == [objects]


@given(st.from_regex(r"#[A-Z]{2,8}", fullmatch=True), st.lists(fields, max_size=8))
def test_lines_round_trip(label: str, values: list[Any]) -> None:
    assert tokenize(format_line(label, values)) == Tokens(label, values)


@given(st.text())
def test_an_unterminated_quote_is_always_found(text: str) -> None:
    with pytest.raises(TokenError):
        split_fields(quote(text)[:-1])


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(' \t"\\{}ab1#'), max_size=30))
def test_any_text_splits_or_raises_token_error(text: str) -> None:
    try:
        result = split_fields(text)
    except TokenError as exc:
        assert 0 <= exc.column <= len(text)
    else:
        assert all(isinstance(f, (str, tuple)) for f in result)


# -- character sets -------------------------------------------------------------------------------

LETTERS = "å ä ö Å Ä Ö"


@pytest.mark.parametrize(("data", "encoding", "reason"), [
    (f'#FORMAT PC8\n#FNAMN "{LETTERS}"\n'.encode(UTF8), UTF8, "decodes as UTF-8"),
    (b"\xef\xbb\xbf" + f'#FNAMN "{LETTERS}"\n'.encode(UTF8), UTF8, "byte order mark"),
    (f'#FORMAT PC8\n#FNAMN "{LETTERS}"\n'.encode(CP437), CP437, "#FORMAT PC8"),
    (f'#FNAMN "{LETTERS}"\n'.encode(CP437), CP437, "code page 437"),
    (f'#FNAMN "{LETTERS}"\n'.encode(LATIN1), LATIN1, "Latin-1"),
])
def test_encoding_rule(data: bytes, encoding: str, reason: str) -> None:
    decoded = decode(data)
    assert (decoded.encoding, LETTERS in decoded.text) == (encoding, True)
    assert reason in decoded.reason


def test_a_file_that_says_pc8_is_read_as_pc8() -> None:
    """Rule 2 comes before rule 3: a Latin-1 file mislabelled PC8 is read as code page 437."""
    decoded = decode(f'#FORMAT PC8\n#FNAMN "{LETTERS}"\n'.encode(LATIN1))
    assert decoded.encoding == CP437
    assert LETTERS not in decoded.text


def test_the_three_fixtures_read_alike(kommunalforbund: SieFile) -> None:
    assert (kommunalforbund.encoding, kommunalforbund.encoding_reason) == (CP437, "#FORMAT PC8")
    assert kommunalforbund.company.name == "Kommunalförbundet Norra Åsen"
    assert kommunalforbund.objects[6]["P2"].name == "Kompetensförsörjning Åsen"
    utf8, latin1 = read_sie(FORENING_UTF8), read_sie(FORENING_LATIN1)
    assert (utf8.encoding, latin1.encoding) == (UTF8, LATIN1)
    for sie_file in (utf8, latin1):
        assert sie_file.company.name == "Samverkansföreningen Ängarna och Örån"
        assert sie_file.accounts["3020"].name == "Bidrag från kommunerna Å Ä Ö"
        assert sie_file.objects[6]["2"].name == "Ödets väg"
    assert SieFile.model_validate_json(utf8.model_dump_json()) == utf8  # a model that crosses boundaries
    assert utf8.model_dump(exclude={"path", "encoding", "encoding_reason"}) == \
        latin1.model_dump(exclude={"path", "encoding", "encoding_reason"})


# -- the reader -----------------------------------------------------------------------------------

def test_company(kommunalforbund: SieFile) -> None:
    company = kommunalforbund.company
    assert (company.orgnr, company.number, company.sie_type, company.chart) == \
        ("222000-0999", "KFNA", 4, "Kommun-Bas 20")
    assert (company.program, company.program_version, str(company.generated), company.generated_by) == \
        ("Ekonomisystemet Älven", "5.2", "2025-02-14", "ÅÖ")
    assert (company.currency, company.format, company.tax_year) == ("SEK", "PC8", 2025)
    assert read_sie(FORENING_UTF8).company.kind == "I"


def test_years_accounts_dimensions(kommunalforbund: SieFile) -> None:
    years = kommunalforbund.years
    assert list(years) == [0, -1]
    assert (str(years[0].start), str(years[0].end), str(years[-1].start)) == ("2024-01-01", "2024-12-31", "2023-01-01")
    assert len(kommunalforbund.accounts) == 23
    assert kommunalforbund.accounts["3511"].name == "Medlemsavgifter"
    assert kommunalforbund.accounts["2010"].type is AccountType.LIABILITY
    assert kommunalforbund.accounts["1930"].sru == "7281"
    assert {n: d.name for n, d in kommunalforbund.dimensions.items()} == {1: "Kostnadsställe", 6: "Projekt"}
    assert kommunalforbund.objects[1]["100"].name == "Kansli"


def test_balances_exact_decimals_with_sie_signs(kommunalforbund: SieFile) -> None:
    closing = {(b.year, b.account): b.amount for b in kommunalforbund.closing}
    assert closing[(0, "1930")] == Decimal("720438.00") and str(closing[(0, "1930")]) == "720438.00"
    assert closing[(0, "2210")] == Decimal("-195000.00")  # credit: negative, as SIE writes it
    assert [(b.year, b.account, b.objects) for b in kommunalforbund.object_opening] == [(0, "1220", ((6, "P1"),))]
    assert len(kommunalforbund.results) == 23
    budget = kommunalforbund.period_budgets[1]
    assert (budget.period, budget.account, budget.objects, budget.amount, budget.quantity) == \
        ("202412", "5110", ((1, "100"),), Decimal("250000.00"), Decimal("12.5"))
    assert [p.period for p in kommunalforbund.period_balances] == ["202401"] * 3


def test_vouchers_and_rows(kommunalforbund: SieFile) -> None:
    vouchers = kommunalforbund.vouchers
    assert len(vouchers) == 14
    assert sum(len(v.transactions) for v in vouchers) == 34
    assert vouchers[4].text == 'Projektbidrag "Tillväxt i Norr"'
    first = vouchers[0]
    assert (first.label, str(first.date), str(first.registered), first.sign) == ("A 1", "2024-01-10", "2024-01-10", "ÅÖ")
    row = first.rows[1]
    assert (row.account, row.objects, row.amount, str(row.date), row.text) == \
        ("3511", ((1, "100"),), Decimal("-700000.00"), "2024-01-10", "Fakturor till medlemskommunerna")


def test_rtrans_counts_once_and_btrans_not(kommunalforbund: SieFile) -> None:
    """B 1: #BTRANS removed 84 500 on 4610; #RTRANS added 4 500 on 7010 and its #TRANS copy is skipped."""
    voucher = next(v for v in kommunalforbund.vouchers if v.label == "B 1")
    assert [r.kind for r in voucher.rows] == [RowKind.TRANS, RowKind.REMOVED, RowKind.TRANS, RowKind.ADDED]
    assert [(r.account, r.amount) for r in voucher.removed] == [("4610", Decimal("84500.00"))]
    assert [(r.account, r.amount, r.line) for r in voucher.added] == [("7010", Decimal("4500.00"), 149)]
    assert sum(r.amount for r in voucher.transactions) == 0
    assert kommunalforbund.movements()["7010"] == Decimal("4500.00")


SMALL = """#FLAGGA 0
#RAR 0 20240101 20241231
#VER A 1 20240101 "Test"
{
ROWS
}
"""


@pytest.mark.parametrize(("rows", "counted"), [
    ('#RTRANS 1930 {} 10.00\n#TRANS 1930 {} 10.00\n#TRANS 3010 {} -10.00', 2),  # copy skipped
    ('#RTRANS 1930 {} 10.00\n#TRANS 3010 {} -10.00', 2),  # a program that writes no copy
    ('#TRANS 1930 {} 10.00\n#BTRANS 1930 {} 99.00\n#TRANS 3010 {} -10.00', 2),
])
def test_added_and_removed_rows(tmp_path: Path, rows: str, counted: int) -> None:
    sie_file = read_sie(write(tmp_path, SMALL.replace("ROWS", rows)))
    assert len(sie_file.vouchers[0].transactions) == counted


def test_unknown_labels_are_ignored_and_counted(tmp_path: Path) -> None:
    text = SMALL.replace("ROWS", "#TRANS 1930 {} 10.00\n#XTRANS whatever {}\n#TRANS 3010 {} -10.00")
    sie_file = read_sie(write(tmp_path, text + "#FUTURE 1 2 3\n#future 4\n#KSUMMA 123\n"))
    assert sie_file.ignored == {"#FUTURE": 2, "#KSUMMA": 1, "#XTRANS": 1}
    assert len(sie_file.vouchers[0].rows) == 2


@pytest.mark.parametrize("case", cases(BROKEN))
def test_broken_sie_file(case: str) -> None:
    folder = BROKEN / case
    expect = expectation(folder)
    assert expect.get("description")
    with pytest.raises(ValidationFailed) as caught:
        read_sie(folder / "file.se")
    assert_problems(caught.value.problems, folder, expect)
    for wanted in expect["problem"]:  # the user sees file and line
        assert f"{folder / wanted['file']}:{wanted['line']}:" in str(caught.value)


def test_broken_corpus_covers_the_brief() -> None:
    assert {"voucher_unbalanced", "ib_ub_mismatch", "field_count_unquoted_name", "amount_with_comma",
            "date_nonexistent", "unterminated_quote", "unterminated_brace", "trans_outside_voucher",
            "voucher_not_closed", "voucher_not_closed_at_end", "several_problems"} <= set(cases(BROKEN))


def test_missing_and_empty_files(tmp_path: Path) -> None:
    for path, message in [(tmp_path / "none.se", "file not found"), (tmp_path, "is a folder"),
                          (write(tmp_path, "\n\n"), "empty file")]:
        with pytest.raises(ValidationFailed) as caught:
            read_sie(path)
        assert message in str(caught.value)


def test_many_problems_are_capped(tmp_path: Path) -> None:
    text = "#FLAGGA 0\n" + "".join(f'#KONTO {n} Namn med blanksteg\n' for n in range(1000, 1150))
    with pytest.raises(ValidationFailed) as caught:
        read_sie(write(tmp_path, text))
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert [p.message for p in problems if p.line is None] == ["and 50 more problems after line 101"]


def test_a_bad_row_drops_its_voucher_but_no_extra_problems(tmp_path: Path) -> None:
    """A row that cannot be read is its only problem: its voucher is neither kept nor balanced,
    and #IB + transactions = #UB is not checked on vouchers that are missing."""
    text = SMALL.replace("ROWS", "#TRANS 1930 {} 10,00\n#TRANS 3010 {} -10.00") + "#IB 0 1930 0.00\n#UB 0 1930 10.00\n"
    with pytest.raises(ValidationFailed) as caught:
        read_sie(write(tmp_path, text))
    assert [(p.line, p.path) for p in caught.value.problems] == [(5, "#TRANS amount")]


# -- account sets and mappings --------------------------------------------------------------------

def test_account_patterns() -> None:
    assert AccountSet.of(["3"]).matches("3010") and not AccountSet.of(["3"]).matches("4010")
    assert AccountSet.of(["3000-3499"]).matches("34990") and not AccountSet.of(["3000-3499"]).matches("3500")
    assert AccountSet.of(["4-7"], ["78"]).matches("7010") and not AccountSet.of(["4-7"], ["78"]).matches("7810")
    assert not AccountSet.of(["3000-3499"]).matches("30")  # shorter than the range: no match


@given(st.integers(1000, 9999), st.integers(1000, 9999), st.integers(1000, 9999))
def test_ranges_are_numeric_on_four_digits(low: int, high: int, account: int) -> None:
    low, high = min(low, high), max(low, high)
    assert AccountSet.of([f"{low}-{high}"]).matches(str(account)) == (low <= account <= high)


@given(st.from_regex(r"[0-9]{1,4}", fullmatch=True), st.from_regex(r"[0-9]{4,5}", fullmatch=True))
def test_a_prefix_is_a_range_of_itself(prefix: str, account: str) -> None:
    assert AccountSet.of([prefix]).matches(account) == AccountSet.of([f"{prefix}-{prefix}"]).matches(account)
    assert AccountSet.of([prefix]).matches(account) == account.startswith(prefix)


def test_builtin_mappings() -> None:
    assert builtin_names() == ["bas", "kommun-bas"]
    for name in builtin_names():
        mapping = load_mapping(name)
        assert set(mapping.statements) == {"resultatrakning", "balansrakning", "kassaflodesanalys",
                                           "driftredovisning"}
    kommun_bas = load_mapping("kommun-bas").statements["resultatrakning"]
    assert [line.id for line in kommun_bas.lines][:3] == ["verksamhetens_intakter", "verksamhetens_kostnader",
                                                          "avskrivningar"]


def test_kommun_bas_figures_and_signs(figures: Figures) -> None:
    result = figures["resultatrakning"]
    assert figures.years == [0, -1]
    assert result.value("verksamhetens_intakter") == Decimal("950000.00")      # income positive
    assert result.value("verksamhetens_kostnader") == Decimal("-734612.00")    # costs negative
    assert result.value("avskrivningar") == Decimal("-30000.00")
    assert result.value("finansiella_intakter") == Decimal("1250.00")
    assert result.value("finansiella_kostnader") == Decimal("-3200.00")
    assert result.value("arets_resultat") == Decimal("183438.00")
    assert result.value("arets_resultat", -1) == Decimal("46672.00")  # 8999, the closing entry, left out
    balance = figures["balansrakning"]
    assert balance.value("kassa_och_bank") == Decimal("720438.00")            # assets positive
    assert balance.value("avsattningar") == Decimal("195000.00")              # liabilities positive
    for year in (0, -1):
        assert balance.value("tillgangar", year) == balance.value("eget_kapital_avsattningar_och_skulder", year)
    # the year's result is in eget kapital whether or not the year is closed
    assert balance.value("eget_kapital") == Decimal("300000.00") + result.value("arets_resultat")
    assert balance.value("eget_kapital", -1) == Decimal("300000.00")


def test_kommun_bas_cash_flow_adds_up_to_the_change_in_cash(figures: Figures, kommunalforbund: SieFile) -> None:
    cash = figures["kassaflodesanalys"]
    for year in (0, -1):
        change = cash.value("likvida_medel_vid_arets_slut", year) - cash.value("likvida_medel_vid_arets_borjan", year)
        assert cash.value("arets_kassaflode", year) == change
    assert cash.value("justering_avskrivningar") == Decimal("30000.00")
    assert cash.value("investeringar") == 0


def test_bas_on_a_forening() -> None:
    result = apply_mapping(read_sie(FORENING_UTF8), load_mapping("bas"))
    assert result.years == [0]
    assert result["resultatrakning"].value("arets_resultat") == Decimal("69650.00")
    assert result["balansrakning"].value("tillgangar") == result["balansrakning"].value("eget_kapital_och_skulder")
    cash = result["kassaflodesanalys"]
    assert cash.value("arets_kassaflode") == Decimal("74150.00")


def test_an_unmapped_account_is_an_error(kommunalforbund: SieFile) -> None:
    mapping = load_mapping("kommun-bas", overrides={"statements": {"resultatrakning": {
        "remove": ["finansiella_intakter"]}}})
    figures, problems = map_figures(kommunalforbund, mapping)
    assert [(p.file, p.line, p.path) for p in problems] == [(KOMMUNALFORBUND, 35, "account 8410")]
    assert ("account 8410 'Ränteintäkter' (balance -1250.00 at the end of year 0, -500.00 at the end of "
            "year -1) is on no line of the Resultaträkning of mapping kommun-bas") in problems[0].message
    assert figures.unmapped == {"resultatrakning": {"8410": {0: Decimal("-1250.00"), -1: Decimal("-500.00")}}}
    # the removed line left the sum that named it
    assert figures["resultatrakning"].value("resultat_efter_finansiella_poster") == Decimal("182188.00")
    with pytest.raises(ValidationFailed):
        apply_mapping(kommunalforbund, mapping)


def test_an_account_without_balance_may_be_unmapped(tmp_path: Path) -> None:
    text = SMALL.replace("ROWS", "#TRANS 1930 {} 10.00\n#TRANS 3010 {} -10.00") + "#KONTO 9000 \"Statistik\"\n"
    mapping = load_mapping("bas", overrides={"statements": {"resultatrakning": {"scope": ["3-9"]}}})
    assert apply_mapping(read_sie(write(tmp_path, text)), mapping)


def test_an_account_on_two_lines_is_an_error(tmp_path: Path, kommunalforbund: SieFile) -> None:
    override = write(tmp_path, """
[[statements.resultatrakning.lines]]
id = "finansiella_poster"
label = "Finansiella poster"
accounts = ["84-85"]
after = "finansiella_kostnader"
""", "override.toml")
    mapping = load_mapping("kommun-bas", overrides=override)
    _, problems = map_figures(kommunalforbund, mapping)
    assert [(p.file, p.line, p.path) for p in problems] == [
        (override, 2, "statements.resultatrakning.lines[0].accounts"),
        (override, 2, "statements.resultatrakning.lines[0].accounts")]
    assert "line 'finansiella_poster' counts accounts that line 'finansiella_intakter' counts too: " \
           "8410 'Ränteintäkter'" in problems[0].message
    assert "8510 'Räntekostnader'" in problems[1].message


def test_overrides_replace_add_and_remove(tmp_path: Path, kommunalforbund: SieFile) -> None:
    override = write(tmp_path, """
[statements.resultatrakning]
remove = ["extraordinara_poster"]

[[statements.resultatrakning.lines]]
id = "verksamhetens_intakter"
label = "Verksamhetens intäkter utom medlemsavgifter"
accounts = ["3"]
exclude = ["3511"]

[[statements.resultatrakning.lines]]
id = "medlemsavgifter"
label = "Medlemsavgifter"
accounts = ["3511"]
before = "verksamhetens_intakter"

[[statements.resultatrakning.lines]]
id = "verksamhetens_nettokostnad"
label = "Verksamhetens nettokostnad"
sum = ["medlemsavgifter", "verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar"]

[statements.investeringar]
title = "Investeringar"
scope = ["12"]
sign = "debit"

[[statements.investeringar.lines]]
id = "inventarier"
label = "Inventarier"
accounts = ["12"]
""", "override.toml")
    mapping = load_mapping("kommun-bas", overrides=override)
    lines = mapping.statements["resultatrakning"].lines
    assert [line.id for line in lines][:4] == ["medlemsavgifter", "verksamhetens_intakter",
                                               "verksamhetens_kostnader", "avskrivningar"]
    assert "extraordinara_poster" not in [line.id for line in lines]
    assert lines[1].origin[:2] == (override, 5)
    figures = apply_mapping(kommunalforbund, mapping)
    result = figures["resultatrakning"]
    assert result.value("medlemsavgifter") == Decimal("700000.00")
    assert result.value("verksamhetens_intakter") == Decimal("250000.00")
    assert result.value("arets_resultat") == Decimal("183438.00")
    assert figures["investeringar"].value("inventarier") == Decimal("90000.00")


def test_a_mapping_file_extends_another(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path, 'extends = "kommun-bas"\ntitle = "Förbundets kontoplan"\n', "base.toml")
    child = write(tmp_path, 'extends = "../base.toml"\n[statements.resultatrakning]\ntitle = "Resultat"\n',
                  "sub/child.toml")
    mapping = load_mapping(child)
    assert (mapping.title, mapping.statements["resultatrakning"].title) == ("Förbundets kontoplan", "Resultat")
    assert mapping.sources[0].name == "kommun-bas.toml" and mapping.sources[-1] == child
    assert mapping.name == str(child)


def test_mappings_that_extend_each_other(tmp_path: Path) -> None:
    write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(ValidationFailed) as caught:
        load_mapping(tmp_path / "a.toml")
    assert "mappings extend each other in a circle: a.toml → b.toml → a.toml" in str(caught.value)


def test_an_unknown_mapping_name() -> None:
    with pytest.raises(RapportError) as caught:
        load_mapping("kommunbas")
    assert "unknown mapping 'kommunbas'; built-in mappings: bas, kommun-bas" in str(caught.value)


@pytest.mark.parametrize("case", cases(BROKEN_MAPPINGS))
def test_broken_mapping_file(case: str) -> None:
    folder = BROKEN_MAPPINGS / case
    expect = expectation(folder)
    with pytest.raises(ValidationFailed) as caught:
        load_mapping(folder / "mapping.toml")
    assert_problems(caught.value.problems, folder, expect)


# -- rapportkarna sie inspect ---------------------------------------------------------------------

def inspect(*args: str | Path) -> Any:
    return CliRunner().invoke(sie, ["inspect", *map(str, args)])


def test_inspect_prints_what_the_file_holds() -> None:
    result = inspect(KOMMUNALFORBUND)
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in ["Company       Kommunalförbundet Norra Åsen", "Org nr        222000-0999",
                     "Encoding      cp437 (#FORMAT PC8)", " 0: 2024-01-01 – 2024-12-31", "-1: 2023-01-01 – 2023-12-31",
                     "Accounts      23", "Vouchers      14 in 3 series (A, B, C), 2024-01-10 – 2024-12-31",
                     "Transactions  34 (1 added with #RTRANS, 1 removed with #BTRANS)",
                     "Dimensions    1 Kostnadsställe: 2 objects", "6 Projekt: 2 objects",
                     "Ignored       #ADRESS (1), #KSUMMA (1)",
                     "Mapping: kommun-bas (Kommun-Bas), chosen by #KPTYP Kommun-Bas 20",
                     "Accounts on no line: none"]:
        assert expected in out, expected
    assert re.search(r"Resultaträkning +2024 +2023\n", out)
    assert re.search(rf"    Verksamhetens intäkter +950{NBSP}000,00 +750{NBSP}000,00\n", out)
    assert re.search(rf"    Verksamhetens kostnader +−734{NBSP}612,00 +−669{NBSP}828,00\n", out)
    assert re.search(rf"  Summa tillgångar +820{NBSP}438,00 +640{NBSP}000,00\n", out)


def test_inspect_guesses_bas_and_takes_a_mapping() -> None:
    assert "Mapping: bas (BAS), chosen by #KPTYP BAS2014" in inspect(FORENING_LATIN1).output
    result = inspect(KOMMUNALFORBUND, "--mapping", "bas")
    assert result.exit_code == 0 and "Mapping: bas (BAS), chosen by --mapping" in result.output


def test_inspect_shows_unmapped_accounts_and_fails(tmp_path: Path) -> None:
    override = write(tmp_path, '[statements.resultatrakning]\nremove = ["finansiella_intakter"]\n', "o.toml")
    result = inspect(KOMMUNALFORBUND, "--override", override)
    assert result.exit_code == 1
    assert "Accounts on no line:\n  Resultaträkning: 8410 Ränteintäkter" in result.output
    assert isinstance(result.exception, ValidationFailed)
    assert f"{KOMMUNALFORBUND}:35: account 8410: account 8410 'Ränteintäkter'" in str(result.exception)


def test_inspect_reports_problems_with_line_numbers() -> None:
    result = inspect(BROKEN / "several_problems" / "file.se")
    assert result.exit_code == 1 and result.output == ""
    assert isinstance(result.exception, ValidationFailed)
    assert f"{BROKEN / 'several_problems' / 'file.se'}:16: #TRANS amount:" in str(result.exception)


def test_inspect_through_the_main_command_shows_messages_not_tracebacks() -> None:
    """Registered with main.add_command(sie), the main command's Group turns problems into messages."""
    main = Group("rapportkarna", commands={"sie": sie})
    broken = BROKEN / "unterminated_quote" / "file.se"
    result = CliRunner().invoke(main, ["sie", "inspect", str(broken)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"error: 1 problem found:\n  {broken}:4: #FNAMN: unterminated quote" in result.output
    assert "Traceback" not in result.output


# -- the benchmark's generator stays valid ---------------------------------------------------------

def test_benchmark_file_reads_and_maps(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("sie_read", HERE.parents[1] / "benchmarks" / "sie_read.py")
    assert spec and spec.loader
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    path = tmp_path / "bench.se"
    assert benchmark.generate(path, 2000) == 2000
    sie_file = read_sie(path)
    assert sum(len(v.rows) for v in sie_file.vouchers) == 2000
    assert len(sie_file.accounts) == 150
    apply_mapping(sie_file, load_mapping("kommun-bas"))


def test_the_extending_example_in_the_docs_works(tmp_path: Path, kommunalforbund: SieFile) -> None:
    doc = (HERE.parents[1] / "docs" / "sie.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```toml\n(.*?)```", doc, flags=re.DOTALL) if b.startswith('extends = "kommun-bas"'))
    figures = apply_mapping(kommunalforbund, load_mapping(write(tmp_path, example, "sie-mapping.toml")))
    assert figures["resultatrakning"].value("medlemsavgifter") == Decimal("700000.00")
    assert figures["resultatrakning"].value("arets_resultat") == Decimal("183438.00")
    assert figures["investeringar"].value("inventarier") == Decimal("90000.00")


def test_extends_and_overrides_name_their_line(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_mapping(write(tmp_path, '\nextends = "kommunbas"\n', "m.toml"))
    assert f"{tmp_path / 'm.toml'}:2: extends: unknown mapping 'kommunbas'" in str(caught.value)
    with pytest.raises(ValidationFailed) as caught:
        load_mapping("bas", overrides=write(tmp_path, 'extends = "kommun-bas"\n', "o.toml"))
    assert f"{tmp_path / 'o.toml'}:1: extends: an override is laid over the mapping" in str(caught.value)
