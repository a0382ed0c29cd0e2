"""第三章 节约与保护: metering faults and gaps (第二十二条、第五十六条第二款), unauthorized abstraction
(第五十五条), 难以更新的地下水 (第二十七条), fee differentials (第二十四条第三款).

The 第二十二条 installation rules live in rules_metering.py.
"""

from __future__ import annotations

from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, first_stage, m3, new_registry
from zhengce.regimes.groundwater.facts import FeeScheduleFacts, WorksFacts
from zhengce.regimes.groundwater.vocab import EXEMPTIONS, MONITORING_KINDS
from zhengce.rules import Kind, Outcome

REGISTRY = new_registry()

ART_22_2 = "chp_3__art_22__para_2"
ART_24_3 = "chp_3__art_24__para_3"
ART_27_1 = "chp_3__art_27__para_1"
ART_27_2 = "chp_3__art_27__para_2"
ART_27_ITEMS = {"emergency_supply": 1, "domestic_no_alternative": 2, "monitoring_small": 3}
ART_55 = "chp_7__art_55"
ART_56_2 = "chp_7__art_56__para_2"


@REGISTRY.rule("gw.meter.faulty", cites=[(DOC_ID, ART_56_2)], effective=EFFECTIVE, applies_to=WorksFacts)
def faulty_meter(f):
    """第五十六条第二款：计量设施不合格或者运行不正常的，由县级以上地方人民政府水行政主管部门责令限期更换或者修复；
    逾期不更换或者不修复的，按照日最大取水能力计算的取水量计征相关费用，处10万元以上50万元以下罚款；
    情节严重的，吊销取水许可证。

    The finding starts at the order stage; the fine attaches once the order is overdue (status → overdue).
    """
    if f.need("metering") == "none":
        return None
    if f.need("meter_ok"):
        return None
    return Outcome(
        Kind.VIOLATION,
        "计量设施不合格或者运行不正常，应责令限期更换或者修复。",
        consequence=first_stage("gw.56.2.faulty_meter"),
    )


@REGISTRY.rule(
    "gw.meter.transmission_gaps", cites=[(DOC_ID, ART_22_2)], effective=EFFECTIVE, applies_to=WorksFacts
)
def transmission_gaps(f):
    """第二十二条第二款：单位和个人取用地下水量达到取水规模以上的，应当安装地下水取水在线计量设施，
    并将计量数据实时传输到有管理权限的水行政主管部门。

    Detected from the readings: an online works above the scale with days in the window without a daily
    record has not transmitted in real time on those days. A telemetry outage looks the same, so this is
    a warning to investigate, not a violation.
    """
    if f.need("metering") != "online":
        return None
    volume, threshold = f.need("annual_abstraction_m3", "online_threshold_m3")
    if volume < threshold:
        return None
    reporting, window = f.need("reporting_days", "window_days")
    if reporting == 0:
        return None  # no daily records at all (monthly returns only): gaps cannot be told from data
    missing = window - reporting
    if missing <= 0:
        return None
    return Outcome(Kind.WARNING, f"在线计量数据在近{window}日中有{missing}日未传输，应核查是否实时传输。")


@REGISTRY.rule("gw.permit.unauthorized", cites=[(DOC_ID, ART_55)], effective=EFFECTIVE, applies_to=WorksFacts)
def unauthorized_abstraction(f):
    """第五十五条：违反本条例规定，未经批准擅自取用地下水，……等违法行为，依照《中华人民共和国水法》、
    《中华人民共和国水污染防治法》、《中华人民共和国土壤污染防治法》、《取水许可和水资源费征收管理条例》
    等法律、行政法规的规定处罚。

    A works that drew water in the window without a permit valid on the as-of date. Monitoring and
    exploration works need no permit (第四十八条第二款), nor does the temporary emergency drainage of
    第五十二条第二款 (recorded as the construction_safety exemption).
    """
    if f.need("kind") in MONITORING_KINDS or f.get("exemption") == "construction_safety":
        return None
    volume = f.need("volume_year_m3")
    if volume <= 0:
        return None
    valid_to = f.get("permit_valid_to")
    if valid_to is not None and valid_to >= f.as_of:
        return None
    why = "无取水许可" if valid_to is None else f"取水许可已于{valid_to.isoformat()}到期"
    return Outcome(
        Kind.VIOLATION,
        f"{why}，近一年取用地下水{m3(volume)}立方米，属未经批准擅自取用地下水。",
        consequence=first_stage("gw.55.unauthorized_abstraction"),
    )


