"""The municipality profile: theme stylesheet and logo, the admin's checks, grouped menu, error pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from PIL import Image

from kcc.core import views
from kcc.core.models import AuditEntry, MunicipalityProfile
from kcc.core.roles import Role
from kcc.core.theme import contrast_ratio, profile
from kcc.core.workspace import NAV_GROUPS, OTHER_GROUP, _nav, group_of, nav_groups_for

pytestmark = pytest.mark.django_db
PROFILE_URL = f"/beheer/core/municipalityprofile/{MunicipalityProfile.SINGLETON_PK}/change/"


@pytest.fixture
def beheerder(make_user, settings):
    settings.KCC_SECOND_FACTOR_ROLES = []  # the admin pages without enrolling a device in this test
    return make_user(Role.ADMIN, username="bas", is_staff=True, email="bas@demodam.nl")


def _form(**changes) -> dict:
    current = profile()
    return {"primary_colour": current.primary_colour, "accent_colour": current.accent_colour,
            "font_family": current.font_family, "phone": current.phone, "address": current.address,
            "website": current.website, "email": current.email, **changes}  # fmt: skip


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#154273").save(out, format="PNG")
    return out.getvalue()


def test_the_theme_stylesheet_carries_the_profiles_colours_and_revalidates(client):
    response = client.get("/thema.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--kcc-primary: #154273;" in css and "--basis-color-action-1-inverse-bg-default: #154273;" in css
    assert "no-cache" in response["Cache-Control"] and ".brand-logo" not in css  # no logo uploaded yet
    assert client.get("/thema.css", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get("/thema/logo.png").status_code == 404


def test_the_beheerder_sets_colours_logo_contacts_and_working_holidays(client, beheerder):
    client.force_login(beheerder)
    assert PROFILE_URL in client.get("/beheer/core/municipalityprofile/").content.decode()  # the one row
    page = client.get(PROFILE_URL).content.decode()
    assert "Goede vrijdag" in page and "Good Friday" not in page
    logo = SimpleUploadedFile("logo.png", _png(400, 200), content_type="image/png")
    response = client.post(PROFILE_URL, {**_form(primary_colour="#0b5d1e", phone="14 0123"),
                                         "logo_upload": logo, "working_holidays": ["Goede vrijdag"]})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = MunicipalityProfile.objects.get()
    assert stored.primary_colour == "#0b5d1e" and stored.phone == "14 0123"
    assert stored.working_holidays == ["Goede vrijdag"]
    entry = AuditEntry.objects.get(action="gemeenteprofiel_gewijzigd")
    assert entry.actor == beheerder and "primary_colour" in entry.detail["fields"]
    with Image.open(io.BytesIO(bytes(stored.logo))) as image:
        assert image.format == "PNG" and image.size == (320, 160)  # redrawn at most 160 px high
    css = client.get("/thema.css").content.decode()
    assert "--kcc-primary: #0b5d1e;" in css and "/thema/logo.png?v=" in css and "width: 5.00rem" in css
    logo_response = client.get("/thema/logo.png")
    assert logo_response["Content-Type"] == "image/png" and logo_response.content == bytes(stored.logo)
    client.logout()
    footer = client.get("/melden/").content.decode()
    assert "14 0123" in footer and 'href="tel:140123"' in footer


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"primary_colour": "#ffcc00"}, "slecht leesbaar"),  # white text on yellow: 1.6:1
        ({"accent_colour": "orange"}, "zes tekens"),
        ({"font_family": "Arial; } body { display: none"}, "gescheiden door komma"),
        ({"website": "javascript:alert(1)"}, "URL"),
    ],
)
def test_the_admin_refuses_unreadable_colours_unsafe_fonts_and_bad_links(client, beheerder, changes, message):
    client.force_login(beheerder)
    before = profile().updated_at
    response = client.post(PROFILE_URL, _form(**changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert MunicipalityProfile.objects.get().updated_at == before


def test_a_logo_that_is_no_image_is_refused_and_nothing_changes(client, beheerder):
    client.force_login(beheerder)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    response = client.post(PROFILE_URL, {**_form(), "logo_upload": fake})
    assert response.status_code == 200 and "geen leesbare afbeelding" in response.content.decode()
    assert bytes(MunicipalityProfile.objects.get().logo) == b""


def test_the_default_colours_pass_wcag_aa_under_white_text():
    fresh = MunicipalityProfile()
    assert contrast_ratio(fresh.primary_colour, "#ffffff") >= 4.5
    assert contrast_ratio(fresh.accent_colour, "#ffffff") >= 4.5


def test_every_menu_item_has_a_named_group_and_each_role_sees_its_groups(make_user):
    assert all(group_of(item) in NAV_GROUPS for item in _nav), [i.url_name for i in _nav if group_of(i) == OTHER_GROUP]
    teamleader = [group.label for group in nav_groups_for(make_user(Role.TEAMLEADER))]
    assert teamleader == [label for label in NAV_GROUPS if label in teamleader] and "Rapportage" in teamleader
    agent_items = [item.url_name for group in nav_groups_for(make_user(Role.AGENT)) for item in group.items]
    assert "rapportage:dashboard" not in agent_items and "kennisbank:search" in agent_items


def test_a_wrong_public_link_gets_a_dutch_page_that_says_how_to_get_a_new_one(client):
    response = client.get("/melding/M-2026-99999?token=verkeerd")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze link naar uw melding werkt niet" in html and "meldingnummer" in html and "14 020" in html
    assert "Not Found" not in html and "KCC</span>" not in html
    afspraak = client.get("/afspraak/bestaat-niet/").content.decode()
    assert "Deze link naar uw afspraak werkt niet" in afspraak
    assert client.get("/api/v1/bestaat-niet/").json() == {"detail": "Niet gevonden."}


def test_forbidden_says_who_can_help(client, agent, beheerder):
    client.force_login(agent)
    response = client.get("/rapportage/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "U heeft geen toegang tot deze pagina" in html and "teamleider" in html
    assert "bas@demodam.nl" in html


def test_an_expired_form_gets_a_dutch_csrf_page_and_nothing_is_saved():
    from kcc.klachten.models import Complaint

    response = Client(enforce_csrf_checks=True).post("/klacht/", {"omschrijving": "Niemand belt terug"})
    assert response.status_code == 403
    assert "Uw formulier is niet verstuurd" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_server_error_page_is_dutch_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/kapot/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500 and "Er ging iets mis aan onze kant" in html and "Gemeente Demodam" in html


def test_a_bad_request_gets_a_dutch_page(client):
    response = views.bad_request(RequestFactory().get("/melden/"), ValueError())
    assert response.status_code == 400 and "Dit verzoek konden wij niet verwerken" in response.content.decode()


def test_letters_and_emails_carry_the_configured_contact_details():
    from kcc.core.outbox import complaint_procedure_footer
    from kcc.core.theme import contact_line

    MunicipalityProfile.objects.create(
        pk=MunicipalityProfile.SINGLETON_PK,
        phone="14 0999",
        website="https://www.voorbeeld.nl/",
        address="Markt 1\n9999 ZZ Voorbeeld",
    )
    footer = complaint_procedure_footer()
    assert "u belt 14 0999." in footer and "0xx" not in footer
    assert contact_line() == "Markt 1, 9999 ZZ Voorbeeld · telefoon 14 0999 · www.voorbeeld.nl"
