"""POST /api/v1/groundwater/readings.csv: the HTTP CSV batch of issue #6, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from .test_api_access import NEIGHBOUR_WORKS, OTHER_OWNER, OTHER_WORKS

URL = "/api/v1/groundwater/readings.csv"


@pytest.fixture
def owner(client, accounts, make_user):
    make_user("csv-owner", "owner", None, OTHER_OWNER)
    _, token = accounts.create_token("csv-owner", "csv")
    return {"Authorization": f"Bearer {token}"}


def _when(hour: int) -> str:
    """Earlier today in China time, as a terminal operator writes it."""
    base = (datetime.now(UTC) + timedelta(hours=8)).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    return (base - timedelta(hours=24 - hour)).strftime("%Y-%m-%d %H:%M:%S")


def _post(client, headers, text: str, encoding: str = "utf-8", kind: str = "text/csv; charset=utf-8"):
    return client.post(URL, content=text.encode(encoding), headers=headers | {"Content-Type": kind})


def _stored(client, headers) -> list[dict]:
    return client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}/readings", headers=headers).json()["items"]


def test_chinese_headers_in_gb18030_are_stored_with_source_api(client, owner):
    body = f"取水工程编号,观测时间,累计水量\n{OTHER_WORKS},{_when(8)},100.5\n{OTHER_WORKS},{_when(9)},101\n"
    r = _post(client, owner, body, encoding="gb18030", kind="text/csv")
    assert r.status_code == 200, r.text
    assert (r.json()["received"], r.json()["inserted"]) == (2, 2)
    rows = _stored(client, owner)
    assert [float(x["volume_m3"]) for x in rows] == [100.5, 101.0]
    assert {x["source"] for x in rows} == {"api"}
    again = _post(client, owner, body, encoding="gb18030", kind="text/csv")  # re-sent: idempotent
    assert again.json()["duplicates"] == 2 and len(_stored(client, owner)) == 2


def test_a_bad_row_is_named_and_nothing_is_written(client, owner, api_error):
    body = f"works_id,observed_at,volume_m3\n{OTHER_WORKS},{_when(10)},5\n{OTHER_WORKS},yesterday,6\n"
    err = api_error(_post(client, owner, body), 422, "invalid_input")
    assert err["details"][0]["field"].startswith("第 3 行")
    assert _stored(client, owner) == []


def test_another_owners_works_refuses_the_whole_batch(client, owner, api_error):
    body = f"works_id,observed_at,volume_m3\n{OTHER_WORKS},{_when(11)},7\n{NEIGHBOUR_WORKS},{_when(11)},8\n"
    api_error(_post(client, owner, body), 403, "out_of_jurisdiction")
    assert _stored(client, owner) == []


def test_bad_bodies_are_4xx(client, owner, api_error):
    ok_row = f"works_id,observed_at,volume_m3\n{OTHER_WORKS},{_when(12)},9\n"
    api_error(_post(client, {}, ok_row), 401)
    api_error(_post(client, owner, ok_row, kind="application/json"), 415, "unsupported_media_type")
    api_error(_post(client, owner, "  \n"), 400, "bad_request")
    api_error(
        client.post(
            URL, content=b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", headers=owner | {"Content-Type": "text/csv"}
        ),
        400,
    )
    api_error(_post(client, owner, "volume_m3\n5\n"), 400)  # required columns missing
    big = "works_id,observed_at,volume_m3\n" + "x" * (5 * 1024 * 1024 + 10)
    api_error(_post(client, owner, big), 413, "too_large")
    assert _stored(client, owner) == []
