"""Fixtures shared by every app's tests: users per role, a real SMTP peer, headless Chromium."""

from __future__ import annotations

import json
import os
import re
import socket
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from kcc.core.models import OrganisationUnit, User
from kcc.core.roles import Role

CHROMIUM = os.environ.get("KCC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db) -> OrganisationUnit:
    return OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """``make_user(Role.AGENT)`` → a user in that role (no role: a user without any)."""
    counter = iter(range(1, 10_000))

    def make(role: Role | None = None, *, unit: OrganisationUnit | None = None, **fields) -> User:
        number = next(counter)
        username = fields.pop("username", f"user{number}")
        user = User.objects.create_user(
            username=username,
            password="geheim-wachtwoord-1",
            first_name="Test",
            last_name=f"Gebruiker {number}",
            unit=unit,
            **fields,
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=Role(role).value))
        return user

    return make


@pytest.fixture
def agent(make_user) -> User:
    return make_user(Role.AGENT, username="agent")


@pytest.fixture
def editor(make_user) -> User:
    return make_user(Role.EDITOR, username="redacteur")


@pytest.fixture
def admin_user(make_user) -> User:
    return make_user(Role.ADMIN, username="beheerder")


@pytest.fixture
def wsgi_keeps_connection() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) open across WSGI calls.

    Django closes connections when a request ends; its test client switches that off, and API
    tests that call the WSGI application directly (schemathesis) must do the same, or the test
    transaction is gone after the first call.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def smtp_server() -> Iterator[object]:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives in ``.messages``."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collector(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list = []

        def handle_message(self, message) -> None:
            self.messages.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collector()
    handler.port = port
    running: list = []

    def start() -> None:
        running.append(Controller(handler, hostname="127.0.0.1", port=port))
        running[-1].start()

    def stop() -> None:
        running.pop().stop()

    # handler.stop() and handler.start() take the peer down and up again (an outage).
    handler.start, handler.stop = start, stop
    start()
    try:
        yield handler
    finally:
        if running:
            stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp_server


@pytest.fixture
def one_rate_window(monkeypatch) -> None:
    """Every request of the test counts in one fixed-window rate limit: on the real clock a minute can
    end between two requests, which resets the count and lets one through that the test expects refused."""
    from kcc.core import ratelimit

    now = time.time()
    middle_of_this_minute = now - now % 60 + 30
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: middle_of_this_minute))


@pytest.fixture(scope="session", autouse=True)
def pii_lookup_cache() -> None:
    """Build the PII scrubber's lookup cache once, before any test, as an installed KCC has it: a test
    that first needs it would otherwise spend seconds building it inside its own timeouts."""
    from kcc.privacy.pii import deduce_instance

    deduce_instance()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # axe runs on every page load and holds the page's main thread; with CI's two suites side by side
    # on two cores, that alone can take seconds. A wrong page still fails, only later.
    expect.set_options(timeout=15_000)
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# axe-core (shipped inside the axe-playwright-python wheel) runs on every page load of every
# browser test; its serious and critical findings come back through the console.
AXE_MARKER = "__kcc_axe__"
AXE_IMPACTS_THAT_FAIL = ("serious", "critical")
SUBRESOURCE_TYPES = {"script", "stylesheet", "image", "font", "media"}
AXE_RUN = """
(function () {
  if (window.top !== window) return;
  window.__kccAxe = function () {
    return axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
      return {url: location.href, violations: result.violations
        .filter(function (v) { return __IMPACTS__.indexOf(v.impact) >= 0; })
        .map(function (v) {
          return {id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); })};
        })};
    });
  };
  window.addEventListener("load", function () {
    window.__kccAxe().then(function (found) { console.debug("__MARKER__" + JSON.stringify(found)); });
  });
})();
""".replace("__IMPACTS__", json.dumps(list(AXE_IMPACTS_THAT_FAIL))).replace("__MARKER__", AXE_MARKER)


def _axe_source() -> str:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()


class BrowserChecks:
    """What the browser reported while a test ran: JavaScript errors and accessibility violations.

    A test that provokes an error on purpose (a 404 page, a refused upload) says so with
    ``allow_console_error(pattern)``; everything else fails the test at teardown. A 4xx answer to
    a page or an XHR is the application's answer to bad input (tests check those themselves), so
    only failing resources (scripts, styles, images, fonts) and any 5xx count; Chromium's own
    "Failed to load resource" console lines are replaced by that check.
    """

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.axe_reports: dict[str, list[dict]] = {}
        self.allowed: list[re.Pattern[str]] = []

    def allow_console_error(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def on_console(self, message) -> None:
        text = message.text
        if text.startswith(AXE_MARKER):
            found = json.loads(text[len(AXE_MARKER) :])
            self.axe_reports[found["url"]] = found["violations"]
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            self.console_errors.append(f"{text} ({message.location.get('url', '')})")

    def on_response(self, response) -> None:
        kind = response.request.resource_type
        if response.status >= 500 or (response.status >= 400 and kind in SUBRESOURCE_TYPES):
            self.console_errors.append(f"{kind} {response.url} answered {response.status}")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def failures(self) -> list[str]:
        problems = [e for e in self.console_errors if not any(p.search(e) for p in self.allowed)]
        problems = [f"console error: {e}" for e in problems]
        for url, violations in self.axe_reports.items():
            for v in violations:
                problems.append(f"axe {v['impact']} {v['id']} on {url}: {v['help']} at {v['nodes']}")
        return problems


@pytest.fixture
def browser_checks() -> BrowserChecks:
    return BrowserChecks()


@pytest.fixture
def page(chromium, live_server, browser_checks) -> Iterator[object]:
    """A Chromium page on the live server that fails the test on any JavaScript console error and
    on any serious or critical axe violation of a page it visited (checked at load and at the end)."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    context.add_init_script(script=_axe_source())
    context.add_init_script(script=AXE_RUN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", browser_checks.on_console)
    page.on("pageerror", browser_checks.on_page_error)
    page.on("response", browser_checks.on_response)
    yield page
    if not page.is_closed() and page.url.startswith(live_server.url):
        final = None
        for _ in range(2):  # once more when the page was still navigating
            try:
                page.wait_for_load_state("load")
                final = page.evaluate("window.__kccAxe ? window.__kccAxe() : null")
                break
            except Exception as error:
                browser_checks.console_errors.append(f"axe could not run at the end: {error}")
        else:
            final = None
        if final:
            browser_checks.axe_reports[final["url"]] = final["violations"]
    context.close()
    problems = browser_checks.failures()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


@pytest.fixture
def htmx_settled(page) -> Callable[[], None]:
    """Wait until htmx has no request in flight and no swap in progress. A field filled while a swap
    of its panel is still pending is replaced by that swap; the expectations of a test can pass on
    the old element (an unchecked box stays unchecked), so they do not show that the swap is done."""

    def wait() -> None:
        page.wait_for_function(HTMX_IDLE)

    return wait


@pytest.fixture
def login(client, page, live_server) -> Callable[[User], None]:
    """Log ``user`` in to the browser page by handing it a real session cookie."""

    def do_login(user: User) -> None:
        client.force_login(user)
        session_cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": session_cookie.value, "url": live_server.url}])

    return do_login
