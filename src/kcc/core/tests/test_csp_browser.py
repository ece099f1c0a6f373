"""Issue 15 item 11: the main pages work in Chromium under the Content-Security-Policy.

A refused inline script, style or eval shows up as a console error, which the ``page`` fixture
turns into a failure (with any other JavaScript error and serious accessibility violation)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/inloggen/", "/kennisbank/", "/melden/", "/klacht/", "/afspraak/"]
WORKSPACE = ["/", "/zoeken/?q=paspoort", "/contacten/", "/meldingen/", "/klachten/", "/afspraken/", "/rapportage/"]


def test_public_pages_run_under_the_policy(page):
    for url in PUBLIC:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")


def test_the_api_documentation_renders_from_the_package(page, browser_checks):
    response = page.goto("/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info", timeout=20_000)
    violations = page.evaluate("window.__kccAxe()")["violations"]
    # Swagger UI nests its copy/expand buttons inside the operation's summary button; that markup is
    # the package's own and cannot be changed from outside (known gap, see docs/operations.md).
    assert {violation["id"] for violation in violations} <= {"nested-interactive"}
    page.goto("/kennisbank/")  # leave the page, so the fixture's final axe run checks one of ours
    browser_checks.axe_reports = {
        url: found for url, found in browser_checks.axe_reports.items() if "/api/v1/docs/" not in url
    }


def test_workspace_pages_run_under_the_policy(page, login, make_user):
    login(make_user(is_superuser=True, is_staff=True))
    for url in WORKSPACE:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # htmx runs under the policy: the header search fills its results without a page load.
    page.goto("/")
    page.fill("#workspace-q", "paspoort")
    page.locator("#search-results").get_by_text("paspoort", exact=False).first.wait_for()


def test_an_inline_script_is_refused_and_reported(page, live_server, browser_checks):
    """The checks above can fail: an inline script under the same policy is refused and reported."""
    page.route(
        f"{live_server.url}/probe-inline/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><html lang=nl><title>x</title><main><script>document.title='ran'</script></main>",
        ),
    )
    page.goto("/probe-inline/")
    assert page.title() == "x"
    assert any("Content Security Policy" in error for error in browser_checks.console_errors)
    browser_checks.console_errors.clear()
