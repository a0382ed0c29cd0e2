"""True facts of the bundled compilation (data/policy-compilation-2021.txt)."""

from __future__ import annotations

import re

import pytest

EXPECTED = [
    ("地下水管理条例", "国务院令第748号"),
    ("国务院办公厅关于鼓励和支持社会资本参与生态保护修复的意见", "国办发〔2021〕40号"),
    ("中共中央 国务院关于深入打好污染防治攻坚战的意见", ""),
    ("国务院办公厅关于进一步加大对中小企业纾困帮扶力度的通知", "国办发〔2021〕45号"),
    ("自然资源部关于规范临时用地管理的通知", "自然资规〔2021〕2号"),
    ("自然资源部办公厅关于统一矿业权政务服务“跨省通办”事项名称有关要求的通知", ""),
    ("自然资源部办公厅关于印发深化“证照分离”改革进一步激发市场主体发展活力工作实施方案的通知", ""),
    ("关于深化生态环境领域依法行政持续强化依法治污的指导意见", "环法规〔2021〕107号"),
    ("应急管理部办公厅关于开展安全生产培训“走过场”专项整治工作的通知", "应急厅函〔2021〕274号"),
    ("工业和信息化部关于印发《“十四五”工业绿色发展规划》的通知", "工信部规〔2021〕178号"),
    ("工业和信息化部关于印发《“十四五”大数据产业发展规划》的通知", "工信部规〔2021〕179号"),
    ("工业和信息化部关于印发《“十四五”信息化和工业化深度融合发展规划》的通知", "工信部规〔2021〕182号"),
    ("工业和信息化部关于发布《“十四五”民用爆炸物品行业安全发展规划》的通知", "工信部规〔2021〕183号"),
    ("国家发展改革委等部门关于印发《“十四五”节水型社会建设规划》的通知", "发改环资〔2021〕1516号"),
    ("国家发展改革委等部门关于印发《“十四五”全国清洁生产推行方案》的通知", "发改环资〔2021〕1524号"),
    (
        "国家发展改革委等部门关于发布《高耗能行业重点领域能效标杆水平和基准水平（2021年版）》的通知",
        "发改产业〔2021〕1609号",
    ),
    ("国家发展改革委关于加强长江经济带重要湖泊保护和治理的指导意见", "发改地区〔2021〕1617号"),
    (
        "国家发展改革委等部门关于印发《“十四五”支持老工业城市和资源型城市产业转型升级示范区高质量发展实施方案》的通知",
        "发改振兴〔2021〕1618号",
    ),
    ("关于印发《国家科技成果转化引导基金管理暂行办法》的通知", "财教〔2021〕176号"),
    ("关于印发《重点生态保护修复治理资金管理办法》的通知", "财资环〔2021〕100号"),
    ("人力资源社会保障部关于印发技工教育“十四五”规划的通知", "人社部发〔2021〕86号"),
]


def _articles(doc):
    return [n for n in doc.nodes() if n.kind == "article"]


def _article(doc, number):
    return next(n for n in _articles(doc) if n.number == number)


def test_twenty_one_documents_with_titles_and_numbers(parsed):
    got = [(d.title, d.doc_number) for d in parsed.documents]
    assert got == EXPECTED
    assert parsed.encoding == "utf-8"


def test_document_ids_are_unique_and_derived_from_number_or_title(parsed):
    ids = [d.doc_id for d in parsed.documents]
    assert len(set(ids)) == 21
    assert ids[0] == "国务院令-748"
    assert "国办发-2021-40" in ids and "财教-2021-176" in ids


def test_groundwater_regulation_structure(docs_by_id):
    gw = docs_by_id["国务院令-748"]
    assert gw.kind == "条例"
    assert gw.effective_date == "2021-12-01"
    assert gw.passed_date == "2021-09-15"
    assert gw.published_date == "2021-10-21"
    assert gw.issuers == ["国务院"]
    chapters = [n for n in gw.nodes() if n.kind == "chapter"]
    assert [c.number for c in chapters] == list(range(1, 9))
    assert chapters[0].heading == "总则" and chapters[-1].heading == "附则"
    assert [a.number for a in _articles(gw)] == list(range(1, 65))


