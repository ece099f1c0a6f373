"""Outbox dead letters (issue 15 item 7) against the real SMTP peer: an outage long enough to give
up, one batched alert that never loops, the beheerder's badge and an audited re-queue."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kcc.core import outbox
from kcc.core.models import AuditEntry, OutboxMessage
from kcc.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _retry_until_settled() -> None:
    """Let every retry come due at once (the back-off in time is not what is tested here)."""
    for _ in range(outbox.MAX_ATTEMPTS + 1):
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).update(next_attempt_at=timezone.now())
        outbox.deliver_pending()


@pytest.fixture
def beheerder(make_user):
    return make_user(Role.ADMIN, username="beheer", email="beheer@demodam.nl", is_staff=True)


def test_an_outage_gives_up_alerts_once_and_a_requeue_delivers_after_recovery(
    smtp_settings, settings, beheerder, agent, client
):
    settings.KCC_OUTBOX_ALERT_EMAIL = "applicatiebeheer@demodam.nl"
    smtp_settings.stop()  # the mail server is down
    with transaction.atomic():
        for n in range(3):
            outbox.enqueue_email(key=f"dood-{n}", to=[f"inwoner{n}@example.org"], subject=f"Bericht {n}", body="B")
    _retry_until_settled()
    dead = list(outbox.dead_letters())
    assert [m.status for m in dead] == ["failed"] * 3
    assert all(m.attempts == outbox.MAX_ATTEMPTS and m.failed_at and m.last_error for m in dead)

    alert = outbox.alert_dead_letters()
    assert alert is not None and alert.to == ["applicatiebeheer@demodam.nl"]
    assert "3 e-mail(s) niet verstuurd" in alert.subject
    assert all(f"Bericht {n}" in alert.body for n in range(3))
    assert outbox.alert_dead_letters() is None  # batched: the three are reported once

    # The alert cannot be delivered either; once it is given up it is never reported itself.
    settings.KCC_OUTBOX_ALERT_INTERVAL_MINUTES = "0"
    _retry_until_settled()
    assert OutboxMessage.objects.get(pk=alert.pk).status == OutboxMessage.Status.FAILED
    assert outbox.alert_dead_letters() is None
    assert OutboxMessage.objects.filter(key__startswith=outbox.ALERT_KEY_PREFIX).count() == 1

    client.force_login(beheerder)
    home = client.get("/").content.decode()
    assert "Mislukte e-mail" in home and "status__exact=failed" in home
    client.force_login(agent)
    assert "Mislukte e-mail" not in client.get("/").content.decode()
    with pytest.raises(PermissionDenied):
        outbox.requeue(dead[0], user=agent)

    smtp_settings.start()  # the mail server is back
    client.force_login(beheerder)
    listed = client.get("/beheer/core/outboxmessage/?status__exact=failed")
    assert listed.status_code == 200 and "Bericht 0" in listed.content.decode()
    response = client.post(
        "/beheer/core/outboxmessage/",
        {"action": "requeue_selected", "_selected_action": [m.pk for m in dead]},
    )
    assert response.status_code == 302
    assert sorted(m["Subject"] for m in smtp_settings.messages) == ["Bericht 0", "Bericht 1", "Bericht 2"]
    assert set(OutboxMessage.objects.filter(key__startswith="dood-").values_list("status", flat=True)) == {"sent"}
    assert AuditEntry.objects.filter(action="outbox.opnieuw_verzenden", actor=beheerder).count() == 3
    assert "Mislukte e-mail" in client.get("/").content.decode()  # the undelivered alert is still listed


def test_no_alert_without_a_recipient_and_none_for_nothing(settings):
    assert outbox.alert_dead_letters() is None
    with transaction.atomic():
        outbox.enqueue_email(key="x", to=["a@example.org"], subject="S", body="B")
    OutboxMessage.objects.update(status=OutboxMessage.Status.FAILED, failed_at=timezone.now())
    assert outbox.alert_dead_letters() is None  # no KCC_OUTBOX_ALERT_EMAIL and no beheerder with an address
