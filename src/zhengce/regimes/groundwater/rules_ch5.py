"""第五章 污染防治: storage in rock pores/karst/mines (第四十条第二项、第五十九条第一款、第二款), polluting
projects in spring and karst areas (第四十二条、第五十九条第三款), layered and mixed extraction (第四十三条第二款),
cross-layer pollution and artificial recharge (第四十三条第三款、第四款)."""

from __future__ import annotations

from datetime import date

from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, new_registry
from zhengce.regimes.groundwater.facts import EventFacts, WorksFacts
from zhengce.regimes.groundwater.penalties import penalty_for
from zhengce.rules import Kind, MissingFact, Outcome

REGISTRY = new_registry()

ART_40_2 = "chp_5__art_40__item_2"
ART_42 = "chp_5__art_42"
ART_43_2 = "chp_5__art_43__para_2"
ART_43_3 = "chp_5__art_43__para_3"
ART_43_4 = "chp_5__art_43__para_4"
ART_59_1 = "chp_7__art_59__para_1"
# 第四十三条第二款 says 水质差异大 without a figure: two GB/T 14848 classes apart is this local parameter.
QUALITY_GAP = 2
ART_59_2 = "chp_7__art_59__para_2"
ART_59_3 = "chp_7__art_59__para_3"


def _ongoing_after_effective(f) -> bool:
    ended = f.get("ended_on")
    return ended is None or ended >= EFFECTIVE


@REGISTRY.rule(
    "gw.storage.toxic",
    cites=[(DOC_ID, ART_40_2), (DOC_ID, ART_59_1), (DOC_ID, ART_59_2)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def toxic_storage(f):
    """第四十条 禁止下列污染或者可能污染地下水的行为：……（二）利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存石化原料
    及产品、农药、危险废物、城镇污水处理设施产生的污泥和处理后的污泥或者其他有毒有害物质；

    第五十九条第一款 (10万–100万元, 生态环境主管部门) for the substances in general; 第二款 for 污泥
    (20万–200万元 and 2万–10万元 on the persons in charge; 造成严重后果的 200万–500万元 and 5万–50万元).
    Storage that lasted into 2021-12-01 falls under the regulation.
    """
    if f.need("kind") != "toxic_storage" or not _ongoing_after_effective(f):
        return None
    substance = f.need("substance")
    if substance == "sludge":
        return Outcome(
            Kind.VIOLATION,
            "利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存城镇污水处理设施产生的污泥。",
            cites=[ART_40_2, ART_59_2],
            consequence=lambda facts: penalty_for("gw.59.2.sludge_storage", facts),
        )
    return Outcome(
        Kind.VIOLATION,
        f"利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存有毒有害物质（{substance}）。",
        cites=[ART_40_2, ART_59_1],
        consequence=penalty_for("gw.59.1.toxic_storage", {}),
    )


@REGISTRY.rule(
    "gw.project.spring_karst",
    cites=[(DOC_ID, ART_42), (DOC_ID, ART_59_3)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def spring_karst_project(f):
    """第四十二条 在泉域保护范围以及岩溶强发育、存在较多落水洞和岩溶漏斗的区域内，不得新建、改建、扩建可能
    造成地下水污染的建设项目。

    第五十九条第三款 fines (10万–50万元, 责令拆除或者关闭) only a project that 造成地下水污染; one that only
    may pollute breaches 第四十二条 without that fine. Projects started before 2021-12-01 are not caught.
    """
    if f.need("kind") != "polluting_project":
        return None
    if not ({"spring_protection", "karst"} & f.need("zones")):
        return None
    if f.need("started_on") < EFFECTIVE:
        return None
    if f.need("caused_pollution"):
        return Outcome(
            Kind.VIOLATION,
            "在泉域保护范围或者岩溶强发育区域内新建、改建、扩建建设项目，造成地下水污染。",
            consequence=penalty_for("gw.59.3.polluting_project", {}),
        )
    return Outcome(
        Kind.VIOLATION,
        "在泉域保护范围或者岩溶强发育区域内新建、改建、扩建可能造成地下水污染的建设项目。",
        cites=[ART_42],
    )


@REGISTRY.rule("gw.mixed_extraction", cites=[(DOC_ID, ART_43_2)], effective=EFFECTIVE, applies_to=WorksFacts)
def mixed_extraction(f):
    """第四十三条第二款：多层地下水的含水层水质差异大的，应当分层开采；对已受污染的潜水和承压水，不得混合开采。

    A works screened in both a 潜水 and a 承压 aquifer, one of them polluted, that drew water in the window.
    Reading: 已受污染的潜水和承压水 — the mixing is barred when either layer is polluted (mixing carries the
    pollution into the other); the narrower reading (polluted 潜水 only) is a subset of these findings.
    """
    aquifers = f.need("aquifers")
    kinds = {a.kind for a in aquifers}
    if not {"phreatic", "confined"} <= kinds or not any(a.polluted for a in aquifers):
        return None
    if f.need("volume_year_m3") <= 0:
        return None
    polluted = "、".join(a.aquifer_id for a in aquifers if a.polluted)
    return Outcome(Kind.VIOLATION, f"混合开采潜水和承压水，其中{polluted}已受污染。")


@REGISTRY.rule(
    "gw.layered_extraction", cites=[(DOC_ID, ART_43_2)], effective=EFFECTIVE, applies_to=WorksFacts
)
def layered_extraction(f):
    """第四十三条第二款：多层地下水的含水层水质差异大的，应当分层开采；对已受污染的潜水和承压水，不得混合开采。

    (第一款：多层含水层开采、回灌地下水应当防止串层污染。) A works screened in two or more aquifers draws them
    together, i.e. not 分层. 水质差异大 has no figure in the law: aquifers whose GB/T 14848 quality classes
    (I–V) are QUALITY_GAP or more apart are taken as differing greatly — a warning, as the threshold is
    ours. Without the class of every aquifer the question cannot be decided. Mixing polluted 潜水 and
    承压水 is the stricter second clause (gw.mixed_extraction).
    """
    aquifers = f.need("aquifers")
    if len(aquifers) < 2 or f.need("volume_year_m3") <= 0:
        return None
    unknown = [a.aquifer_id for a in aquifers if a.quality_class is None]
    if unknown:
        raise MissingFact(
            tuple(f"quality_class:{a}" for a in unknown),
            {f"quality_class:{a}": "含水层地下水质量类别" for a in unknown},
        )
    classes = {a.aquifer_id: a.quality_class for a in aquifers}
    if max(classes.values()) - min(classes.values()) < QUALITY_GAP:
        return None
    roman = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
    shown = "、".join(f"{a}（{roman[c]}类）" for a, c in classes.items())
    return Outcome(Kind.WARNING, f"同时开采水质差异大的多层含水层{shown}，应当分层开采。")


def _attr_date(f, name: str, label: str) -> date | None:
    """An ISO date held in the event's attrs (None when absent); a malformed one cannot be guessed."""
    value = f.get("attrs", {}).get(name)
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise MissingFact((name,), {name: f"{label}（YYYY-MM-DD）"}) from None


@REGISTRY.rule(
    "gw.cross_layer.backfill", cites=[(DOC_ID, ART_43_3)], effective=EFFECTIVE, applies_to=EventFacts
)
def cross_layer_backfill(f):
    """第四十三条第三款：已经造成地下水串层污染的，应当按照封填井技术要求限期回填串层开采井，并对造成的地下水污染
    进行治理和修复。

    Event kind ``cross_layer_pollution`` (a works whose wells caused pollution between layers). Facts in
    ``attrs``: ``deadline`` — the 限期, which the law leaves to the authority (absent: the duty stands with
    no date yet); ``backfilled_on`` — when the well was backfilled to the sealing standard; ``remediated``
    — whether the pollution has been treated and restored. Backfilling on the deadline day is in time;
    a deadline passed (as of the check) without backfilling, or backfilling after it, is a violation.
    The regulation's 第七章 sets no fine for this paragraph, so the finding carries none. Remediation has
    no deadline in the law: until ``remediated`` is true it stays an open duty.
    """
    if f.need("kind") != "cross_layer_pollution":
        return None
    deadline = _attr_date(f, "deadline", "回填串层开采井的期限")
    backfilled = _attr_date(f, "backfilled_on", "回填串层开采井的日期")
    out = []
    if backfilled is None:
        if deadline is None:
            out.append(
                Outcome(
                    Kind.OBLIGATION_DUE,
                    "已造成地下水串层污染，应当按照封填井技术要求限期回填串层开采井（期限尚未确定）。",
                )
            )
        elif f.as_of > deadline:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"已造成地下水串层污染，逾期（期限{deadline.isoformat()}）未回填串层开采井。",
                )
            )
        else:
            out.append(
                Outcome(
                    Kind.OBLIGATION_DUE,
                    f"已造成地下水串层污染，应当于{deadline.isoformat()}前按照封填井技术要求回填串层开采井。",
                    due=deadline,
                )
            )
    elif deadline is not None and backfilled > deadline:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"串层开采井于{backfilled.isoformat()}回填，晚于期限{deadline.isoformat()}。",
            )
        )
    if f.get("attrs", {}).get("remediated") is not True:
        out.append(Outcome(Kind.OBLIGATION_DUE, "应当对串层开采造成的地下水污染进行治理和修复（尚未完成）。"))
    return out


