"""The register of processing (AVG art. 30): generated from the code, for the beheerder, printable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kcc.core.roles import Role
from kcc.retentie import selectors
from kcc.retentie.models import LegalHold, RetentionTerm
from kcc.retentie.registers import all_registers

pytestmark = pytest.mark.django_db


def test_each_line_holds_the_data_term_and_the_roles_from_the_permissions():
    RetentionTerm.objects.create(register="meldingen", months=18)
    LegalHold.objects.create(register="klachten", ground="ombudsman", reference="NO 1")
    lines = {line.register.key: line for line in selectors.processing_register()}

    assert set(lines) == {register.key for register in all_registers()}
    meldingen = lines["meldingen"]
    assert meldingen.retention == "18 maanden na het afsluiten"
    assert ("melding", "reporter_email", "e-mail melder") in {(i.model, i.field, i.label) for i in meldingen.data}
    # Who may read follows the role permissions: agents and back office see meldingen, the editor does not.
    assert {Role.AGENT.value, Role.BACKOFFICE.value} <= set(meldingen.roles)
    assert Role.EDITOR.value not in meldingen.roles
    assert lines["klachten"].holds == 1 and lines["klachten"].retention == "60 maanden na het afsluiten"
    assert lines["medewerkers"].retention.startswith("zolang in dienst")


def test_only_the_beheerder_sees_it(client, make_user):
    url = reverse("retentie:register")
    client.force_login(make_user(Role.AGENT))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.ADMIN))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card processing-line"') == len(all_registers())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_beheerder_opens_and_prints_the_register(page, login, make_user):
    login(make_user(Role.ADMIN, is_staff=True))
    page.goto("/")
    page.locator("summary", has_text="Beheer").click()  # the item sits in the Beheer menu group
    page.get_by_role("link", name="Verwerkingsregister").click()
    section = page.locator("[data-register=zoeklog]")
    assert "3 maanden na het zoeken" in section.locator("[data-retention]").inner_text()
    assert "Beheerder" in section.locator("[data-roles]").inner_text()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Afdrukken").is_visible()
    assert section.is_visible()
