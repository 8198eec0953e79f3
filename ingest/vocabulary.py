"""The vocabularies of a case bundle's rows: jurisdictions, statuses, roles, evidence kinds, link
types and their ends, the indicators, the countries (the rows' models, `ingest.models`, use them).

Each vocabulary once, as a Literal type; the tuple beside it is for messages and docs.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "Jurisdiction", "CaseStatus", "ImmigrationStatus", "AboutRole", "Role", "Cooperation", "EvidenceKind", "LinkType",
    "JURISDICTIONS", "CASE_STATUSES", "IMMIGRATION_STATUSES", "ROLES", "COOPERATION", "EVIDENCE_KINDS", "LINK_TYPES",
    "PERSON", "BUSINESS", "LINK_ENDPOINTS", "INDICATORS", "COUNTRIES",
]

Jurisdiction = Literal["NO", "US", "CA", "GB"]
CaseStatus = Literal["open", "closed"]
# The same codes as rules/immigration_statuses.yaml, where each is explained (a test keeps them equal).
ImmigrationStatus = Literal[
    "citizen", "eea_national", "resident", "permit", "work_permit", "student", "visitor", "temporary_resident",
    "asylum_seeker", "irregular", "overstay", "undocumented", "unknown",
    "reflection_period", "utf_8_3_limited_permit", "utf_8_4_permit",
    "continued_presence", "t_status", "u_status",
    "vtps_recovery", "vtps_compensation", "vtps_cooperation",
    "vtip_trp", "vulnerable_worker_owp",
]  # fmt: skip
AboutRole = Literal["actor", "subject"]
Role = Literal["suspect", "victim", "witness", "associate"]
Cooperation = Literal["willing", "unwilling", "undecided"]
EvidenceKind = Literal[
    "financial", "payroll", "inspection", "communication", "testimony", "surveillance", "online_ad", "document",
    "seizure",
]  # fmt: skip
LinkType = Literal[
    "CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "PAID", "COMMUNICATED_WITH",
    "ASSOCIATE_OF", "FAMILY_OF", "OWNS", "DIRECTS", "MANAGES", "EMPLOYS", "WORKS_AT",
]  # fmt: skip
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
CASE_STATUSES: tuple[str, ...] = get_args(CaseStatus)
IMMIGRATION_STATUSES: tuple[str, ...] = get_args(ImmigrationStatus)
ROLES: tuple[str, ...] = get_args(Role)
COOPERATION: tuple[str, ...] = get_args(Cooperation)
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
LINK_TYPES: tuple[str, ...] = get_args(LinkType)

PERSON, BUSINESS = "Person", "Business"
_P, _PB, _B = frozenset({PERSON}), frozenset({PERSON, BUSINESS}), frozenset({BUSINESS})

#: Link type -> (allowed source kinds, allowed target kinds).
LINK_ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "CONTROLS": (_P, _P),
    "RECRUITED": (_P, _P),
    "TRANSPORTED": (_P, _P),
    "HOUSED": (_PB, _P),  # a landlord firm houses people too
    "EXPLOITS": (_P, _P),
    "PAID": (_PB, _PB),
    "COMMUNICATED_WITH": (_P, _P),
    "ASSOCIATE_OF": (_P, _P),
    "FAMILY_OF": (_P, _P),
    "OWNS": (_PB, _B),
    "DIRECTS": (_PB, _B),
    "MANAGES": (_PB, _B),
    "EMPLOYS": (_PB, _P),
    "WORKS_AT": (_P, _B),
}

#: The minimum indicator vocabulary (docs: shared DOMAIN.md); rule packs may add more,
#: passed to `read_bundle(indicators=...)`.
INDICATORS = frozenset(
    {
        # trafficking elements (means, purpose)
        "forced_labour",
        "sexual_exploitation",
        "debt_bondage",
        "threats_or_violence",
        "recruitment_by_deception",
        "movement_control",
        "passport_withheld",
        "housing_control",
        "overcrowded_housing",
        # tax, social security and labour law
        "unreported_wages",
        "cash_payroll",
        "underpayment",
        "excessive_hours",
        "unsafe_workplace",
        "no_work_permit",
        # procuring
        "profits_from_prostitution",
        "rents_premises_for_prostitution",
        "advertises_sexual_services",
        # money laundering
        "laundering_transfers",
        "structuring_deposits",
        "unexplained_wealth",
        # documents, immigration, drugs, weapons, licences
        "false_documents",
        "smuggling_facilitation",
        "drug_supply",
        "firearm_possession",
        "licence_breach",
        "health_code_breach",
    }
)

#: ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned but used by the EU and Interpol).
COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
    """.split()
)
