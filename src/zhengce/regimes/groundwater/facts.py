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
    # 情节严重 is the enforcing authority's determination; it only selects the 第五十六条 band.
    serious: bool | None = field(default=None, metadata=_label("情节严重，由执法机关认定"))
