"""国办发〔2021〕40号: the conditions on 社会资本参与生态保护修复 that a project record can be checked against."""

from __future__ import annotations

from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.restoration.base import (
    COMPETITION,
    FINANCE,
    LAND_QUOTA,
    MATERIALS,
    PLAN,
    PLANNING,
    PRINCIPLES,
    PROPERTY,
    RESPONSIBLE_PARTY,
    SOCIAL_EFFECTIVE,
    SOCIAL_REGISTRY,
)
from zhengce.regimes.restoration.facts import MINERALS, ORDINARY_MINERALS, SocialCapitalProject
from zhengce.rules import Facts, Kind, Outcome

ECO_INDUSTRY_CAP_PERCENT = 3


def within_cap(industry_m2: int, restored_m2: int) -> bool:
    """不超过3%的修复面积: exactly 3% is allowed (不超过 includes the figure). Integer arithmetic."""
    return industry_m2 * 100 <= ECO_INDUSTRY_CAP_PERCENT * restored_m2


def _rule(rule_id: str, *cites):
    return regime_rule(
        SOCIAL_REGISTRY,
        rule_id,
        cites=list(cites),
        effective=SOCIAL_EFFECTIVE,
        applies_to=SocialCapitalProject,
    )


@_rule("social.eco_industry", PROPERTY)
def eco_industry(f: Facts) -> list[Outcome] | None:
    """四、（十三）：对集中连片开展生态修复达到一定规模和预期目标的生态保护修复主体，允许依法依规取得一定份额的自然资源
    资产使用权，从事旅游、康养、体育、设施农业等产业开发；其中以林草地修复为主的项目，可利用不超过3%的修复面积，从事
    生态产业开发。

    3% of 10,000 m² restored is 300 m²: 300 m² complies, 301 m² exceeds. Projects not mainly forest or
    grassland have no figure (一定份额), so only the scale condition applies to them.
    """
    industry = f.need("eco_industry_area_m2")
    if industry == 0:
        return None
    out: list[Outcome] = []
    if not f.need("contiguous_scale_met"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                "未集中连片开展生态修复达到一定规模和预期目标，不得取得自然资源资产使用权从事产业开发。",
            )
        )
    if f.need("forest_grass_dominant"):
        restored = f.need("restored_area_m2")
        if not within_cap(industry, restored):
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"以林草地修复为主的项目用于生态产业开发{industry}平方米，超过修复面积{restored}平方米的3%"
                    f"（{restored * ECO_INDUSTRY_CAP_PERCENT // 100}平方米）。",
                )
            )
    return out


@_rule("social.red_lines", PRINCIPLES)
def red_lines(f: Facts) -> list[Outcome]:
    """一、（二）第2段：……严禁借生态保护修复之名行开发之实，严禁突破耕地保护和生态保护等红线，严禁各类违反法律法规
    规定的行为。
    """
    out: list[Outcome] = []
    if f.need("breaches_red_lines"):
        out.append(Outcome(Kind.VIOLATION, "突破耕地保护和生态保护等红线。"))
    if f.need("development_in_disguise"):
        out.append(Outcome(Kind.VIOLATION, "借生态保护修复之名行开发之实。"))
    return out


@_rule("social.responsible_party", RESPONSIBLE_PARTY)
def responsible_party(f: Facts) -> Outcome | None:
    """二、（三）：……重点鼓励和支持社会资本参与以政府支出责任为主（包括责任人灭失、自然灾害造成等）的生态保护修复。
    对有明确责任人的生态保护修复，由其依法履行义务，承担修复或赔偿责任。
    """
    if not f.need("has_responsible_party"):
        return None
    if f.need("responsible_party_bears"):
        return None
    return Outcome(Kind.VIOLATION, "有明确责任人的生态保护修复，责任人未依法承担修复或赔偿责任。")


