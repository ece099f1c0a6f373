"""Item 4: business records are read-only in the admin, and no admin page shows a secret."""

from __future__ import annotations

import re
import secrets
from base64 import b32encode
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from kcc.accounts.authentication import api_token_digest
from kcc.accounts.services import issue_api_token
from kcc.afspraken.models import Appointment, AppointmentType, Desk, Location
from kcc.core.models import AuditEntry, OutboxMessage
from kcc.mail import passwords
from kcc.mail.models import Mailbox
from kcc.meldingen import services as meldingen_services
from kcc.producten.models import Product
from kcc.zaken import services as zaken_services
from kcc.zaken.models import Zaak, ZaakStatus, ZaakType


@pytest.fixture
def root(make_user):
    return make_user(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def zaak(db, root) -> Zaak:
    product = Product.objects.create(upl_name="omgevingsvergunning", upl_uri="http://x/omg", slug="omgeving")
    zaaktype = ZaakType.objects.create(code="omg", name="Omgevingsvergunning", product=product)
    return zaken_services.create_zaak(
        zaaktype=zaaktype,
        start_date=date.today(),
        actor=root,
        bsn="111222333",
        bsn_purpose="aanvraag",
    )


@pytest.mark.django_db
def test_closing_a_zaak_as_geweigerd_in_the_admin_is_impossible(client, root, zaak):
    client.force_login(root)
    url = f"/beheer/zaken/zaak/{zaak.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # readable
    assert 'name="outcome"' not in page.content.decode()
    assert f'href="/zaken/{zaak.number}/"' in page.content.decode()  # changes are made there
    response = client.post(url, {"status": "afgehandeld", "outcome": "geweigerd", "zaaktype": zaak.zaaktype_id})
    assert response.status_code == 403
    zaak.refresh_from_db()
    assert zaak.status == "ontvangen" and zaak.outcome == ""
    assert ZaakStatus.objects.filter(zaak=zaak).count() == 1
    assert client.post(f"/beheer/zaken/zaak/{zaak.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Zaak.objects.filter(pk=zaak.pk).exists()


@pytest.mark.django_db
def test_no_admin_page_shows_a_secret(client, root, zaak, make_user):
    """Crawl every list and change page of the admin as a superuser and look for each secret."""
    product = zaak.zaaktype.product
    location = Location.objects.create(code="stadhuis", name="Stadhuis", address="Plein 1")
    desk = Desk.objects.create(location=location, name="Balie 1")
    kind = AppointmentType.objects.create(code="paspoort", name="Paspoort", product=product)
    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        number="A-1",
        appointment_type=kind,
        location=location,
        desk=desk,
        starts_at=start,
        ends_at=start + timedelta(minutes=15),
        name="Piet",
        token=secrets.token_urlsafe(24),
    )
    agent = make_user(username="agent")
    api_token = issue_api_token(actor=None, user=agent)
    totp = TOTPDevice.objects.create(user=agent, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=agent, name="Herstelcodes")
    recovery = StaticToken.objects.create(device=static, token=StaticToken.random_token())
    mailbox_password = "imap-geheim-" + secrets.token_hex(8)
    mailbox = Mailbox.objects.create(
        name="kcc", host="127.0.0.1", username="kcc", password_encrypted=passwords.encrypt(mailbox_password)
    )
    open311_key, open311_plain = meldingen_services.create_api_key(name="app", actor=root)
    status_link = f"https://kcc.example/melding/{secrets.token_urlsafe(24)}/"
    OutboxMessage.objects.create(key="status-1", to=["a@example.org"], subject="Uw melding", body=status_link)
    AuditEntry.objects.create(actor=root, action="test", object_type="x", object_id="1")

    secret_values = {
        "zaak token": zaak.token,
        "bsn hash": zaak.bsn_hash,
        "appointment token": appointment.token,
        "api token": api_token,
        "totp key": totp.key,
        "totp key (base32)": b32encode(totp.bin_key).decode().rstrip("="),
        "recovery code": recovery.token,
        "mailbox password": mailbox_password,
        "mailbox password (encrypted)": mailbox.password_encrypted,
        "open311 key": open311_plain,
        "open311 key hash": open311_key.key_hash,
        "status link": status_link,
        "password hash": root.password.split("$")[-1],
    }
    assert all(secret_values.values())

    client.force_login(root)
    # A token made in the admin is shown once, and not kept in the admin's own log.
    made = client.post("/beheer/authtoken/tokenproxy/add/", {"user": root.pk}, follow=True)
    made_key = re.search(r"Het nieuwe token is: (\S+)", made.content.decode())[1]
    assert Token.objects.get(user=root).key == api_token_digest(made_key)  # only the digest is stored
    secret_values["api token made in the admin"] = made_key

    request = RequestFactory().get("/beheer/")
    request.user = root
    pages = 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.has_view_or_change_permission(request) and model_admin.list_display_links is not None:
            for obj in model_admin.get_queryset(request)[:3]:
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            leaked = [name for name, value in secret_values.items() if value in html]
            assert not leaked, f"{url} shows {leaked}"
            pages += 1
    assert client.get("/beheer/").status_code == 200  # the recent-actions list
    assert pages > 40
