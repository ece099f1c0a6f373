"""Issue 15 item 11: the main pages work in Chromium under the Content-Security-Policy (a refused
inline script, style or eval shows up as a console error there)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/inloggen/", "/kennisbank/", "/melden/", "/klacht/", "/afspraak/", "/api/v1/docs/"]
WORKSPACE = ["/", "/zoeken/?q=paspoort", "/contacten/", "/meldingen/", "/klachten/", "/afspraken/", "/rapportage/"]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_public_pages_report_no_csp_violation(page):
    problems = _watch(page)
    for url in PUBLIC:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert not problems, problems
    # The API documentation really rendered from the package's Swagger UI.
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=20_000)
    assert not problems, problems


def test_workspace_pages_report_no_csp_violation(page, login, make_user):
    login(make_user(is_superuser=True, is_staff=True))
    problems = _watch(page)
    for url in WORKSPACE:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # htmx runs under the policy: the header search fills its results without a page load.
    page.goto("/")
    page.fill("#workspace-q", "paspoort")
    page.wait_for_load_state("networkidle")
    assert not problems, problems


def test_an_inline_script_is_refused_and_reported(page, live_server):
    """The watch above can fail: an inline script under the same policy is refused and reported."""
    problems = _watch(page)
    page.route(
        f"{live_server.url}/probe-inline/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><title>x</title><script>document.title='ran'</script>",
        ),
    )
    page.goto("/probe-inline/")
    assert page.title() == "x"
    assert any("Content Security Policy" in text for text in problems), problems
