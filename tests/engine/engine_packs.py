"""A small test pack built directly from the pydantic models, rule by rule.

Each rule mirrors one of the rules reference (shared/domain/cn-public-credit-rules.md)
so a test can name the rule it exercises; ``make_pack(**overrides)`` swaps one
part to test a rule in isolation. Synthetic only.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any

from publiccredit.domain.record import Record, Severity, SubjectKind
from publiccredit.policy.model import (
    Action,
    Category,
    Directory,
    EntryRule,
    Evaluation,
    EvaluationInput,
    ExitRule,
    LegalBasis,
    Level,
    ListDefinition,
    Measure,
    MeasureTargets,
    Override,
    Pack,
    PackInfo,
    Procedures,
    PublicationRule,
    RecordType,
    RepeatOffenderBar,
    Source,
)
from publiccredit.policy.model.common import Certainty
from publiccredit.policy.model.lists import Cure, DurationOverride, Escalation, ListKind
from publiccredit.policy.model.measures import Effect, MeasureClass, ResponsiblePerson

S = Certainty.SECONDARY
ORDER_58 = Source(instrument="NDRC Order No. 58 (2023)")
ORDER_36 = Source(instrument="NDRC Order No. 36 (2025)", article="Art. 9")
SAMR_45 = Source(instrument="SAMR Order No. 45 (2021)")
NOTICE_527 = Source(instrument="NDRC notice 发改办财金〔2019〕527号")
REGULATION = LegalBasis(instrument="企业信息公示暂行条例", article="Art. 17-18")
SAMR_44 = LegalBasis(instrument="SAMR Order No. 44 (2021)", article="Art. 14")
SPC = LegalBasis(instrument="SPC rules on judgment defaulters (2017)", article="Art. 1")
TAX = LegalBasis(instrument="纳税缴费信用管理办法 (2025)", article="whole instrument")
MODEL = Source(instrument="test model")

TYPES = {
    "registration": ("registration", ("samr", "civil_affairs"), ()),
    "annual_report": ("compliance", ("samr",), ()),
    "admin_license": ("administrative", ("samr", "industry"), ()),
    "admin_penalty": ("administrative", ("samr", "tax", "mem", "fire", "customs"), tuple(Severity)),
    "obligation_performed": ("administrative", ("samr", "tax", "mem", "fire", "customs"), ()),
    "abnormal_operation_listing": ("abnormal", ("samr",), ()),
    "abnormal_operation_removal": ("abnormal", ("samr",), ()),
    "serious_dishonesty_listing": ("serious", ("samr", "mem"), (Severity.SERIOUS,)),
    "serious_dishonesty_removal": ("serious", ("samr", "mem"), ()),
    "judgment_default_listing": ("judicial", ("court",), (Severity.SERIOUS,)),
    "judgment_default_removal": ("judicial", ("court",), ()),
    "tax_credit_rating": ("evaluation", ("tax",), ()),
    "honour": ("honours", ("ndrc", "samr"), ()),
    "charitable_donation": ("volunteered", ("civil_affairs",), ()),
}
PERSON_TYPES = {"judgment_default_listing", "judgment_default_removal"}


def _directory() -> Directory:
    categories = {category for category, _, _ in TYPES.values()}
    return Directory(
        categories=tuple(
            Category(id=c, source=ORDER_36, certainty=S, name_zh=c, name_en=c)
            for c in sorted(categories)
        ),
        record_types=tuple(
            RecordType(
                id=name,
                source=ORDER_36,
                certainty=S,
                category=category,
                name_zh=name,
                name_en=name,
                submitters=submitters,
                subject_kinds=(SubjectKind.ENTITY, SubjectKind.PERSON)
                if name in PERSON_TYPES
                else (SubjectKind.ENTITY,),
                severity={"required": bool(severities), "allowed": severities},
                repair_requires_performance=name == "admin_penalty",
                proves_performance=name == "obligation_performed",
            )
            for name, (category, submitters, severities) in TYPES.items()
        ),
    )


def pub(
    rule_id: str, types: tuple[str, ...], source: Source = ORDER_36, **fields: Any
) -> PublicationRule:
    """A publication rule with defaults (secondary certainty)."""
    return PublicationRule(id=rule_id, source=source, certainty=S, record_types=types, **fields)


PENALTY = ("admin_penalty",)
O58 = {"valid_from": date(2023, 5, 1), "valid_until": date(2026, 3, 31), "regime": "order58"}
O36 = {"valid_from": date(2026, 4, 1), "regime": "order36"}


def publication_rules() -> tuple[PublicationRule, ...]:
    """Publication regimes of rules reference §2 (2019 / Order 58 / Order 36, SAMR Order 45)."""
    return (
        pub("pub.neutral", ("registration", "annual_report", "admin_license", "tax_credit_rating")),
        pub(
            "pub.acts",
            (
                "obligation_performed",
                "abnormal_operation_removal",
                "serious_dishonesty_removal",
                "judgment_default_removal",
            ),
        ),
        pub("pub.honour", ("honour", "charitable_donation"), maximum="P3Y"),
        pub(
            "pub.notice527.specific_serious",
            PENALTY,
            NOTICE_527,
            valid_until=date(2023, 4, 30),
            severities=(Severity.SERIOUS,),
            penalty_kinds_any=("licence_revocation",),
            priority=5,
            minimum="P3Y",
            maximum="P3Y",
            repairable=False,
            not_repairable_reason="specific serious act: published the full 3 years (notice 527)",
        ),
        pub(
            "pub.notice527.serious",
            PENALTY,
            NOTICE_527,
            valid_until=date(2023, 4, 30),
            severities=(Severity.SERIOUS,),
            minimum="P6M",
            maximum="P3Y",
        ),
        pub(
            "pub.notice527.general",
            PENALTY,
            NOTICE_527,
            valid_until=date(2023, 4, 30),
            minimum="P3M",
            maximum="P1Y",
        ),
        pub(
            "pub.samr45.warning_only",
            PENALTY,
            SAMR_45,
            penalty_kinds_only=("warning",),
            priority=10,
            published=False,
        ),
        pub("pub.order58.penalty", PENALTY, ORDER_58, minimum="P3M", maximum="P3Y", **O58),
        pub(
            "pub.order58.safety",
            PENALTY,
            ORDER_58,
            minimum="P1Y",
            maximum="P3Y",
            priority=1,
            sectors=("special_equipment", "work_safety", "fire_safety"),
            **O58,
        ),
        pub("pub.order36.minor", PENALTY, severities=(Severity.MINOR,), published=False, **O36),
        pub(
            "pub.order36.general",
            PENALTY,
            severities=(Severity.GENERAL,),
            minimum="P3M",
            maximum="P1Y",
            **O36,
        ),
        pub(
            "pub.order36.serious",
            PENALTY,
            severities=(Severity.SERIOUS,),
            minimum="P1Y",
            maximum="P3Y",
            extend_to_effective_until=True,
            **O36,
        ),
        pub("pub.abnormal", ("abnormal_operation_listing",)),
        pub("pub.serious_list", ("serious_dishonesty_listing",), minimum="P1Y", maximum="P3Y"),
        pub(
            "pub.defaulter",
            ("judgment_default_listing",),
            repairable=False,
            not_repairable_reason="removed by the court, not by repair (SPC 2017 rules)",
        ),
    )


def lists() -> tuple[ListDefinition, ...]:
    """Lists of rules reference §4."""
    common = {"certainty": S, "managing_authority": "samr"}
    return (
        ListDefinition(
            id="abnormal_operations",
            source=Source(instrument=REGULATION.instrument, article=REGULATION.article),
            name_zh="经营异常名录",
            name_en="Abnormal operations",
            kind=ListKind.RESTRICTIVE,
            legal_basis=REGULATION,
            entry=(EntryRule(record_type="abnormal_operation_listing"),),
            exits=(
                ExitRule(record_type="abnormal_operation_removal", where={"reason": ("cured",)}),
            ),
            cured_by=(
                Cure(
                    record_type="annual_report", entry_where={"ground": ("annual_report_missing",)}
                ),
            ),
            escalation=Escalation(to_list="serious_illegal", after="P3Y", warning_before_days=60),
            marked_only_entity_kinds=("individual_business",),
            **common,
        ),
        ListDefinition(
            id="serious_illegal",
            source=Source(instrument=SAMR_44.instrument, article=SAMR_44.article),
            name_zh="严重违法失信名单",
            name_en="Serious illegal and dishonest",
            kind=ListKind.RESTRICTIVE,
            legal_basis=SAMR_44,
            entry=(EntryRule(record_type="serious_dishonesty_listing"),),
            exits=(ExitRule(record_type="serious_dishonesty_removal"),),
            duration="P3Y",
            **common,
        ),
        ListDefinition(
            id="judgment_defaulters",
            source=Source(instrument=SPC.instrument, article=SPC.article),
            name_zh="失信被执行人名单",
            name_en="Judgment defaulters",
            kind=ListKind.RESTRICTIVE,
            legal_basis=SPC,
            subject_kinds=(SubjectKind.ENTITY, SubjectKind.PERSON),
            entry=(EntryRule(record_type="judgment_default_listing"),),
            exits=(ExitRule(record_type="judgment_default_removal"),),
            duration="P2Y",
            duration_overrides=(
                DurationOverride(where={"ground": ("able_but_refuses",)}, duration=None),
            ),
            extension_max="P3Y",
            certainty=S,
            managing_authority="court",
        ),
        ListDefinition(
            id="tax_d_level",
            source=Source(instrument=TAX.instrument, article=TAX.article),
            name_zh="纳税信用D级",
            name_en="Tax credit D",
            kind=ListKind.RESTRICTIVE,
            legal_basis=TAX,
            superseded_by_newer=True,
            entry=(EntryRule(record_type="tax_credit_rating", where={"level": ("D",)}),),
            certainty=S,
            managing_authority="tax",
        ),
        ListDefinition(
            id="tax_a3",
            source=Source(instrument=TAX.instrument, article=TAX.article),
            name_zh="连续三年A级",
            name_en="Tax A three years",
            kind=ListKind.RED,
            legal_basis=TAX,
            superseded_by_newer=True,
            entry=(
                EntryRule(
                    record_type="tax_credit_rating", where={"level": ("A",)}, consecutive_years=3
                ),
            ),
            certainty=S,
            managing_authority="tax",
        ),
    )


def actions() -> tuple[Action, ...]:
    """Action keys (DESIGN §5)."""
    return (
        Action(id="public_procurement_bid", name_zh="政府采购", name_en="Public procurement bid"),
        Action(
            id="high_consumption",
            name_zh="高消费",
            name_en="High consumption",
            sub_items={"flights": "Flights", "star_hotels": "Star hotels", "golf": "Golf"},
        ),
        Action(id="expedited_approval", name_zh="绿色通道", name_en="Expedited approval"),
        Action(id="inspection_frequency", name_zh="检查频次", name_en="Inspection frequency"),
    )


def measure(
    measure_id: str,
    basis: LegalBasis,
    effect: Effect,
    klass: MeasureClass,
    actions_: tuple[str, ...],
    **targets: Any,
) -> Measure:
    """A catalogue measure with defaults."""
    return Measure(
        id=measure_id,
        source=Source(instrument=basis.instrument, article=basis.article),
        certainty=S,
        measure_class=klass,
        effect=effect,
        content_zh=measure_id,
        content_en=measure_id.replace("_", " "),
        targets=MeasureTargets(**targets),
        legal_basis=basis,
        implementing_agency="all",
        edition="2021",
        actions=actions_,
    )


R, INC = Effect.RESTRICT, Effect.INCENTIVE
RIGHTS, MGMT = MeasureClass.RIGHTS_RESTRICTING, MeasureClass.MANAGEMENT


def measures() -> tuple[Measure, ...]:
    """The catalogue: restrictions per list, consumption restriction with persons, incentives."""
    return (
        measure(
            "abnormal.procurement",
            REGULATION,
            R,
            RIGHTS,
            ("public_procurement_bid",),
            lists=("abnormal_operations",),
        ),
        measure(
            "serious.procurement",
            SAMR_44,
            R,
            RIGHTS,
            ("public_procurement_bid",),
            lists=("serious_illegal",),
        ),
        measure(
            "defaulter.high_consumption",
            SPC,
            R,
            RIGHTS,
            ("high_consumption",),
            lists=("judgment_defaulters",),
            persons=(ResponsiblePerson.LEGAL_REPRESENTATIVE, ResponsiblePerson.ACTUAL_CONTROLLER),
        ),
        measure(
            "tax_d.golf",
            TAX,
            R,
            RIGHTS,
            ("high_consumption.golf",),
            lists=("tax_d_level",),
        ),
        measure(
            "rating_d.inspection",
            MODEL_BASIS,
            R,
            MGMT,
            ("inspection_frequency",),
            rating_levels=("D",),
        ),
        measure(
            "tax_a3.green_channel",
            TAX,
            INC,
            MeasureClass.INCENTIVE,
            ("expedited_approval",),
            lists=("tax_a3",),
        ),
    )


MODEL_BASIS = LegalBasis(instrument="Guobanfa [2026] No. 8", article="whole instrument")


def evaluation(**fields: Any) -> Evaluation:
    """The test evaluation: base 100, A ≥ 90, B ≥ 75, C ≥ 50, D below."""

    def item(code: str, record_type: str, points: float, **more: Any) -> EvaluationInput:
        return EvaluationInput(
            id=f"input.{code.lower()}",
            source=MODEL,
            certainty=Certainty.UNVERIFIED,
            code=code,
            record_type=record_type,
            points=points,
            description_en=code.lower(),
            **more,
        )

    values: dict[str, Any] = {
        "id": "evaluation",
        "source": MODEL,
        "certainty": Certainty.UNVERIFIED,
        "base_score": 100,
        "merit_cap": 10,
        "merit_offset_share": 0.5,
        "levels": (
            Level(level="A", min_score=90, name_en="A", name_zh="A"),
            Level(level="B", min_score=75, name_en="B", name_zh="B"),
            Level(level="C", min_score=50, name_en="C", name_zh="C"),
            Level(level="D", min_score=-1000, name_en="D", name_zh="D"),
        ),
        "inputs": (
            item(
                "PENALTY_SERIOUS", "admin_penalty", -40, severities=(Severity.SERIOUS,), decay="P3Y"
            ),
            item(
                "PENALTY_GENERAL", "admin_penalty", -15, severities=(Severity.GENERAL,), decay="P1Y"
            ),
            item(
                "PENALTY_MINOR",
                "admin_penalty",
                -3,
                severities=(Severity.MINOR,),
                decay="P3M",
                max_count=3,
            ),
            item("HONOUR", "honour", 5, decay="P3Y", max_count=2),
            item("DONATION", "charitable_donation", 4, decay="P1Y", max_count=1),
            item("TAX_D", "tax_credit_rating", -20, where={"level": ("D",)}, decay="P1Y"),
        ),
        "overrides": (
            Override(
                id="override.serious",
                source=MODEL,
                certainty=S,
                code="ON_SERIOUS_LIST",
                when_list="serious_illegal",
                at_most="D",
                description_en="on serious list",
            ),
            Override(
                id="override.defaulter",
                source=MODEL,
                certainty=S,
                code="JUDGMENT_DEFAULTER",
                when_list="judgment_defaulters",
                at_most="D",
                description_en="defaulter",
            ),
            Override(
                id="override.tax_d",
                source=MODEL,
                certainty=S,
                code="ON_TAX_D_LIST",
                when_list="tax_d_level",
                at_most="C",
                description_en="tax level D",
            ),
        ),
    }
    values.update(fields)
    return Evaluation(**values)


def procedures() -> Procedures:
    """Order 36's repeat-offender bar (its numbers are unverified: configuration)."""
    return Procedures(
        deadlines=(),
        repeat_offender_bars=(
            RepeatOffenderBar(
                id="bar.repeat",
                source=ORDER_36,
                certainty=Certainty.UNVERIFIED,
                valid_from=date(2026, 4, 1),
                record_types=("admin_penalty",),
                threshold=3,
                window="P1Y",
                bar="P1Y",
            ),
        ),
    )


