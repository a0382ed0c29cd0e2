"""Kind cues added for policy documents, and the guards that keep them from firing on look-alikes."""

from __future__ import annotations

import pytest

from zhengce.provisions.kinds import classify


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("各地区要将生态保护修复纳入经济社会发展规划", "obligation"),  # 要 as a directive
        ("国务院水行政主管部门负责全国地下水统一监督管理工作", "obligation"),
        ("由所在地县级以上人民政府承担管护责任", "obligation"),
        ("上述工作请于2021年12月15日前完成", "obligation"),  # 请 in a notice
        ("杜绝污水直接排入雨水管网", "prohibition"),
        ("有下列情形之一的，对取用地下水的取水许可申请不予批准", "prohibition"),
        ("转化基金不作为子基金的第一大股东或出资人", "prohibition"),
        ("依法依规实施失信惩戒", "penalty"),
        ("对不符合规定的项目坚决停批停建", "penalty"),
        ("省级自然资源主管部门应当要求所在县（市）暂停审批新的临时用地", "penalty"),
        ("对不符合用地要求和未完成复垦任务的，予以公开通报", "penalty"),
        ("所需费用由违法行为人承担", "penalty"),
        ("子基金管理机构可提取一定比例的业绩提成", "permission"),
        ("大力支持民办技工院校发展", "permission"),
        ("（牵头单位：水利部；参与单位：国家发展改革委）", "task"),
        ("（国家发展改革委、水利部等部门按职责分工共同推进）", "task"),
    ],
)
def test_cue(text: str, kind: str) -> None:
    assert kind in classify(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("各级生态环境部门主要负责人参加培训", "obligation"),  # 负责人 is a noun
        ("按照中央部署、省级统筹、市县负责原则，推动规划实施", "obligation"),  # a slogan
        ("注重选拔敢于负责、勇于担当的干部", "obligation"),
        ("健全“层层负责、人人有责、各负其责”的安全生产责任体系", "obligation"),  # quoted slogan
        ("地下工程建设应当于开工前将方案备案而未备案的，由水行政主管部门责令限期补报", "obligation"),
        ("依法应当停止取水的地下水取水工程，未按照规定封井的，处罚款", "obligation"),
        ("地下水取水工程的所有权人负责工程的安全管理", "permission"),  # 所有权人, not 有权
        ("组织划定本行政区域内地下水禁止开采区、限制开采区", "prohibition"),  # a place name
        ("法律、法规禁止的其他污染地下水的行为。", "prohibition"),
        ("沿黄各省区发布禁止和限制发展的高耗水生产工艺和产品目录", "prohibition"),
        ("依据《中华人民共和国安全生产法》《特种作业人员安全技术培训考核管理规定》开展专项整治", "penalty"),
        ("落实《关于加强生态环境保护综合行政执法队伍建设的实施意见》", "obligation"),
        ("应急管理部将对专项整治工作开展情况予以通报", "penalty"),  # a report, not a sanction
        ("依法严厉打击不落实应急减排措施行为", "effect"),  # 措施行为 is not 施行
        ("对不再符合规定的支持事项，应当及时退出", "permission"),
        ("其他投资方向应符合国家重点支持的高新技术领域", "permission"),
        ("各地要明确时限，对于不能按期改造完毕的项目进行淘汰", "prohibition"),
        ("明确责任单位和责任人，压实工作责任", "task"),  # no assignment block
        ("同时应该看到，我国生态环境保护压力尚未根本缓解", "obligation"),  # rhetorical
        ("同时也要清醒看到，我国水资源短缺形势依然严峻", "obligation"),
        (
            "2020年，在江苏考察时，提出“北方地区要从实际出发，坚持以水定城、以水定业，节约用水，不能随意扩大用水量”",
            "obligation",
        ),
    ],
)
def test_guard(text: str, kind: str) -> None:
    assert kind not in classify(text)
