"""The numbers the synthetic world is calibrated to, each with its source.

Every rate the generator uses lives here as data, never as a literal inside the
generating code, so that ``docs/synthetic-data.md`` can list them and a reader
can check each against its source. ``certainty`` follows the rules reference
(``cn-public-credit-rules.md``): ``S`` a published figure (reprint or reputable
secondary source), ``D`` derived from published figures by arithmetic shown in
``note``, ``U`` our assumption where no published figure was found — change it
freely, nothing downstream depends on its exact value.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Rate:
    """One calibrated number: its value, what it counts, and where it comes from."""

    value: float
    unit: str
    source: str
    certainty: str
    note: str = ""


_REF = "rules reference §7"

RATES = MappingProxyType(
    {
        "records_per_entity": Rate(
            450,
            "records per entity (mean)",
            f"NDRC April 2025, {_REF}",
            "S",
            "80.7 billion records on 180 million entities",
        ),
        "records_sigma": Rate(
            1.1,
            "log-normal sigma of an entity's record volume",
            "assumption",
            "U",
            "heavy tail: the median entity has about half the mean",
        ),
        "new_entities_per_year": Rate(
            0.14,
            "new entities per year per existing entity",
            f"SAMR Sept 2023, {_REF}",
            "D",
            "about 25 million new on 181 million",
        ),
        "samr_penalties": Rate(
            0.008,
            "SAMR penalty decisions per entity-year",
            f"SAMR 2023, {_REF}",
            "S",
            "1.41 million enforcement cases on 181 million entities",
        ),
        "other_penalties": Rate(
            0.004,
            "penalties by tax, mem, mee, fire, hrss, housing, customs per entity-year",
            "assumption",
            "U",
            "chosen so that about 1 % of entities are penalised per year (§7)",
        ),
        "penalty_proneness_sigma": Rate(
            1.0,
            "log-normal sigma of an entity's proneness to penalties",
            "assumption",
            "U",
            "a minority of entities collects most penalties",
        ),
        "severity_minor": Rate(0.45, "share of penalties that are minor", "assumption", "U"),
        "severity_general": Rate(0.45, "share of penalties that are general", "assumption", "U"),
        "severity_serious": Rate(0.10, "share of penalties that are serious", "assumption", "U"),
        "penalty_performed": Rate(
            0.75,
            "share of penalties followed by obligations performed",
            "assumption",
            "U",
            "44 million entities repaired by Oct 2025 suggests most perform (§7)",
        ),
        "serious_listed": Rate(
            0.30,
            "share of serious penalties followed by a serious-dishonesty listing",
            "assumption",
            "U",
            "SAMR Order 44 needs bad nature and intent on top",
        ),
        "serious_early_removal": Rate(
            0.30,
            "share of serious listings removed early (after at least one year)",
            "assumption",
            "U",
        ),
        "tax_major_listed": Rate(
            0.50,
            "share of serious tax penalties followed by a major-violation listing",
            "assumption",
            "U",
        ),
        "annual_report_missed_91": Rate(
            0.08,
            "share of enterprise annual reports not filed by 30 June",
            "assumption",
            "U",
            "reporting rates of about 90 % are commonly reported",
        ),
        "annual_report_missed_92": Rate(
            0.15,
            "share of individual-business annual reports not filed by 30 June",
            "assumption",
            "U",
        ),
        "annual_report_missed_93": Rate(
            0.12,
            "share of cooperative annual reports not filed by 30 June",
            "assumption",
            "U",
        ),
        "abnormal_cured": Rate(
            0.55,
            "share of abnormal-operation listings cured by a late report",
            "assumption",
            "U",
            "44 million repairs by Oct 2025 (§7) suggests cure is common",
        ),
        "judgment_default_entity": Rate(
            0.003,
            "judgment-default listings per entity-year",
            "assumption",
            "U",
            "14.5 million cumulative listings by mid-2019 (§7), persons and entities together",
        ),
        "judgment_default_person": Rate(
            0.002,
            "natural persons listed as judgment defaulters per entity-year",
            "assumption",
            "U",
            "generated alongside entities to keep the stream reproducible",
        ),
        "judgment_default_removed": Rate(
            0.50,
            "share of judgment-default listings removed within the period",
            "assumption",
            "U",
        ),
        "honours": Rate(
            0.01, "honours per entity-year (not individual businesses)", "assumption", "U"
        ),
        "customs_traders": Rate(
            0.02,
            "share of enterprises registered with customs as traders",
            f"GACC, {_REF}",
            "D",
            "6,876 AEO firms are about 1 % of traders: some 690,000 traders",
        ),
        "customs_aeo": Rate(
            0.01,
            "share of traders that are advanced certified (AEO)",
            f"GACC end-2025, {_REF}",
            "S",
        ),
        "customs_certified": Rate(0.02, "share of traders that are certified", "assumption", "U"),
        "customs_dishonest": Rate(0.01, "share of traders rated dishonest", "assumption", "U"),
        "tax_rated_92": Rate(
            0.30,
            "share of individual businesses with a tax credit rating",
            "assumption",
            "U",
            "most individual businesses pay fixed-quota tax and are not rated",
        ),
        "inspection_failed": Rate(0.03, "share of inspections that fail", "assumption", "U"),
        "contract_breached": Rate(
            0.02, "share of contract-performance records that are breaches", "assumption", "U"
        ),
    }
)
"""Rates by name; ``docs/synthetic-data.md`` lists them in the same order."""


def rate(name: str) -> float:
    """The value of one calibrated rate."""
    return RATES[name].value


KIND_MIX: tuple[tuple[str, float, str, str], ...] = (
    ("91", 0.310, "56.7 M enterprises of 181 M business entities (SAMR Sept 2023, §7)", "S"),
    ("92", 0.664, "122 M individual businesses of 181 M (SAMR Sept 2023, §7)", "S"),
    ("93", 0.012, "2.24 M farmers' cooperatives of 181 M (SAMR Sept 2023, §7)", "S"),
    ("11", 0.002, "government organs; no national count found", "U"),
    ("12", 0.005, "public institutions; no national count found", "U"),
    ("51", 0.003, "social groups, about 0.37 M (Ministry of Civil Affairs, recalled)", "U"),
    ("52", 0.004, "private non-enterprise units, about 0.5 M (recalled)", "U"),
)
"""Registration authority and category (USCC positions 1–2) with their shares."""

ACTIVITY_MIX: tuple[tuple[str, float], ...] = (
    ("admin_license", 0.36),
    ("admin_inspection", 0.30),
    ("contract_performance", 0.12),
    ("credit_commitment", 0.10),
    ("ip_right", 0.06),
    ("professional_qualification", 0.04),
    ("court_judgment", 0.015),
    ("charitable_donation", 0.005),
)
"""How the neutral "activity" records divide among record types [U]: the bulk of
the ≈450 records per entity is neutral (§7) but no published breakdown exists."""

PROVINCE_WEIGHTS = MappingProxyType(
    {
        "11": 21.9,
        "12": 13.9,
        "13": 74.6,
        "14": 34.9,
        "15": 24.0,
        "21": 42.6,
        "22": 24.1,
        "23": 31.9,
        "31": 24.9,
        "32": 84.7,
        "33": 64.6,
        "34": 61.0,
        "35": 41.5,
        "36": 45.2,
        "37": 101.5,
        "41": 99.4,
        "42": 57.8,
        "43": 66.4,
        "44": 126.0,
        "45": 50.1,
        "46": 10.1,
        "50": 32.1,
        "51": 83.7,
        "52": 38.6,
        "53": 47.2,
        "54": 3.6,
        "61": 39.5,
        "62": 25.0,
        "63": 5.9,
        "64": 7.2,
        "65": 25.9,
    }
)
"""Province weights: resident population in millions, 7th national census (2020) [S].
Entities are spread in proportion to people, a simplification [U]; within a
province every county is equally likely."""