def make_pack(**parts: Any) -> Pack:
    """The test pack; keyword arguments replace whole parts (``publication=(...)``)."""
    values: dict[str, Any] = {
        "info": PackInfo(id="test", name="test pack", jurisdiction="cn"),
        "directory": _directory(),
        "publication": publication_rules(),
        "lists": lists(),
        "actions": actions(),
        "measures": measures(),
        "evaluation": evaluation(),
        "procedures": procedures(),
        "version": "test-1",
    }
    values.update(parts)
    return Pack(**values)


COMPANY = "91440300MA5FAKE01X"
SHOP = "92440300MA5FAKE02X"
PERSON_ID = "11010519491231002X"
REP_ID = "440301199001011234"


def rec(
    record_type: str,
    source_id: str,
    decided_on: date,
    *,
    agency: str = "samr-440300",
    subject_id: str = COMPANY,
    kind: SubjectKind = SubjectKind.ENTITY,
    severity: Severity | None = None,
    refers_to: str = "",
    effective_from: date | None = None,
    effective_until: date | None = None,
    **extra: Any,
) -> Record:
    """A synthetic record with only what a test needs."""
    return Record(
        agency=agency,
        source_record_id=source_id,
        record_type=record_type,
        subject_kind=kind,
        subject_id=subject_id,
        decided_on=decided_on,
        severity=severity,
        refers_to=refers_to,
        effective_from=effective_from,
        effective_until=effective_until,
        extra=MappingProxyType(extra),
    )


def registration(subject_id: str = COMPANY, on: date = date(2015, 1, 5)) -> Record:
    """A registration record naming a legal representative (synthetic ID number)."""
    return rec(
        "registration",
        f"reg-{subject_id}",
        on,
        subject_id=subject_id,
        name="测试科技有限公司",
        legal_representative_name="张测试",
        legal_representative_id=REP_ID,
        status="active",
    )
