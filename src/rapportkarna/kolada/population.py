"""Members' population from the cache: the basis of member fees per invånare.

N01951, Kolada's "Invånare totalt, antal", is SCB's count of inhabitants on 31 December of each
year. A fee year usually takes the population of an earlier year: which one is the caller's call.
"""

from pathlib import Path

from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.kolada.cache import collect_values, year_path
from rapportkarna.kolada.model import KoladaValue, Members
from rapportkarna.kolada.settings import POPULATION_KPI


def population(cache_dir: Path, members: Members, year: int, kpi: str = POPULATION_KPI,
               slug: str | None = None) -> dict[str, int]:
    """Each member's population in ``year`` by kommunkod; every gap or missing figure at once."""
    values, problems = collect_values(cache_dir, kpi, members, [year], "T", slug)
    names = dict(members)
    counts: dict[str, int] = {}
    for item in values.values:
        count, problem = _count(cache_dir, item, names[item.municipality])
        if problem:
            problems.append(problem)
        else:
            counts[item.municipality] = count
    if problems:
        raise ValidationFailed(problems)
    return {code: counts[code] for code, _ in members}


def _count(cache_dir: Path, item: KoladaValue, name: str) -> tuple[int, Problem | None]:
    where = year_path(cache_dir, item.kpi, item.year)
    who = f"{item.municipality} {name} in {item.year}"
    if item.value is None:
        status = f' (status "{item.status}")' if item.status else ""
        return 0, Problem(where, None, None, f"Kolada has no population for {who}{status}: KPI {item.kpi}, "
                                             f"hämtad {item.retrieved.isoformat()}; a member fee needs one")
    if item.value != item.value.to_integral_value() or item.value < 0:
        return 0, Problem(where, None, None, f"KPI {item.kpi} gives {item.value} for {who}, "
                                             "not a number of inhabitants; is it a population KPI?")
    return int(item.value), None

