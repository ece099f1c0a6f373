"""End to end in headless Chromium: the privacy officer answers an erasure request."""

import pytest
from playwright.sync_api import expect

from kcc.core.roles import Role
from kcc.privacy.models import Request
from kcc.privacy.tests.conftest import make_person_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_registers_an_erasure_request_and_carries_it_out(page, login, make_user):
    make_person_records()
    login(make_user(Role.PRIVACY_OFFICER, username="privacy"))
    page.goto("/privacy/")
    page.get_by_label("Recht").select_option("verwijdering")
    page.get_by_label("Herkend aan").select_option("bsn")
    page.get_by_label("Telefoonnummer, e-mailadres of BSN").fill("111222333")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("alert")).to_contain_text("Een BSN gebruikt u alleen met een doel")
    page.get_by_label("Doel (verplicht bij een BSN)").fill("Verwijderverzoek van de betrokkene zelf")
    page.get_by_role("button", name="Verzoek registreren").click()
    case = Request.objects.get()
    expect(page.get_by_role("heading", name=f"{case.number}: Verwijdering (art. 17)")).to_be_visible()
    expect(page.get_by_role("heading", name="Zaken (1)")).to_be_visible()
    expect(page.get_by_text("******333")).to_be_visible()
    page.get_by_role("button", name="Verwijdering uitvoeren").click()
    expect(page.get_by_role("status")).to_contain_text("Het verzoek is afgesloten")
    expect(page.get_by_text("bewaard: Zaakdossier")).to_have_count(2)  # the zaak and the klant it points at
    case.refresh_from_db()
    assert case.status == Request.Status.DONE
