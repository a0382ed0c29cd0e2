"""Bad input: a clear message, a non-zero exit, and an untouched store. Never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.corpus.ingest import parse_bytes
from zhengce.errors import InputError

from .samples import NOTICE

runner = CliRunner()


def _pdf_without_text(path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 72, 200, 200, fill=1)  # a scanned page: graphics, no text layer
    c.save()


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  \n",
    "binary.bin": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "undecodable.txt": "地下水管理条例".encode() + b"\x80\x80\xff\xfe\x80",
    "no_document.txt": "今天天气很好。\n我们去公园散步，然后回家吃饭。\n".encode(),
    "broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_bytes_raise_input_error(name):
    with pytest.raises(InputError) as exc:
        parse_bytes(BAD_INPUTS[name], name)
    assert name in str(exc.value)


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    _pdf_without_text(path)
    with pytest.raises(InputError, match="文字层"):
        parse_bytes(path.read_bytes(), path.name)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_cli_bad_input_exits_nonzero_and_writes_nothing(tmp_path, name):
    db = tmp_path / "z.db"
    good = tmp_path / "good.txt"
    good.write_text(NOTICE, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(good), "--db", str(db)]).exit_code == 0
    before = runner.invoke(app, ["docs", "--db", str(db), "--json"]).stdout

    bad = tmp_path / name
    bad.write_bytes(BAD_INPUTS[name])
    # a good file next to a bad one: all or nothing
    other = tmp_path / "other.txt"
    other.write_text(NOTICE.replace("7 号", "8 号"), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(other), str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert "错误" in result.stderr and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert runner.invoke(app, ["docs", "--db", str(db), "--json"]).stdout == before


def test_missing_file(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "z.db")])
    assert result.exit_code == 2 and "无法读取" in result.stderr
