"""Facts about a project applying for 治理资金, and a project with 社会资本 participation.

``None`` means not known: a rule needing it answers cannot_decide. Money is 元, areas m², as integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROJECT_KINDS = {
    "integrated": "山水林田湖草沙冰一体化保护和修复工程",
    "mining_legacy": "历史遗留废弃工矿土地整治",
}
METHODS = {"project": "项目法", "factor": "因素法"}
ADJUSTMENT_PROCEDURES = {
    "none": "未履行程序",
    "filed": "报财政部、自然资源部等部门备案",
    "approved": "报财政部、自然资源部等部门审批",
}
MINERALS = {"sand": "砂", "stone": "石", "clay": "粘土", "other": "其他矿产资源"}
ORDINARY_MINERALS = frozenset({"sand", "stone", "clay"})


def _label(text: str) -> dict[str, str]:
    return {"label": text}


@dataclass(frozen=True)
class RestorationProject:
    """A project under the 治理资金办法 (第六条、第七条、第九条)."""

    project_id: str
    name: str | None = None
    kind: str | None = field(default=None, metadata=_label("项目类型"))
    method: str | None = field(default=None, metadata=_label("分配方式（项目法或因素法）"))
    total_investment: int | None = field(default=None, metadata=_label("工程总投资（元）"))
    requested_award: int | None = field(default=None, metadata=_label("申请奖补资金（元）"))
    # 第六条第二款 exclusions
    breaches_controls: bool | None = field(
        default=None, metadata=_label("是否不符合自然保护地、生态保护红线、耕地保护红线等国家管控要求")
    )
    has_responsible_party: bool | None = field(default=None, metadata=_label("是否有明确修复责任主体"))
    centrally_funded: bool | None = field(default=None, metadata=_label("是否已有中央财政资金支持"))
    landscape_project: bool | None = field(
        default=None, metadata=_label("是否为公园、广场、雕塑等旅游设施与“盆景”工程等景观工程建设")
    )
    # 第九条 adjustments of the implementation plan
    plan_adjusted: bool = False
    adjustment_lowers_targets: bool | None = field(
        default=None, metadata=_label("调整是否降低总投资或绩效目标")
    )
    adjustment_changes_area: bool | None = field(
        default=None, metadata=_label("调整是否涉及项目实施区域变化")
    )
    adjustment_procedure: str | None = field(default=None, metadata=_label("调整履行的程序"))
    province_government_approved: bool | None = field(
        default=None, metadata=_label("调整是否经省级人民政府批准同意")
    )


@dataclass(frozen=True)
class SocialCapitalProject:
    """A 生态保护修复 project with social capital (国办发〔2021〕40号)."""

    project_id: str
    name: str | None = None
    forest_grass_dominant: bool | None = field(default=None, metadata=_label("是否以林草地修复为主"))
    restored_area_m2: int | None = field(default=None, metadata=_label("修复面积（平方米）"))
    eco_industry_area_m2: int | None = field(
        default=None, metadata=_label("用于生态产业开发的面积（平方米）")
    )
    contiguous_scale_met: bool | None = field(
        default=None, metadata=_label("是否集中连片开展生态修复达到一定规模和预期目标")
    )
    breaches_red_lines: bool | None = field(default=None, metadata=_label("是否突破耕地保护和生态保护等红线"))
    development_in_disguise: bool | None = field(
        default=None, metadata=_label("是否借生态保护修复之名行开发之实")
    )
    has_responsible_party: bool | None = field(default=None, metadata=_label("是否有明确责任人"))
    responsible_party_bears: bool | None = field(
        default=None, metadata=_label("责任人是否依法承担修复或赔偿责任")
    )
    minerals: tuple[str, ...] = ()
    minerals_beyond_need: bool | None = field(default=None, metadata=_label("配置的矿产资源是否超出项目需要"))
    minerals_other_use: bool | None = field(
        default=None, metadata=_label("矿产资源是否用作普通建筑材料以外用途")
    )
    stakeholders_affected: bool | None = field(default=None, metadata=_label("是否涉及相关主体利益"))
    stakeholders_agreed: bool | None = field(default=None, metadata=_label("与相关主体是否协商一致"))
    selected_competitively: bool | None = field(default=None, metadata=_label("是否通过竞争方式确定修复主体"))
    materials_used_elsewhere: bool | None = field(
        default=None, metadata=_label("土石料等是否用于本修复工程以外")
    )
    surplus_sold_by_entity: bool | None = field(
        default=None, metadata=_label("剩余土石料等是否由修复主体自行处置")
    )
    quota_outside_province: bool | None = field(
        default=None, metadata=_label("节余建设用地指标是否在省域范围外流转")
    )
    adds_hidden_debt: bool | None = field(default=None, metadata=_label("是否新增地方政府隐性债务"))
    basic_farmland_adjusted: bool | None = field(default=None, metadata=_label("是否涉及永久基本农田调整"))
    basic_farmland_approved: bool | None = field(
        default=None, metadata=_label("永久基本农田调整是否依法办理审批手续")
    )
