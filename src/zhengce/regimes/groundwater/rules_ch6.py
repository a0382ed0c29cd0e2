"""第六章 监督管理 (with the 第三章 filing duty of 第二十六条): monitoring facilities and wells (第四十七条、
第四十八条、第六十条、第六十一条), sealing (第四十九条、第五十八条), geothermal (第五十一条), drainage
(第二十六条、第五十二条、第五十七条)."""

from __future__ import annotations

from datetime import timedelta

from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, first_stage, m3, new_registry
from zhengce.regimes.groundwater.facts import EventFacts, WorksFacts
from zhengce.regimes.groundwater.penalties import penalty_for
from zhengce.regimes.groundwater.vocab import MONITORING_KINDS, MUST_SEAL, WORKS_STATUS
from zhengce.rules import Consequence, Kind, Outcome
from zhengce.rules.calendar import add_working_days

REGISTRY = new_registry()

ART_26 = "chp_3__art_26"
ART_47_1 = "chp_6__art_47__para_1"
ART_47_2 = "chp_6__art_47__para_2"
ART_47_3 = "chp_6__art_47__para_3"
ART_62 = "chp_7__art_62"
ART_48_2 = "chp_6__art_48__para_2"
ART_49_2 = "chp_6__art_49__para_2"
ART_51_1 = "chp_6__art_51__para_1"
ART_51_2 = "chp_6__art_51__para_2"
ART_51_3 = "chp_6__art_51__para_3"
ART_51_4 = "chp_6__art_51__para_4"
ART_52_1 = "chp_6__art_52__para_1"
ART_52_2 = "chp_6__art_52__para_2"
ART_55 = "chp_7__art_55"
ART_57_2 = "chp_7__art_57__para_2"
ART_58 = "chp_7__art_58"
ART_60 = "chp_7__art_60"
ART_61 = "chp_7__art_61"
EMERGENCY_FILING_WORKING_DAYS = 5


def _filed(f, kind: str):
    """Earliest filing of ``kind`` on record for the subject, or None."""
    days = [d for k, d in f.get("filings", ()) if k == kind]
    return min(days) if days else None


