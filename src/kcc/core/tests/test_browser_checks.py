"""The browser fixture's own checks must be able to fail: a console error and an axe violation are caught."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_console_error_and_an_uncaught_exception_are_reported(page, browser_checks):
    page.goto("/kennisbank/")
    page.evaluate("console.error('kapot door de test')")
    page.evaluate("setTimeout(function () { throw new Error('niet opgevangen'); }, 0)")
    page.wait_for_timeout(200)
    failures = browser_checks.failures()
    assert any("kapot door de test" in failure for failure in failures)
    assert any("niet opgevangen" in failure for failure in failures)
    browser_checks.console_errors.clear()


def test_axe_reports_a_serious_violation_of_the_visited_page(page, browser_checks):
    page.goto("/kennisbank/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img id=zonder-alt src=\"/static/kcc/favicon.svg\">')"
    )
    found = page.evaluate("window.__kccAxe()")
    assert "image-alt" in {violation["id"] for violation in found["violations"]}
    page.evaluate("document.getElementById('zonder-alt').remove()")


def test_a_failing_stylesheet_is_reported(page, browser_checks):
    page.goto("/kennisbank/")
    page.evaluate(
        "document.head.insertAdjacentHTML('beforeend', '<link rel=stylesheet href=\"/static/kcc/bestaat-niet.css\">')"
    )
    page.wait_for_timeout(300)
    assert any("bestaat-niet.css answered 404" in failure for failure in browser_checks.failures())
    browser_checks.console_errors.clear()