@REGISTRY.rule("gw.recharge.quality", cites=[(DOC_ID, ART_43_4)], effective=EFFECTIVE, applies_to=EventFacts)
def recharge_quality(f):
    """第四十三条第四款：人工回灌补给地下水，应当符合相关的水质标准，不得使地下水水质恶化。

    Event kind ``artificial_recharge``, ongoing on or after 2021-12-01. Two separate duties, both needed
    as facts in ``attrs``: ``meets_standard`` (the recharge water meets the applicable water-quality
    standard) and ``quality_worsened`` (the receiving groundwater's quality got worse). Either failing is
    a violation; water that meets the standard but still worsens the aquifer breaches the second duty.
    No fine in 第七章 attaches to this paragraph.
    """
    if f.need("kind") != "artificial_recharge" or not _ongoing_after_effective(f):
        return None
    attrs = f.get("attrs", {})
    missing = [
        name for name in ("meets_standard", "quality_worsened") if not isinstance(attrs.get(name), bool)
    ]
    if missing:
        labels = {"meets_standard": "回灌水是否符合相关水质标准", "quality_worsened": "地下水水质是否恶化"}
        raise MissingFact(tuple(missing), {name: labels[name] for name in missing})
    problems = []
    if not attrs["meets_standard"]:
        problems.append("回灌水不符合相关的水质标准")
    if attrs["quality_worsened"]:
        problems.append("使地下水水质恶化")
    if not problems:
        return None
    return Outcome(Kind.VIOLATION, f"人工回灌补给地下水，{'，'.join(problems)}。")
