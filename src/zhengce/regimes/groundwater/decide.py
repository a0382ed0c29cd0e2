"""第二十五条: decide a 取水许可 application for groundwater, refusing on every applicable ground.

第二十五条 有下列情形之一的，对取用地下水的取水许可申请不予批准：
（一）不符合地下水取水总量控制、地下水水位控制要求；
（二）不符合限制开采区取用水规定；
（三）不符合行业用水定额和节水规定；
（四）不符合强制性国家标准；
（五）水资源紧缺或者生态脆弱地区新建、改建、扩建高耗水项目；
（六）违反法律、法规的规定开垦种植而取用地下水。

Besides the six items, an application that 第三十五条第一款 (禁止开采区) or 第二十七条第一款 (难以更新的地下水)
forbids outright is refused on that article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhengce.errors import UserError
from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, TITLE, m3, new_registry
from zhengce.regimes.groundwater.facts import _label
from zhengce.rules import Citation, Finding, Kind, Outcome, evaluate

REGISTRY = new_registry()
ART_25 = "chp_3__art_25"


def _item(n: int) -> str:
    return f"{ART_25}__item_{n}"


@dataclass(frozen=True)
class Application:
    application_id: str
    applicant: str
    region_code: str
    lon: float
    lat: float
    annual_m3: float
    purpose: str | None = None
    zones: frozenset[str] = frozenset()
    non_renewable: bool | None = field(default=None, metadata=_label("取水层位是否为难以更新的地下水"))
    exemption: str | None = None
    county_quota_m3: float | None = field(
        default=None, metadata=_label("县级地下水取水总量控制指标（立方米/年）")
    )
    county_permitted_m3: float | None = field(default=None, metadata=_label("已许可取水量合计（立方米/年）"))
    levels_below_control: bool | None = field(
        default=None, metadata=_label("本区域地下水水位是否低于控制水位")
    )
    meets_industry_quota: bool | None = field(default=None, metadata=_label("是否符合行业用水定额和节水规定"))
    meets_mandatory_standards: bool | None = field(default=None, metadata=_label("是否符合强制性国家标准"))
    scarce_or_fragile_area: bool | None = field(
        default=None, metadata=_label("是否属于水资源紧缺或者生态脆弱地区")
    )
    new_or_expanded: bool | None = field(default=None, metadata=_label("是否新建、改建、扩建项目"))
    high_water_consumption: bool | None = field(default=None, metadata=_label("是否高耗水项目"))
    illegal_reclamation: bool | None = field(
        default=None, metadata=_label("是否违反法律、法规的规定开垦种植")
    )


def _refuse(message: str) -> Outcome:
    return Outcome(Kind.DECISION, "不予批准：" + message)


@REGISTRY.rule("gw.permit.ground_1", cites=[(DOC_ID, _item(1))], effective=EFFECTIVE, applies_to=Application)
def ground_1(f):
    """（一）不符合地下水取水总量控制、地下水水位控制要求。Permitted total plus the request above the quota
    (equal is within it), or the area's levels below the control level."""
    quota, permitted, annual = f.need("county_quota_m3", "county_permitted_m3", "annual_m3")
    out = []
    if permitted + annual > quota:
        out.append(
            _refuse(
                f"已许可{m3(permitted)}立方米加申请{m3(annual)}立方米，超过取水总量控制指标{m3(quota)}立方米。"
            )
        )
    if f.need("levels_below_control"):
        out.append(_refuse("本区域地下水水位低于控制水位，不符合地下水水位控制要求。"))
    return out


@REGISTRY.rule(
    "gw.permit.ground_2",
    cites=[(DOC_ID, _item(2)), (DOC_ID, "chp_4__art_35__para_2")],
    effective=EFFECTIVE,
    applies_to=Application,
)
def ground_2(f):
    """（二）不符合限制开采区取用水规定。第三十五条第二款: 限制开采区内禁止新增取用地下水 (save the
    exemptions of its first paragraph)."""
    if "restricted" in f.need("zones") and f.get("exemption") not in (
        "construction_safety",
        "public_safety",
        "monitoring_small",
    ):
        return _refuse("取水地点位于地下水限制开采区，禁止新增取用地下水。")
    return None


