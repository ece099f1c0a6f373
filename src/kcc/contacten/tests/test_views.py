"""The workspace screens: registration, klantbeeld, callbacks and signals, with role checks."""

import pytest
from django.urls import reverse

from kcc.contacten import selectors, services
from kcc.contacten.models import Callback, Contactmoment, Question
from kcc.core.models import AuditEntry, OrganisationUnit
from kcc.core.roles import Role

pytestmark = pytest.mark.django_db


def test_one_post_starts_a_running_contact_and_the_screen_shows_the_clock(client, agent):
    client.force_login(agent)
    response = client.post(reverse("contacten:start"))
    contact = Contactmoment.objects.get()
    assert response.url == reverse("contacten:detail", args=[contact.pk])
    page = client.get(response.url).content.decode()
    assert f"Contact {contact.number}" in page and "data-started=" in page
    assert 'data-click-key="e"' in page and 'data-focus-key="v"' in page


def test_registering_a_call_through_the_screens(client, agent, wi):
    client.force_login(agent)
    contact = services.start_contact(agent=agent)
    base = reverse("contacten:detail", args=[contact.pk])
    response = client.post(
        reverse("contacten:caller", args=[contact.pk]),
        {"channel": "telefoon", "phone": "06 12345678", "email": "", "address": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("contacten:question-add", args=[contact.pk]),
        {"question_type": "persoon_of_afdeling", "handling": "doorverbonden", "unit": "wi", "notes": "Vraagt Jan"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    response = client.post(reverse("contacten:close", args=[contact.pk]))
    assert response.status_code == 400 and "wie er bereikt is" in response.content.decode()
    client.post(  # the transfer panel's "Bereikt" on the running contact's question
        reverse("contacten:transfer-record"),
        {"doel": "eenheid", "eenheid": "wi", "uitkomst": "bereikt", "warm": "on", "afwijkreden": "Vraagt Jan"},
    )
    assert question.transfer_attempts.get().reached == "gevraagd"
    page = client.get(base).content.decode()
    assert "Specifiek persoon/afdeling bereikbaar" in page and "warm" in page
    assert client.post(reverse("contacten:close", args=[contact.pk])).status_code == 302
    contact.refresh_from_db()
    assert contact.ended_at is not None and contact.phone == "0612345678"


def test_bad_input_shows_a_clear_error_and_changes_nothing(client, agent):
    client.force_login(agent)
    contact = services.start_contact(agent=agent)
    response = client.post(
        reverse("contacten:caller", args=[contact.pk]),
        {"channel": "telefoon", "phone": "bel me", "email": "", "address": ""},
    )
    assert response.status_code == 400 and "geen telefoonnummer" in response.content.decode()
    response = client.post(
        reverse("contacten:klant", args=[contact.pk]), {"name": "X", "bsn": "123456789", "bsn_purpose": "x"}
    )
    assert response.status_code == 400 and "elfproef" in response.content.decode()
    contact.refresh_from_db()
    assert contact.phone == "" and contact.klant is None


def test_another_agents_contact_cannot_be_changed(client, agent, make_user):
    contact = services.start_contact(agent=make_user(Role.AGENT))
    client.force_login(agent)
    response = client.post(
        reverse("contacten:question-add", args=[contact.pk]),
        {"question_type": "algemene_vraag", "handling": "zelf_beantwoord"},
    )
    assert response.status_code == 403 and not Question.objects.exists()


def test_the_contact_list_uses_a_fixed_number_of_queries(client, agent, django_assert_max_num_queries):
    for _ in range(15):
        contact = services.start_contact(agent=agent)
        services.add_question(contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contacten:index"))
    assert response.content.decode().count("<tr>") == 16


def test_the_registration_screen_uses_a_fixed_number_of_queries(client, agent, wi, django_assert_max_num_queries):
    for _ in range(5):
        earlier = services.start_contact(agent=agent)
        services.update_caller(earlier, channel="telefoon", phone="0612345678", email="", address="")
        services.add_question(earlier, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=wi)
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="0612345678", email="", address="")
    for _ in range(3):
        services.add_question(contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=wi)
    client.force_login(agent)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert page.count("Herhaalcontact: 5 eerdere contacten") == 3
    assert "Bied de beller de klachtprocedure aan" in page


def test_the_klantbeeld_panel_follows_what_the_agent_types(client, agent, wi):
    earlier = services.start_contact(agent=agent)
    services.update_caller(earlier, channel="email", phone="", email="Jan@Example.org", address="")
    client.force_login(agent)
    page = client.get(reverse("contacten:klantbeeld"), {"email": "jan@example.org "}).content.decode()
    assert earlier.number in page
    page = client.get(reverse("contacten:klantbeeld"), {"phone": "niet geldig"}).content.decode()
    assert earlier.number not in page


def test_the_callback_form_is_prefilled_from_the_transfer_panel(client, agent, wi):
    from kcc.medewerkers.models import Membership, Person

    person = Person.objects.create(name="Jan Jansen", email="jan@demodam.nl")
    Membership.objects.create(person=person, unit=wi)
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="0612345678", email="", address="")
    client.force_login(agent)
    url = reverse("contacten:callback-new") + f"?eenheid=WI&persoon={person.pk}&reden=ziek&contact={contact.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form["unit"].value() == "wi" and form["reason"].value() == "persoon_afwezig"
    assert form["callback_phone"].value() == "0612345678" and "Jan Jansen" in response.content.decode()
    response = client.post(
        url,
        {
            "unit": "wi",
            "person": person.pk,
            "contact": contact.pk,
            "question_text": "Over zijn aanvraag",
            "callback_phone": "0612345678",
            "urgency": "normaal",
            "reason": "persoon_afwezig",
        },
    )
    callback = Callback.objects.get()
    assert response.status_code == 302 and (callback.person, callback.contact) == (person, contact)


def test_the_back_office_inbox_shows_only_the_own_unit(client, agent, wi, make_user, django_assert_max_num_queries):
    other = OrganisationUnit.objects.create(code="wmo", name="WMO", kind="afdeling")
    contact = services.start_contact(agent=agent)
    for unit in (wi, wi, other):
        services.create_callback(
            contact=contact,
            created_by=agent,
            unit=unit,
            question_text="Vraag",
            callback_phone="0612345678",
            reason="wens_beller",
        )
    mine, _, theirs = Callback.objects.order_by("pk")
    colleague = make_user(Role.BACKOFFICE, unit=wi)
    client.force_login(colleague)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("contacten:callback-inbox")).content.decode()
    assert page.count("<tr>") == 3 and "2 terugbelverzoeken" in page
    assert client.get(reverse("contacten:callback-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("contacten:callback-take", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("contacten:callback-take", args=[mine.pk])).status_code == 302
    response = client.post(
        reverse("contacten:callback-close", args=[mine.pk]), {"outcome": "opgelost", "call_attempts": 1, "note": ""}
    )
    assert response.status_code == 400 and "Schrijf kort op" in response.content.decode()
    client.post(
        reverse("contacten:callback-close", args=[mine.pk]),
        {"outcome": "opgelost", "call_attempts": 1, "note": "Gebeld"},
    )
    mine.refresh_from_db()
    assert mine.status == "afgehandeld"
    client.force_login(agent)
    assert "Teruggebeld en opgelost" in client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert client.post(reverse("contacten:callback-take", args=[theirs.pk])).status_code == 403


def test_revealing_a_bsn_needs_a_reason_and_is_audited(client, agent, make_user):
    contact = services.start_contact(agent=agent)
    klant = services.identify_klant(contact, user=agent, name="Piet", bsn="111222333", bsn_purpose="Bijstand")
    client.force_login(agent)
    page = client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert "******333" in page and "111222333" not in page
    url = reverse("contacten:bsn-reveal", args=[klant.pk])
    assert "111222333" not in client.get(url).content.decode()
    assert "111222333" in client.post(url, {"purpose": "Controle identiteit"}).content.decode()
    assert AuditEntry.objects.filter(action="bsn_ingezien", actor=agent, purpose="Controle identiteit").count() == 1
    client.force_login(make_user(Role.BACKOFFICE))
    assert client.post(url, {"purpose": "x"}).status_code == 403


def test_a_signal_from_a_contact_and_its_answer(client, agent, wi, make_user):
    contact = services.start_contact(agent=agent)
    client.force_login(agent)
    response = client.post(
        reverse("contacten:signal-new") + f"?contact={contact.pk}",
        {
            "kind": "website",
            "description": "De website noemt oude openingstijden.",
            "owner_unit": "wi",
            "contact": contact.pk,
        },
    )
    assert response.status_code == 302
    signal = contact.signals.get()
    owner = make_user(Role.BACKOFFICE, unit=wi)
    client.force_login(owner)
    response = client.post(
        reverse("contacten:signal-detail", args=[signal.pk]), {"status": "beantwoord", "answer": "Aangepast."}
    )
    assert response.status_code == 302
    client.force_login(agent)
    assert "Aangepast." in client.get(reverse("contacten:signal-list") + "?status=alle").content.decode()
    assert (
        client.post(
            reverse("contacten:signal-detail", args=[signal.pk]), {"status": "beantwoord", "answer": "x"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["contacten:index", "contacten:callback-inbox", "contacten:signal-list"])
def test_users_without_a_role_are_refused(client, make_user, name):
    client.force_login(make_user())
    assert client.get(reverse(name)).status_code == 403


def test_follow_ups_of_other_capabilities_carry_the_contact_and_the_caller(client, agent, make_user):
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="06 12345678", email="a@example.nl", address="")
    client.force_login(agent)
    page = client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    query = "&amp;".join(
        ["origin_type=contacten.contactmoment", f"origin_id={contact.pk}", "phone=0612345678", "email=a%40example.nl"]
    )
    assert f'href="{reverse("meldingen:intake")}?{query}"' in page
    assert f'href="{reverse("klachten:register")}?{query}"' in page
    booking = client.get(f"{reverse('afspraken:book')}?{query.replace('&amp;', '&')}").content.decode()
    assert f"Voor contact {contact.pk}: de afspraak wordt aan dit contact gekoppeld." in booking
    # Offered only with the right to do it: an editor may make neither.
    labels = [action.label for action, _url in selectors.contact_actions(make_user(Role.EDITOR), contact)]
    assert "Melding maken" not in labels and "Klacht registreren" not in labels
