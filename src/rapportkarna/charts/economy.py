"""Charts of the economy beyond the budget table: the femårsöversikt's trend of årets resultat and
soliditet, and how the member fees are split. Each is drawn from figures the report already
computed, so the chart shows exactly what its table does."""

from decimal import Decimal

from rapportkarna.charts.model import Chart, Palette, Series, bar_chart, line_chart
from rapportkarna.economy.fees import MemberFees
from rapportkarna.economy.overview import Overview
from rapportkarna.formatting import antal_ord, tal


def _years_with_figures(overview: Overview, key: str) -> int:
    return sum(value is not None for value in overview.series(key))


def overview_charts(overview: Overview | None, unit: str, palette: Palette) -> tuple[Chart | None, Chart | None]:
    if overview is None or _years_with_figures(overview, "arets_resultat") < 2:
        return None, None
    years = [str(year) for year in overview.years]
    span = f"{overview.years[0]}–{overview.years[-1]}"
    results = overview.series("arets_resultat")
    result = bar_chart(f"Årets resultat {span}", years,
                       [Series(name="Årets resultat", values=tuple(results))], unit,
                       category_label="År", palette=palette, horizontal=False,
                       finding=_result_finding(overview.years, results))
    soliditet_series = [Series(name="Soliditet", values=tuple(overview.series("soliditet")))]
    if _years_with_figures(overview, "soliditet_inkl_pensioner") >= 2:
        soliditet_series.append(Series(name="Soliditet inklusive pensionsförpliktelser",
                                       values=tuple(overview.series("soliditet_inkl_pensioner"))))
    soliditet = line_chart(f"Soliditet {span}", years, soliditet_series, "%", palette=palette, decimals=1,
                           finding=_trend_finding("Soliditeten", overview.years, overview.series("soliditet")))
    return result, soliditet


def _result_finding(years: list[int], values: list[Decimal | None]) -> str:
    """In words, for the alt text: how many years had a surplus, and which had a deficit."""
    known = [(year, value) for year, value in zip(years, values, strict=True) if value is not None]
    deficits = [str(year) for year, value in known if value < 0]
    surplus = len(known) - len(deficits)
    text = f"Resultatet var positivt {antal_ord(surplus)} av {antal_ord(len(known))} år"
    if deficits:
        text += f", med underskott {' och '.join(deficits)}"
    return text


def _trend_finding(what: str, years: list[int], values: list[Decimal | None]) -> str:
    known = [(year, value) for year, value in zip(years, values, strict=True) if value is not None]
    (first_year, first), (last_year, last) = known[0], known[-1]
    direction = "ökat" if last > first else "minskat" if last < first else "legat kvar"
    return (f"{what} har {direction} från {tal(first, 0)} procent år {first_year} till {tal(last, 0)} procent "
            f"år {last_year}")


def fee_chart(fees: MemberFees | None, year: int, palette: Palette) -> Chart | None:
    """Each member's fee, largest first: in the verksamhetsplan, beside the table per member."""
    if fees is None or len(fees.split.rows) < 2:
        return None
    rows = sorted(fees.split.rows, key=lambda row: (-row.fee, row.name))
    return bar_chart(f"Medlemsavgift per kommun {year}",
                     [row.name for row in rows], [Series(name="Avgift", values=tuple(row.fee for row in rows))],
                     "kr", category_label="Kommun", palette=palette)
