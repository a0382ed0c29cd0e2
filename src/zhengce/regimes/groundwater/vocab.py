"""Controlled vocabularies of the registry: zone, works, status, metering and event kinds.

Codes are English identifiers (stored in the database and bundles); labels are the regulation's words.
"""

from __future__ import annotations

ZONE_KINDS: dict[str, str] = {
    "overdraft_general": "地下水一般超采区",
    "overdraft_severe": "地下水严重超采区",
    "prohibited": "地下水禁止开采区",
    "restricted": "地下水限制开采区",
    "spring_protection": "泉域保护范围",
    "karst": "岩溶强发育、存在较多落水洞和岩溶漏斗的区域",
    "drinking_source": "集中式地下水饮用水水源地",
    "geothermal_prohibited": "地热能开发利用项目禁止取水范围",
    "geothermal_restricted": "地热能开发利用项目限制取水范围",
    "pollution_key": "地下水污染防治重点区",
}

# 第六十三条第二款 lists the works; monitoring and exploration wells come from 第四十八条第二款.
WORKS_KINDS: dict[str, str] = {
    "well": "水井",
    "gallery": "集水廊道",
    "collection_pond": "集水池",
    "infiltration_channel": "渗渠",
    "injection_well": "注水井",
    "geothermal_production": "地热能开发利用项目取水井",
    "geothermal_reinjection": "地热能开发利用项目回灌井",
    "monitoring_well": "监测井",
    "exploration_well": "勘探井",
}
MONITORING_KINDS = frozenset({"monitoring_well", "exploration_well"})
GEOTHERMAL_KINDS = frozenset({"geothermal_production", "geothermal_reinjection"})

WORKS_STATUS: dict[str, str] = {
    "planned": "拟建",
    "under_construction": "在建",
    "active": "在用",
    "stopped": "停用",
    "abandoned": "报废",
    "unfinished": "未建成",
    "exploration_done": "已完成勘探任务",
    "must_stop": "依法应当停止取水",
    "sealed": "已封井或者回填",
}
# 第四十九条第二款: these must be sealed or backfilled.
MUST_SEAL = frozenset({"abandoned", "unfinished", "exploration_done", "must_stop"})

METERING = {"none": "未安装", "manual": "人工计量", "online": "在线计量"}

PURPOSES: dict[str, str] = {
    "domestic": "居民生活",
    "public_supply": "公共供水",
    "industrial": "工业",
    "agricultural": "农业灌溉",
    "emergency_supply": "应急供水",
    "geothermal": "地热能开发利用",
    "monitoring": "监测",
    "exploration": "勘探",
    "drainage": "疏干排水",
    "other": "其他",
}

# Exemptions of 第二十七条第一款 and 第三十五条第一款, each with the item it comes from.
EXEMPTIONS: dict[str, tuple[str, str]] = {
    "emergency_supply": ("应急供水取水", "art27"),
    "domestic_no_alternative": ("无替代水源地区的居民生活用水", "art27"),
    "monitoring_small": ("为开展地下水监测、勘探、试验少量取水", "both"),
    "construction_safety": ("为保障地下工程施工安全和生产安全必须进行临时应急取(排)水", "art35"),
    "public_safety": ("为消除对公共安全或者公共利益的危害临时应急取水", "art35"),
}

AQUIFER_KINDS = {"phreatic": "潜水", "confined": "承压水"}

EVENT_KINDS: dict[str, str] = {
    "underground_construction": "地下工程建设",
    "mine_drainage": "矿产资源开采、地下工程建设疏干排水",
    "emergency_drainage": "临时应急取(排)水",
    "facility_damage": "侵占、毁坏或者擅自移动地下水监测设施设备及其标志",
    "toxic_storage": "利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存有毒有害物质",
    "polluting_project": "新建、改建、扩建可能造成地下水污染的建设项目",
    "subsidence": "地面沉降、地裂缝、海(咸)水入侵、植被退化等地质灾害或者生态损害",
    "facility_removal": "建设工程拆除地下水监测设施设备",
    "data_falsification": "篡改、伪造地下水监测数据",
    "cross_layer_pollution": "已经造成地下水串层污染（串层开采井）",
    "artificial_recharge": "人工回灌补给地下水",
}

FILING_KINDS: dict[str, str] = {
    "project_plan": "地下工程建设方案和防止不利影响措施方案备案（第二十六条）",
    "well_filing": "监测、勘探地下水取水工程施工前备案（第四十八条第二款）",
    "emergency_drainage": "临时应急取(排)水结束后备案（第五十二条第二款）",
    "drainage_report": "疏干排水量和地下水水位状况报送（第五十二条第一款）",
    "sealing_notice": "封井或者回填情况告知（第四十九条第二款）",
    "annual_plan": "地下水年度取水计划报上一级备案（第二十条）",
}

REGION_LEVELS = {"province": "省级", "city": "地级", "county": "县级"}
