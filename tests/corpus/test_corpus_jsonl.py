"""`zhengce ingest articles.jsonl`: statute datasets, one article per line."""

from __future__ import annotations

import json

import pytest

from zhengce.corpus.ingest import parse_bytes
from zhengce.errors import InputError

ROWS = [
    {
        "id": "w1",
        "law": "中华人民共和国水法",
        "article": "第四十八条",
        "text": "直接从江河、湖泊或者地下取用水资源的单位和个人，应当申请领取取水许可证。",
    },
    {
        "id": "w2",
        "law": "中华人民共和国水法",
        "article": "第四十九条",
        "text": "用水应当计量，并按照批准的用水计划用水。",
    },
    {
        "id": "s1",
        "law": "《中华人民共和国水污染防治法》",
        "article": "第3条",
        "text": "水污染防治应当坚持预防为主。",
    },
]


def _jsonl(rows) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")


def test_each_line_becomes_an_article_of_its_law():
    docs = parse_bytes(_jsonl(ROWS), "laws.jsonl").documents
    assert [d.title for d in docs] == ["中华人民共和国水法", "中华人民共和国水污染防治法"]
    water = docs[0]
    assert [(n.eid, n.number) for n in water.body.children] == [("art_48", 48), ("art_49", 49)]
    assert water.node("art_49").citation == "《中华人民共和国水法》第四十九条"
    assert water.node("art_48").attrs["source_id"] == "w1"
    assert docs[1].node("art_3").num == "第3条"


@pytest.mark.parametrize(
    "bad,message",
    [
        (b'{"law": "x", "article": "\xe7\xac\xac\xe4\xb8\x80\xe6\x9d\xa1"}\n', "text"),
        (b'{"law": "x", "article": "abc", "text": "t"}\n', "条号"),
        (b'{"law": "x", "article": "1", "text": "t"}\n{not json}\n', "第2行"),
        (b'{"law": "x"}\n[1, 2]\n', "缺少字段"),
    ],
)
def test_malformed_lines_are_refused_with_the_line(bad, message):
    with pytest.raises(InputError, match=message):
        parse_bytes(bad, "bad.jsonl")
