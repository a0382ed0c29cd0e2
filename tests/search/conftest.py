"""Small hand-built documents, so the search tests do not depend on the parser."""

from __future__ import annotations

import pytest

from zhengce.corpus.model import Document, Node
from zhengce.corpus.numerals import int_to_cn


def _article(chapter: int, number: int, *paragraphs: str, title: str) -> Node:
    eid = f"chp_{chapter}__art_{number}"
    cite = f"《{title}》第{int_to_cn(number)}条"
    art = Node(
        "article", eid=eid, num=f"第{int_to_cn(number)}条", number=number, citation=cite, pages=[(0, number)]
    )
    if len(paragraphs) == 1:
        art.text = paragraphs[0]
    else:
        for i, text in enumerate(paragraphs, 1):
            art.children.append(
                Node(
                    "paragraph",
                    eid=f"{eid}__para_{i}",
                    number=i,
                    text=text,
                    citation=f"{cite}第{int_to_cn(i)}款",
                    pages=[(0, number)],
                )
            )
    return art


def regulation() -> Document:
    title = "地下水管理条例"
    chapters = [
        Node(
            "chapter",
            eid="chp_1",
            num="第一章",
            number=1,
            heading="总则",
            text="总则",
            citation=f"《{title}》第一章",
            children=[
                _article(
                    1,
                    1,
                    "为了加强地下水管理，防治地下水超采和污染，保障地下水质量和可持续利用，制定本条例。",
                    title=title,
                ),
                _article(
                    1,
                    2,
                    "地下水调查与规划、节约与保护、超采治理、污染防治、监督管理等活动，适用本条例。",
                    "本条例所称地下水，是指赋存于地表以下的水。",
                    title=title,
                ),
            ],
        ),
        Node(
            "chapter",
            eid="chp_3",
            num="第三章",
            number=3,
            heading="节约与保护",
            text="节约与保护",
            citation=f"《{title}》第三章",
            children=[
                _article(
                    3,
                    22,
                    "新建、改建、扩建地下水取水工程，应当同时安装计量设施。",
                    "单位和个人取用地下水量达到取水规模以上的，应当安装地下水取水在线计量设施。",
                    title=title,
                ),
                _article(
                    3,
                    23,
                    "以地下水为灌溉水源的地区，县级以上地方人民政府应当采取保障建设投入、加强对农业集体经济组织、"
                    "农民用水合作组织和农民用水户的技术指导等措施，推广应用管道输水、喷灌、微灌等节水灌溉技术。",
                    title=title,
                ),
            ],
        ),
        Node(
            "chapter",
            eid="chp_7",
            num="第七章",
            number=7,
            heading="法律责任",
            text="法律责任",
            citation=f"《{title}》第七章",
            children=[
                _article(
                    7,
                    56,
                    "地下水取水工程未安装计量设施的，由县级以上地方人民政府水行政主管部门责令限期安装，"
                    "并按照日最大取水能力计算的取水量计征相关费用，处10万元以上50万元以下罚款。",
                    title=title,
                ),
                _article(
                    7,
                    58,
                    "报废的矿井、钻井、地下水取水工程，未按照规定封井或者回填的，处10万元以下罚款。",
                    title=title,
                ),
            ],
        ),
    ]
    body = Node("document", children=chapters)
    return Document(
        "国务院令-748",
        title,
        "条例",
        body,
        short_title=title,
        doc_number="国务院令第748号",
        issuers=["国务院"],
        signed_date="2021-10-21",
        effective_date="2021-12-01",
    )


def outline() -> Document:
    title = "自然资源部关于规范临时用地管理的通知"
    cite = f"《{title}》"
    secs = [
        Node(
            "sec",
            eid="sec_1",
            num="一、",
            number=1,
            heading="界定临时用地使用范围",
            text="界定临时用地使用范围",
            citation=cite + "一、",
            children=[
                Node(
                    "para",
                    eid="sec_1__para_1",
                    number=1,
                    citation=cite + "一、第1段",
                    text="临时用地是指建设项目施工、地质勘查等临时使用，不修建永久性建（构）筑物，使用后可恢复的土地。",
                ),
            ],
        ),
        Node(
            "sec",
            eid="sec_2",
            num="二、",
            number=2,
            heading="临时用地选址要求和使用期限",
            text="临时用地选址要求和使用期限",
            citation=cite + "二、",
            children=[
                Node(
                    "para",
                    eid="sec_2__para_1",
                    number=1,
                    citation=cite + "二、第1段",
                    text="临时用地使用期限一般不超过两年。建设周期较长的能源、交通、水利等基础设施建设项目施工使用的临时用地，期限不超过四年。",
                ),
                Node(
                    "para",
                    eid="sec_2__para_2",
                    number=2,
                    citation=cite + "二、第2段",
                    text="临时用地使用人应当自临时用地期满之日起一年内完成土地复垦，使其达到可供利用状态。",
                ),
            ],
        ),
    ]
    return Document(
        "自然资规-2021-2",
        title,
        "通知",
        Node("document", children=secs),
        short_title=title,
        doc_number="自然资规〔2021〕2号",
        issuers=["自然资源部"],
        signed_date="2021-11-04",
        effective_date="2021-11-04",
        expiry_date="2026-11-04",
    )


def fund() -> Document:
    title = "国家科技成果转化引导基金管理暂行办法"
    arts = [
        _article(
            2,
            9,
            "转化基金不作为子基金的第一大股东或出资人，对子基金的出资比例为子基金总额的10%-30%。",
            title=title,
        ),
        _article(
            2,
            12,
            "子基金存续期一般不超过8年。",
            "存续期满，转化基金与其他出资人同股同权清算退出。",
            title=title,
        ),
        _article(2, 22, "科技部、财政部组织成立转化基金理事会，为转化基金提供咨询。", title=title),
    ]
    chapter = Node(
        "chapter",
        eid="att_1__chp_2",
        num="第二章",
        number=2,
        heading="子基金",
        text="子基金",
        citation=f"《{title}》第二章",
        children=arts,
    )
    for art in arts:
        for n in art.walk():
            n.eid = "att_1__" + n.eid
    att = Node("attachment", eid="att_1", num="附件", number=1, heading=title, children=[chapter])
    return Document(
        "财教-2021-176",
        f"关于印发《{title}》的通知",
        "办法",
        Node("document", children=[att]),
        short_title=title,
        doc_number="财教〔2021〕176号",
        issuers=["财政部", "科技部"],
        signed_date="2021-10-24",
        effective_date="2022-01-01",
    )


@pytest.fixture(scope="session")
def small_docs() -> list[Document]:
    return [regulation(), outline(), fund()]


@pytest.fixture(scope="session")
def small_index(small_docs):
    from zhengce.search import SearchIndex

    return SearchIndex.build(small_docs)
