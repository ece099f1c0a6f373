"""Callback e-mail goes through the outbox: an SMTP outage delays it, never loses or doubles it."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from kcc.contacten import services
from kcc.core.models import OutboxMessage
from kcc.core.outbox import deliver_pending

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # released again: nothing listens there


def test_a_callback_mail_survives_an_smtp_outage_and_is_delivered_once(settings, smtp_server, agent, wi):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    callback = services.create_callback(
        contact=None,
        created_by=agent,
        unit=wi,
        question_text="Bijstand",
        callback_phone="0612345678",
        reason="kennis_nodig",
    )
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1) and message.last_error
    assert smtp_server.messages == []

    settings.EMAIL_PORT = smtp_server.port  # the mail server is back
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "wi@demodam.nl" and f"terugbelverzoek {callback.pk}" in received["Subject"]
    assert "klacht" in received.get_payload()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 2)