def test_article_22_has_three_paragraphs(docs_by_id):
    art = _article(docs_by_id["国务院令-748"], 22)
    paras = [c for c in art.children if c.kind == "paragraph"]
    assert len(paras) == 3
    assert paras[0].text.startswith("新建、改建、扩建地下水取水工程，应当同时安装计量设施。")
    assert paras[1].text.endswith("并将计量数据实时传输到有管理权限的水行政主管部门。")
    assert paras[2].text.startswith("取水规模由省、自治区、直辖市人民政府水行政主管部门制定、公布")
    assert art.eid == "chp_3__art_22"
    assert paras[1].eid == "chp_3__art_22__para_2"
    assert paras[1].citation == "《地下水管理条例》第二十二条第二款"


def test_article_25_has_six_items(docs_by_id):
    art = _article(docs_by_id["国务院令-748"], 25)
    items = [c for c in art.children if c.kind == "item"]
    assert [i.number for i in items] == [1, 2, 3, 4, 5, 6]
    assert art.text == "有下列情形之一的，对取用地下水的取水许可申请不予批准："
    assert items[5].eid == "chp_3__art_25__item_6"
    assert items[5].citation == "《地下水管理条例》第二十五条第六项"
    assert items[5].num in ("(六)", "（六）")
    assert items[5].text == "违反法律、法规的规定开垦种植而取用地下水。"


def test_article_63_has_three_definitions(docs_by_id):
    art = _article(docs_by_id["国务院令-748"], 63)
    definitions = [c for c in art.children if "是指" in c.text]
    assert [d.text.split("，是指")[0] for d in definitions] == [
        "地下水取水工程",
        "地下水超采区",
        "难以更新的地下水",
    ]


def test_fund_measures(docs_by_id):
    fund = docs_by_id["财教-2021-176"]
    assert fund.short_title == "国家科技成果转化引导基金管理暂行办法"
    assert fund.kind == "办法"
    assert len([n for n in fund.nodes() if n.kind == "chapter"]) == 4
    assert [a.number for a in _articles(fund)] == list(range(1, 35))
    assert fund.effective_date == "2022-01-01"
    assert fund.repeals == ["财教〔2011〕289号"]
    assert fund.issuers == ["财政部", "科技部"]
    assert fund.signed_date == "2021-10-24"
    art22 = _article(fund, 22)
    assert art22.citation == "《国家科技成果转化引导基金管理暂行办法》第二十二条"
    assert art22.eid.startswith("att_1__")


def test_ecological_restoration_fund_has_19_articles(docs_by_id):
    doc = docs_by_id["财资环-2021-100"]
    assert [a.number for a in _articles(doc)] == list(range(1, 20))
    assert doc.repeals == ["财建〔2019〕29号"]
    assert doc.effective_date == doc.signed_date == "2021-10-26"  # 自发布之日起施行


def test_temporary_land_notice_validity(docs_by_id):
    doc = docs_by_id["自然资规-2021-2"]
    assert doc.effective_date == "2021-11-04"  # 本文件自下发之日起执行
    assert doc.validity == "有效期五年"
    assert doc.expiry_date == "2026-11-04"
    assert doc.recipients.startswith("各省、自治区、直辖市及计划单列市自然资源主管部门")


def test_joint_documents_have_several_issuers(docs_by_id):
    assert docs_by_id["中共中央国务院关于深入打好污染防治攻坚战的意见"].issuers == ["中共中央", "国务院"]
    assert docs_by_id["中共中央国务院关于深入打好污染防治攻坚战的意见"].signed_date == "2021-11-02"
    assert docs_by_id["发改产业-2021-1609"].issuers == [
        "国家发展改革委",
        "工业和信息化部",
        "生态环境部",
        "市场监管总局",
        "国家能源局",
    ]


