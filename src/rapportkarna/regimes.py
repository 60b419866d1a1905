"""What each legal form (regime) requires of a report and what it calls things.

A kommunalförbund follows the municipal accounting law (LKBR) and must publish statutory parts;
a kommunförbund that is an ideell förening keeps an association's accounts; a samverkan without
legal person keeps no accounts and reports a verksamhetsberättelse with budget follow-up.
"""

from dataclasses import dataclass, field

from rapportkarna.model import BodyKind, Regime

#: The word a decision on a report of each moment is written with: "Fastställd av …".
ADOPTION_WORDS = {"plan": "Fastställd", "interim": "Godkänd", "annual": "Godkänd"}


@dataclass(frozen=True)
class RegimeRules:
    regime: Regime
    label: str
    """The legal form in words, as it stands in the reports."""
    keeps_accounts: bool
    report_titles: dict[str, str]
    """Report id → title; '{year}' is replaced."""
    section_titles: dict[str, str] = field(default_factory=dict)
    """'<report id>.<section id>' or '<section id>' → title where this legal form has its own word."""
    required: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Report id → section ids that must be in that report."""
    annual_adopters: tuple[BodyKind, ...] = ()
    """Kinds of body that may adopt (godkänna) the annual report; () for any."""
    annual_adopters_label: str = ""
    """The adopters in words, for messages: 'förbundsfullmäktige'."""

    def report_title(self, report_id: str, default: str) -> str:
        return self.report_titles.get(report_id, default)

    def section_title(self, report_id: str, section_id: str, default: str) -> str:
        titles = self.section_titles
        return titles.get(f"{report_id}.{section_id}", titles.get(section_id, default))

    def required_sections(self, report_id: str) -> tuple[str, ...]:
        return self.required.get(report_id, ())


_COMMON_REQUIRED = {
    "verksamhetsplan": ("inledning", "uppdraget", "ekonomi"),
    "delarsrapport": ("inledning", "ekonomi"),
    "arsredovisning": ("inledning", "ekonomi"),
}



def _follow_up(section_id: str, title: str) -> dict[str, str]:
    """The same title for a section in the two reports that follow up (delår and år)."""
    return {f"delarsrapport.{section_id}": title, f"arsredovisning.{section_id}": title}


RULES: dict[Regime, RegimeRules] = {
    Regime.KOMMUNALFORBUND: RegimeRules(
        regime=Regime.KOMMUNALFORBUND,
        label="kommunalförbund",
        keeps_accounts=True,
        report_titles={
            "verksamhetsplan": "Verksamhetsplan och budget {year}",
            "delarsrapport": "Delårsrapport {year}",
            "arsredovisning": "Årsredovisning {year}",
        },
        # The annual report opens with an inledning; the förvaltningsberättelse is its own part.
        section_titles={**_follow_up("ekonomi", "Driftredovisning"), "arsredovisning.inledning": "Inledning"},
        # LKBR: the statutory statements are required parts of the annual and interim reports.
        required={
            **_COMMON_REQUIRED,
            "verksamhetsplan": ("inledning", "uppdraget", "ekonomi", "ekonomisk_plan"),
            "delarsrapport": ("inledning", "ekonomi", "resultatrakning", "balansrakning"),
            "arsredovisning": ("inledning", "forvaltningsberattelse", "ekonomi", "resultatrakning", "balansrakning",
                               "kassaflodesanalys", "noter"),
        },
        # KL 11 kap. 20 §: fullmäktige godkänner årsredovisningen
        annual_adopters=(BodyKind.FULLMAKTIGE,),
        annual_adopters_label="förbundsfullmäktige (a body of kind 'fullmaktige')",
    ),
    Regime.IDEELL_FORENING: RegimeRules(
        regime=Regime.IDEELL_FORENING,
        label="ideell förening",
        keeps_accounts=True,
        report_titles={
            "verksamhetsplan": "Verksamhetsplan och budget {year}",
            "delarsrapport": "Delårsredovisning {year}",
            "arsredovisning": "Årsredovisning {year}",
        },
        section_titles=_follow_up("ekonomi", "Ekonomisk redovisning"),
        required=_COMMON_REQUIRED,
        # an association's annual meeting (stämma, årsmöte, förbundsfullmäktige) approves the accounts
        annual_adopters=(BodyKind.STAMMA,),
        annual_adopters_label="its stämma (a body of kind 'stamma': förbundsstämma, årsmöte, länsmöte)",
    ),
    Regime.SAMVERKAN: RegimeRules(
        regime=Regime.SAMVERKAN,
        label="samverkan utan egen juridisk person",
        keeps_accounts=False,
        report_titles={
            "verksamhetsplan": "Verksamhetsplan {year}",
            "delarsrapport": "Delårsuppföljning {year}",
            "arsredovisning": "Verksamhetsberättelse {year}",
        },
        section_titles=_follow_up("ekonomi", "Budgetuppföljning"),
        required=_COMMON_REQUIRED,
        annual_adopters=(BodyKind.STYRGRUPP, BodyKind.REGIONRAD),
        annual_adopters_label="its styrgrupp or regionråd (a body of kind 'styrgrupp' or 'regionrad')",
    ),
}

#: Titles of parts that statutory regimes require; used in messages when a part is missing.
PART_NAMES = {
    "inledning": "inledning",
    "forvaltningsberattelse": "förvaltningsberättelse",
    "ekonomisk_plan": "resultatbudget, balansbudget och kassaflödesbudget",
    "uppdraget": "uppdraget",
    "ekonomi": "ekonomisk redovisning",
    "resultatrakning": "resultaträkning",
    "balansrakning": "balansräkning",
    "kassaflodesanalys": "kassaflödesanalys",
    "noter": "noter",
}


def rules_for(regime: Regime) -> RegimeRules:
    return RULES[regime]
