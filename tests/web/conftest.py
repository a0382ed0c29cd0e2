"""Browser tests: the app served by uvicorn on 127.0.0.1, driven by Playwright in Debian's Chromium.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium); without it
these tests skip. Screenshots go to test-artifacts/ (which ignores itself for git).
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "correct-horse-battery"


def _support():
    spec = importlib.util.spec_from_file_location(
        "zhengce_test_web_support", ROOT / "tests" / "api" / "support.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def support_module():
    """tests/api/support.py (template stores, copies)."""
    return _support()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, parsed):
    """Base URL of the app on a free loopback port, with county, owner and admin users."""
    from zhengce.api import create_app

    support = _support()
    root = tmp_path_factory.mktemp("web")
    db, index = support.build_template(root, parsed)
    app = create_app(str(db), index_dir=index)
    accounts = app.state.services.accounts
    accounts.add_user("lixia", PASSWORD, "county", region="370102", display_name="历下区水务局")
    accounts.add_user("jinan", PASSWORD, "city", region="370100", display_name="济南市水务局")
    yield from serve(app)


def serve(app):
    """Run `app` with uvicorn in a thread on a free loopback port; yield its base URL, then stop it."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _record_failure(page, request) -> None:
    # A request the browser itself cancelled because the test navigated on (net::ERR_ABORTED,
    # typically the favicon) is not a failure of the app; anything else is.
    if "ERR_ABORTED" in (request.failure or ""):
        return
    page.errors.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def open_page(browser):
    """A factory: a fresh browser context on `base_url` whose page records script errors and
    failed requests in `page.errors`. Contexts close at teardown."""
    contexts = []

    def _open(base_url: str):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("requestfailed", lambda req: _record_failure(page, req))
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page, live_server):
    return open_page(live_server)


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login_as():
    def do(page, name: str) -> None:
        page.goto("/login")
        page.fill("input[name=name]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("header .me").inner_text() != ""

    return do
