"""What a report may compare with: earlier moments of the same federation, and nothing else.

A report belongs to its moment. It may show values of moments whose data was known before it
(the plan for Y is written in the autumn of Y−1, so it sees Y−1's delår but not Y−1's bokslut),
and never an interim value in an annual report. Earlier years come from the federation's earlier
year folders; such a folder may hold only what comparison needs (``comparison_only = true``).
"""

import datetime as dt
from collections.abc import Callable

from rapportkarna.errors import RapportError
from rapportkarna.loader import LoadedYear
from rapportkarna.model import MomentData, MomentKind, MomentRef, YearData
from rapportkarna.sie.model import SieFile


class NotEarlier(RapportError):
    """A plugin or template asked for a moment the report's own moment cannot know."""


def visible(current: MomentRef, other: MomentRef) -> bool:
    """Whether the report of ``current`` may show data of ``other``."""
    if other.kind is MomentKind.INTERIM and current.kind is MomentKind.ANNUAL:
        return False  # an annual report never shows an interim value
    return other.order < current.order


class History:
    """Earlier moments for one report, loaded on demand from the federation's year folders."""

    def __init__(self, current: MomentRef | None, load: Callable[[int], LoadedYear | None]) -> None:
        self.current = current
        self._load = load

    def _year(self, year: int) -> LoadedYear | None:
        return self._load(year) if self.current is not None and year <= self.current.year else None

    def moment(self, year: int, moment_id: str) -> MomentData | None:
        """The data of moment ``moment_id`` of ``year``, or None where that moment has none.

        Raises :class:`NotEarlier` for a moment this report cannot know: asking for it is a bug in
        the plugin or template that asks.
        """
        ref = MomentRef(year, moment_id)
        if self.current is None or not visible(self.current, ref):
            raise NotEarlier(f"{self.current} cannot compare with {ref}: only earlier moments, and no "
                             "interim values in an annual report")
        loaded = self._year(year)
        return loaded.moments.get(moment_id) if loaded else None

    def sie(self, year: int, moment_id: str) -> SieFile | None:
        """The SIE file (``bokforing.se``) of an earlier moment, under the same rule as :meth:`moment`."""
        if self.moment(year, moment_id) is None:
            return None
        loaded = self._year(year)
        return loaded.sie.get(moment_id) if loaded else None

    def annual(self, year: int) -> MomentData | None:
        """The bokslut of ``year``."""
        return self.moment(year, "bokslut")

    def interim(self, year: int, period_end: dt.date) -> MomentData | None:
        """The delår of ``year`` per the same day and month as ``period_end``."""
        return self.moment(year, f"delar-{period_end:%m%d}")

    def year_data(self, year: int) -> YearData | None:
        """What was set once for an earlier ``year`` (its budget, priorities), if its folder exists."""
        if self.current is None or not visible(self.current, MomentRef(year, "plan")):
            raise NotEarlier(f"{self.current} cannot compare with the plan of {year}")
        loaded = self._year(year)
        return loaded.data if loaded else None

    # -- the comparisons core reports make ----------------------------------------------------

    @property
    def last_closed_year(self) -> int | None:
        """The latest year whose bokslut this report can know: Y−2 for a plan for Y, else Y−1."""
        if self.current is None:
            return None
        return self.current.year - (2 if self.current.kind is MomentKind.PLAN else 1)

    def last_annual(self) -> tuple[int, MomentData] | None:
        year = self.last_closed_year
        found = self.annual(year) if year is not None else None
        return (year, found) if year is not None and found is not None else None

    def same_period_last_year(self) -> tuple[MomentRef, MomentData] | None:
        """For a delår: the delår per the same day a year earlier."""
        if self.current is None or self.current.kind is not MomentKind.INTERIM:
            return None
        assert self.current.period_end is not None
        end = self.current.period_end
        try:
            earlier = end.replace(year=end.year - 1)
        except ValueError:  # 29 February
            earlier = dt.date(end.year - 1, 2, 28)
        found = self.interim(end.year - 1, earlier)
        return (MomentRef(end.year - 1, f"delar-{earlier:%m%d}"), found) if found is not None else None

    def annual_series(self, years: int = 3) -> list[tuple[int, MomentData]]:
        """The bokslut of up to ``years`` earlier years this report can know, oldest first."""
        last = self.last_closed_year
        if last is None:
            return []
        found = [(year, self.annual(year)) for year in range(last - years + 1, last + 1)]
        return [(year, moment) for year, moment in found if moment is not None]