@REGISTRY.rule("gw.permit.ground_3", cites=[(DOC_ID, _item(3))], effective=EFFECTIVE, applies_to=Application)
def ground_3(f):
    """（三）不符合行业用水定额和节水规定。"""
    return None if f.need("meets_industry_quota") else _refuse("不符合行业用水定额和节水规定。")


@REGISTRY.rule("gw.permit.ground_4", cites=[(DOC_ID, _item(4))], effective=EFFECTIVE, applies_to=Application)
def ground_4(f):
    """（四）不符合强制性国家标准。"""
    return None if f.need("meets_mandatory_standards") else _refuse("不符合强制性国家标准。")


@REGISTRY.rule("gw.permit.ground_5", cites=[(DOC_ID, _item(5))], effective=EFFECTIVE, applies_to=Application)
def ground_5(f):
    """（五）水资源紧缺或者生态脆弱地区新建、改建、扩建高耗水项目。All three facts must hold; any one false
    clears the ground without needing the others."""
    names = ("scarce_or_fragile_area", "new_or_expanded", "high_water_consumption")
    if any(f.get(name) is False for name in names):
        return None
    f.need(*names)  # none is false: every one must be known before refusing
    return _refuse("水资源紧缺或者生态脆弱地区新建、改建、扩建高耗水项目。")


@REGISTRY.rule("gw.permit.ground_6", cites=[(DOC_ID, _item(6))], effective=EFFECTIVE, applies_to=Application)
def ground_6(f):
    """（六）违反法律、法规的规定开垦种植而取用地下水。"""
    return _refuse("违反法律、法规的规定开垦种植而取用地下水。") if f.need("illegal_reclamation") else None


@REGISTRY.rule(
    "gw.permit.prohibited_zone",
    cites=[(DOC_ID, "chp_4__art_35__para_1")],
    effective=EFFECTIVE,
    applies_to=Application,
)
def prohibited(f):
    """第三十五条第一款 除下列情形外，在地下水禁止开采区内禁止取用地下水：（一）……（二）……（三）……"""
    if "prohibited" in f.need("zones") and f.get("exemption") not in (
        "construction_safety",
        "public_safety",
        "monitoring_small",
    ):
        return _refuse("取水地点位于地下水禁止开采区。")
    return None


@REGISTRY.rule(
    "gw.permit.non_renewable",
    cites=[(DOC_ID, "chp_3__art_27__para_1")],
    effective=EFFECTIVE,
    applies_to=Application,
)
def non_renewable(f):
    """第二十七条第一款 除下列情形外，禁止开采难以更新的地下水：（一）应急供水取水；（二）无替代水源地区的居民
    生活用水；（三）为开展地下水监测、勘探、试验少量取水。"""
    if f.need("non_renewable") and f.get("exemption") not in (
        "emergency_supply",
        "domestic_no_alternative",
        "monitoring_small",
    ):
        return _refuse("申请开采难以更新的地下水，不属于第二十七条第一款所列情形。")
    return None


@dataclass(frozen=True)
class Decision:
    outcome: str  # approve / refuse / cannot_decide
    findings: list[Finding]

    def to_dict(self) -> dict[str, Any]:
        from zhengce.rules import finding_to_dict

        return {"outcome": self.outcome, "findings": [finding_to_dict(f) for f in self.findings]}


def decide(app: Application, as_of: date, resolver=None) -> Decision:
    """Refuse on every applicable ground; approve only when every ground was decided and none applies."""
    if as_of < EFFECTIVE:
        raise UserError(
            f"《{TITLE}》自{EFFECTIVE.isoformat()}起施行，{as_of.isoformat()} 不适用 (not in force)"
        )
    findings = evaluate({app.application_id: app}, as_of, REGISTRY, resolver)
    refusals = [f for f in findings if f.kind is Kind.DECISION]
    if refusals:
        return Decision("refuse", findings)
    if findings:
        return Decision("cannot_decide", findings)
    citation = Citation.of(DOC_ID, ART_25, TITLE)
    if resolver is not None:
        citation = Citation(citation.doc_id, citation.eid, citation.text, resolver(DOC_ID, ART_25))
    approval = Finding(
        subject=app.application_id,
        rule_id="gw.permit.decide",
        kind=Kind.DECISION,
        citations=(citation,),
        message="予以批准：不存在第二十五条所列不予批准的情形。",
        as_of=as_of,
        evidence={"annual_m3": app.annual_m3, "zones": sorted(app.zones)},
    )
    return Decision("approve", [approval])
