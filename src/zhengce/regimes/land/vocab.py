"""Controlled vocabularies of the temporary land-use registry (codes English, labels the notice's words)."""

from __future__ import annotations

# 一、临时用地使用范围: the kinds of activity that may use land temporarily.
PROJECT_KINDS: dict[str, str] = {
    "construction": "建设项目施工",  # 一、（一）
    "geological_survey": "矿产资源勘查、工程地质勘查、水文地质勘查等地质勘查",  # 一、（二）
    "oil_gas": "油气资源勘查（含探采合一开发的钻井及配套设施）",  # 一、（二）and 三、第2段
    "other_lawful": "符合法律、法规规定的其他需要临时使用的土地",  # 一、（三）
    "unrelated": "与建设项目施工、地质勘查等无关的用地",  # 一、第1段: not allowed
}

# What the land is used for. Which 项 of 一、 lists it is the second element.
PURPOSES: dict[str, tuple[str, str]] = {
    "office_housing": ("临时办公用房、生活用房、工棚", "construction"),
    "topsoil_stockpile": ("农用地表土剥离堆放场", "construction"),
    "material_yard": ("材料堆场", "construction"),
    "beam_yard": ("制梁场", "construction"),
    "mixing_station": ("拌合站", "construction"),
    "rebar_yard": ("钢筋加工厂", "construction"),
    "construction_road": ("施工便道", "both"),
    "transport_road": ("运输便道", "both"),
    "overhead_line": ("地上线路架设", "construction"),
    "underground_pipeline": ("地下管线敷设作业", "construction"),
    "borrow_pit": ("取土场（能源、交通、水利等基础设施项目）", "infrastructure"),
    "spoil_ground": ("弃土（渣）场（能源、交通、水利等基础设施项目）", "infrastructure"),
    "survey_housing": ("勘查期间临时生活用房、临时工棚", "survey"),
    "survey_works": ("勘查作业及其辅助工程", "survey"),
    "drilling_site": ("油气资源勘查钻井井场、配套管线、电力设施、进场道路", "oil_gas"),
    "other": ("其他", "other"),
}

# 二、第1段: 制梁场、拌合站等难以恢复原种植条件的 may not take 耕地 or 永久基本农田.
HARD_TO_RESTORE = frozenset({"beam_yard", "mixing_station"})

# "none" records a project that is not infrastructure (None would mean "not known").
INFRASTRUCTURE_SECTORS: dict[str, str] = {
    "energy": "能源",
    "transport": "交通",
    "water": "水利",
    "other": "其他基础设施（能源、交通、水利“等”）",
}
NOT_INFRASTRUCTURE = "none"

# Area columns of a use, by 地类. 永久基本农田 is 耕地 too, but the notice treats it separately.
LAND_CLASSES: dict[str, str] = {
    "cultivated": "耕地（不含永久基本农田）",
    "permanent_basic": "永久基本农田",
    "other_farmland": "耕地以外的其他农用地",
    "construction": "建设用地",
    "unused": "未利用地",
}

# 三、第1段: approval by 县（市）; 市级或者市级以上 when 耕地 or 永久基本农田 is taken.
APPROVAL_LEVELS: dict[str, str] = {
    "county": "县（市）自然资源主管部门",
    "city": "市级自然资源主管部门",
    "province": "省级自然资源主管部门",
    "ministry": "自然资源部",
}
CITY_OR_ABOVE = frozenset({"city", "province", "ministry"})

# 三、第3段: the 土地复垦方案报告表.
RECLAMATION_PLANS: dict[str, str] = {
    "approved": "已编制土地复垦方案报告表并经审核",
    "covered_by_project": "位于项目建设用地报批时已批准土地复垦方案范围内，不再重复编制",
    "none": "未编制土地复垦方案报告表",
}

# 四、第1段: 因气候、灾害等不可抗力因素影响复垦的，经批准可以适当延长复垦期限.
EXTENSION_REASONS: dict[str, str] = {
    "climate": "气候（不可抗力）",
    "disaster": "灾害（不可抗力）",
    "other_force_majeure": "其他不可抗力",
    "other": "非不可抗力原因",
}
FORCE_MAJEURE = frozenset({"climate", "disaster", "other_force_majeure"})