@REGISTRY.rule(
    "gw.monitoring.facility_damage",
    cites=[(DOC_ID, ART_47_1), (DOC_ID, ART_60)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def facility_damage(f):
    """第四十七条第一款：任何单位和个人不得侵占、毁坏或者擅自移动地下水监测设施设备及其标志。

    第六十条：责令停止违法行为，限期采取补救措施，处2万元以上10万元以下罚款；逾期不采取补救措施的，组织补救，
    所需费用由违法行为人承担。Acts before 2021-12-01 are not caught.
    """
    if f.need("kind") != "facility_damage" or f.need("started_on") < EFFECTIVE:
        return None
    return Outcome(
        Kind.VIOLATION,
        "侵占、毁坏或者擅自移动地下水监测设施设备及其标志。",
        consequence=first_stage("gw.60.monitoring_facility"),
    )


@REGISTRY.rule(
    "gw.monitoring.facility_removal",
    cites=[(DOC_ID, ART_47_2), (DOC_ID, ART_47_1), (DOC_ID, ART_60)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def facility_removal(f):
    """第四十七条第二款：新建、改建、扩建建设工程应当避开地下水监测设施设备；确实无法避开、需要拆除地下水监测
    设施设备的，应当由县级以上人民政府水行政、自然资源、生态环境等主管部门按照有关技术要求组织迁建，迁建费用
    由建设单位承担。

    Event ``facility_removal`` (a construction project that removed a monitoring facility), attrs
    ``relocated_by_authority`` (the authority organised the 迁建) and ``cost_borne_by_builder``.
    Removal without the authority's 迁建 is the builder moving or destroying the facility on its own —
    擅自移动/毁坏 under 第四十七条第一款, fined under 第六十条 (2万–10万元, 限期采取补救措施). A 迁建 the builder
    did not pay for breaches 第二款 only; 第七章 sets no fine for it (the cost is recoverable). Removals
    before 2021-12-01 are not caught.
    """
    if f.need("kind") != "facility_removal" or f.need("started_on") < EFFECTIVE:
        return None
    if not f.need("relocated_by_authority"):
        return Outcome(
            Kind.VIOLATION,
            "建设工程未经主管部门组织迁建，自行拆除地下水监测设施设备。",
            consequence=first_stage("gw.60.monitoring_facility"),
        )
    if f.need("cost_borne_by_builder") is False:
        return Outcome(Kind.VIOLATION, "地下水监测设施设备迁建费用未由建设单位承担。", cites=[ART_47_2])
    return None


@REGISTRY.rule(
    "gw.monitoring.data_falsification",
    cites=[(DOC_ID, ART_47_3), (DOC_ID, ART_62)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def data_falsification(f):
    """第四十七条第三款：任何单位和个人不得篡改、伪造地下水监测数据。

    Event ``data_falsification`` (established by the authority, e.g. from a broken telemetry hash chain).
    第七章 fixes no fine for it in this regulation; 第六十二条 (违反治安管理的，由公安机关依法给予治安管理处罚；
    构成犯罪的，依法追究刑事责任) is the referral. Acts before 2021-12-01 are not caught.
    """
    if f.need("kind") != "data_falsification" or f.need("started_on") < EFFECTIVE:
        return None
    return Outcome(
        Kind.VIOLATION,
        "篡改、伪造地下水监测数据。",
        consequence=Consequence(
            referral="构成违反治安管理行为的，由公安机关依法给予治安管理处罚；构成犯罪的，依法追究刑事责任（第六十二条）",
            authority="公安机关",
        ),
    )


@REGISTRY.rule(
    "gw.well.filing", cites=[(DOC_ID, ART_48_2), (DOC_ID, ART_61)], effective=EFFECTIVE, applies_to=WorksFacts
)
def monitoring_well_filing(f):
    """第四十八条第二款：以监测、勘探为目的的地下水取水工程，不需要申请取水许可，建设单位应当于施工前报有
    管辖权的水行政主管部门备案。

    第六十一条：责令限期补办备案手续；逾期不补办备案手续的，责令限期封井或者回填，处2万元以上10万元以下罚款；……
    Dates are days: a filing on the day construction starts counts as 施工前. Construction begun before
    2021-12-01 is not caught.
    """
    if f.need("kind") not in MONITORING_KINDS:
        return None
    started = f.need("construction_started_on")
    if started < EFFECTIVE:
        return None
    filed = f.get("well_filed_on")
    if filed is not None and filed <= started:
        return None
    if f.as_of < started:
        return Outcome(
            Kind.OBLIGATION_DUE, f"应于施工（{started.isoformat()}）前备案。", cites=[ART_48_2], due=started
        )
    late = "" if filed is None else f"（{filed.isoformat()}才备案）"
    return Outcome(
        Kind.VIOLATION,
        f"以监测、勘探为目的的地下水取水工程施工前未备案{late}。",
        consequence=first_stage("gw.61.unfiled_monitoring_well", overdue_sealing=False),
    )


@REGISTRY.rule(
    "gw.seal", cites=[(DOC_ID, ART_49_2), (DOC_ID, ART_58)], effective=EFFECTIVE, applies_to=WorksFacts
)
def unsealed(f):
    """第四十九条第二款：报废的矿井、钻井、地下水取水工程，或者未建成、已完成勘探任务、依法应当停止取水的
    地下水取水工程，应当由工程所有权人或者管理单位实施封井或者回填；所有权人或者管理单位应当将其封井或者
    回填情况告知县级以上地方人民政府水行政主管部门；无法确定所有权人或者管理单位的，由县级以上地方人民政府
    或者其授权的部门负责组织实施封井或者回填。

    第五十八条：……未按照规定封井或者回填的，责令封井或者回填，处10万元以上50万元以下罚款；……
    The duty is continuing: a works abandoned before 2021-12-01 and still unsealed is caught from that day.
    """
    status = f.need("status")
    if status == "sealed":
        if f.get("sealing_reported") is False:
            return Outcome(
                Kind.WARNING, "已封井或者回填，但未将封井或者回填情况告知水行政主管部门。", cites=[ART_49_2]
            )
        return None
    if status not in MUST_SEAL or f.get("sealed_on") is not None:
        return None
    if f.get("owner") is None:
        return Outcome(
            Kind.OBLIGATION_DUE,
            f"{WORKS_STATUS[status]}的取水工程无法确定所有权人或者管理单位，应由县级以上地方人民政府或者其授权的部门"
            "组织实施封井或者回填。",
            cites=[ART_49_2],
        )
    return Outcome(
        Kind.VIOLATION,
        f"{WORKS_STATUS[status]}的取水工程未按照规定封井或者回填。",
        consequence=lambda facts: penalty_for("gw.58.not_sealed", facts),
    )


@REGISTRY.rule(
    "gw.geothermal",
    cites=[(DOC_ID, ART_51_1), (DOC_ID, ART_51_2), (DOC_ID, ART_51_3), (DOC_ID, ART_51_4)],
    effective=EFFECTIVE,
    applies_to=WorksFacts,
)
def geothermal(f):
    """第五十一条 县级以上地方人民政府水行政主管部门……划定需要取水的地热能开发利用项目的禁止和限制取水范围。
    禁止在集中式地下水饮用水水源地建设需要取水的地热能开发利用项目。禁止抽取难以更新的地下水用于需要取水的
    地热能开发利用项目。
    建设需要取水的地热能开发利用项目，应当对取水和回灌进行计量，实行同一含水层等量取水和回灌，不得对地下水
    造成污染。达到取水规模以上的，应当安装取水和回灌在线计量设施，并将计量数据实时传输到有管理权限的水行政
    主管部门。……
    对不符合本条第一款、第二款、第三款规定的已建需要取水的地热能开发利用项目，取水单位和个人应当按照水行政
    主管部门的规定限期整改，整改不合格的，予以关闭。

    Evaluated on the production well with its paired reinjection well. 等量: reinjection at least equal
    to the abstraction over the window (equal volumes comply).
    """
    if f.need("kind") != "geothermal_production":
        return None
    zones = f.need("zones")
    problems: list[tuple[str, str]] = []
    if "drinking_source" in zones:
        problems.append((ART_51_2, "在集中式地下水饮用水水源地建设需要取水的地热能开发利用项目"))
    if "geothermal_prohibited" in zones:
        problems.append((ART_51_1, "位于地热能开发利用项目禁止取水范围内"))
    if any(a.non_renewable for a in f.need("aquifers")):
        problems.append((ART_51_2, "抽取难以更新的地下水用于地热能开发利用项目"))
    paired = f.get("paired_works_id")
    volume = f.need("volume_year_m3")
    if paired is None:
        problems.append((ART_51_3, "无回灌井，未实行等量取水和回灌"))
    else:
        own = {a.aquifer_id for a in f.need("aquifers")}
        if own != set(f.need("paired_aquifer_ids")):
            problems.append((ART_51_3, f"回灌井{paired}与取水井不在同一含水层"))
        reinjected = f.need("paired_volume_year_m3")
        if reinjected < volume:
            problems.append((ART_51_3, f"取水{m3(volume)}立方米、回灌{m3(reinjected)}立方米，未等量回灌"))
        if f.need("metering") == "none" or f.need("paired_metering") == "none":
            problems.append((ART_51_3, "未对取水和回灌进行计量"))
        threshold = f.get("geothermal_online_threshold_m3")
        if (
            threshold is not None
            and volume >= threshold
            and not (f.need("metering") == "online" and f.get("paired_metering") == "online")
        ):
            problems.append(
                (ART_51_3, f"取水量达到取水规模{m3(threshold)}立方米以上，未安装取水和回灌在线计量设施")
            )
    if not problems:
        return None
    built = f.get("built_on")
    existing = built is not None and built <= f.as_of
    consequence = None
    if existing:
        consequence = Consequence(
            orders=("按照水行政主管部门的规定限期整改", "整改不合格的，予以关闭"), authority="水行政主管部门"
        )
    return [
        Outcome(
            Kind.VIOLATION,
            text + "。",
            cites=[eid, ART_51_4] if existing else [eid],
            consequence=consequence,
        )
        for eid, text in problems
    ]


@REGISTRY.rule(
    "gw.construction.plan_filing",
    cites=[(DOC_ID, ART_26), (DOC_ID, ART_57_2)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def construction_plan_filing(f):
    """第二十六条 ……对开挖达到一定深度或者达到一定排水规模的地下工程，建设单位和个人应当于工程开工前，将工程
    建设方案和防止对地下水产生不利影响的措施方案报有管理权限的水行政主管部门备案。开挖深度和排水规模由省、
    自治区、直辖市人民政府制定、公布。

    第五十七条第二款：……应当于开工前……备案而未备案的，责令限期补报；逾期不补报的，处2万元以上10万元以下罚款。
    达到 includes the threshold. A filing on the start day counts as 开工前 (dates are days).
    """
    if f.need("kind") != "underground_construction":
        return None
    started = f.need("started_on")
    if started < EFFECTIVE:
        return None
    depth, drainage = f.get("depth_m"), f.get("drainage_m3_year")
    depth_limit, scale = f.get("excavation_depth_m"), f.get("drainage_scale_m3")
    over_depth = depth is not None and depth_limit is not None and depth >= depth_limit
    over_scale = drainage is not None and scale is not None and drainage >= scale
    if not (over_depth or over_scale):
        if (depth is None or depth_limit is None) and (drainage is None or scale is None):
            f.need("depth_m", "excavation_depth_m")  # neither test could run: say what is missing
        return None
    filed = _filed(f, "project_plan")
    if filed is not None and filed <= started:
        return None
    if f.as_of < started and filed is None:
        return Outcome(
            Kind.OBLIGATION_DUE, f"应于开工（{started.isoformat()}）前备案。", cites=[ART_26], due=started
        )
    return Outcome(
        Kind.VIOLATION,
        "达到规定开挖深度或者排水规模的地下工程，开工前未将工程建设方案和防止不利影响的措施方案备案。",
        consequence=first_stage("gw.57.2.plan_not_filed"),
    )


@REGISTRY.rule(
    "gw.drainage.permit_meter_report",
    cites=[(DOC_ID, ART_52_1), (DOC_ID, ART_55), (DOC_ID, ART_57_2)],
    effective=EFFECTIVE,
    applies_to=EventFacts,
)
def drainage_duties(f):
    """第五十二条第一款：矿产资源开采、地下工程建设疏干排水量达到规模的，应当依法申请取水许可，安装排水计量
    设施，定期向取水许可审批机关报送疏干排水量和地下水水位状况。疏干排水量规模由省、自治区、直辖市人民政府
    制定、公布。

    No permit → 第五十五条 (未经批准擅自取用地下水); reports overdue → 第五十七条第二款. The reporting interval is
    the approval authority's (attrs.report_interval_days).
    """
    if f.need("kind") != "mine_drainage":
        return None
    if (f.get("ended_on") or f.as_of) < EFFECTIVE:
        return None
    drainage, scale = f.need("drainage_m3_year", "drainage_scale_m3")
    if drainage < scale:
        return None
    out = []
    if not f.need("has_permit"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"疏干排水量{m3(drainage)}立方米/年达到规模，未依法申请取水许可。",
                cites=[ART_52_1, ART_55],
                consequence=first_stage("gw.55.unauthorized_abstraction"),
            )
        )
    if not f.need("metered"):
        out.append(Outcome(Kind.VIOLATION, "疏干排水量达到规模，未安装排水计量设施。", cites=[ART_52_1]))
    interval = f.need("report_interval_days")
    reports = [d for k, d in f.get("filings", ()) if k == "drainage_report" and d <= f.as_of]
    last = max(reports) if reports else max(f.need("started_on"), EFFECTIVE)
    due = last + timedelta(days=interval)
    if f.as_of > due:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"未按期报送疏干排水量和地下水水位状况（应于{due.isoformat()}前报送）。",
                cites=[ART_52_1, ART_57_2],
                consequence=first_stage("gw.57.2.drainage_not_reported"),
            )
        )
    return out


@REGISTRY.rule(
    "gw.drainage.emergency_filing", cites=[(DOC_ID, ART_52_2)], effective=EFFECTIVE, applies_to=EventFacts
)
def emergency_drainage_filing(f):
    """第五十二条第二款：为保障矿井等地下工程施工安全和生产安全必须进行临时应急取(排)水的，不需要申请取水许可。
    取(排)水单位和个人应当于临时应急取(排)水结束后5个工作日内，向有管理权限的县级以上地方人民政府水行政主管
    部门备案。

    The end day is not counted; the fifth working day after it (China's calendar, 调休 included) is the last
    day. 第五十七条 sets no fine for this filing. Drainage that ended before 2021-12-01 is not caught.
    """
    if f.need("kind") != "emergency_drainage":
        return None
    ended = f.get("ended_on")
    if ended is None:
        return None  # still under way: the period has not begun
    if ended < EFFECTIVE:
        return None
    due = add_working_days(ended, EMERGENCY_FILING_WORKING_DAYS)
    filed = _filed(f, "emergency_drainage")
    if filed is not None and filed <= due:
        return None
    if filed is None and f.as_of <= due:
        return Outcome(
            Kind.OBLIGATION_DUE,
            f"临时应急取(排)水已于{ended.isoformat()}结束，应于{due.isoformat()}前备案。",
            due=due,
        )
    late = "未备案" if filed is None else f"于{filed.isoformat()}才备案"
    return Outcome(Kind.VIOLATION, f"临时应急取(排)水结束后5个工作日内（{due.isoformat()}前）{late}。")
