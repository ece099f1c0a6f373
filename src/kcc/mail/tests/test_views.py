"""Workspace pages: queue, thread, check partial, actions, back-office inbox, attachments."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.mail import services

pytestmark = pytest.mark.django_db


def test_queue_lists_open_threads_with_bounded_queries(client, agent, make_mail, django_assert_max_num_queries):
    for n in range(12):
        services.ingest(make_mail(subject=f"Vraag {n}", message_id=f"<q{n}@example.nl>"))
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        page = client.get("/mail/")
    assert page.status_code == 200 and page.content.decode().count("/mail/E-") == 12


def test_thread_page_shows_triage_help_and_audits(client, agent, make_mail):
    thread = services.ingest(
        make_mail(
            subject="Hondenbelasting",
            body="Ik heb al drie keer gebeld en nooit antwoord gekregen. Ik wil een klacht indienen!",
        )
    ).message.thread
    client.force_login(agent)
    html = client.get(f"/mail/{thread.number}/").content.decode()
    assert 'data-testid="complaint-signal"' in html
    assert 'value="Hondenbelasting' in html  # kennisbank search pre-filled
    assert AuditEntry.objects.filter(action="mail.draad_gelezen", object_id=str(thread.pk)).exists()


def test_check_partial_highlights_passages(client, agent, make_mail):
    thread = services.ingest(make_mail()).message.thread
    client.force_login(agent)
    html = client.post(
        f"/mail/{thread.number}/controle/", {"tekst": "Beste Anna,\n\nJe paspoort is klaar."}
    ).content.decode()
    assert "<mark>Beste Anna,</mark>" in html and "<mark>Je</mark>" in html
    assert 'data-testid="unanswered"' in html


def test_answer_action_refuses_unacknowledged_warnings(client, agent, make_mail):
    thread = services.ingest(make_mail()).message.thread
    client.force_login(agent)
    response = client.post(f"/mail/{thread.number}/actie/antwoord/", {"tekst": "Hoi, je paspoort."})
    assert response.status_code == 400 and "<mark>" in response.content.decode()
    thread.refresh_from_db()
    assert thread.status == "nieuw"
    client.post(f"/mail/{thread.number}/actie/antwoord/", {"tekst": "Hoi, je paspoort.", "gezien": "ja"})
    thread.refresh_from_db()
    assert thread.end_state == "beantwoord"


def test_backoffice_inbox_and_forward_page(client, agent, make_user, unit, make_mail):
    thread = services.ingest(make_mail()).message.thread
    item = services.forward(thread, user=agent, unit=unit)
    user = make_user(Role.BACKOFFICE, unit=unit)
    client.force_login(user)
    assert thread.number in client.get("/mail/backoffice/").content.decode()
    assert client.get("/mail/").status_code == 403
    assert client.get(f"/mail/{thread.number}/").url == f"/mail/doorgestuurd/{item.pk}/"
    client.post(f"/mail/doorgestuurd/{item.pk}/", {"tekst": "Het is geregeld."})
    thread.refresh_from_db()
    assert thread.status == "antwoord_backoffice"


def test_attachment_download_from_the_raw_message_and_refusal(client, agent, make_mail):
    message = message_from_bytes(make_mail(), policy=policy.default)
    message.add_attachment(b"%PDF-1.4 inhoud", maintype="application", subtype="pdf", filename="brief.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="octet-stream", filename="x.exe")
    result = services.ingest(message.as_bytes())
    pdf, exe = result.message.attachments.order_by("position")
    client.force_login(agent)
    number = result.message.thread.number
    download = client.get(f"/mail/{number}/bijlage/{pdf.pk}/")
    assert download.content == b"%PDF-1.4 inhoud" and "brief.pdf" in download["Content-Disposition"]
    assert client.get(f"/mail/{number}/bijlage/{exe.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="mail.bijlage_geopend").count() == 1


def test_redacteur_sees_no_mail(client, editor, make_mail):
    thread = services.ingest(make_mail()).message.thread
    client.force_login(editor)
    assert client.get("/mail/").status_code == 403
    assert client.get(f"/mail/{thread.number}/").status_code == 403


def test_redacteur_keeps_the_jargon_list_and_the_check_uses_it(client, editor, agent, make_mail):
    client.force_login(editor)
    client.post("/mail/jargon/", {"woord": "  beschikking ", "beter": "besluit"})
    client.post("/mail/jargon/", {"woord": ""})
    from kcc.mail.models import JargonTerm

    assert list(JargonTerm.objects.values_list("term", "suggestion")) == [("beschikking", "besluit")]
    thread = services.ingest(make_mail()).message.thread
    client.force_login(agent)
    assert client.post("/mail/jargon/", {"woord": "x"}).status_code == 403
    draft = {"tekst": "Geachte mevrouw De Vries,\n\nUw beschikking."}
    html = client.post(f"/mail/{thread.number}/controle/", draft).content.decode()
    assert "schrijf liever ‘besluit’" in html


def test_admin_stores_the_mailbox_password_encrypted(client, admin_user):
    from kcc.mail import passwords
    from kcc.mail.models import Mailbox

    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        "/beheer/mail/mailbox/add/",
        {
            "name": "info",
            "host": "imap.demodam.nl",
            "port": 993,
            "use_ssl": "on",
            "username": "info",
            "password": "s3cret",
            "folder": "INBOX",
            "after_read": "gelezen",
            "move_to": "Verwerkt",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox = Mailbox.objects.get(name="info")
    assert "s3cret" not in mailbox.password_encrypted and passwords.decrypt(mailbox.password_encrypted) == "s3cret"


def test_quarantine_page_lists_unreadable_input_with_reason(client, agent, editor):
    result = services.ingest(b"\x00\x01 geen e-mail")
    client.force_login(agent)
    html = client.get("/mail/quarantaine/").content.decode()
    assert result.message.number in html and result.message.quarantine_reason in html
    client.force_login(editor)
    assert client.get("/mail/quarantaine/").status_code == 403


def test_kennisbank_query_adds_content_words_to_a_thin_subject(client, agent, make_mail):
    thread = services.ingest(
        make_mail(subject="Vraag", body="Mijn parkeervergunning verloopt binnenkort.")
    ).message.thread
    client.force_login(agent)
    assert (
        'value="Vraag parkeervergunning verloopt binnenkort"' in client.get(f"/mail/{thread.number}/").content.decode()
    )
