"""The notice this regime implements, its dates, the nodes its rules cite, and the shared registry.

《自然资源部关于规范临时用地管理的通知》（自然资规〔2021〕2号）, signed 2021-11-04:
“本文件自下发之日起执行，有效期五年。” Counted like any period in years (see ``periods``): from
2021-11-04 the fifth year ends on 2026-11-04, so the rules are in force from 2021-11-04 up to and
including 2026-11-04 and stop on 2026-11-05.
"""

from __future__ import annotations

from datetime import date, timedelta

from zhengce.regimes.land.citing import cite
from zhengce.regimes.land.periods import add_years
from zhengce.rules import Citation, Registry

DOC_ID = "自然资规-2021-2"
TITLE = "自然资源部关于规范临时用地管理的通知"

EFFECTIVE = date(2021, 11, 4)  # 本文件自下发之日起执行
REPEALED = add_years(EFFECTIVE, 5) + timedelta(days=1)  # 有效期五年: last day 2026-11-04
SYSTEM_UPLOAD_FROM = date(2022, 3, 1)  # 五、第1段 自2022年3月1日起

REGISTRY = Registry(titles={DOC_ID: TITLE})


def _c(eid: str, where: str) -> Citation:
    return cite(DOC_ID, eid, f"《{TITLE}》{where}")


SCOPE = _c("sec_1__para_1", "一、第1段")
SCOPE_CONSTRUCTION = _c("sec_1__subsec_1", "一、（一）")
SCOPE_SURVEY = _c("sec_1__subsec_2", "一、（二）")
SCOPE_OTHER = _c("sec_1__subsec_3", "一、（三）")
SITING = _c("sec_2__para_1", "二、第1段")
TERM = _c("sec_2__para_2", "二、第2段")
APPROVAL_LEVEL = _c("sec_3__para_1", "三、第1段")
NO_DELEGATION = _c("sec_3__para_2", "三、第2段")
OIL_GAS = NO_DELEGATION  # the same paragraph also provides for 油气资源探采合一开发
MATERIALS = _c("sec_3__para_3", "三、第3段")
USE_AND_RECLAIM = _c("sec_4__para_1", "四、第1段")
RESTORE_CULTIVATED = _c("sec_4__para_2", "四、第2段")
RESTORE_FARMLAND = _c("sec_4__para_3", "四、第3段")
SUPERVISION = _c("sec_4__para_4", "四、第4段")
SYSTEM = _c("sec_5__para_1", "五、第1段")

ALL_CITATIONS = (
    SCOPE,
    SCOPE_CONSTRUCTION,
    SCOPE_SURVEY,
    SCOPE_OTHER,
    SITING,
    TERM,
    APPROVAL_LEVEL,
    NO_DELEGATION,
    MATERIALS,
    USE_AND_RECLAIM,
    RESTORE_CULTIVATED,
    RESTORE_FARMLAND,
    SUPERVISION,
    SYSTEM,
)


def in_force(on: date) -> bool:
    return EFFECTIVE <= on < REPEALED
