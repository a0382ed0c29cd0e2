from __future__ import annotations

from zhengce.search import records_from_documents
from zhengce.search.records import LEVEL_DOCUMENT, LEVEL_PART, LEVEL_UNIT


def test_records_cover_documents_articles_and_paragraphs(small_docs):
    recs = records_from_documents(small_docs)
    by_key = {(r.doc_id, r.eid): r for r in recs}
    doc = by_key[("国务院令-748", "")]
    assert doc.level == LEVEL_DOCUMENT and doc.doc_number == "国务院令第748号"
    art = by_key[("国务院令-748", "chp_3__art_22")]
    para = by_key[("国务院令-748", "chp_3__art_22__para_2")]
    assert art.level == LEVEL_UNIT and para.level == LEVEL_PART
    assert para.text in art.text  # an article record carries all its paragraphs
    assert para.group == art.group == "chp_3__art_22"
    assert art.issuers == ["国务院"] and art.effective_date == "2021-12-01"
    chapter = by_key[("国务院令-748", "chp_3")]
    assert chapter.text == "节约与保护"  # containers hold their heading only