def test_notice_with_plan_attached_is_one_document(docs_by_id):
    plan = docs_by_id["工信部规-2021-178"]
    assert plan.short_title == "“十四五”工业绿色发展规划"
    assert plan.kind == "规划"
    attachments = [n for n in plan.body.children if n.kind == "attachment"]
    assert len(attachments) == 1
    assert attachments[0].heading == "“十四五”工业绿色发展规划"
    assert [s.number for s in attachments[0].children if s.kind == "sec"] == [1, 2, 3, 4, 5, 6, 7][
        : len([s for s in attachments[0].children if s.kind == "sec"])
    ]


def test_stub_attachment_keeps_its_url(docs_by_id):
    doc = next(d for d in docs_by_id.values() if "统一矿业权政务服务" in d.title)
    assert doc.attachments[0].stub is True
    assert doc.attachments[0].url == "http://gi.mnr.gov.cn/202111/P020211126676875026693.docx"
    assert doc.attachments[0].title.startswith("矿业权政务服务“跨省通办”事项基本目录")


def test_outline_ids_and_citations(docs_by_id):
    doc = docs_by_id["国办发-2021-40"]
    node = doc.node("sec_1__subsec_1")
    assert node is not None and node.heading == "指导思想"
    assert node.citation == "《国务院办公厅关于鼓励和支持社会资本参与生态保护修复的意见》一、（一）"


def test_no_artifacts_in_node_text(parsed):
    for doc in parsed.documents:
        for node in doc.nodes():
            assert "\n" not in node.text
            assert node.text != "国务院文件" and "部门规章和规范性文件" not in node.text
    gw = parsed.documents[0]
    # `…涉及地理、生态、生` / `25` / `物等方面…` was a page number inside a sentence
    text = "".join(n.text for n in parsed.documents[1].nodes())
    assert "生态、生物等方面敏感信息" in text
    assert not re.search(r"生\s*25\s*物", text)
    assert gw.node("chp_3__art_22__para_1").text == (
        "新建、改建、扩建地下水取水工程，应当同时安装计量设施。已有地下水取水工程未安装计量设施的，"
        "应当按照县级以上地方人民政府水行政主管部门规定的期限安装。"
    )


def test_page_numbers_map_back(docs_by_id):
    assert docs_by_id["国务院令-748"].page_start == 1
    opinion = docs_by_id["国办发-2021-40"]
    assert opinion.page_start == 18  # the printed page number under the running header
    pages = [p for n in opinion.nodes() for _, p in n.pages]
    assert pages == sorted(pages)


def test_nothing_is_lost(parsed, compilation_path):
    """Every non-artifact, non-whitespace character of the input is in the tree, once, in order."""
    artifact_lines = {a.lineno for a in parsed.artifacts}
    source = compilation_path.read_text(encoding="utf-8").split("\n")
    expected = "".join(re.sub(r"\s", "", line) for n, line in enumerate(source, 1) if n not in artifact_lines)
    rebuilt = "".join(re.sub(r"\s", "", d.body.full_text()) for d in parsed.documents)
    assert rebuilt == expected
    kinds = sorted({a.kind for a in parsed.artifacts})
    assert kinds == ["duplicate_url", "header", "junk_url", "page_number"]


def _inside_box(doc, node):
    return any(node.eid.startswith(b.eid + "__") for b in doc.nodes() if b.kind == "box")


def test_no_mid_sentence_breaks(parsed):
    """Leaves end where sentences end (tables flattened by extraction inside 专栏 excepted)."""
    bad = []
    for doc in parsed.documents:
        for node in doc.nodes():
            text = node.text
            if (
                node.kind == "title"
                or node.children
                or len(text) <= 40
                or _inside_box(doc, node)
                or re.search(r"https?://", text)
            ):
                continue
            if text[-1] not in "。；！？：:;）)”》":
                bad.append((doc.doc_id, node.eid, text[-20:]))
    # one row of the 重点行业 table in the 两化融合 plan was printed as running text
    assert len(bad) <= 1, bad


@pytest.mark.parametrize("doc_id", ["国务院令-748", "财教-2021-176", "工信部规-2021-178"])
def test_ids_unique_within_document(docs_by_id, doc_id):
    eids = [n.eid for n in docs_by_id[doc_id].nodes() if n.kind != "document"]
    assert len(eids) == len(set(eids))
    assert all(e and " " not in e for e in eids)
