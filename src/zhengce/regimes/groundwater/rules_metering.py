"""第二十二条 of 《地下水管理条例》: metering of groundwater abstraction, with 第五十六条第一款's consequence.

第二十二条 新建、改建、扩建地下水取水工程，应当同时安装计量设施。已有地下水取水工程未安装计量设施的，
应当按照县级以上地方人民政府水行政主管部门规定的期限安装。
单位和个人取用地下水量达到取水规模以上的，应当安装地下水取水在线计量设施，并将计量数据实时传输到
有管理权限的水行政主管部门。取水规模由省、自治区、直辖市人民政府水行政主管部门制定、公布，
并报国务院水行政主管部门备案。
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from zhengce.regimes.groundwater.common import m3  # one formatting of volumes: rounded m³
from zhengce.regimes.groundwater.facts import AbstractionWork
from zhengce.regimes.groundwater.penalties import DOC_ID, TITLE, penalty_for
from zhengce.rules import Consequence, Facts, Kind, Outcome, Registry

EFFECTIVE = date(2021, 12, 1)  # 第六十四条 本条例自2021年12月1日起施行。

ART_22_1 = "chp_3__art_22__para_1"
ART_22_2 = "chp_3__art_22__para_2"
ART_56_1 = "chp_7__art_56__para_1"

REGISTRY = Registry(titles={DOC_ID: TITLE})


def _no_meter_penalty(facts: Facts) -> Consequence:
    # Passed to Outcome uncalled: if 情节严重 is unknown the violation still stands and only the
    # penalty band becomes cannot_decide.
    return _with_levy_volume(penalty_for("gw.56.1.no_meter", facts), facts)


def _with_levy_volume(consequence: Consequence, facts: Facts) -> Consequence:
    """第五十六条第一款：按照日最大取水能力计算的取水量计征相关费用.

    Volume = 日最大取水能力 × the days the works has been without the meter it owed: from the day the
    duty was breached (completion for new works, the day after the county's deadline for existing
    ones) to the check date, both included. Without the capacity the basis text stands alone.
    """
    capacity = facts.get("max_daily_m3")
    built_on = facts.get("built_on")
    if capacity is None or built_on is None:
        return consequence
    if built_on >= EFFECTIVE:
        breached_from = built_on
    else:
        deadline = facts.get("county_meter_deadline")
        if deadline is None:
            return consequence
        breached_from = deadline + timedelta(days=1)
    days = (facts.as_of - breached_from).days + 1
    if days <= 0:
        return consequence
    return replace(consequence, levy_volume_m3=round(capacity * days), levy_days=days)


@REGISTRY.rule(
    "gw.meter.required",
    cites=[(DOC_ID, ART_22_1), (DOC_ID, ART_56_1)],
    effective=EFFECTIVE,
    applies_to=AbstractionWork,
)
def meter_required_for_new_works(f: Facts) -> Outcome | None:
    """第二十二条第一款：新建、改建、扩建地下水取水工程，应当同时安装计量设施。

    第五十六条第一款：地下水取水工程未安装计量设施的，由县级以上地方人民政府水行政主管部门责令限期安装，
    并按照日最大取水能力计算的取水量计征相关费用，处10万元以上50万元以下罚款；情节严重的，吊销取水许可证。

    Works built (or rebuilt/expanded) on or after 2021-12-01 fall here; earlier ones are 已有 works.
    """
    built_on = f.need("built_on")
    if built_on < EFFECTIVE:
        return None
    if f.need("meter_installed"):
        return None
    if built_on > f.as_of:
        # Still under construction: the meter must go in with the works (同时安装).
        return Outcome(
            Kind.OBLIGATION_DUE,
            f"新建、改建、扩建地下水取水工程应当同时安装计量设施，最迟于建成（{built_on.isoformat()}）时安装。",
            cites=[ART_22_1],
            due=built_on,
        )
    return Outcome(
        Kind.VIOLATION,
        "新建、改建、扩建地下水取水工程未同时安装计量设施。",
        consequence=_no_meter_penalty,
    )


@REGISTRY.rule(
    "gw.meter.existing_deadline",
    cites=[(DOC_ID, ART_22_1), (DOC_ID, ART_56_1)],
    effective=EFFECTIVE,
    applies_to=AbstractionWork,
)
def meter_for_existing_works(f: Facts) -> Outcome | None:
    """第二十二条第一款：已有地下水取水工程未安装计量设施的，应当按照县级以上地方人民政府水行政主管部门
    规定的期限安装。

    第五十六条第一款（同上）applies once that deadline has passed. The deadline day itself is still
    in time: installing on it meets the obligation.
    """
    built_on = f.need("built_on")
    if built_on >= EFFECTIVE:
        return None
    if f.need("meter_installed"):
        return None
    deadline = f.need("county_meter_deadline")
    if f.as_of <= deadline:
        return Outcome(
            Kind.OBLIGATION_DUE,
            f"已有地下水取水工程未安装计量设施，应当于{deadline.isoformat()}前（含当日）安装。",
            cites=[ART_22_1],
            due=deadline,
        )
    return Outcome(
        Kind.VIOLATION,
        f"已有地下水取水工程未在规定期限（{deadline.isoformat()}）内安装计量设施。",
        consequence=_no_meter_penalty,
    )


@REGISTRY.rule(
    "gw.meter.online_realtime",
    cites=[(DOC_ID, ART_22_2)],
    effective=EFFECTIVE,
    applies_to=AbstractionWork,
)
def online_metering_above_scale(f: Facts) -> Outcome | None:
    """第二十二条第二款：单位和个人取用地下水量达到取水规模以上的，应当安装地下水取水在线计量设施，
    并将计量数据实时传输到有管理权限的水行政主管部门。

    达到…以上 includes the scale itself. 第五十六条 sets no penalty specifically for missing online
    metering or transmission, so these violations carry no consequence here.
    """
    volume, threshold = f.need("annual_abstraction_m3", "online_threshold_m3")
    if volume < threshold:
        return None
    if not f.need("online_meter_installed"):
        return Outcome(
            Kind.VIOLATION,
            f"取用地下水量{m3(volume)}立方米/年，达到取水规模{m3(threshold)}立方米/年以上，未安装在线计量设施。",
        )
    if not f.need("realtime_transmission"):
        return Outcome(
            Kind.VIOLATION,
            "取用地下水量达到取水规模以上，计量数据未实时传输到有管理权限的水行政主管部门。",
        )
    return None
