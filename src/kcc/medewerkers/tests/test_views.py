"""The workspace pages: search section, transfer panel, flags, freshness pages; permissions and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kcc.core.roles import Role
from kcc.medewerkers import selectors, services
from kcc.medewerkers.models import Flag, UnitProfile
from kcc.medewerkers.selectors import municipal_day_off
from kcc.medewerkers.views import search_section

pytestmark = pytest.mark.django_db


TUESDAY_10 = "2030-06-04T10:00"  # a working day, inside every window of the fixture
TUESDAY_16 = "2030-06-04T16:00"  # after the windows close


def expected_absence_text() -> str:
    """A sick person is ‘Ziek gemeld’ now, unless today is a public holiday or closing day."""
    off = municipal_day_off(timezone.localdate())
    return off[1] if off else "Ziek gemeld"


def test_header_search_groups_people_and_units_with_presence_and_number(client, agent, directory):
    client.force_login(agent)
    html = client.get("/zoeken/", {"q": "fatma"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Medewerkers en afdelingen" in html
    assert "Fatima Lammers" in html and expected_absence_text() in html
    assert f'hx-get="/medewerkers/{directory.sick.pk}/doorverbinden/"' in html
    html = client.get("/zoeken/", {"q": "4101"}).content.decode()
    dial = selectors.person_reachability(directory.stand_in, viewer=agent).dial  # depends on the time of day
    assert "Gerrit Hoekstra" in html and f"tel:{dial.digits}" in html
    assert "Wmo-loket" in client.get("/zoeken/", {"q": "wmo"}).content.decode()


def test_panel_shows_absence_stand_in_window_policy_and_number(client, agent, directory):
    client.force_login(agent)
    url = f"/medewerkers/{directory.sick.pk}/doorverbinden/"
    html = client.get(url, {"tijdstip": TUESDAY_10}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "Ziek gemeld" in html and "zo is het op dinsdag 4 juni om 10:00" in html
    assert "Vervanger" in html and "Gerrit Hoekstra" in html
    assert 'href="tel:4101"' in html and "Doorverbinden mag" in html  # the stand-in is in
    assert "ma–vr 08:30–15:00" in html and "Altijd warm doorverbinden" in html
    assert "010-5550210" in html and "Achtervang" in html
    late = client.get(url, {"tijdstip": TUESDAY_16}, HTTP_HX_REQUEST="true").content.decode()
    assert "Niet doorverbinden" in late and "Terugbelverzoek maken" in late
    assert "buiten het bereikbaarheidsvenster" in late
    wrong = client.get(url, {"tijdstip": "gisteren"}, HTTP_HX_REQUEST="true").content.decode()
    assert "geen geldig tijdstip" in wrong and expected_absence_text() in wrong
    page = client.get(f"/medewerkers/{directory.sick.pk}/doorverbinden/").content.decode()
    assert "<html" in page and "Alle gegevens van Fatima Lammers" in page


def test_unit_that_never_takes_transfers_offers_a_callback(client, agent, directory):
    client.force_login(agent)
    html = client.get("/medewerkers/eenheden/wmo/doorverbinden/", {"tijdstip": TUESDAY_10}).content.decode()
    assert "Niet doorverbinden" in html and "wil nooit doorverbonden worden" in html
    assert "Terugbelverzoek maken" in html
    assert "/contacten/terugbelverzoeken/nieuw/?reden=beleid&amp;eenheid=wmo" in html
    assert "Wie kan dit nu aannemen?" in html and "Ilse Verbeek" in html
    form = client.get("/contacten/terugbelverzoeken/nieuw/", {"reden": "beleid", "eenheid": "wmo"}).content.decode()
    assert 'value="beleid" selected' in form


def test_one_click_flag_marks_the_number_and_creates_a_task(client, agent, directory):
    client.force_login(agent)
    url = f"/medewerkers/{directory.stand_in.pk}/melden/"
    html = client.post(url, {"soort": "nummer"}, HTTP_HX_REQUEST="true").content.decode()
    assert "gemeld als onjuist" in html and "Al gemeld: nummer klopt niet" in html
    flag = Flag.objects.get(person=directory.stand_in)
    assert flag.task.assignee == directory.coordinator
    client.force_login(directory.coordinator)
    page = client.get("/medewerkers/bevestigen/").content.decode()
    assert "Nummer klopt niet" in page and "Gerrit Hoekstra" in page
    client.post(f"/medewerkers/meldingen/{flag.pk}/afhandelen/", {"afhandeling": "Klopt wel"})
    client.force_login(agent)
    html = client.get(f"/medewerkers/{directory.stand_in.pk}/doorverbinden/").content.decode()
    assert "gemeld als onjuist" not in html


def test_editor_cannot_flag_or_see_freshness(client, editor, directory):
    client.force_login(editor)
    assert client.post(f"/medewerkers/{directory.stand_in.pk}/melden/", {"soort": "nummer"}).status_code == 403
    assert client.get("/medewerkers/actualiteit/").status_code == 403
    assert client.get("/medewerkers/bevestigen/").status_code == 403


def test_mobile_number_only_where_allowed(client, agent, admin_user, directory):
    url = f"/medewerkers/{directory.private_mobile.pk}/"
    client.force_login(agent)
    assert "06-12345678" not in client.get(url).content.decode()
    client.force_login(admin_user)
    assert "06-12345678" in client.get(url).content.decode()
    services.save_person(
        actor=admin_user, person=directory.private_mobile, units=[directory.belastingen], show_mobile=True
    )
    client.force_login(agent)
    assert "06-12345678" in client.get(url).content.decode()


def test_absence_form_on_the_person_page(client, agent, directory):
    url = f"/medewerkers/{directory.stand_in.pk}/"
    client.force_login(agent)
    assert "Afwezigheid invoeren" not in client.get(url).content.decode()
    assert client.post(f"/medewerkers/{directory.stand_in.pk}/afwezigheid/", {}).status_code == 302
    assert not directory.stand_in.absences.exists()  # refused: an agent is not the department
    client.force_login(directory.coordinator)
    assert "Afwezigheid invoeren" in client.get(url).content.decode()
    form = {"kind": "verlof", "start_date": "2030-06-03", "end_date": "2030-06-07"}
    client.post(f"/medewerkers/{directory.stand_in.pk}/afwezigheid/", form)
    response = client.post(f"/medewerkers/{directory.stand_in.pk}/afwezigheid/", form, follow=True)
    assert "overlapt met ‘verlof’" in response.content.decode()
    assert directory.stand_in.absences.count() == 1


def test_teamleader_sees_overdue_units_and_coordinator_confirms(client, make_user, directory):
    UnitProfile.objects.filter(unit=directory.belastingen).update(confirmed_at=timezone.now() - timedelta(weeks=20))
    client.force_login(make_user(Role.TEAMLEADER))
    html = client.get("/medewerkers/actualiteit/").content.decode()
    assert "1 eenheid te laat" in html and "Te laat" in html
    client.force_login(directory.coordinator)
    client.post("/medewerkers/eenheden/belastingen/bevestigen/")
    assert UnitProfile.objects.get(unit=directory.belastingen).confirmed_by == directory.coordinator
    assert client.post("/medewerkers/eenheden/wmo/bevestigen/").status_code == 403


def test_list_pages_use_a_bounded_number_of_queries(
    client, rf, admin_user, agent, directory, django_assert_max_num_queries
):
    for number in range(30):
        services.save_person(
            actor=admin_user,
            units=[directory.belastingen],
            name=f"Extra {number}",
            email=f"extra{number}@demodam.nl",
            phone_internal=f"5{number:03d}",
            schedule="ma-vr:ochtend,middag",
        )
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        assert client.get("/medewerkers/").status_code == 200
    with django_assert_max_num_queries(25):
        assert "Extra 29" in client.get("/medewerkers/eenheden/belastingen/").content.decode()
    request = rf.get("/zoeken/", {"q": "extra"})
    request.user = agent
    with django_assert_max_num_queries(18):  # about half of them are the search engine's
        assert len(search_section(request, "extra")["people"]) == 8
    client.force_login(admin_user)
    with django_assert_max_num_queries(15):
        assert client.get("/medewerkers/actualiteit/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/medewerkers/bevestigen/").status_code == 200


def test_who_can_take_a_topic(client, agent, directory):
    client.force_login(agent)
    query = {"onderwerp": "kwijtschelding", "tijdstip": TUESDAY_10}
    html = client.get("/medewerkers/wie-kan-aannemen/", query).content.decode()
    assert "Gerrit Hoekstra" in html and "tel:4101" in html and "010-5550210" in html
    assert "te lang" in client.get("/medewerkers/wie-kan-aannemen/", {"onderwerp": "x" * 300}).content.decode()


def test_the_department_ends_a_sick_report_from_the_person_page(client, directory):
    url = f"/medewerkers/{directory.sick.pk}/"
    absence = directory.sick.absences.get()
    client.force_login(directory.coordinator)
    assert "Weer aanwezig" in client.get(url).content.decode()
    response = client.post(f"/medewerkers/afwezigheid/{absence.pk}/beeindigen/", follow=True)
    assert "Fatima Lammers is weer aanwezig." in response.content.decode()
    absence.refresh_from_db()
    assert absence.ends_at is not None and "Weer aanwezig" not in client.get(url).content.decode()
