"""What each legal form requires of the economy in each report, judged by content.

A kommunalförbund (LKBR) keeps accounts: its årsredovisning has the resultaträkning,
balansräkning, kassaflödesanalys and noter computed from the year's SIE file, the förvaltnings-
berättelse's headings, the ansvarsförbindelse for pensions, the balanskravsutredning and the
femårsöversikt; its delårsrapport the period's resultaträkning and balansräkning; its
verksamhetsplan a resultatbudget. An ideell förening that keeps its books here has its statements
from its SIE file and the date of the revisionsberättelse. A samverkan keeps no accounts.

:func:`economy_gaps` lists what a moment lacks (errors for an adopted report, notes for a draft);
:func:`require` refuses an adopted report whose computed economy lacks a required part, whatever
sections plugins contribute: a section with the right id and no figures does not count.
"""

from rapportkarna.economy.accounts import Ledger
from rapportkarna.economy.report import BR, KF, RR, ReportEconomy
from rapportkarna.errors import Problem, ValidationFailed
from rapportkarna.loader import CONFIG_FILE, RESULT_BUDGET_FILE, SIE_FILE, LoadedYear
from rapportkarna.locations import Locations
from rapportkarna.model import MomentData, MomentKind, MomentRef, Regime
from rapportkarna.model.moment import Forvaltningsberattelse
from rapportkarna.workspace import Federation

STATEMENT_NAMES = {RR: "resultaträkning", BR: "balansräkning", KF: "kassaflödesanalys"}


def _keeps_books(federation: Federation, ledger: Ledger | None) -> bool:
    regime = federation.config.organisation.regime
    return regime is Regime.KOMMUNALFORBUND or (regime is Regime.IDEELL_FORENING and ledger is not None)


def economy_gaps(federation: Federation, loaded: LoadedYear, moment_id: str, ledger: Ledger | None) -> list[Problem]:
    """What the moment lacks of the economy its legal form requires."""
    if not _keeps_books(federation, ledger):
        return []
    ref = MomentRef(loaded.year, moment_id)
    moment = loaded.moments.get(moment_id)
    regime = federation.config.organisation.regime
    where = Locations(federation, loaded.year)
    folder = federation.root / str(loaded.year)
    problems: list[Problem] = []
    if ref.kind is MomentKind.PLAN:
        if regime is Regime.KOMMUNALFORBUND and not loaded.data.resultatbudget:
            problems.append(Problem(folder / RESULT_BUDGET_FILE, None, None,
                                    "missing: a kommunalförbund's verksamhetsplan has a resultatbudget with a "
                                    "plan for the coming years (columns rad, budget, plan_<year>; see docs/economy.md)"))
        return problems
    if ledger is None:
        return [where.in_config(("organisation", "regime"), f"a kommunalförbund keeps accounts: add [accounts] with "
                                f"mapping = \"kommun-bas\" to {CONFIG_FILE} and each delår's and bokslut's SIE file "
                                f"as <moment>/{SIE_FILE} (see docs/economy.md)")]
    if moment_id not in loaded.sie:
        problems.append(Problem(folder / moment_id / SIE_FILE, None, None,
                                "missing: the statements of this report are computed from the accounts; put the "
                                "accounting system's SIE 4 export for the period here"))
    if ref.kind is MomentKind.ANNUAL and moment is not None:
        problems += _annual_texts(where, moment_id, moment, regime)
    return problems


def _annual_texts(where: Locations, moment_id: str, moment: MomentData, regime: Regime) -> list[Problem]:
    problems = []
    if regime is Regime.KOMMUNALFORBUND:
        texts = moment.texts.forvaltningsberattelse or Forvaltningsberattelse()
        lacking = [name for name, value in texts if not value]
        if lacking:
            headings = ", ".join(f"{name} ({(Forvaltningsberattelse.model_fields[name].description or '').rstrip('.')})" for name in lacking)
            problems.append(where.in_moment(moment_id, ("texts", "forvaltningsberattelse"),
                                            f"the förvaltningsberättelse lacks: {headings}"))
        if moment.economy.pensionsforpliktelser is None:
            problems.append(where.in_moment(moment_id, ("economy", "pensionsforpliktelser"),
                                            "missing: the ansvarsförbindelse for pensions earned before 1998 "
                                            "(incl. löneskatt, kr; 0 if there is none) is part of the balansräkning"))
    if regime is Regime.IDEELL_FORENING and moment.economy.revisionsberattelse is None:
        problems.append(where.in_moment(moment_id, ("economy", "revisionsberattelse"),
                                        "missing: the date the auditors gave their revisionsberättelse"))
    return problems


def _has_figures(economy: ReportEconomy, statement_id: str) -> bool:
    found = economy.statements.get(statement_id)
    return found is not None and any(v is not None for row in found.rows for v in row.values)


def missing_parts(economy: ReportEconomy | None, ref: MomentRef, regime: Regime) -> list[str]:
    """The required parts the computed economy lacks, in words."""
    if ref.kind is MomentKind.PLAN:
        wanted = ["resultatbudget"] if regime is Regime.KOMMUNALFORBUND else []
        return [name for name in wanted if economy is None or not _has_figures(economy, name)]
    statements = [RR, BR, KF] if ref.kind is MomentKind.ANNUAL else [RR, BR]
    missing = [STATEMENT_NAMES[s] for s in statements if economy is None or not _has_figures(economy, s)]
    if ref.kind is MomentKind.ANNUAL:
        if economy is None or not economy.notes:
            missing.append("noter")
        if regime is Regime.KOMMUNALFORBUND and (economy is None or economy.balanskrav is None):
            missing.append("balanskravsutredning")
        if regime is Regime.KOMMUNALFORBUND and (economy is None or economy.overview is None):
            missing.append("femårsöversikt")
    return missing


def require(federation: Federation, loaded: LoadedYear, ref: MomentRef, moment: MomentData,
            economy: ReportEconomy | None) -> None:
    """Refuse an adopted report that lacks a part its legal form requires."""
    regime = federation.config.organisation.regime
    if not moment.adopted or regime is Regime.SAMVERKAN:
        return
    if regime is Regime.IDEELL_FORENING and economy is None:
        return  # an association that keeps its books elsewhere reports its budget follow-up
    missing = missing_parts(economy, ref, regime)
    if missing:
        raise ValidationFailed([Problem(federation.root / str(loaded.year) / ref.id, None, None,
                                        f"the adopted report of {ref} lacks {', '.join(missing)}, which a "
                                        f"{regime.value} must publish; they are computed from the accounts "
                                        f"({SIE_FILE}) and the economic plan ({RESULT_BUDGET_FILE})")])
