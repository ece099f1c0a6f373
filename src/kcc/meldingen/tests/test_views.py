import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcc.core.models import OrganisationUnit
from kcc.meldingen import services
from kcc.meldingen.models import Feedback, Follower, Melding, MeldingenConfig, Status

from .conftest import INSIDE, jpeg_bytes


def _form(**overrides) -> dict:
    data = {
        "category": "wegen-bestrating-losse-tegel",
        "description": "Losse tegel bij de bushalte.",
        "street": "Coolsingel",
        "house_number": "40",
        "city": "Demodam",
        "lat": "",
        "lon": "",
        "feedback": "geen",
    }
    data.update(overrides)
    return data


def test_public_form_needs_no_login_and_lists_categories(client, demo):
    response = client.get("/melden/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<optgroup label="Wegen en bestrating">' in html and "Losse of verzakte tegel" in html
    assert 'for="id_description"' in html and "<legend>Waar is het?</legend>" in html


def test_anonymous_report_redirects_to_confirmation_with_number_term_and_link(client, demo):
    response = client.post("/melden/", _form())
    assert response.status_code == 302
    melding = Melding.objects.get()
    assert response["Location"] == f"/melden/bevestiging/{melding.number}/?token={melding.token}"
    page = client.get(response["Location"]).content.decode()
    assert melding.number in page and "10 werkdagen" in page
    assert f"/melding/{melding.number}?token={melding.token}" in page
    assert "klacht" in page
    assert melding.channel == "web" and melding.reporter_email == ""


def test_errors_are_summarised_and_nothing_is_saved(client, demo):
    response = client.post(
        "/melden/", _form(description="x" * 10_000, street="", lat="52.37", lon="4.89", feedback="email")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'role="alert"' in html
    assert "buiten de gemeente" in html and "e-mailadres" in html
    assert Melding.objects.count() == 0


def test_fake_image_upload_is_refused(client, demo):
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image" * 100, content_type="image/jpeg")
    response = client.post("/melden/", {**_form(), "photos": [fake]})
    assert response.status_code == 400
    assert "geen foto" in response.content.decode()
    assert Melding.objects.count() == 0


def test_real_photo_is_accepted(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert client.post("/melden/", {**_form(), "photos": [photo]}).status_code == 302
    assert Melding.objects.get().photos.count() == 1


def test_choosing_a_duplicate_adds_the_reporter_to_it(client, demo):
    client.post("/melden/", _form(lat=str(INSIDE[0]), lon=str(INSIDE[1])))
    existing = Melding.objects.get()
    fragment = client.get(
        "/melden/dubbel/", {"category": "wegen-bestrating-losse-tegel", "lat": INSIDE[0], "lon": INSIDE[1]}
    ).content.decode()
    assert f'value="{existing.number}"' in fragment and "Is dit al gemeld?" in fragment
    response = client.post(
        "/melden/", _form(existing=existing.number, email="buur@example.nl", feedback=Feedback.EMAIL)
    )
    assert response.status_code == 302 and "toegevoegd=1" in response["Location"]
    assert Melding.objects.count() == 1 and Follower.objects.get().email == "buur@example.nl"


def test_herhaalmelding_gets_the_complaint_procedure_offer(client, demo):
    client.post("/melden/", _form())
    response = client.post("/melden/", _form(description="Ik heb dit al eerder gemeld en er is niets gedaan."))
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="complaint-offer"' in page and "klacht indienen" in page


def test_urgent_report_shows_the_emergency_text(client, demo):
    response = client.post("/melden/", _form(is_urgent="on"))
    page = client.get(response["Location"]).content.decode()
    assert "Bel dan 112" in page


def test_form_is_rate_limited_per_address(client, demo, one_rate_window):
    MeldingenConfig.objects.update_or_create(pk=1, defaults=dict(public_reports_per_minute=2))
    assert [client.post("/melden/", _form()).status_code for _ in range(3)] == [302, 302, 429]
    assert Melding.objects.count() == 2


def test_form_is_csrf_protected(demo):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/melden/", _form()).status_code == 403
    assert Melding.objects.count() == 0


def test_category_fragment_shows_extra_questions_and_urgency_hint(client, demo):
    html = client.get("/melden/categorie/", {"category": "afvalinzameling-container-vol"}).content.decode()
    assert "Wat voor container is het?" in html and 'name="extra_soort-container"' in html
    html = client.get("/melden/categorie/", {"category": "wegen-bestrating-gat-in-weg"}).content.decode()
    assert "Spoed? Kan iemand vallen" in html


def test_photo_location_fragment_offers_the_exif_point(client, demo):
    photo = SimpleUploadedFile("gps.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    html = client.post("/melden/foto-locatie/", {"photos": photo}).content.decode()
    assert "Gebruik de plek uit de foto" in html and 'data-lat="51.9225' in html


def test_status_page_shows_status_and_history_but_nothing_personal(client, demo, make_intake, kcc_agent):
    reporter = services.Reporter(name="Jan Geheim", email="jan@example.nl", feedback=Feedback.EMAIL)
    melding = services.create_melding(make_intake(reporter=reporter, description="Bij nummer 12 van Jan")).melding
    services.route_melding(melding, actor=kcc_agent)
    response = client.get(f"/melding/{melding.number}", {"token": melding.token})
    html = response.content.decode()
    assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
    assert "Doorgestuurd naar de afdeling" in html and "Wij hebben uw melding ontvangen." in html
    assert "Jan" not in html and "jan@example.nl" not in html and kcc_agent.username not in html


@pytest.mark.parametrize("token", ["", "fout", "x" * 32])
def test_status_page_with_a_wrong_token_is_404(client, demo, make_intake, token):
    melding = services.create_melding(make_intake()).melding
    assert client.get(f"/melding/{melding.number}", {"token": token}).status_code == 404
    assert client.get("/melding/M-2000-00001", {"token": melding.token}).status_code == 404


def test_agent_intake_links_the_contact_and_says_call_the_department_now(client, kcc_agent):
    client.force_login(kcc_agent)
    form = _form(is_urgent="on", channel="telefoon", origin_type="contacten.contactmoment", origin_id="17")
    response = client.post("/meldingen/nieuw/", form)
    melding = Melding.objects.get()
    assert response["Location"] == f"/meldingen/{melding.number}/"
    assert (melding.origin_type, melding.origin_id, melding.channel) == ("contacten.contactmoment", "17", "telefoon")
    assert melding.created_by == kcc_agent
    html = client.get(response["Location"]).content.decode()
    assert "Spoed: bel de afdeling nu." in html and "010-5550332" in html


def test_workspace_requires_a_role(client, make_user, demo):
    assert client.get("/meldingen/").status_code == 302  # log in first
    client.force_login(make_user())
    assert client.get("/meldingen/").status_code == 403
    assert client.get("/meldingen/nieuw/").status_code == 403


def test_backoffice_sees_only_his_units_meldingen(client, make_intake, backoffice, other_backoffice, demo):
    mine = services.create_melding(make_intake()).melding
    client.force_login(other_backoffice)
    assert mine.number not in client.get("/meldingen/").content.decode()
    assert client.get(f"/meldingen/{mine.number}/").status_code == 404
    client.force_login(backoffice)
    assert mine.number in client.get("/meldingen/").content.decode()
    assert client.get(f"/meldingen/{mine.number}/").status_code == 200


def test_list_query_count_does_not_grow_with_the_rows(client, make_intake, teamleader):
    client.force_login(teamleader)
    services.create_melding(make_intake())
    client.get("/meldingen/")  # warm up the session and permission caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/meldingen/", {"status": "alle"}).status_code == 200
    for _ in range(15):
        services.create_melding(make_intake())
    with CaptureQueriesContext(connection) as many:
        html = client.get("/meldingen/", {"status": "alle"}).content.decode()
    assert html.count("/meldingen/M-") >= 16
    assert len(many.captured_queries) == len(few.captured_queries) <= 14


def test_transitions_through_the_workspace(client, make_intake, kcc_agent, backoffice):
    melding = services.create_melding(make_intake()).melding
    client.force_login(kcc_agent)
    wegen = OrganisationUnit.objects.get(code="wegen")
    assert client.post(f"/meldingen/{melding.number}/actie/doorzetten/", {"unit": wegen.pk}).status_code == 302
    assert client.post(f"/meldingen/{melding.number}/actie/in-behandeling/").status_code == 403
    client.force_login(backoffice)
    assert client.post(f"/meldingen/{melding.number}/actie/in-behandeling/").status_code == 302
    response = client.post(f"/meldingen/{melding.number}/actie/niet-oplosbaar/", {"text": ""})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    response = client.post(f"/meldingen/{melding.number}/actie/niet-oplosbaar/", {"text": "Particulier terrein."})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.status == Status.UNSOLVABLE
    page = client.get(reverse("meldingen:detail", args=[melding.number])).content.decode()
    assert "Particulier terrein." in page and "in_behandeling → niet_oplosbaar" in page


def test_the_klantbeeld_of_a_caller_shows_his_meldingen(make_intake):
    from kcc.contacten.selectors import CallerKeys, klantbeeld

    reporter = services.Reporter(name="B. Beller", phone="06-12345678", feedback=Feedback.PHONE)
    melding = services.create_melding(make_intake(reporter=reporter)).melding
    services.create_melding(make_intake(reporter=services.Reporter(phone="06-87654321", feedback=Feedback.PHONE)))
    view = klantbeeld(CallerKeys(phone="0612345678"))
    sections = {section.key: context for section, context in view.sections}
    assert [m.number for m in sections["meldingen"]["meldingen"]] == [melding.number]
    assert klantbeeld(CallerKeys(phone="0611111111")).sections == []
