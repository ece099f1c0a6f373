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
