"""The two documents this package implements, their dates and the nodes its rules cite.

《重点生态保护修复治理资金管理办法》（财资环〔2021〕100号附件）第十九条：本办法自发布之日起施行 (issued
2021-10-26)；第四条：本办法实施期限至2023年底 — in force 2021-10-26 through 2023-12-31.

《国务院办公厅关于鼓励和支持社会资本参与生态保护修复的意见》（国办发〔2021〕40号）, issued 2021-10-25, states no
end date.
"""

from __future__ import annotations

from datetime import date

from zhengce.regimes.land.citing import cite, cite_attached
from zhengce.rules import Citation, Registry

FUND_DOC = "财资环-2021-100"
FUND_TITLE = "重点生态保护修复治理资金管理办法"
FUND_EFFECTIVE = date(2021, 10, 26)
FUND_REPEALED = date(2024, 1, 1)  # 实施期限至2023年底

SOCIAL_DOC = "国办发-2021-40"
SOCIAL_TITLE = "国务院办公厅关于鼓励和支持社会资本参与生态保护修复的意见"
SOCIAL_EFFECTIVE = date(2021, 10, 25)

FUND_REGISTRY = Registry(titles={FUND_DOC: FUND_TITLE})
SOCIAL_REGISTRY = Registry(titles={SOCIAL_DOC: SOCIAL_TITLE})


def _art(eid: str) -> Citation:
    return cite_attached(FUND_DOC, FUND_TITLE, eid)


def _sec(eid: str, where: str) -> Citation:
    return cite(SOCIAL_DOC, eid, f"《{SOCIAL_TITLE}》{where}")


ART_4 = _art("att_1__art_4")
ART_6_2 = _art("att_1__art_6__para_2")
ART_7_2 = _art("att_1__art_7__para_2")
ART_7_3 = _art("att_1__art_7__para_3")
ART_9_1 = _art("att_1__art_9__para_1")
ART_9_2 = _art("att_1__art_9__para_2")
FUND_CITATIONS = (ART_4, ART_6_2, ART_7_2, ART_7_3, ART_9_1, ART_9_2)

PRINCIPLES = _sec("sec_1__subsec_2__para_2", "一、（二）第2段")
RESPONSIBLE_PARTY = _sec("sec_2__subsec_3", "二、（三）")
PLAN = _sec("sec_2__subsec_5__item_2", "二、（五）2．")
COMPETITION = _sec("sec_2__subsec_5__item_3", "二、（五）3．")
PLANNING = _sec("sec_4__subsec_12", "四、（十二）")
PROPERTY = _sec("sec_4__subsec_13", "四、（十三）")
LAND_QUOTA = _sec("sec_4__subsec_13__para_1", "四、（十三）第1段")
MATERIALS = _sec("sec_4__subsec_14", "四、（十四）")
FINANCE = _sec("sec_4__subsec_16", "四、（十六）")
SOCIAL_CITATIONS = (
    PRINCIPLES,
    RESPONSIBLE_PARTY,
    PLAN,
    COMPETITION,
    PLANNING,
    PROPERTY,
    LAND_QUOTA,
    MATERIALS,
    FINANCE,
)


def fund_in_force(on: date) -> bool:
    return FUND_EFFECTIVE <= on < FUND_REPEALED
