"""Plain facts about groundwater abstraction works, as the metering rules read them.

``None`` means "not known": a rule that needs the fact answers cannot_decide instead of guessing.
Volumes are cubic metres per year; the province's 取水规模 must be given in the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


def _label(text: str) -> dict[str, str]:
    return {"label": text}


@dataclass(frozen=True)
class AbstractionWork:
    """One 地下水取水工程 (well and its facilities) and the water it abstracts."""

    work_id: str
    # Date the work was built, or its rebuilding/expansion (改建、扩建) finished. A work built before
    # the regulation took effect is an 已有 work under 第二十二条第一款.
    built_on: date | None = field(default=None, metadata=_label("建成或者改建、扩建完成日期"))
    meter_installed: bool | None = field(default=None, metadata=_label("是否已安装计量设施"))
    # The installation deadline the county-level water authority set for existing works.
    county_meter_deadline: date | None = field(
        default=None, metadata=_label("县级以上地方人民政府水行政主管部门规定的安装期限")
    )
    annual_abstraction_m3: float | None = field(default=None, metadata=_label("取用地下水量（立方米/年）"))
    # The province's 取水规模 for online metering (第二十二条第二款), same unit as above.
    online_threshold_m3: float | None = field(
        default=None, metadata=_label("省级水行政主管部门公布的取水规模（立方米/年）")
    )
    online_meter_installed: bool | None = field(default=None, metadata=_label("是否已安装在线计量设施"))
    realtime_transmission: bool | None = field(
        default=None, metadata=_label("计量数据是否实时传输到有管理权限的水行政主管部门")
    )
    # 日最大取水能力: the basis of the 第五十六条第一款 levy on works without a meter.
    max_daily_m3: float | None = field(default=None, metadata=_label("日最大取水能力（立方米/日）"))
    # 情节严重 is the enforcing authority's determination; it only selects the 第五十六条 band.
    serious: bool | None = field(default=None, metadata=_label("情节严重，由执法机关认定"))


@dataclass(frozen=True)
class AquiferFacts:
    aquifer_id: str
    kind: str  # phreatic / confined
    non_renewable: bool
    polluted: bool
    quality_class: int | None = None  # GB/T 14848 地下水质量类别 I–V as 1–5


@dataclass(frozen=True)
class WorksFacts(AbstractionWork):
    """Everything the registry knows about one works on the as-of date (volumes: m³ over the window)."""

    kind: str | None = field(default=None, metadata=_label("工程类型"))
    region_code: str | None = None
    status: str | None = field(default=None, metadata=_label("工程状态"))
    status_since: date | None = None
    owner: str | None = field(default=None, metadata=_label("所有权人或者管理单位"))
    purpose: str | None = field(default=None, metadata=_label("用途"))
    zones: frozenset[str] = frozenset()
    restricted_since: date | None = field(default=None, metadata=_label("限制开采区划定日期"))
    aquifers: tuple[AquiferFacts, ...] = ()
    exemption: str | None = None
    exemption_until: date | None = None
    metering: str | None = field(default=None, metadata=_label("计量方式"))
    meter_ok: bool | None = field(default=None, metadata=_label("计量设施是否合格、运行正常"))
    volume_year_m3: float | None = field(default=None, metadata=_label("近一年取水量（立方米）"))
    volume_prev_year_m3: float | None = field(default=None, metadata=_label("上一年度同期取水量（立方米）"))
    volume_after_exemption_m3: float | None = None
    reporting_days: int | None = None  # days with a daily record in the window (online works)
    window_days: int | None = None  # days of the window the meter was installed for
    sealed_on: date | None = None
    sealing_reported: bool | None = None
    unable_to_seal: bool | None = field(default=None, metadata=_label("不具备封井或者回填能力"))
    construction_started_on: date | None = field(default=None, metadata=_label("施工开始日期"))
    well_filed_on: date | None = None
    permit_annual_m3: float | None = None
    permit_valid_to: date | None = None
    # Geothermal: the paired well (production ↔ reinjection).
    paired_works_id: str | None = None
    paired_volume_year_m3: float | None = field(
        default=None, metadata=_label("配对回灌井近一年回灌量（立方米）")
    )
    paired_aquifer_ids: frozenset[str] = frozenset()
    paired_metering: str | None = None
    paired_transmitting: bool | None = None
    geothermal_online_threshold_m3: float | None = field(
        default=None, metadata=_label("省级水行政主管部门公布的地热取水规模（立方米/年）")
    )


@dataclass(frozen=True)
class RegionYearFacts:
    """A county's year: withdrawals against plan and quota, levels against the control level."""

    region_code: str
    year: int
    total_m3: float | None = field(default=None, metadata=_label("本年度地下水取水总量（立方米）"))
    plan_m3: float | None = field(default=None, metadata=_label("地下水年度取水计划（立方米）"))
    quota_m3: float | None = field(default=None, metadata=_label("地下水取水总量控制指标（立方米）"))
    plan_filed_on: date | None = None
    year_complete: bool = False  # the as-of date is after 31 December of ``year``
    stations_below: tuple[str, ...] = ()  # stations whose mean level in the year is below control
    stations_with_control: int = 0
    measures_taken: bool | None = field(default=None, metadata=_label("对水位低于控制水位已采取相关措施"))
    exploitable_m3: float | None = None


@dataclass(frozen=True)
class EventFacts:
    """An event the regulation attaches duties to (construction, drainage, storage, damage …)."""

    event_id: str
    kind: str
    region_code: str | None = None
    party: str | None = None
    started_on: date | None = field(default=None, metadata=_label("开始（开工）日期"))
    ended_on: date | None = field(default=None, metadata=_label("结束日期"))
    zones: frozenset[str] = frozenset()
    attrs: dict = field(default_factory=dict)
    filings: tuple[tuple[str, date], ...] = ()  # (kind, filed_on)
    excavation_depth_m: float | None = field(
        default=None, metadata=_label("省级人民政府公布的开挖深度（米）")
    )
    drainage_scale_m3: float | None = field(
        default=None, metadata=_label("省级人民政府公布的排水规模（立方米/年）")
    )
    has_permit: bool | None = field(default=None, metadata=_label("是否取得取水许可"))

    def __getattr__(self, name: str):
        # Event-specific facts (depth_m, drainage_m3_year, substance …) live in attrs; absent → None.
        attrs = object.__getattribute__(self, "attrs")
        if name in attrs:
            return attrs[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class FeeScheduleFacts:
    """One province's 水资源费 rates for one use type, 分/m³ (第二十四条第三款)."""

    region_code: str
    use_type: str
    water_resource_tax: bool = False
    surface: int | None = field(default=None, metadata=_label("地表水水资源费征收标准（分/立方米）"))
    normal: int | None = field(default=None, metadata=_label("地下水非超采区征收标准（分/立方米）"))
    overdraft: int | None = field(default=None, metadata=_label("地下水超采区征收标准（分/立方米）"))
    severe: int | None = field(default=None, metadata=_label("地下水严重超采区征收标准（分/立方米）"))
