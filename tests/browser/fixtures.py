"""Playwright (Python) driving Debian's Chromium against pytest-django's live server."""

import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Debian's chromium-headless-shell when installed (scripts/system-packages.sh installs it for `make
# test`): the same Chromium release as the browser, built for headless use only, as Playwright itself
# runs headless tests. It needs about a third less CPU per page than the full browser in its headless
# mode, which on a two-core machine is most of what a browser test costs. Otherwise Debian's chromium.
HEADLESS_SHELL = shutil.which("chromium-headless-shell")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or HEADLESS_SHELL or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import expect, sync_playwright

    # The same patience for assertions as for actions (the context's default timeout below): with two
    # test processes, Chromium and the live servers on two cores, an htmx round trip queued behind
    # three others (the budget page's totals) took longer than expect's default of 5 s.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs Debian's chromium)")
    user_data = tempfile.mkdtemp(prefix="spuk-chromium-")
    # The headless shell is headless by build; the full browser needs the switch.
    args = CHROMIUM_ARGS if "headless-shell" in Path(CHROMIUM).name else ["--headless=new", *CHROMIUM_ARGS]
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
    yield browser
    browser.close()
    shutil.rmtree(user_data, ignore_errors=True)


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context per test; the base URL is the live server. Fails on CSP violations."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = console_errors
    yield page
    context.close()
    csp = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp, f"CSP violations in the browser: {csp}"


@pytest.fixture
def browser_login(page):
    """`browser_login(email, password)` logs in through the real login form."""

    def _login(email, password, expect_start=True):
        page.goto("/account/inloggen/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        if expect_start:
            # Staff land on their inbox (/start/<rol>/), partners on their portal.
            page.wait_for_url(lambda url: "/start/" in url or "/declaraties/portaal/" in url)
        return page

    return _login


@pytest.fixture
def browser_session(page, live_server):
    """`browser_session(email, password)` logs in without the form: authenticate() checks the password
    as the login view does, and the session cookie goes into the browser; no page is loaded. For
    journeys that start on a page of their own; the login journey itself goes through the form
    (`browser_login`, tests/core/test_browser.py). Saves the login page and the start page (about half
    a second of a two-core machine per login)."""
    from django.conf import settings
    from django.contrib.auth import authenticate
    from django.test import Client, RequestFactory

    def _login(email, password):
        request = RequestFactory().post("/account/inloggen/")
        user = authenticate(request, username=email, password=password)
        assert user is not None, f"{email} cannot log in with this password"
        client = Client()
        client.force_login(user, backend=user.backend)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return _login


@functools.cache
def _axe_source():
    return AXE_JS.read_text()


def run_axe(page):
    """Inject axe-core from node_modules and return violations of impact serious or critical."""
    if not AXE_JS.exists():
        pytest.fail("axe-core missing: run `npm ci` (make test does this)")
    page.evaluate(_axe_source())
    # resultTypes: only the violations are collected in full (passes and inapplicable rules are
    # counted, not described), which is most of axe's time on a large page; the rules run the same.
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']},"
        " resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe():
    def _check(page):
        violations = run_axe(page)
        assert not violations, json.dumps(violations, indent=2)

    return _check