@REGISTRY.rule(
    "gw.nonrenewable",
    cites=[
        (DOC_ID, ART_27_1),
        (DOC_ID, f"{ART_27_1}__item_1"),
        (DOC_ID, f"{ART_27_1}__item_2"),
        (DOC_ID, f"{ART_27_1}__item_3"),
        (DOC_ID, ART_27_2),
    ],
    effective=EFFECTIVE,
    applies_to=WorksFacts,
)
def non_renewable(f):
    """第二十七条 除下列情形外，禁止开采难以更新的地下水：
    （一）应急供水取水；（二）无替代水源地区的居民生活用水；（三）为开展地下水监测、勘探、试验少量取水。
    已经开采的，除前款规定的情形外，有关县级以上地方人民政府应当采取禁止开采、限制开采措施，
    逐步实现全面禁止开采；前款规定的情形消除后，应当立即停止取用地下水。

    Exempt while the exemption lasts (its end day included); water drawn after it ended violates 第二款.
    """
    aquifers = f.need("aquifers")
    if not any(a.non_renewable for a in aquifers):
        return None
    volume = f.need("volume_year_m3")
    if volume <= 0:
        return None
    exemption = f.get("exemption")
    if exemption in ART_27_ITEMS:
        item = f"{ART_27_1}__item_{ART_27_ITEMS[exemption]}"
        until = f.get("exemption_until")
        if until is None or until >= f.as_of:
            return None
        after = f.need("volume_after_exemption_m3")
        if after <= 0:
            return None
        return Outcome(
            Kind.VIOLATION,
            f"“{EXEMPTIONS[exemption][0]}”情形已于{until.isoformat()}消除，此后仍取用难以更新的地下水"
            f"{m3(after)}立方米，应当立即停止取用。",
            cites=[ART_27_2, item],
        )
    return Outcome(
        Kind.VIOLATION,
        f"开采难以更新的地下水{m3(volume)}立方米，不属于第二十七条第一款所列情形。",
        cites=[ART_27_1, ART_27_2],
    )


@REGISTRY.rule(
    "gw.fee.differentials", cites=[(DOC_ID, ART_24_3)], effective=EFFECTIVE, applies_to=FeeScheduleFacts
)
def fee_differentials(f):
    """第二十四条第三款：尚未试点征收水资源税的省、自治区、直辖市，对同一类型取用水，地下水的水资源费征收标准
    应当高于地表水的标准，地下水超采区的水资源费征收标准应当高于非超采区的标准，地下水严重超采区的
    水资源费征收标准应当大幅高于非超采区的标准。

    第二款 (征收水资源税的，停止征收水资源费) makes the check moot in a tax-pilot province. The article gives
    no figure for 大幅: a severe rate not above the general 超采区 rate is flagged as a warning.
    """
    if f.need("water_resource_tax"):
        return None
    normal, surface = f.need("normal", "surface")
    out = []
    if normal <= surface:
        out.append(
            Outcome(
                Kind.VIOLATION, f"地下水非超采区标准{normal}分/立方米不高于地表水标准{surface}分/立方米。"
            )
        )
    overdraft, severe = f.get("overdraft"), f.get("severe")
    if overdraft is not None and overdraft <= normal:
        out.append(
            Outcome(Kind.VIOLATION, f"超采区标准{overdraft}分/立方米不高于非超采区标准{normal}分/立方米。")
        )
    if severe is not None and severe <= normal:
        out.append(
            Outcome(Kind.VIOLATION, f"严重超采区标准{severe}分/立方米不高于非超采区标准{normal}分/立方米。")
        )
    elif severe is not None and overdraft is not None and severe <= overdraft:
        out.append(
            Outcome(
                Kind.WARNING,
                f"严重超采区标准{severe}分/立方米不高于一般超采区标准{overdraft}分/立方米，难以认定“大幅高于”非超采区。",
            )
        )
    return out
