"""Facts about one temporary land use and one county's year, as the rules read them.

``None`` means "not known" for conditions (a rule that needs one answers cannot_decide). Event
dates (``uploaded_on``, ``reclaimed_on``, ``accepted_on``) and prohibited acts (``transferred``,
``leased``, ``mortgaged``) are registry records: absent means no such event is recorded.
Areas are square metres as integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


def _label(text: str) -> dict[str, str]:
    return {"label": text}


@dataclass(frozen=True)
class TemporaryLandUse:
    """One 临时用地 as recorded in the registry (the notice's 临时用地信息系统)."""

    use_id: str
    county_code: str | None = field(default=None, metadata=_label("所在县（市）行政区划代码"))
    user: str | None = field(default=None, metadata=_label("临时用地使用人"))
    project_kind: str | None = field(default=None, metadata=_label("用地活动类型"))
    purpose: str | None = field(default=None, metadata=_label("具体用途"))
    infrastructure_sector: str | None = field(
        default=None, metadata=_label("基础设施类别（能源、交通、水利）")
    )
    long_cycle: bool | None = field(default=None, metadata=_label("是否建设周期较长的基础设施建设项目"))
    permanent_structures: bool | None = field(default=None, metadata=_label("是否修建永久性建（构）筑物"))
    restorable: bool | None = field(default=None, metadata=_label("使用后能否恢复原地类或者达到可供利用状态"))
    legal_basis: str | None = field(default=None, metadata=_label("其他临时用地所依据的法律、法规"))
    area_cultivated_m2: int | None = field(default=None, metadata=_label("占用耕地面积（不含永久基本农田）"))
    area_permanent_basic_m2: int | None = field(default=None, metadata=_label("占用永久基本农田面积"))
    area_other_farmland_m2: int | None = field(default=None, metadata=_label("占用其他农用地面积"))
    area_construction_m2: int | None = field(default=None, metadata=_label("占用建设用地面积"))
    area_unused_m2: int | None = field(default=None, metadata=_label("占用未利用地面积"))
    restore_planting_conditions: bool | None = field(
        default=None, metadata=_label("占用永久基本农田的，能否恢复原种植条件")
    )
    hard_to_restore: bool | None = field(default=None, metadata=_label("是否难以恢复原种植条件的设施"))
    approval_level: str | None = field(default=None, metadata=_label("批准机关层级"))
    approval_department: str | None = field(
        default=None, metadata=_label("批准部门（自然资源主管部门或其他）")
    )
    approval_delegated: bool | None = field(default=None, metadata=_label("是否以下放或者委托的审批权批准"))
    approved_on: date | None = field(default=None, metadata=_label("批准日期"))
    term_end: date | None = field(default=None, metadata=_label("临时用地期满之日"))
    contract_signed: bool | None = field(default=None, metadata=_label("是否签订临时使用土地合同"))
    reclamation_plan: str | None = field(default=None, metadata=_label("土地复垦方案报告表情况"))
    uploaded_on: date | None = field(default=None, metadata=_label("上传临时用地信息系统日期"))
    system_number: str | None = field(default=None, metadata=_label("系统配号"))
    disclosed: bool | None = field(default=None, metadata=_label("是否已向社会公开批准信息"))
    used_as_approved: bool | None = field(default=None, metadata=_label("是否按照批准的用途使用"))
    transferred: bool | None = field(default=None, metadata=_label("是否转让"))
    leased: bool | None = field(default=None, metadata=_label("是否出租"))
    mortgaged: bool | None = field(default=None, metadata=_label("是否抵押"))
    structures_removed: bool | None = field(default=None, metadata=_label("期满后是否已拆除临时建（构）筑物"))
    reclaimed_on: date | None = field(default=None, metadata=_label("完成土地复垦日期"))
    reclaimed_cultivated_m2: int | None = field(default=None, metadata=_label("复垦后耕地面积"))
    reclaimed_farmland_m2: int | None = field(default=None, metadata=_label("复垦后农用地面积（含耕地）"))
    accepted_on: date | None = field(default=None, metadata=_label("复垦验收日期"))
    extension_until: date | None = field(default=None, metadata=_label("延长后的复垦期限"))
    extension_reason: str | None = field(default=None, metadata=_label("延长复垦期限的原因"))
    extension_approved: bool | None = field(default=None, metadata=_label("延长复垦期限是否经批准"))
    exploration_ended_on: date | None = field(default=None, metadata=_label("油气勘探结束日期"))
    converted_to_production: bool | None = field(default=None, metadata=_label("勘探结束后是否转入生产使用"))
    construction_land_approved: bool | None = field(
        default=None, metadata=_label("是否已办理建设用地审批手续")
    )
    # Context from the registry: the province's suspension order in force on the approval date.
    suspension_ordered_on: date | None = field(
        default=None, metadata=_label("批准时所在县（市）暂停审批新的临时用地的要求下达日期")
    )

    @property
    def total_area_m2(self) -> int:
        return sum(
            a or 0
            for a in (
                self.area_cultivated_m2,
                self.area_permanent_basic_m2,
                self.area_other_farmland_m2,
                self.area_construction_m2,
                self.area_unused_m2,
            )
        )


@dataclass(frozen=True)
class CountyYear:
    """One county's annual statistic under 四、第4段 (see ``stats.county_statistic``)."""

    county_code: str
    year: int
    due_area_m2: int  # 应复垦规模
    overdue_area_m2: int  # 超期一年以上未完成土地复垦规模
    suspension_ordered_on: date | None = None  # the province's order for this year's statistic, if any
    resumed_on: date | None = None
