"""Fixtures shared by every app's tests: users per role, a real SMTP peer, headless Chromium."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator

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


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(client, page, live_server) -> Callable[[User], None]:
    """Log ``user`` in to the browser page by handing it a real session cookie."""

    def do_login(user: User) -> None:
        client.force_login(user)
        session_cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": session_cookie.value, "url": live_server.url}])

    return do_login
