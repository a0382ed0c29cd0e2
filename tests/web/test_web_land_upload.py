"""The registry-file form on /land: authorities upload their 临时用地 file (``POST /land/registry``).

The form reuses ``LandBackend.load_upload`` (what ``POST /api/v1/land/registry`` does): all or
nothing, within the caller's region prefix. TestClient only, no browser.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "examples" / "land" / "registry.json"
PASSWORD = "correct-horse-battery"
ON = "2024-06-30"
FORM = 'id="land-upload-form"'
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')

pytestmark = pytest.mark.filterwarnings("ignore:.*httpx2.*")


def _csrf(html: str) -> str:
    m = CSRF_INPUT.search(html)
    assert m, "page has no CSRF field"
    return m.group(1)


def _registry() -> dict:
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def template_db(tmp_path_factory, parsed) -> Path:
    """The compilation only: an empty land registry."""
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine

    db = tmp_path_factory.mktemp("web-land-upload") / "template.db"
    engine = make_engine(str(db))
    CorpusStore(engine).ingest(parsed.documents)
    engine.dispose()
    return db


@pytest.fixture
def app(tmp_path, template_db, support_module):
    from zhengce.api import create_app

    db = support_module.copy_db(template_db, tmp_path / "land.db")
    app = create_app(str(db))
    accounts = app.state.services.accounts
    accounts.add_user("admin1", PASSWORD, "admin", display_name="管理员")
    accounts.add_user("linying", PASSWORD, "county", region="411122", display_name="临颍县自然资源局")
    accounts.add_user("someone", PASSWORD, "public", display_name="公众")
    return app


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def _login(client, name: str) -> None:
    token = _csrf(client.get("/login").text)
    r = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303, r.text[:300]


def _upload(client, content: bytes, name: str = "registry.json"):
    page = client.get("/land")
    assert page.status_code == 200
    assert FORM in page.text
    return client.post(
        "/land/registry",
        data={"csrf_token": _csrf(page.text)},
        files={"file": (name, content, "application/json")},
    )


def _stored(app) -> tuple:
    from zhengce.regimes.land.store import LandStore

    store = LandStore(app.state.services.engine)
    return store.counties(), store.use_rows(), store.suspensions()


def test_admin_uploads_the_example_registry_and_sees_the_uses(client, app):
    _login(client, "admin1")
    page = client.get(f"/land?as_of={ON}")
    assert "上传临时用地登记文件（JSON，格式同 zhengce land load）" in page.text
    assert 'action="/land/registry"' in page.text and 'enctype="multipart/form-data"' in page.text
    r = _upload(client, REGISTRY.read_bytes())
    assert r.status_code == 200, r.text[:500]
    assert "县（市）2 个，临时用地新增 6 宗、更新 0 宗，暂停审批记录 1 条。" in r.text
    listed = client.get(f"/land?as_of={ON}").text
    for use in _registry()["uses"]:
        assert f'data-use="{use["use_id"]}"' in listed
    # The same file again replaces every use.
    again = _upload(client, REGISTRY.read_bytes())
    assert "临时用地新增 0 宗、更新 6 宗" in again.text


def test_county_uploading_another_countys_use_is_refused_and_nothing_written(client, app):
    from zhengce.regimes.land.bundle import parse_bundle
    from zhengce.regimes.land.store import LandStore

    store = LandStore(app.state.services.engine)
    store.load(parse_bundle(_registry(), store.county_codes()))  # both counties registered
    _login(client, "linying")
    other = copy.deepcopy(next(u for u in _registry()["uses"] if u["county_code"] == "411123"))
    other["user"] = "改写的使用人"
    mine = {"uses": [other]}
    before = _stored(app)
    r = _upload(client, json.dumps(mine, ensure_ascii=False).encode("utf-8"))
    assert r.status_code == 403
    assert "管辖范围以外" in r.text
    assert "uses[0].county_code：县（市）411123 不在您的管辖范围内" in r.text
    assert FORM in r.text  # the page otherwise renders as before
    assert _stored(app) == before


def test_invalid_file_shows_the_problems(client, app):
    _login(client, "admin1")
    reg = _registry()
    del reg["uses"][0]["user"]
    reg["uses"][1]["approved_on"] = "not-a-date"
    before = _stored(app)
    r = _upload(client, json.dumps(reg, ensure_ascii=False).encode("utf-8"))
    assert r.status_code == 422
    assert "登记文件有误" in r.text
    assert "uses[0].user" in r.text and "uses[1].approved_on" in r.text
    assert _stored(app) == before

    bad = _upload(client, b"{not json")
    assert bad.status_code == 400 and "不是有效的 JSON" in bad.text
    wrong = _upload(client, b"{}", name="registry.csv")
    assert wrong.status_code == 415 and "请上传 .json 登记文件" in wrong.text


@pytest.mark.parametrize("who", [None, "someone"])
def test_public_does_not_see_the_form_and_cannot_post(client, app, who):
    if who:
        _login(client, who)
    page = client.get("/land")
    assert page.status_code == 200
    assert FORM not in page.text and "上传临时用地登记文件" not in page.text
    before = _stored(app)
    token = _csrf(page.text if who else client.get("/login").text)  # a valid token: refused anyway
    r = client.post(
        "/land/registry",
        data={"csrf_token": token},
        files={"file": ("registry.json", REGISTRY.read_bytes(), "application/json")},
        follow_redirects=False,
    )
    assert r.status_code == (403 if who else 401), r.text[:300]
    assert "上传临时用地登记文件" not in r.text
    assert _stored(app) == before