@_rule("social.plan", PLAN)
def plan(f: Facts) -> list[Outcome]:
    """二、（五）2．：合理制定生态保护修复方案。在广泛征求社会意见的基础上，合理确定项目生态保护修复方案，明确生态保护
    修复目标或核心指标、自然资源（其中矿产资源仅限于因项目需要采挖的只能用作普通建筑材料的砂、石、粘土）资产配置及
    后续产业发展要求等。涉及相关主体利益的，应当协商一致。
    """
    out: list[Outcome] = []
    other = [MINERALS[m] for m in f.get("minerals", ()) if m not in ORDINARY_MINERALS]
    if other:
        out.append(Outcome(Kind.VIOLATION, f"配置的矿产资源含{'、'.join(other)}，仅限于砂、石、粘土。"))
    if f.get("minerals"):
        if f.need("minerals_beyond_need"):
            out.append(Outcome(Kind.VIOLATION, "配置的矿产资源超出因项目需要采挖的范围。"))
        if f.need("minerals_other_use"):
            out.append(Outcome(Kind.VIOLATION, "配置的砂、石、粘土用作普通建筑材料以外的用途。"))
    if f.need("stakeholders_affected") and not f.need("stakeholders_agreed"):
        out.append(Outcome(Kind.VIOLATION, "涉及相关主体利益，未协商一致。"))
    return out


@_rule("social.competition", COMPETITION)
def competition(f: Facts) -> Outcome | None:
    """二、（五）3．：公开竞争引入生态保护修复主体。将生态保护修复方案、相应的自然资源资产配置方案、各类指标转让及支持
    政策等一并公开，通过竞争方式确定生态保护修复主体暨自然资源资产使用权人，并签订生态保护修复协议和土地出让合同等
    自然资源资产配置协议，明确修复要求、各方权利义务和违约责任。

    The procedure is what 一般可以采取 (may generally be followed), so departing from it is a warning.
    """
    if f.need("selected_competitively"):
        return None
    return Outcome(Kind.WARNING, "生态保护修复主体未通过公开竞争方式确定，与意见建议的一般程序不符。")


@_rule("social.materials", MATERIALS)
def materials(f: Facts) -> list[Outcome]:
    """四、（十四）：资源利用。按照生态保护修复方案及其工程设计，对于合理削坡减荷、消除地质灾害隐患等新产生的土石料及
    原地遗留的土石料，河道疏浚产生的淤泥、泥沙，以及优质表土和乡土植物，允许生态保护修复主体无偿用于本修复工程，纳入
    成本管理；如有剩余的，由县级以上地方政府依托公共资源交易平台体系处置，并保障生态保护修复主体合理收益。
    """
    out: list[Outcome] = []
    if f.get("materials_used_elsewhere"):
        out.append(Outcome(Kind.VIOLATION, "土石料、淤泥、泥沙等用于本修复工程以外。"))
    if f.get("surplus_sold_by_entity"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                "剩余土石料等由修复主体自行处置，应由县级以上地方政府依托公共资源交易平台体系处置。",
            )
        )
    return out


@_rule("social.land_quota", LAND_QUOTA)
def land_quota(f: Facts) -> Outcome | None:
    """四、（十三）第1段：释放产权关联权益。社会资本将修复区域内的建设用地修复为农用地并验收合格后，腾退的建设用地指标
    可以优先用于相关产业发展，节余指标可以按照城乡建设用地增减挂钩政策，在省域范围内流转使用。
    """
    if not f.get("quota_outside_province"):
        return None
    return Outcome(Kind.VIOLATION, "节余建设用地指标在省域范围外流转使用。")


@_rule("social.hidden_debt", FINANCE)
def hidden_debt(f: Facts) -> Outcome | None:
    """四、（十六）：金融扶持。在不新增地方政府隐性债务的前提下，支持金融机构参与生态保护修复项目，拓宽投融资渠道，
    优化信贷评审方式，积极开发适合的金融产品，按市场化原则为项目提供中长期资金支持。
    """
    if not f.need("adds_hidden_debt"):
        return None
    return Outcome(Kind.VIOLATION, "项目融资新增地方政府隐性债务。")


@_rule("social.basic_farmland", PLANNING)
def basic_farmland(f: Facts) -> Outcome | None:
    """四、（十二）：……项目范围内涉及零散耕地、园地、林地、其他农用地需要空间置换和布局优化的，可纳入生态保护修复方案
    一并依法审批；涉及永久基本农田调整等法定审批事项的，依法办理审批手续。落实好最严格的耕地保护制度，坚决守住耕地
    红线，坚决遏制耕地“非农化”、防止“非粮化”。
    """
    if not f.get("basic_farmland_adjusted"):
        return None
    if f.need("basic_farmland_approved"):
        return None
    return Outcome(Kind.VIOLATION, "涉及永久基本农田调整，未依法办理审批手续。")
