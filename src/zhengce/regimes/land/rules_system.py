"""五、严格临时用地监管: upload to the 临时用地信息系统 within 20 working days of approval."""

from __future__ import annotations

from zhengce.regimes.land.base import REGISTRY, REPEALED, SYSTEM, SYSTEM_UPLOAD_FROM
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.rules import Facts, Kind, Outcome
from zhengce.rules.calendar import add_working_days

UPLOAD_WORKING_DAYS = 20


@regime_rule(
    REGISTRY,
    "land.system.upload",
    cites=[SYSTEM],
    effective=SYSTEM_UPLOAD_FROM,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def system_upload(f: Facts) -> list[Outcome] | None:
    """五、第1段：部建立临时用地信息系统。自2022年3月1日起，县（市）自然资源主管部门应当在临时用地批准后20个
    工作日内，将临时用地的批准文件、合同以及四至范围、土地利用现状照片影像资料信息等传至临时用地信息系统完成
    系统配号，并向社会公开临时用地批准信息。

    Applies to approvals dated 2022-03-01 or later. The 20 working days follow the official calendar
    (调休 make-up days count, holidays do not); the approval day is not counted and the 20th working day
    is still in time. The upload is complete only with a 系统配号.
    """
    approved_on = f.need("approved_on")
    if approved_on < SYSTEM_UPLOAD_FROM:
        return None
    deadline = add_working_days(approved_on, UPLOAD_WORKING_DAYS)
    uploaded_on = f.get("uploaded_on")
    numbered = f.get("system_number") is not None
    if uploaded_on is not None and numbered:
        out: list[Outcome] = []
        if uploaded_on > deadline:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"批准后第20个工作日为{deadline.isoformat()}，于{uploaded_on.isoformat()}才上传临时用地信息系统并配号。",
                )
            )
        if f.get("disclosed") is False:
            out.append(Outcome(Kind.VIOLATION, "未向社会公开临时用地批准信息。"))
        return out
    if f.as_of <= deadline:
        return [
            Outcome(
                Kind.OBLIGATION_DUE,
                f"应当于{deadline.isoformat()}前（含当日，批准后20个工作日内）上传临时用地信息系统完成系统配号。",
                due=deadline,
            )
        ]
    missing = "已上传但未完成系统配号" if uploaded_on is not None else "未上传临时用地信息系统"
    return [
        Outcome(
            Kind.VIOLATION,
            f"批准后20个工作日（至{deadline.isoformat()}）内{missing}。",
        )
    ]
