"""Legal consequences under 《地下水管理条例》 (国务院令第748号) 第五十五条至第六十二条, as data.

One :class:`Provision` per violation type: the node it cites, the article text quoted exactly, the
authority, and its bands. A band is selected by boolean facts (情节严重, 逾期不…, 造成严重后果, …);
:func:`penalty_for` walks the bands in order, reading only the facts it needs, and returns the
:class:`~zhengce.rules.Consequence` of the first band whose conditions all hold.

Conventions, so the data says exactly what the articles say:
- amounts are 元 as integers; 以上/以下 include the figure, so ranges are inclusive;
- no fine in 第五十五条至第六十二条 scales with anything: every fine is a fixed range. What scales is the
  fee of 第五十六条 (按照日最大取水能力计算的取水量计征相关费用), kept apart in ``levy_basis``;
- ``orders`` lists every order the article attaches up to and including the band (an order given at
  the first stage stays owed when the party is later overdue);
- 单位 and 个人 who commit these acts face the same ranges; the only fine on natural persons as such is
  第五十九条第二款's fine on 直接负责的主管人员和其他直接责任人员 (``personal_fine_*``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zhengce.rules import Consequence, Facts, MissingFact, as_facts

DOC_ID = "国务院令-748"
TITLE = "地下水管理条例"
WAN = 10_000  # 万元 → 元

# What each selecting fact means, for messages when it is missing.
FACT_LABELS: dict[str, str] = {
    "serious": "情节严重，由执法机关认定",
    "overdue": "逾期未履行责令事项",
    "overdue_sealing": "逾期不封井或者回填",
    "unable_to_seal": "不具备封井或者回填能力",
    "severe_consequences": "造成严重后果",
}

WATER_AUTHORITY = "县级以上地方人民政府水行政主管部门"
LEVY_BY_MAX_DAILY_CAPACITY = "按照日最大取水能力计算的取水量计征相关费用"


@dataclass(frozen=True)
class Band:
    """One outcome of a provision. ``when`` = (fact, required value) pairs, checked in order."""

    when: tuple[tuple[str, bool], ...]
    label: str
    fine: tuple[int, int] | None = None
    personal_fine: tuple[int, int] | None = None
    levy_basis: str | None = None
    orders: tuple[str, ...] = ()
    revocation: bool = False
    substitute_action: str | None = None
    referral: str | None = None


@dataclass(frozen=True)
class Provision:
    code: str
    eid: str
    conduct: str  # the violation, in the article's words
    quote: str  # the article (or paragraph) text, verbatim
    authority: str | None
    bands: tuple[Band, ...]
    fact_labels: Mapping[str, str] | None = None  # overrides of FACT_LABELS for this provision

    @property
    def facts(self) -> tuple[str, ...]:
        """Facts any band may read, in first-use order."""
        seen: dict[str, None] = {}
        for band in self.bands:
            for name, _ in band.when:
                seen.setdefault(name)
        return tuple(seen)


_ART_55 = (
    "违反本条例规定，未经批准擅自取用地下水，或者利用渗井、渗坑、裂隙、溶洞以及私设暗管等逃避监管的方式"
    "排放水污染物等违法行为，依照《中华人民共和国水法》、《中华人民共和国水污染防治法》、"
    "《中华人民共和国土壤污染防治法》、《取水许可和水资源费征收管理条例》等法律、行政法规的规定处罚。"
)
_ART_55_REFERRAL = (
    "依照《中华人民共和国水法》、《中华人民共和国水污染防治法》、《中华人民共和国土壤污染防治法》、"
    "《取水许可和水资源费征收管理条例》等法律、行政法规的规定处罚"
)
_ART_62 = (
    "违反本条例规定，构成违反治安管理行为的，由公安机关依法给予治安管理处罚；构成犯罪的，依法追究刑事责任。"
)

_PROVISIONS: tuple[Provision, ...] = (
    # 第五十五条: no penalty of its own; it refers to other laws.
    Provision(
        code="gw.55.unauthorized_abstraction",
        eid="chp_7__art_55",
        conduct="未经批准擅自取用地下水",
        quote=_ART_55,
        authority=None,
        bands=(Band((), "依照其他法律、行政法规处罚", referral=_ART_55_REFERRAL),),
    ),
    Provision(
        code="gw.55.evasive_discharge",
        eid="chp_7__art_55",
        conduct="利用渗井、渗坑、裂隙、溶洞以及私设暗管等逃避监管的方式排放水污染物",
        quote=_ART_55,
        authority=None,
        bands=(Band((), "依照其他法律、行政法规处罚", referral=_ART_55_REFERRAL),),
    ),
    # 第五十六条第一款
    Provision(
        code="gw.56.1.no_meter",
        eid="chp_7__art_56__para_1",
        conduct="地下水取水工程未安装计量设施",
        quote=(
            "地下水取水工程未安装计量设施的，由县级以上地方人民政府水行政主管部门责令限期安装，"
            "并按照日最大取水能力计算的取水量计征相关费用，处10万元以上50万元以下罚款；"
            "情节严重的，吊销取水许可证。"
        ),
        authority=WATER_AUTHORITY,
        bands=(
            Band(
                (("serious", True),),
                "情节严重",
                fine=(10 * WAN, 50 * WAN),
                levy_basis=LEVY_BY_MAX_DAILY_CAPACITY,
                orders=("责令限期安装",),
                revocation=True,
            ),
            Band(
                (("serious", False),),
                "未安装计量设施",
                fine=(10 * WAN, 50 * WAN),
                levy_basis=LEVY_BY_MAX_DAILY_CAPACITY,
                orders=("责令限期安装",),
            ),
        ),
    ),
    # 第五十六条第二款: no fine until the party is overdue; 情节严重 belongs to the overdue clause.
    Provision(
        code="gw.56.2.faulty_meter",
        eid="chp_7__art_56__para_2",
        conduct="计量设施不合格或者运行不正常",
        quote=(
            "计量设施不合格或者运行不正常的，由县级以上地方人民政府水行政主管部门责令限期更换或者修复；"
            "逾期不更换或者不修复的，按照日最大取水能力计算的取水量计征相关费用，"
            "处10万元以上50万元以下罚款；情节严重的，吊销取水许可证。"
        ),
        authority=WATER_AUTHORITY,
        fact_labels={"overdue": "逾期不更换或者不修复"},
        bands=(
            Band((("overdue", False),), "责令限期更换或者修复", orders=("责令限期更换或者修复",)),
            Band(
                (("overdue", True), ("serious", True)),
                "逾期不更换或者不修复，情节严重",
                fine=(10 * WAN, 50 * WAN),
                levy_basis=LEVY_BY_MAX_DAILY_CAPACITY,
                orders=("责令限期更换或者修复",),
                revocation=True,
            ),
            Band(
                (("overdue", True), ("serious", False)),
                "逾期不更换或者不修复",
                fine=(10 * WAN, 50 * WAN),
                levy_basis=LEVY_BY_MAX_DAILY_CAPACITY,
                orders=("责令限期更换或者修复",),
            ),
        ),
    ),
    # 第五十七条第一款: the fine comes with the order; overdue adds 代履行 at the violator's cost.
    Provision(
        code="gw.57.1.adverse_impact",
        eid="chp_7__art_57__para_1",
        conduct="地下工程建设对地下水补给、径流、排泄等造成重大不利影响",
        quote=(
            "地下工程建设对地下水补给、径流、排泄等造成重大不利影响的，由县级以上地方人民政府水行政主管部门"
            "责令限期采取措施消除不利影响，处10万元以上50万元以下罚款；逾期不采取措施消除不利影响的，"
            "由县级以上地方人民政府水行政主管部门组织采取措施消除不利影响，所需费用由违法行为人承担。"
        ),
        authority=WATER_AUTHORITY,
        fact_labels={"overdue": "逾期不采取措施消除不利影响"},
        bands=(
            Band(
                (("overdue", False),),
                "造成重大不利影响",
                fine=(10 * WAN, 50 * WAN),
                orders=("责令限期采取措施消除不利影响",),
            ),
            Band(
                (("overdue", True),),
                "逾期不采取措施消除不利影响",
                fine=(10 * WAN, 50 * WAN),
                orders=("责令限期采取措施消除不利影响",),
                substitute_action=(
                    "由县级以上地方人民政府水行政主管部门组织采取措施消除不利影响，所需费用由违法行为人承担"
                ),
            ),
        ),
    ),
    # 第五十七条第二款 covers two failures to file/report with one sanction: 补报, then a fine if overdue.
    *(
        Provision(
            code=code,
            eid="chp_7__art_57__para_2",
            conduct=conduct,
            quote=(
                "地下工程建设应当于开工前将工程建设方案和防止对地下水产生不利影响的措施方案备案而未备案的，"
                "或者矿产资源开采、地下工程建设疏干排水应当定期报送疏干排水量和地下水水位状况而未报送的，"
                "由县级以上地方人民政府水行政主管部门责令限期补报；逾期不补报的，处2万元以上10万元以下罚款。"
            ),
            authority=WATER_AUTHORITY,
            fact_labels={"overdue": "逾期不补报"},
            bands=(
                Band((("overdue", False),), "责令限期补报", orders=("责令限期补报",)),
                Band(
                    (("overdue", True),),
                    "逾期不补报",
                    fine=(2 * WAN, 10 * WAN),
                    orders=("责令限期补报",),
                ),
            ),
        )
        for code, conduct in (
            (
                "gw.57.2.plan_not_filed",
                "地下工程建设应当于开工前将工程建设方案和防止对地下水产生不利影响的措施方案备案而未备案",
            ),
            (
                "gw.57.2.drainage_not_reported",
                "矿产资源开采、地下工程建设疏干排水应当定期报送疏干排水量和地下水水位状况而未报送",
            ),
        )
    ),
    # 第五十八条: the order carries no 限期 in the text. A party unable to seal is not ordered to;
    # the government seals at its cost. The fine attaches to the failure to seal in both bands.
    Provision(
        code="gw.58.not_sealed",
        eid="chp_7__art_58",
        conduct=(
            "报废的矿井、钻井、地下水取水工程，或者未建成、已完成勘探任务、依法应当停止取水的地下水取水工程，"
            "未按照规定封井或者回填"
        ),
        quote=(
            "报废的矿井、钻井、地下水取水工程，或者未建成、已完成勘探任务、依法应当停止取水的地下水取水工程，"
            "未按照规定封井或者回填的，由县级以上地方人民政府或者其授权的部门责令封井或者回填，"
            "处10万元以上50万元以下罚款；不具备封井或者回填能力的，由县级以上地方人民政府或者其授权的部门"
            "组织封井或者回填，所需费用由违法行为人承担。"
        ),
        authority="县级以上地方人民政府或者其授权的部门",
        bands=(
            Band(
                (("unable_to_seal", False),),
                "未按照规定封井或者回填",
                fine=(10 * WAN, 50 * WAN),
                orders=("责令封井或者回填",),
            ),
            Band(
                (("unable_to_seal", True),),
                "不具备封井或者回填能力",
                fine=(10 * WAN, 50 * WAN),
                substitute_action=(
                    "由县级以上地方人民政府或者其授权的部门组织封井或者回填，所需费用由违法行为人承担"
                ),
            ),
        ),
    ),
    # 第五十九条第一款
    Provision(
        code="gw.59.1.toxic_storage",
        eid="chp_7__art_59__para_1",
        conduct="利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存石化原料及产品、农药、危险废物或者其他有毒有害物质",
        quote=(
            "利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存石化原料及产品、农药、危险废物或者其他有毒有害物质的，"
            "由地方人民政府生态环境主管部门责令限期改正，处10万元以上100万元以下罚款。"
        ),
        authority="地方人民政府生态环境主管部门",
        bands=(Band((), "贮存有毒有害物质", fine=(10 * WAN, 100 * WAN), orders=("责令限期改正",)),),
    ),
    # 第五十九条第二款: the only article here that also fines the responsible persons.
    Provision(
        code="gw.59.2.sludge_storage",
        eid="chp_7__art_59__para_2",
        conduct="利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存城镇污水处理设施产生的污泥和处理后的污泥",
        quote=(
            "利用岩层孔隙、裂隙、溶洞、废弃矿坑等贮存城镇污水处理设施产生的污泥和处理后的污泥的，"
            "由县级以上地方人民政府城镇排水主管部门责令限期改正，处20万元以上200万元以下罚款，"
            "对直接负责的主管人员和其他直接责任人员处2万元以上10万元以下罚款；造成严重后果的，"
            "处200万元以上500万元以下罚款，对直接负责的主管人员和其他直接责任人员处5万元以上50万元以下罚款。"
        ),
        authority="县级以上地方人民政府城镇排水主管部门",
        bands=(
            Band(
                (("severe_consequences", True),),
                "造成严重后果",
                fine=(200 * WAN, 500 * WAN),
                personal_fine=(5 * WAN, 50 * WAN),
                orders=("责令限期改正",),
            ),
            Band(
                (("severe_consequences", False),),
                "贮存污泥",
                fine=(20 * WAN, 200 * WAN),
                personal_fine=(2 * WAN, 10 * WAN),
                orders=("责令限期改正",),
            ),
        ),
    ),
    # 第五十九条第三款: 拆除或者关闭 needs the approval of the people's government with approval power.
    Provision(
        code="gw.59.3.polluting_project",
        eid="chp_7__art_59__para_3",
        conduct=(
            "在泉域保护范围以及岩溶强发育、存在较多落水洞和岩溶漏斗的区域内，"
            "新建、改建、扩建造成地下水污染的建设项目"
        ),
        quote=(
            "在泉域保护范围以及岩溶强发育、存在较多落水洞和岩溶漏斗的区域内，新建、改建、扩建造成地下水污染的"
            "建设项目的，由地方人民政府生态环境主管部门处10万元以上50万元以下罚款，"
            "并报经有批准权的人民政府批准，责令拆除或者关闭。"
        ),
        authority="地方人民政府生态环境主管部门",
        bands=(
            Band(
                (),
                "建设项目造成地下水污染",
                fine=(10 * WAN, 50 * WAN),
                orders=("责令拆除或者关闭（报经有批准权的人民政府批准）",),
            ),
        ),
    ),
    # 第六十条
    Provision(
        code="gw.60.monitoring_facility",
        eid="chp_7__art_60",
        conduct="侵占、毁坏或者擅自移动地下水监测设施设备及其标志",
        quote=(
            "侵占、毁坏或者擅自移动地下水监测设施设备及其标志的，由县级以上地方人民政府水行政、自然资源、"
            "生态环境主管部门责令停止违法行为，限期采取补救措施，处2万元以上10万元以下罚款；"
            "逾期不采取补救措施的，由县级以上地方人民政府水行政、自然资源、生态环境主管部门组织补救，"
            "所需费用由违法行为人承担。"
        ),
        authority="县级以上地方人民政府水行政、自然资源、生态环境主管部门",
        fact_labels={"overdue": "逾期不采取补救措施"},
        bands=(
            Band(
                (("overdue", False),),
                "侵占、毁坏或者擅自移动监测设施",
                fine=(2 * WAN, 10 * WAN),
                orders=("责令停止违法行为", "限期采取补救措施"),
            ),
            Band(
                (("overdue", True),),
                "逾期不采取补救措施",
                fine=(2 * WAN, 10 * WAN),
                orders=("责令停止违法行为", "限期采取补救措施"),
                substitute_action=(
                    "由县级以上地方人民政府水行政、自然资源、生态环境主管部门组织补救，所需费用由违法行为人承担"
                ),
            ),
        ),
    ),
    # 第六十一条: three stages — 补办备案; then 封井或者回填 plus fine; then 代履行.
    Provision(
        code="gw.61.unfiled_monitoring_well",
        eid="chp_7__art_61",
        conduct="以监测、勘探为目的的地下水取水工程在施工前应当备案而未备案",
        quote=(
            "以监测、勘探为目的的地下水取水工程在施工前应当备案而未备案的，由县级以上地方人民政府水行政主管部门"
            "责令限期补办备案手续；逾期不补办备案手续的，责令限期封井或者回填，处2万元以上10万元以下罚款；"
            "逾期不封井或者回填的，由县级以上地方人民政府水行政主管部门组织封井或者回填，所需费用由违法行为人承担。"
        ),
        authority=WATER_AUTHORITY,
        fact_labels={"overdue": "逾期不补办备案手续"},
        bands=(
            Band((("overdue", False),), "责令限期补办备案手续", orders=("责令限期补办备案手续",)),
            Band(
                (("overdue", True), ("overdue_sealing", False)),
                "逾期不补办备案手续",
                fine=(2 * WAN, 10 * WAN),
                orders=("责令限期补办备案手续", "责令限期封井或者回填"),
            ),
            Band(
                (("overdue", True), ("overdue_sealing", True)),
                "逾期不封井或者回填",
                fine=(2 * WAN, 10 * WAN),
                orders=("责令限期补办备案手续", "责令限期封井或者回填"),
                substitute_action=(
                    "由县级以上地方人民政府水行政主管部门组织封井或者回填，所需费用由违法行为人承担"
                ),
            ),
        ),
    ),
    # 第六十二条: referral to the public security organs or criminal law.
    Provision(
        code="gw.62.public_order",
        eid="chp_7__art_62",
        conduct="违反本条例规定，构成违反治安管理行为",
        quote=_ART_62,
        authority="公安机关",
        bands=(Band((), "构成违反治安管理行为", referral="由公安机关依法给予治安管理处罚"),),
    ),
    Provision(
        code="gw.62.crime",
        eid="chp_7__art_62",
        conduct="违反本条例规定，构成犯罪",
        quote=_ART_62,
        authority=None,
        bands=(Band((), "构成犯罪", referral="依法追究刑事责任"),),
    ),
)

PROVISIONS: dict[str, Provision] = {p.code: p for p in _PROVISIONS}


class UnknownViolation(KeyError):
    """No provision with that violation code."""


def _flag(facts: Facts, provision: Provision, name: str) -> bool:
    labels = {**FACT_LABELS, **(provision.fact_labels or {})}
    try:
        value = facts.need(name)
    except MissingFact as missing:
        raise MissingFact(missing.names, {n: labels[n] for n in missing.names if n in labels}) from None
    if not isinstance(value, bool):
        raise TypeError(f"fact {name!r} must be True or False, got {value!r}")
    return value


def select_band(provision: Provision, facts: Facts | Mapping[str, Any] | object) -> Band:
    """First band whose conditions all hold; reads each fact only when a band needs it."""
    accessor = as_facts(facts)
    for band in provision.bands:
        if all(_flag(accessor, provision, name) is wanted for name, wanted in band.when):
            return band
    raise AssertionError(f"bands of {provision.code} are not exhaustive")  # guarded by tests


def penalty_for(violation_code: str, facts: Facts | Mapping[str, Any] | object) -> Consequence:
    """The consequence of ``violation_code`` in the band the facts select.

    Raises :class:`~zhengce.rules.MissingFact` (naming the fact, with its Chinese label) when a needed
    fact is absent: the band is never guessed.
    """
    try:
        provision = PROVISIONS[violation_code]
    except KeyError:
        raise UnknownViolation(f"unknown violation code {violation_code!r}") from None
    band = select_band(provision, facts)
    fine_min, fine_max = band.fine or (None, None)
    personal_min, personal_max = band.personal_fine or (None, None)
    return Consequence(
        fine_min=fine_min,
        fine_max=fine_max,
        personal_fine_min=personal_min,
        personal_fine_max=personal_max,
        levy_basis=band.levy_basis,
        orders=band.orders,
        revocation=band.revocation,
        substitute_action=band.substitute_action,
        referral=band.referral,
        authority=provision.authority,
        band=band.label,
    )
