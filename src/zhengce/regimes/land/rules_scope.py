"""一、临时用地使用范围 and 二、选址要求: what may be used temporarily, and where it may not go.

Rules about the approval itself judge only approvals made while the notice is in force (批准日期 on
or after 2021-11-04); earlier approvals were made under earlier rules.
"""

from __future__ import annotations

from zhengce.regimes.land.base import (
    EFFECTIVE,
    REGISTRY,
    REPEALED,
    SCOPE,
    SCOPE_CONSTRUCTION,
    SCOPE_OTHER,
    SCOPE_SURVEY,
    SITING,
)
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.regimes.land.vocab import HARD_TO_RESTORE, INFRASTRUCTURE_SECTORS, PURPOSES
from zhengce.rules import Facts, Kind, Outcome

_KIND_CITES = {
    "construction": SCOPE_CONSTRUCTION.eid,
    "geological_survey": SCOPE_SURVEY.eid,
    "oil_gas": SCOPE_SURVEY.eid,
    "other_lawful": SCOPE_OTHER.eid,
}


def approved_under_notice(f: Facts) -> bool:
    """Was the use approved while the notice was in force? (needs 批准日期)"""
    return f.need("approved_on") >= EFFECTIVE


@regime_rule(
    REGISTRY,
    "land.scope.activity",
    cites=[SCOPE, SCOPE_CONSTRUCTION, SCOPE_SURVEY, SCOPE_OTHER],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def scope_activity(f: Facts) -> list[Outcome] | None:
    """一、第1段：临时用地是指建设项目施工、地质勘查等临时使用，不修建永久性建（构）筑物，使用后可恢复的土地
    （通过复垦可恢复原地类或者达到可供利用状态）。临时用地具有临时性和可恢复性等特点，与建设项目施工、地质勘查等
    无关的用地，使用后无法恢复到原地类或者复垦达不到可供利用状态的用地，不得使用临时用地。

    一、（一）：建设项目施工过程中建设的直接服务于施工人员的临时办公和生活用房……以及能源、交通、水利等基础设施
    项目的取土场、弃土（渣）场等使用的土地。

    一、（二）：矿产资源勘查、工程地质勘查、水文地质勘查等，在勘查期间临时生活用房、临时工棚、勘查作业及其辅助
    工程、施工便道、运输便道等使用的土地……

    一、（三）：符合法律、法规规定的其他需要临时使用的土地。

    A use outside (一)–(三), with permanent structures, or that cannot be restored, is a violation.
    取土场/弃土（渣）场 are listed for 能源、交通、水利等基础设施项目 only: elsewhere a warning.
    """
    if not approved_under_notice(f):
        return None
    kind = f.need("project_kind")
    out: list[Outcome] = []
    if kind == "unrelated":
        out.append(
            Outcome(
                Kind.VIOLATION,
                "与建设项目施工、地质勘查等无关的用地，不得使用临时用地。",
                cites=[SCOPE.eid],
            )
        )
    elif kind == "other_lawful":
        f.need("legal_basis")  # (三) needs the law or regulation that provides for the use
    if f.need("permanent_structures"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                "临时用地上修建永久性建（构）筑物，不属于临时用地。",
                cites=[SCOPE.eid, *([_KIND_CITES[kind]] if kind in _KIND_CITES else [])],
            )
        )
    if not f.need("restorable"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                "使用后无法恢复到原地类或者复垦达不到可供利用状态的用地，不得使用临时用地。",
                cites=[SCOPE.eid],
            )
        )
    purpose = f.need("purpose")
    infrastructure_only = PURPOSES.get(purpose, ("", ""))[1] == "infrastructure"
    if infrastructure_only and f.get("infrastructure_sector") not in INFRASTRUCTURE_SECTORS:
        out.append(
            Outcome(
                Kind.WARNING,
                f"{PURPOSES[purpose][0]}：一、（一）仅列明能源、交通、水利等基础设施项目的取土场、弃土（渣）场，"
                "请核实项目是否属于基础设施项目或者符合一、（三）。",
                cites=[SCOPE_CONSTRUCTION.eid, SCOPE_OTHER.eid],
            )
        )
    return out


@regime_rule(
    REGISTRY,
    "land.siting.hard_to_restore",
    cites=[SITING],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def siting_hard_to_restore(f: Facts) -> Outcome | None:
    """二、第1段：制梁场、拌合站等难以恢复原种植条件的不得以临时用地方式占用耕地和永久基本农田，
    可以建设用地方式或者临时占用未利用地方式使用土地。

    Any area of 耕地 or 永久基本农田 (even 1 m²) under a 制梁场, 拌合站, or a facility recorded as
    难以恢复原种植条件 (the 等 of the text) is a violation; none at all is compliant.
    """
    if not approved_under_notice(f):
        return None
    purpose = f.need("purpose")
    if purpose not in HARD_TO_RESTORE and not f.get("hard_to_restore"):
        return None
    cultivated, basic = f.need("area_cultivated_m2", "area_permanent_basic_m2")
    if cultivated + basic == 0:
        return None
    name = PURPOSES[purpose][0] if purpose in HARD_TO_RESTORE else "难以恢复原种植条件的设施"
    return Outcome(
        Kind.VIOLATION,
        f"{name}以临时用地方式占用耕地{cultivated}平方米、永久基本农田{basic}平方米；"
        "应以建设用地方式或者临时占用未利用地方式使用土地。",
    )


@regime_rule(
    REGISTRY,
    "land.siting.permanent_basic",
    cites=[SITING],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def siting_permanent_basic(f: Facts) -> Outcome | None:
    """二、第1段：临时用地确需占用永久基本农田的，必须能够恢复原种植条件，并符合《自然资源部农业农村部关于
    加强和改进永久基本农田保护工作的通知》（自然资规〔2019〕1号）中申请条件、土壤剥离、复垦验收等有关规定。
    """
    if not approved_under_notice(f):
        return None
    basic = f.need("area_permanent_basic_m2")
    if basic == 0:
        return None
    if f.need("restore_planting_conditions"):
        return None
    return Outcome(
        Kind.VIOLATION,
        f"占用永久基本农田{basic}平方米，但不能恢复原种植条件。",
    )
