from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kcc.contacten import services as contact_services
from kcc.core.models import AuditEntry, OrganisationUnit
from kcc.core.roles import Role
from kcc.meeluisteren import selectors, services
from kcc.meeluisteren.models import Item, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    return OrganisationUnit.objects.create(code="kcc-team-a", name="Team A", kind="afdeling")


@pytest.fixture
def people(make_user, team):
    return {
        "tl": make_user(Role.TEAMLEADER, username="tl"),
        "anna": make_user(Role.AGENT, username="anna", unit=team),
        "bert": make_user(Role.AGENT, username="bert", unit=team),
    }


def contact_of(agent, number: int):
    data = {"extern_id": f"m-{number}", "kanaal": "telefoon", "start": "2026-03-10T10:00:00+01:00",
            "einde": "2026-03-10T10:04:00+01:00",
            "vragen": [{"vraagsoort": "algemene_vraag", "afhandeling": "zelf_beantwoord"}]}  # fmt: skip
    return contact_services.register_contact(data, agent=agent)


def answers(**overrides):
    result = {item.value: ("ja", "") for item in Item}
    result.update({key: (value, "opmerking") for key, value in overrides.items()})
    return result


def test_review_is_stored_audited_and_aggregated_per_agent_and_team(people):
    tl, anna, bert = people["tl"], people["anna"], people["bert"]
    services.create_review(contact=contact_of(anna, 1), reviewer=tl, answers=answers(kennisbank="nee"))
    services.create_review(contact=contact_of(anna, 2), reviewer=tl, answers=answers(warm_doorverbonden="nvt"))
    services.create_review(contact=contact_of(bert, 3), reviewer=tl, answers=answers(kennisbank="nee"))
    assert AuditEntry.objects.filter(action="meeluisteren.beoordeeld").count() == 3
    per_agent = {finding.name: finding for finding in selectors.findings(by="medewerker")}
    anna_scores = per_agent[str(anna)]
    assert anna_scores.reviews == 2
    assert (anna_scores.items["kennisbank"].ja, anna_scores.items["kennisbank"].nee) == (1, 1)
    assert anna_scores.items["kennisbank"].share_yes == 50.0
    assert anna_scores.items["warm_doorverbonden"].nvt == 1
    assert anna_scores.items["warm_doorverbonden"].share_yes == 100.0
    (team_finding,) = selectors.findings(by="team")
    assert team_finding.name == "Team A" and team_finding.reviews == 3
    assert team_finding.items["kennisbank"].nee == 2


def test_every_item_needs_an_answer_and_nothing_is_stored(people):
    contact = contact_of(people["anna"], 1)
    incomplete = answers()
    del incomplete["klacht_herkend"]
    with pytest.raises(ValidationError) as error:
        services.create_review(contact=contact, reviewer=people["tl"], answers=incomplete)
    assert "klacht_herkend" in error.value.message_dict
    with pytest.raises(ValidationError, match="eigen contact"):
        services.create_review(contact=contact, reviewer=people["anna"], answers=answers())
    assert Review.objects.count() == 0


def test_agent_sees_only_his_own_reviews(client, people):
    tl, anna, bert = people["tl"], people["anna"], people["bert"]
    own = services.create_review(contact=contact_of(anna, 1), reviewer=tl, answers=answers())
    other = services.create_review(contact=contact_of(bert, 2), reviewer=tl, answers=answers())
    client.force_login(anna)
    assert client.get(f"/meeluisteren/{own.pk}/").status_code == 200
    assert client.get(f"/meeluisteren/{other.pk}/").status_code == 404
    assert client.get("/meeluisteren/bevindingen/").status_code == 403
    assert client.get(f"/meeluisteren/contact/{own.contact_id}/").status_code == 403
    body = client.get("/api/v1/meeluisteren/").json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    client.force_login(tl)
    assert {row["id"] for row in client.get("/api/v1/meeluisteren/").json()["results"]} == {own.pk, other.pk}


def test_review_form_in_the_workspace(client, people, django_assert_max_num_queries):
    contact = contact_of(people["anna"], 1)
    client.force_login(people["tl"])
    page = client.get(f"/meeluisteren/contact/{contact.pk}/")
    assert page.status_code == 200 and "Is warm doorverbonden" in page.content.decode()
    incomplete = client.post(f"/meeluisteren/contact/{contact.pk}/", {"vraag_duidelijk": "ja"})
    assert incomplete.status_code == 400 and "Kies ja, nee of n.v.t." in incomplete.content.decode()
    assert Review.objects.count() == 0
    form = {item.value: "ja" for item in Item} | {"kennisbank": "nee", "kennisbank_opmerking": "VAC niet gevonden"}
    response = client.post(f"/meeluisteren/contact/{contact.pk}/", form)
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meeluisteren/{review.pk}/"
    assert review.answers.get(item="kennisbank").remark == "VAC niet gevonden"
    assert client.get("/meeluisteren/nieuw/", {"contact": contact.number}).status_code == 302
    assert client.get("/meeluisteren/nieuw/", {"contact": "C-2026-999999"}).status_code == 400
    for number in range(2, 30):
        services.create_review(contact=contact_of(people["bert"], number), reviewer=people["tl"], answers=answers())
    with django_assert_max_num_queries(11):  # + 1: the docked cockpit looks up the viewer's running contacts
        listing = client.get("/meeluisteren/")
    assert listing.status_code == 200 and listing.content.decode().count("/meeluisteren/") >= 29
    with django_assert_max_num_queries(11):
        findings = client.get("/meeluisteren/bevindingen/", {"per": "medewerker"})
    assert findings.status_code == 200 and "Beoordelingen" in findings.content.decode()
    assert str(people["bert"]) in findings.content.decode()
    assert client.get("/meeluisteren/bevindingen/", {"per": "x"}).status_code == 400


def test_the_contact_page_offers_the_review_to_the_teamleader_only(client, people):
    contact = contact_of(people["anna"], 1)
    review_url = f"/meeluisteren/contact/{contact.pk}/"
    client.force_login(people["tl"])
    page = client.get(f"/contacten/{contact.pk}/").content.decode()
    assert f'href="{review_url}" data-testid="action-beoordelen"' in page
    assert "Signaal melden" not in page  # the agent's own actions stay with the agent
    assert client.get(review_url).status_code == 200
    client.force_login(people["anna"])
    own = client.get(f"/contacten/{contact.pk}/").content.decode()
    assert "action-beoordelen" not in own and "Signaal melden" in own
    assert client.get(review_url).status_code == 403
