import pytest
from django.db import transaction

from kcc.core.models import OutboxMessage
from kcc.core.outbox import deliver_pending, enqueue_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_of_a_rolled_back_change_never_exists(smtp_settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_email(key="rollback", to=["a@example.org"], subject="Onderwerp", body="Tekst")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert smtp_settings.messages == []


def test_a_committed_message_reaches_the_smtp_peer_once_with_the_complaint_reference(smtp_settings):
    with transaction.atomic():
        enqueue_email(key="event-1", to=["inwoner@example.org"], subject="Uw melding", body="Wij hebben uw melding.")
        enqueue_email(key="event-1", to=["inwoner@example.org"], subject="Uw melding", body="Wij hebben uw melding.")
    # Delivered by the on-commit wake-up (Huey runs inline in tests); running again sends nothing.
    assert deliver_pending() == 0
    assert len(smtp_settings.messages) == 1
    received = smtp_settings.messages[0]
    assert received["Subject"] == "Uw melding"
    assert received["To"] == "inwoner@example.org"
    assert "klacht indienen" in received.get_payload()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1


def test_an_unreachable_mail_server_means_retry_later_not_loss(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    with transaction.atomic():
        enqueue_email(key="event-2", to=["x@example.org"], subject="S", body="B")
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1 and message.last_error
    assert message.next_attempt_at is not None


def test_attachments_sender_and_copy_reach_the_smtp_peer_as_queued(smtp_settings):
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with transaction.atomic():
        enqueue_email(
            key="event-3",
            to=["inwoner@example.org"],
            cc=["kcc@gemeente.example"],
            from_email="Gemeente <afspraken@gemeente.example>",
            subject="Uw afspraak",
            body="U heeft een afspraak.",
            attachments=[
                ("afspraak.ics", calendar, "text/calendar"),
                ("scan.bin", b"\x00\xff", "application/octet-stream"),
            ],
        )
    received = smtp_settings.messages[0]
    assert received["From"] == "Gemeente <afspraken@gemeente.example>"
    assert received["Cc"] == "kcc@gemeente.example"
    parts = {part.get_filename(): part for part in received.walk() if part.get_filename()}
    assert parts["afspraak.ics"].get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in parts["afspraak.ics"].get_payload(decode=True).decode()
    assert parts["scan.bin"].get_payload(decode=True) == b"\x00\xff"
