"""PDF input: the text layer is read and page numbers are kept."""

from __future__ import annotations

from zhengce.corpus.ingest import parse_bytes


def _make_pdf(path, pages):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for number, lines in enumerate(pages, start=1):
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        c.drawString(300, 40, str(number))  # the printed page number, an artifact
        c.showPage()
    c.save()


def test_pdf_ingest_keeps_pages(tmp_path):
    path = tmp_path / "reg.pdf"
    _make_pdf(
        path,
        [
            [
                "示例水资源保护条例",
                "（2022年3月1日示例省人民代表大会常务委员会通过）",
                "第一条 为了保护水资源，制定本条例。",
            ],
            ["第二条 取水单位应当安装计量设施。", "第三条 本条例自2022年5月1日起施行。"],
        ],
    )
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.encoding == "pdf"
    (doc,) = result.documents
    arts = [n for n in doc.nodes() if n.kind == "article"]
    assert [(a.number, a.page) for a in arts] == [(1, 1), (2, 2), (3, 2)]
    assert doc.effective_date == "2022-05-01"
    assert sorted(a.kind for a in result.artifacts) == ["page_number", "page_number"]
    assert all(n.text != "1" and n.text != "2" for n in doc.nodes())
