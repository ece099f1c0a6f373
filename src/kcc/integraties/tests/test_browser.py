"""The beheerder's Koppelingen page in headless Chromium: a refused contact, re-sent, arrives."""

from __future__ import annotations

import pytest

from kcc.contacten import services as contacten
from kcc.contacten.models import Handling, QuestionType
from kcc.core.roles import Role
from kcc.integraties import services as outbox
from kcc.integraties.models import IntegrationJob
from kcc.klantinteracties.testing import klantinteracties_standin

pytestmark = pytest.mark.browser
TOKEN = "browser-token"


def test_beheerder_sees_a_parked_job_and_sends_it_again(transactional_db, make_user, page, login, settings):
    with klantinteracties_standin(TOKEN) as standin:
        settings.KCC_KLANTINTERACTIES_URL = standin.base_url
        settings.KCC_KLANTINTERACTIES_TOKEN = TOKEN
        agent = make_user(Role.AGENT)
        contact = contacten.start_contact(agent=agent)
        contacten.add_question(contact, user=agent, question_type=QuestionType.GENERAL, handling=Handling.SELF_ANSWERED)
        standin.fail(times=1, status=400, operation="klantcontactenCreate")
        contacten.close_contact(contact, user=agent)  # the worker (immediate in tests) tries at once
        outbox.deliver_pending()
        job = IntegrationJob.objects.get()
        assert job.status == IntegrationJob.Status.PARKED

        login(make_user(Role.ADMIN))
        page.goto("/koppelingen/")
        row = page.get_by_role("row", name="Klantinteracties (Open Klant)")
        assert "Ja (" in row.inner_text() and "nog nooit" in row.inner_text()
        page.get_by_text("Geweigerd met 400").wait_for()
        page.get_by_role("button", name=f"Opnieuw versturen (taak {job.pk})").click()
        page.get_by_text(f"Taak {job.pk} wordt opnieuw verstuurd.").wait_for()
        job.refresh_from_db()
        assert job.status == IntegrationJob.Status.SENT and len(standin.store.all("klantcontacten")) == 1
        assert "Geen taken die aandacht vragen." in page.content()
        standin.assert_clean()
