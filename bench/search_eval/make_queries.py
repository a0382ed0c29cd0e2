"""Source of queries.jsonl: lay questions labelled with the nodes that answer them.

Labels were made by reading the compilation text (bench data: data/policy-compilation-2021.txt).
Edit here and run `python bench/search_eval/make_queries.py` to rewrite queries.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path

A = "国务院令-748"
B = "国办发-2021-40"
C = "中共中央国务院关于深入打好污染防治攻坚战的意见"
D = "国办发-2021-45"
E = "自然资规-2021-2"
F = "自然资源部办公厅关于统一矿业权政务服务跨省通办事项名称有关要求的通知"
G = "自然资源部办公厅关于印发深化证照分离改革进一步激发市场主体发展活力工作实施方案的通知"
H = "环法规-2021-107"
I = "应急厅函-2021-274"  # noqa: E741
J = "工信部规-2021-178"
K = "工信部规-2021-179"
L = "工信部规-2021-182"
M = "工信部规-2021-183"
N = "发改环资-2021-1516"
O = "发改环资-2021-1524"  # noqa: E741
P = "发改产业-2021-1609"
Q = "发改地区-2021-1617"
R = "发改振兴-2021-1618"
S = "财教-2021-176"
T = "财资环-2021-100"
U = "人社部发-2021-86"

# (query, [(doc, eid), ...], tag) — tag: plain | colloquial | typo
QUERIES = [
    # 地下水管理条例
    ("打井要办什么手续", [(A, "chp_6__art_48"), (A, "chp_3__art_25")], "colloquial"),
    ("没装水表罚多少", [(A, "chp_7__art_56")], "colloquial"),
    ("新打的井要不要装水表", [(A, "chp_3__art_22")], "colloquial"),
    ("用水量大要装在线计量吗", [(A, "chp_3__art_22")], "colloquial"),
    ("哪些地方不准抽地下水", [(A, "chp_4__art_33"), (A, "chp_4__art_35")], "colloquial"),
    ("地下水超采区谁来划", [(A, "chp_4__art_31"), (A, "chp_4__art_32")], "plain"),
    ("地下水超彩区谁来划", [(A, "chp_4__art_31"), (A, "chp_4__art_32")], "typo"),
    ("废弃的井不封会怎样", [(A, "chp_7__art_58"), (A, "chp_6__art_49")], "colloquial"),
    ("地下水归谁管", [(A, "chp_1__art_4"), (A, "chp_1__art_5")], "colloquial"),
    ("浇地用地下水有什么要求", [(A, "chp_3__art_23"), (A, "chp_5__art_44")], "colloquial"),
    ("用地下水要不要交水资源税", [(A, "chp_3__art_24")], "colloquial"),
    ("偷偷埋暗管排污水", [(A, "chp_5__art_40"), (A, "chp_7__art_55")], "colloquial"),
    ("弄坏了地下水监测设备怎么罚", [(A, "chp_7__art_60"), (A, "chp_6__art_47")], "colloquial"),
    ("地下水条例啥时候生效", [(A, "chp_8__art_64")], "colloquial"),
    ("地下水取水工程指的是什么", [(A, "chp_8__art_63")], "plain"),
    ("泉水怎么保护", [(A, "chp_3__art_30"), (A, "chp_5__art_42")], "colloquial"),
    ("海水倒灌进地下水怎么办", [(A, "chp_4__art_38")], "colloquial"),
    (
        "挖地下工程抽排地下水",
        [(A, "chp_3__art_26"), (A, "chp_6__art_52"), (A, "chp_7__art_57")],
        "colloquial",
    ),
    ("举报破坏地下水有奖励吗", [(A, "chp_1__art_8")], "colloquial"),
    ("不同层的地下水能混着抽吗", [(A, "chp_5__art_43")], "colloquial"),
    ("地热能开发要取水怎么管", [(A, "chp_6__art_51")], "plain"),
    # 社会资本参与生态保护修复
    ("企业投钱搞生态修复有哪些方式", [(B, "sec_2__subsec_4")], "colloquial"),
    ("修复好的地能拿来搞旅游吗", [(B, "sec_4__subsec_13")], "colloquial"),
    ("修复挖出来的土石料能卖吗", [(B, "sec_4__subsec_14")], "colloquial"),
    ("社会资本做生态修复能减税吗", [(B, "sec_4__subsec_15")], "colloquial"),
    ("生态修复项目找银行贷款", [(B, "sec_4__subsec_16")], "colloquial"),
    ("老矿山修复社会资本参与", [(B, "sec_3__subsec_9")], "plain"),
    ("把建设用地修复成农田后指标怎么用", [(B, "sec_4__subsec_13")], "colloquial"),
    # 污染防治攻坚战
    ("柴油货车冒黑烟怎么治", [(C, "sec_3__subsec_13")], "colloquial"),
    ("城市黑臭水体治理", [(C, "sec_4__subsec_15"), (H, "sec_3__subsec_20")], "plain"),
    ("臭氧污染怎么治", [(C, "sec_3__subsec_12"), (H, "sec_3__subsec_18")], "colloquial"),
    ("无废城市是什么", [(C, "sec_5__subsec_24")], "colloquial"),
    ("到2025年细颗粒物浓度降多少", [(C, "sec_1__subsec_3")], "plain"),
    ("新污染物治理", [(C, "sec_5__subsec_25")], "plain"),
    ("饭店油烟和噪声扰民", [(C, "sec_3__subsec_14")], "colloquial"),
    ("核电站安全监管", [(C, "sec_6__subsec_30"), (H, "sec_3__subsec_24")], "plain"),
    ("农村厕所和生活污水治理", [(C, "sec_5__subsec_21")], "plain"),
    ("受污染的耕地还能种粮吗", [(C, "sec_5__subsec_22")], "colloquial"),
    # 中小企业纾困
    ("小公司困难政府有什么补贴", [(D, "sec_1")], "colloquial"),
    ("小规模纳税人免增值税", [(D, "sec_2")], "plain"),
    ("小规模纳税人免增殖税", [(D, "sec_2")], "typo"),
    ("原材料涨价小企业扛不住", [(D, "sec_4")], "colloquial"),
    ("大企业拖欠小企业货款", [(D, "sec_7")], "colloquial"),
    ("限电影响小企业生产", [(D, "sec_5"), (D, "para_1")], "colloquial"),
    ("小企业招高校毕业生有补贴吗", [(D, "sec_6")], "colloquial"),
    ("支小再贷款额度", [(D, "sec_3")], "plain"),
    # 临时用地
    ("临时用地最多用几年", [(E, "sec_2__para_2")], "colloquial"),
    ("临时用地最多用几念", [(E, "sec_2__para_2")], "typo"),
    ("临时用地谁审批", [(E, "sec_3__para_1"), (E, "sec_3__para_2")], "colloquial"),
    ("临时用地能出租吗", [(E, "sec_4__para_1")], "colloquial"),
    ("临时用地用完多久要复垦", [(E, "sec_4__para_1"), (E, "sec_4__para_2")], "colloquial"),
    ("申请临时用地要交什么材料", [(E, "sec_3__para_3")], "colloquial"),
    ("工地工棚算不算临时用地", [(E, "sec_1__subsec_1")], "colloquial"),
    ("临时用地的规定有效期多久", [(E, "sec_5__para_4")], "colloquial"),
    ("临时用地占了耕地怎么恢复", [(E, "sec_4__para_2")], "colloquial"),
    # 矿业权跨省通办
    ("探矿权延续能跨省办吗", [(F, "sec_1__subsec_1")], "colloquial"),
    ("采矿权抵押备案能异地办吗", [(F, "sec_1__subsec_2")], "colloquial"),
    ("矿业权跨省通办改事项名称截止时间", [(F, "sec_2__para_1"), (F, "sec_2")], "plain"),
    ("矿业权跨省通办有哪几类事项", [(F, "sec_1")], "plain"),
    # 证照分离
    ("地质灾害评估丙级资质还要审批吗", [(G, "att_1__sec_2__subsec_1")], "colloquial"),
    ("城乡规划编制乙级资质告知承诺", [(G, "att_1__sec_2__subsec_2")], "plain"),
    ("取消审批以后谁来监管", [(G, "att_1__sec_3__subsec_1")], "colloquial"),
    ("企业承诺了但是做不到怎么处理", [(G, "att_1__sec_3__subsec_2")], "colloquial"),
    ("双随机一公开抽查", [(G, "att_1__sec_3__subsec_3")], "plain"),
    ("甲级资质审批能快点吗", [(G, "att_1__sec_2__subsec_3")], "colloquial"),
    # 依法治污
    ("环保执法方式要优化", [(H, "sec_2__subsec_9")], "plain"),
    ("环境污染信访投诉怎么处理", [(H, "sec_2__subsec_11")], "plain"),
    ("环保局和公安检察院怎么配合", [(H, "sec_2__subsec_14")], "colloquial"),
    ("环境标准谁来定", [(H, "sec_2__subsec_7")], "colloquial"),
    ("排污许可证一证式管理", [(H, "sec_3__subsec_17"), (C, "sec_7__subsec_36")], "plain"),
    ("对环保处罚不服申请复议", [(H, "sec_2__subsec_12")], "colloquial"),
    ("地方能不能自己定环保法规", [(H, "sec_2__subsec_8")], "colloquial"),
    # 安全生产培训走过场
    ("安全培训走形式怎么整治", [(I, "sec_1__para_1"), (I, "para_1")], "colloquial"),
    ("特种作业无证上岗", [(I, "sec_2__subsec_3")], "plain"),
    ("安全培训机构老师不够", [(I, "sec_2__subsec_1")], "colloquial"),
    ("安全生产考试作弊", [(I, "sec_2__subsec_2")], "plain"),
    ("专项整治自查自改到什么时候", [(I, "sec_3__subsec_1")], "colloquial"),
    ("培训整治执法检查安排在几月", [(I, "sec_3__subsec_2")], "colloquial"),
    # 工业绿色发展
    ("工业固体废物综合利用", [(J, "att_1__sec_3__subsec_4")], "plain"),
    ("工业碳达峰路线图", [(J, "att_1__sec_3__subsec_1")], "plain"),
    ("绿色工厂和绿色供应链", [(J, "att_1__sec_3__subsec_9")], "plain"),
    ("工业绿色发展到2025年目标", [(J, "att_1__sec_2__subsec_3")], "plain"),
    ("工厂用能要更清洁", [(J, "att_1__sec_3__subsec_3")], "colloquial"),
    # 大数据
    ("大数据产业到2025年规模多大", [(K, "att_1__sec_3__subsec_3")], "colloquial"),
    ("数据买卖交易市场", [(K, "att_1__sec_4__subsec_1")], "colloquial"),
    ("大数据安全怎么保障", [(K, "att_1__sec_4__subsec_6")], "colloquial"),
    ("大数据人才培养", [(K, "att_1__sec_5__subsec_5")], "plain"),
    ("十三五大数据发展成效", [(K, "att_1__sec_1__para_1")], "plain"),
    ("大数据产业还有什么问题", [(K, "att_1__sec_1__para_6"), (K, "att_1__sec_1__para_7")], "colloquial"),
    # 两化深度融合
    ("工业互联网平台推广", [(L, "att_1__sec_4__subsec_3")], "plain"),
    ("重点工业设备上云", [(L, "att_1__sec_4__subsec_4__box_3")], "plain"),
    ("两化融合度标准", [(L, "att_1__sec_4__subsec_2")], "plain"),
    ("制造业数字化转型", [(L, "att_1__sec_4__subsec_1")], "plain"),
    ("供应链数字化管理", [(L, "att_1__sec_4__subsec_5")], "plain"),
    ("两化融合到2025年要达到什么目标", [(L, "att_1__sec_2__subsec_3")], "colloquial"),
    # 民爆
    ("炸药厂安全生产责任", [(M, "att_1__sec_3__subsec_1")], "colloquial"),
    ("民爆企业重组整合", [(M, "att_1__sec_3__subsec_4")], "plain"),
    ("炸药生产线用机器人", [(M, "att_1__sec_3__subsec_3")], "colloquial"),
    ("民爆行业十四五目标", [(M, "att_1__sec_2__subsec_3")], "plain"),
    ("打击非法生产炸药", [(M, "att_1__sec_3__subsec_7")], "colloquial"),
    # 节水型社会
    ("农业节水灌溉", [(N, "att_1__sec_4__subsec_1"), (N, "att_1__sec_3__subsec_3")], "plain"),
    ("水价改革", [(N, "att_1__sec_3__subsec_5")], "plain"),
    ("水资源税改革试点", [(N, "att_1__sec_5__subsec_4"), (A, "chp_3__art_24")], "plain"),
    ("再生水和海水淡化利用", [(N, "att_1__sec_4__subsec_4")], "plain"),
    ("节约用水宣传", [(N, "att_1__sec_3__subsec_1")], "plain"),
    ("缺水地区还能上高耗水项目吗", [(N, "att_1__sec_4__subsec_2")], "colloquial"),
    ("节水型社会2025年目标", [(N, "att_1__sec_2__subsec_3")], "plain"),
    # 清洁生产
    ("清洁生产审核怎么做", [(O, "att_1__sec_6__subsec_16"), (O, "att_1__sec_2__subsec_6")], "colloquial"),
    ("少用农药化肥", [(O, "att_1__sec_3__subsec_7")], "colloquial"),
    ("秸秆和农膜回收", [(O, "att_1__sec_3__subsec_9")], "plain"),
    ("饭店宾馆也要清洁生产吗", [(O, "att_1__sec_4__subsec_11")], "colloquial"),
    ("新盖房子的节能标准", [(O, "att_1__sec_4__subsec_10")], "colloquial"),
    ("清洁生产咨询服务市场", [(O, "att_1__sec_5__subsec_15")], "plain"),
    # 能效标杆水平和基准水平
    ("能效达不到基准水平的项目怎么办", [(P, "sec_2__para_1"), (P, "sec_3__para_2")], "colloquial"),
    ("高耗能项目技术改造最长几年", [(P, "sec_3__para_2")], "colloquial"),
    ("阶梯电价", [(P, "sec_4__para_1")], "plain"),
    ("能效标杆水平是怎么定的", [(P, "sec_1__para_1")], "colloquial"),
    ("能效基准水平从什么时候开始执行", [(P, "sec_4__para_2")], "colloquial"),
    # 长江经济带湖泊
    ("太湖蓝藻", [(Q, "sec_1__subsec_3")], "plain"),
    ("湖长制", [(Q, "sec_7__subsec_16")], "plain"),
    ("湖泊生态补偿", [(Q, "sec_7__subsec_17")], "plain"),
    ("江豚保护", [(Q, "sec_3__subsec_8")], "plain"),
    ("湖边岸线被乱占", [(Q, "sec_3__subsec_6")], "colloquial"),
    ("湖区喝的水安全吗", [(Q, "sec_5__subsec_11"), (Q, "sec_5__subsec_12")], "colloquial"),
    ("湖泊保护的钱从哪里来", [(Q, "sec_8__subsec_21")], "colloquial"),
    # 老工业城市和资源型城市
    ("老工业城市产业园区", [(R, "att_1__sec_3__subsec_7")], "plain"),
    ("工业用地能不能改用途", [(R, "att_1__sec_5__subsec_12")], "colloquial"),
    ("示范区年度评估激励", [(R, "att_1__sec_5__subsec_14")], "plain"),
    ("培育专精特新中小企业", [(R, "att_1__sec_2__subsec_5")], "plain"),
    ("老工业城市煤炭减量", [(R, "att_1__sec_4__subsec_10")], "plain"),
    # 科技成果转化引导基金
    ("引导基金出资比例", [(S, "att_1__chp_2__art_9")], "plain"),
    ("引导基金出资比列", [(S, "att_1__chp_2__art_9")], "typo"),
    ("子基金能存续几年", [(S, "att_1__chp_2__art_12")], "colloquial"),
    ("子基金能不能炒股买房", [(S, "att_1__chp_2__art_11")], "colloquial"),
    ("基金管理人能拿多少提成", [(S, "att_1__chp_2__art_15")], "colloquial"),
    ("理事会成员任期几年", [(S, "att_1__chp_3__art_23")], "colloquial"),
    ("转化基金的钱从哪来", [(S, "att_1__chp_1__art_3")], "colloquial"),
    ("基金管理费怎么定", [(S, "att_1__chp_3__art_27")], "colloquial"),
    ("子基金托管银行账户", [(S, "att_1__chp_2__art_13")], "plain"),
    # 重点生态保护修复治理资金
    ("山水林田湖草项目能拿多少补助", [(T, "att_1__art_7")], "colloquial"),
    ("治理资金能用在哪些地方", [(T, "att_1__art_6")], "colloquial"),
    ("挪用生态修复资金怎么处理", [(T, "att_1__art_16"), (T, "att_1__art_17")], "colloquial"),
    ("修复项目实施方案能不能改", [(T, "att_1__art_9")], "colloquial"),
    ("治理资金办法到什么时候截止", [(T, "att_1__art_4")], "colloquial"),
    ("修复工程建好以后谁负责维护", [(T, "att_1__art_14")], "colloquial"),
    # 技工教育
    ("技校招生", [(U, "att_1__sec_4__subsec_7")], "colloquial"),
    ("企业新型学徒制", [(U, "att_1__sec_4__subsec_9")], "plain"),
    ("技校学生能考职业技能等级证书吗", [(U, "att_1__sec_4__subsec_10")], "colloquial"),
    ("技校老师评职称", [(U, "att_1__sec_6__subsec_18")], "colloquial"),
    ("技校毕业生找工作", [(U, "att_1__sec_6__subsec_17")], "colloquial"),
    ("技工院校教材管理", [(U, "att_1__sec_6__subsec_16")], "plain"),
]


def main() -> None:
    out = Path(__file__).with_name("queries.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for query, rel, tag in QUERIES:
            row = {"query": query, "tag": tag, "relevant": [{"doc_id": d, "eid": e} for d, e in rel]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(QUERIES)} queries -> {out}")


if __name__ == "__main__":
    main()
