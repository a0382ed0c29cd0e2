"""第四章 超采治理: 禁止开采区 and 限制开采区 (第三十五条), and designation suggestions (第三十三条、第三十四条)."""

from __future__ import annotations

from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, m3, new_registry
from zhengce.regimes.groundwater.facts import EventFacts, RegionYearFacts, WorksFacts
from zhengce.regimes.groundwater.vocab import EXEMPTIONS
from zhengce.rules import Kind, Outcome

REGISTRY = new_registry()

ART_33_1 = "chp_4__art_33__item_1"
ART_34_1 = "chp_4__art_34__item_1"
ART_35_1 = "chp_4__art_35__para_1"
ART_35_2 = "chp_4__art_35__para_2"
ART_35_ITEMS = {"construction_safety": 1, "public_safety": 2, "monitoring_small": 3}
# 第三十四条第一项 says 接近 without a figure; this ratio is a local policy parameter, not the law's.
NEAR_EXPLOITABLE = 0.9


def _exempt(f) -> tuple[str | None, bool]:
    """(item eid of the 第三十五条第一款 exemption, whether it still lasts on the as-of date)."""
    exemption = f.get("exemption")
    if exemption not in ART_35_ITEMS:
        return None, False
    until = f.get("exemption_until")
    return f"{ART_35_1}__item_{ART_35_ITEMS[exemption]}", until is None or until >= f.as_of


@REGISTRY.rule(
    "gw.zone.prohibited",
    cites=[
        (DOC_ID, ART_35_1),
        (DOC_ID, f"{ART_35_1}__item_1"),
        (DOC_ID, f"{ART_35_1}__item_2"),
        (DOC_ID, f"{ART_35_1}__item_3"),
        (DOC_ID, ART_35_2),
    ],
    effective=EFFECTIVE,
    applies_to=WorksFacts,
)
def prohibited_zone(f):
    """第三十五条第一款 除下列情形外，在地下水禁止开采区内禁止取用地下水：
    （一）为保障地下工程施工安全和生产安全必须进行临时应急取(排)水；
    （二）为消除对公共安全或者公共利益的危害临时应急取水；
    （三）为开展地下水监测、勘探、试验少量取水。
    第二款（后段）前款规定的情形消除后，应当立即停止取用地下水。
    """
    if "prohibited" not in f.need("zones"):
        return None
    volume = f.need("volume_year_m3")
    if volume <= 0:
        return None
    item, lasting = _exempt(f)
    if item and lasting:
        return None
    if item:
        after = f.need("volume_after_exemption_m3")
        if after <= 0:
            return None
        until = f.need("exemption_until")
        return Outcome(
            Kind.VIOLATION,
            f"禁止开采区内“{EXEMPTIONS[f.get('exemption')][0]}”情形已于{until.isoformat()}消除，"
            f"此后仍取用地下水{m3(after)}立方米，应当立即停止。",
            cites=[ART_35_2, item],
        )
    return Outcome(Kind.VIOLATION, f"在地下水禁止开采区内取用地下水{m3(volume)}立方米。", cites=[ART_35_1])


@REGISTRY.rule(
    "gw.zone.restricted_new", cites=[(DOC_ID, ART_35_2)], effective=EFFECTIVE, applies_to=WorksFacts
)
def restricted_zone_new(f):
    """第三十五条第二款：除前款规定的情形外，在地下水限制开采区内禁止新增取用地下水，并逐步削减地下水取水量；
    前款规定的情形消除后，应当立即停止取用地下水。

    新增: a works built (or rebuilt/expanded) on or after both 2021-12-01 and the zone's designation.
    """
    if "restricted" not in f.need("zones"):
        return None
    item, lasting = _exempt(f)
    if item and lasting:
        return None
    built_on = f.need("built_on")
    since = f.get("restricted_since") or EFFECTIVE
    if built_on < max(since, EFFECTIVE) or f.need("volume_year_m3") <= 0:
        return None
    return Outcome(
        Kind.VIOLATION,
        f"限制开采区内于{built_on.isoformat()}新建（改建、扩建）取水工程并取用地下水，属新增取用地下水。",
    )


@REGISTRY.rule(
    "gw.zone.restricted_reduce", cites=[(DOC_ID, ART_35_2)], effective=EFFECTIVE, applies_to=WorksFacts
)
def restricted_zone_reduce(f):
    """第三十五条第二款：……在地下水限制开采区内禁止新增取用地下水，并逐步削减地下水取水量；……

    Compares the last 365 days with the 365 before: a volume that did not fall is flagged (warning: the
    article sets the direction, the pace is set by the local 超采综合治理方案).
    """
    if "restricted" not in f.need("zones"):
        return None
    item, lasting = _exempt(f)
    if item and lasting:
        return None
    now, before = f.need("volume_year_m3", "volume_prev_year_m3")
    if before <= 0 or now < before:
        return None
    return Outcome(
        Kind.WARNING,
        f"限制开采区内取水量未逐步削减：近一年{m3(now)}立方米，上一年{m3(before)}立方米。",
    )


@REGISTRY.rule(
    "gw.zone.suggest_restricted", cites=[(DOC_ID, ART_34_1)], effective=EFFECTIVE, applies_to=RegionYearFacts
)
def suggest_restricted(f):
    """第三十四条 有下列情形之一的，应当划为地下水限制开采区：（一）地下水开采量接近可开采量的区域；……

    A suggestion for the province (第三十二条 designates): withdrawals at or above NEAR_EXPLOITABLE of the
    可开采量. The ratio is configurable policy, stated in the message.
    """
    exploitable = f.get("exploitable_m3")
    if exploitable is None:
        return None  # a suggestion, not a duty: without the 可开采量 there is nothing to suggest
    total = f.need("total_m3")
    if exploitable <= 0 or total < NEAR_EXPLOITABLE * exploitable:
        return None
    return Outcome(
        Kind.WARNING,
        f"{f.need('year')}年开采量{m3(total)}立方米，达到可开采量{m3(exploitable)}立方米的"
        f"{total / exploitable:.0%}（≥{NEAR_EXPLOITABLE:.0%}），建议评估划为限制开采区。",
    )


@REGISTRY.rule(
    "gw.zone.suggest_prohibited", cites=[(DOC_ID, ART_33_1)], effective=EFFECTIVE, applies_to=EventFacts
)
def suggest_prohibited(f):
    """第三十三条 有下列情形之一的，应当划为地下水禁止开采区：
    （一）已发生严重的地面沉降、地裂缝、海(咸)水入侵、植被退化等地质灾害或者生态损害的区域；……

    A recorded serious subsidence (or similar) event outside any 禁止开采区 suggests a designation.
    """
    if f.need("kind") != "subsidence" or "prohibited" in f.need("zones"):
        return None
    if not f.need("serious_damage"):
        return None
    return Outcome(Kind.WARNING, "该区域已发生严重的地质灾害或者生态损害，尚未划入禁止开采区，建议评估划定。")
