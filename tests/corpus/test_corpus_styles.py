"""The parser is not tuned to one file: documents written for the tests in the same styles."""

from __future__ import annotations

import codecs

import pytest

from zhengce.corpus.ingest import parse_bytes

from .samples import NOTICE, PLAN_PARAGRAPHS, REGULATION, wrap_like_pdf


def _articles(doc):
    return [n for n in doc.nodes() if n.kind == "article"]


def test_regulation_with_books_sections_and_sub_items():
    (doc,) = parse_bytes(REGULATION.encode("utf-8")).documents
    assert doc.title == "示例水资源保护条例" and doc.kind == "条例"
    assert doc.doc_number == "" and doc.doc_id == "示例水资源保护条例"
    assert doc.passed_date == "2022-03-01"
    assert doc.effective_date == "2022-05-01"
    assert [n.eid for n in doc.nodes() if n.kind in ("book", "chapter", "section")] == [
        "book_1",
        "book_1__chp_1",
        "book_1__chp_1__sec_1",
        "book_1__chp_1__sec_2",
        "book_2",
        "book_2__chp_2",
    ]
    assert [a.number for a in _articles(doc)] == [1, 2, 3, 4, 5]
    art2 = doc.node("book_1__chp_1__sec_1__art_2")
    assert [p.eid for p in art2.children] == [
        "book_1__chp_1__sec_1__art_2__para_1",
        "book_1__chp_1__sec_1__art_2__para_2",
    ]
    point = doc.node("book_1__chp_1__sec_2__art_3__item_2__point_1")
    assert point.text == "水表停走；"
    assert point.citation == "《示例水资源保护条例》第三条第二项第一目"
    assert doc.node("book_1__chp_1__sec_2__art_3__item_2").text == "计量设施损坏，包括："
    assert doc.node("book_2__chp_2").citation == "《示例水资源保护条例》第二章"


def test_mid_sentence_article_mention_is_not_an_article():
    text = REGULATION.replace("第四条 违反本条例第三条规定的", "第四条 违反本条例\n第三条规定的")
    (doc,) = parse_bytes(text.encode("utf-8")).documents
    assert [a.number for a in _articles(doc)] == [1, 2, 3, 4, 5]


def test_notice_carrying_measures_as_attachment():
    result = parse_bytes(NOTICE.encode("utf-8"))
    (doc,) = result.documents
    assert doc.doc_number == "示水发〔2022〕7号"
    assert doc.doc_id == "示水发-2022-7"
    assert doc.short_title == "示例取水计量管理办法" and doc.kind == "办法"
    assert doc.issuers == ["示例省水利厅"]
    assert doc.signed_date == "2022-06-01"
    assert doc.effective_date == "2022-06-01"  # 自印发之日起施行
    assert doc.validity == "有效期五年" and doc.expiry_date == "2027-06-01"
    assert doc.recipients == "各市、县（区）水利（水务）局"
    attachment = doc.node("att_1")
    assert attachment.kind == "attachment" and attachment.heading == "示例取水计量管理办法"
    assert [a.eid for a in _articles(doc)] == ["att_1__art_1", "att_1__art_2", "att_1__art_3"]
    assert doc.node("att_1__art_2").citation == "《示例取水计量管理办法》第二条"
    assert [a.title for a in doc.attachments] == ["示例取水计量管理办法"]


def test_plan_with_box_table_and_no_doc_number_from_pdf_style_text():
    raw = wrap_like_pdf(PLAN_PARAGRAPHS)
    (doc,) = parse_bytes(raw.encode("utf-8")).documents
    assert doc.doc_number == "" and doc.kind == "方案"
    assert doc.signed_date == "2022-01-05"
    guide = doc.node("sec_1__subsec_1")
    assert guide.heading == "指导思想"
    assert guide.num + guide.text == PLAN_PARAGRAPHS[4]  # the wrapped lines are joined back
    box = next(n for n in doc.nodes() if n.kind == "box")
    assert box.heading == "重点工程"
    assert [c.text for c in box.children] == ["农业节水工程。", "工业节水工程。"]
    task = doc.node("sec_2__subsec_1")
    assert task.text.endswith("（牵头单位：市水务局；参与单位：市发展改革委、市自然资源局）")
    table = next(n for n in doc.nodes() if n.kind == "table")
    assert table.heading == "主要指标" and "表格内容" in table.attrs["note"]
    assert doc.node("para_1").text == PLAN_PARAGRAPHS[2]


def test_two_documents_in_one_file():
    result = parse_bytes((NOTICE + "\n" + REGULATION).encode("utf-8"))
    assert [d.doc_id for d in result.documents] == ["示水发-2022-7", "示例水资源保护条例"]


@pytest.mark.parametrize(
    "encoding,label",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_encodings_detected_and_reported(encoding, label):
    result = parse_bytes(NOTICE.encode(encoding))
    assert result.encoding == label
    assert result.documents[0].doc_number == "示水发〔2022〕7号"
    assert result.documents[0].content_hash == parse_bytes(NOTICE.encode("utf-8")).documents[0].content_hash


def test_utf16_big_endian_with_bom():
    data = codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be")
    assert parse_bytes(data).encoding == "utf-16"


def test_truncated_document_is_ingested_with_a_warning():
    cut = REGULATION[: REGULATION.index("第四条")] + "第五条 本条例自2022年"
    result = parse_bytes(cut.encode("utf-8"))
    (doc,) = result.documents
    assert any("第四条" in w for w in doc.warnings)  # names the missing article
    assert any("截断" in w for w in doc.warnings)
    assert result.warnings


def test_article_numbers_in_arabic_digits():
    text = "示例规定\n（2022年1月1日）\n第1条 甲应当报告。\n第2条 乙不得隐瞒。\n"
    (doc,) = parse_bytes(text.encode("utf-8")).documents
    assert [a.number for a in _articles(doc)] == [1, 2]
