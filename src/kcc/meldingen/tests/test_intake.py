import io
import random
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kcc.core.outbox import deliver_pending
from kcc.meldingen import selectors, services
from kcc.meldingen.models import Category, Event, Feedback, Follower, Melding, MeldingenConfig, Status

from .conftest import INSIDE, jpeg_bytes


def test_anonymous_report_without_any_contact_details(make_intake):
    result = services.create_melding(make_intake())
    melding = result.melding
    assert (melding.reporter_email, melding.reporter_phone, melding.feedback) == ("", "", Feedback.NONE)
    assert melding.status == Status.REPORTED and melding.unit.code == "wegen"
    assert len(melding.token) >= 32 and result.complaint_offer is None


def test_numbers_are_sequential_per_year(make_intake):
    numbers = [services.create_melding(make_intake()).melding.number for _ in range(3)]
    year = timezone.localdate().year
    assert numbers == [f"M-{year}-00001", f"M-{year}-00002", f"M-{year}-00003"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": None}, "category"),
        ({"description": "x" * 10_000}, "description"),
        ({"description": "  "}, "description"),
        ({"location": services.Location(lat=52.37, lon=4.89)}, "lat"),  # Amsterdam: outside the municipality
        ({"location": services.Location(lat=51.92)}, "lat"),
        ({"location": services.Location()}, "street"),
        ({"location": services.Location(street="Coolsingel", postcode="12345")}, "postcode"),
        ({"reporter": services.Reporter(feedback=Feedback.EMAIL)}, "email"),
        ({"reporter": services.Reporter(feedback=Feedback.PHONE)}, "phone"),
        ({"reporter": services.Reporter(email="geen-adres")}, "email"),
        ({"reporter": services.Reporter(phone="bel me")}, "phone"),
        ({"photos": [SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>" * 20, "image/jpeg")]}, "photos"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(make_intake, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.create_melding(make_intake(**overrides))
    assert field in error.value.message_dict
    assert Melding.objects.count() == 0


def test_an_inactive_or_main_category_is_refused(make_intake, category):
    for bad in (category.parent, Category.objects.filter(pk=category.pk).update(is_active=False) and category):
        bad.refresh_from_db()
        with pytest.raises(ValidationError):
            services.create_melding(make_intake(category=bad))


def test_configured_bounding_box_is_used(make_intake):
    MeldingenConfig.objects.update_or_create(
        pk=1, defaults=dict(min_lat=52.3, min_lon=4.8, max_lat=52.4, max_lon=5.0, boundary=None)
    )
    with pytest.raises(ValidationError):
        services.create_melding(make_intake())
    assert services.create_melding(make_intake(location=services.Location(lat=52.37, lon=4.89))).melding.pk


def test_oversize_photo_is_refused(make_intake):
    MeldingenConfig.objects.update_or_create(pk=1, defaults=dict(max_photo_mb=1))
    big = Image.frombytes("RGB", (700, 700), random.Random(5).randbytes(700 * 700 * 3))  # noise: no compression
    out = io.BytesIO()
    big.save(out, format="PNG")
    assert len(out.getvalue()) > 1_000_000
    with pytest.raises(ValidationError) as error:
        services.create_melding(make_intake(photos=[SimpleUploadedFile("big.png", out.getvalue(), "image/png")]))
    assert "te groot" in error.value.message_dict["photos"][0]


def test_photo_is_stored_without_exif_or_gps(make_intake, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = jpeg_bytes(exif_gps=True)
    assert b"Testcamera" in original
    upload = SimpleUploadedFile("tegel.jpg", original, "application/octet-stream")
    melding = services.create_melding(make_intake(photos=[upload])).melding
    photo = melding.photos.get()
    stored = default_storage.open(photo.file.name).read()
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (64, 48)
    assert b"Testcamera" not in stored and b"Exif" not in stored
    assert Image.open(io.BytesIO(stored)).getexif() == {}


def test_gps_location_is_read_from_the_photo():
    from kcc.meldingen.photos import gps_location

    lat, lon = gps_location(io.BytesIO(jpeg_bytes(exif_gps=True)), max_bytes=5_000_000)
    assert (lat, lon) == pytest.approx((51.9225, 4.4792), abs=1e-4)
    assert gps_location(io.BytesIO(jpeg_bytes()), max_bytes=5_000_000) is None


def test_extra_questions_are_validated(make_intake):
    container = Category.objects.get(code="afvalinzameling-container-vol")
    with pytest.raises(ValidationError) as error:
        services.create_melding(make_intake(category=container))
    assert "extra.soort-container" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_melding(make_intake(category=container, extra={"soort-container": "hout"}))
    with pytest.raises(ValidationError):
        services.create_melding(make_intake(category=container, extra={"soort-container": "glas", "onbekend": "1"}))
    melding = services.create_melding(make_intake(category=container, extra={"soort-container": "glas"})).melding
    assert melding.extra == {"soort-container": "glas"}


def test_confirmation_email_has_number_term_date_link_and_complaint_reference(make_intake, email_reporter):
    melding = services.create_melding(make_intake(reporter=email_reporter)).melding
    deliver_pending()
    (message,) = mail.outbox
    assert message.to == ["melder@example.nl"]
    assert message.subject == f"Uw melding {melding.number} is ontvangen"
    assert melding.number in message.body
    assert "binnen 10 werkdagen" in message.body
    assert f"?token={melding.token}" in message.body and f"/melding/{melding.number}" in message.body
    assert "klacht" in message.body  # the complaint-procedure footer of every e-mail


def test_no_email_when_the_reporter_wants_no_feedback(make_intake):
    services.create_melding(make_intake(reporter=services.Reporter(email="a@example.nl", feedback=Feedback.NONE)))
    deliver_pending()
    assert mail.outbox == []


def test_duplicates_are_open_same_category_near_and_recent(make_intake, category, kcc_agent):
    near = services.create_melding(make_intake()).melding
    services.create_melding(make_intake(location=services.Location(lat=INSIDE[0] + 0.002, lon=INSIDE[1])))  # ~220 m
    closed = services.create_melding(make_intake()).melding
    services.cancel_melding(closed, actor=kcc_agent, text="dubbel")
    old = services.create_melding(make_intake()).melding
    Melding.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    other = Category.objects.get(code="wegen-bestrating-gat-in-weg")
    services.create_melding(make_intake(category=other))

    found = selectors.duplicate_candidates(category=category, lat=INSIDE[0] + 0.0002, lon=INSIDE[1])
    assert [(c.melding.number, c.distance_m) for c in found] == [(near.number, 22)]


def test_duplicates_by_address_when_there_is_no_point(make_intake, category):
    address = services.Location(street="Coolsingel", house_number="40", city="Demodam")
    first = services.create_melding(make_intake(location=address)).melding
    found = selectors.duplicate_candidates(category=category, street="coolsingel", house_number="40")
    assert [c.melding for c in found] == [first]


def test_adding_to_an_existing_melding_makes_a_follower_not_a_melding(make_intake, email_reporter):
    existing = services.create_melding(make_intake()).melding
    result = services.add_to_existing(existing, intake=make_intake(reporter=email_reporter, description="Ook gezien."))
    assert result.added_to_existing and result.melding == existing
    assert Melding.objects.count() == 1
    assert Follower.objects.get().email == "melder@example.nl"
    assert existing.events.filter(kind=Event.Kind.FOLLOWER).exists()
    deliver_pending()
    assert mail.outbox[0].subject == f"Uw melding is toegevoegd aan melding {existing.number}"


def test_same_reporter_same_matter_still_open_is_a_herhaalmelding(make_intake, email_reporter):
    first = services.create_melding(make_intake(reporter=email_reporter)).melding
    result = services.create_melding(make_intake(reporter=email_reporter))
    second = result.melding
    assert second.is_repeat and second.repeat_of == first
    assert result.complaint_offer is not None
    assert any(first.number in reason for reason in result.complaint_offer.reasons)
    assert first.events.filter(kind=Event.Kind.REPEAT).count() == 1
    listed = {m.number: m.repeat_count for m in selectors.melding_list(_Everyone(), status="open")}
    assert listed[first.number] == 1


def test_text_saying_nothing_was_done_is_a_herhaalmelding(make_intake):
    first = services.create_melding(make_intake()).melding
    result = services.create_melding(make_intake(description="De tegel ligt er nog steeds los, er is niets gedaan!"))
    assert result.melding.is_repeat and result.melding.repeat_of == first
    assert "nog steeds" in " ".join(result.complaint_offer.reasons)


def test_a_normal_second_report_is_no_herhaalmelding(make_intake):
    services.create_melding(make_intake())
    result = services.create_melding(make_intake(description="Losse tegel bij de bushalte."))
    assert not result.melding.is_repeat and result.melding.repeat_of is None


def test_meldingen_for_reporter_finds_by_phone_or_email(make_intake):
    by_phone = services.create_melding(
        make_intake(reporter=services.Reporter(phone="06-12345678", feedback=Feedback.PHONE))
    ).melding
    by_email = services.create_melding(
        make_intake(reporter=services.Reporter(email="Piet@Example.nl"), description="Andere tegel.")
    ).melding
    services.create_melding(make_intake(description="Nog een tegel, anoniem."))
    assert list(selectors.meldingen_for_reporter(phone="0612345678")) == [by_phone]
    assert list(selectors.meldingen_for_reporter(email="piet@example.nl")) == [by_email]
    assert set(selectors.meldingen_for_reporter(phone="+31 6 12345678", email="piet@example.nl")) == {
        by_phone,
        by_email,
    }
    assert list(selectors.meldingen_for_reporter()) == []


class _Everyone:
    """A reader with every permission, to list without a role."""

    is_authenticated = True
    unit_id = None

    def has_perm(self, permission: str) -> bool:
        return True
