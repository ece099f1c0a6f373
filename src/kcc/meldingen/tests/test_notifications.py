"""Reporter notifications per status on the chosen channel, and delivery with SMTP down and back up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kcc.core.calendar import today
from kcc.core.models import OutboxMessage, Task
from kcc.core.outbox import deliver_pending
from kcc.meldingen import services
from kcc.meldingen.models import Feedback, Melding, Status


@pytest.mark.parametrize(
    ("resolution", "kwargs", "expected"),
    [
        (Status.SOLVED, {"text": "De tegel ligt weer vast."}, "Uw melding is opgelost."),
        (
            Status.UNSOLVABLE,
            {"text": "De stoep is van een woningcorporatie."},
            "Wij kunnen uw melding helaas niet afhandelen. De reden is: De stoep is van een woningcorporatie.",
        ),
        (
            Status.PLANNED,
            {"planned_date": "future"},
            "Wij kunnen uw melding niet meteen oplossen, maar we hebben het werk ingepland.",
        ),
    ],
)
def test_each_status_change_is_mailed_in_plain_dutch(
    make_intake, email_reporter, kcc_agent, backoffice, resolution, kwargs, expected
):
    if kwargs.get("planned_date") == "future":
        kwargs = {"planned_date": today() + timedelta(days=30)}
    melding = services.create_melding(make_intake(reporter=email_reporter)).melding
    services.route_melding(melding, actor=kcc_agent)
    services.start_melding(melding, actor=backoffice)
    services.close_melding(melding, actor=backoffice, resolution=resolution, **kwargs)
    messages = list(OutboxMessage.objects.filter(key__startswith="meldingen:event:").order_by("id"))
    assert len(messages) == 3
    assert "doorgestuurd naar Wegen" in messages[0].body
    assert "De afdeling is met uw melding bezig." in messages[1].body
    assert expected in messages[2].body
    assert messages[2].subject.startswith(f"Melding {melding.number}: ")
    assert all(m.to == ["melder@example.nl"] for m in messages)
    assert all("klacht" in m.body for m in messages)


def test_cancel_and_reopen_are_told_too(make_intake, email_reporter, kcc_agent):
    melding = services.create_melding(make_intake(reporter=email_reporter)).melding
    services.cancel_melding(melding, actor=kcc_agent, text="Het was een ander probleem.")
    services.reopen_melding(melding, actor=kcc_agent, text="Toch nodig.")
    bodies = list(
        OutboxMessage.objects.filter(key__startswith="meldingen:event:").order_by("id").values_list("body", flat=True)
    )
    assert "Wij hebben uw melding gesloten" in bodies[0] and "Het was een ander probleem." in bodies[0]
    assert "Wij hebben uw melding opnieuw geopend" in bodies[1]


def test_phone_feedback_becomes_a_task_for_the_unit(make_intake, kcc_agent, backoffice):
    reporter = services.Reporter(phone="06 1234 5678", feedback=Feedback.PHONE)
    melding = services.create_melding(make_intake(reporter=reporter)).melding
    services.route_melding(melding, actor=kcc_agent)
    task = Task.objects.get(subject_type="meldingen.melding", subject_id=str(melding.pk))
    assert task.unit.code == "wegen" and task.kind == "melding_terugkoppeling"
    assert "0612345678" in task.description and "doorgestuurd naar Wegen" in task.description
    assert OutboxMessage.objects.filter(key__startswith="meldingen:event:").count() == 0


def test_no_feedback_means_no_message_and_no_task(make_intake, kcc_agent):
    melding = services.create_melding(make_intake()).melding
    services.route_melding(melding, actor=kcc_agent)
    assert not OutboxMessage.objects.exists() and not Task.objects.exists()


def test_followers_are_told_as_well(make_intake, email_reporter, kcc_agent):
    melding = services.create_melding(make_intake(reporter=email_reporter)).melding
    services.add_to_existing(
        melding, intake=make_intake(reporter=services.Reporter(email="buur@example.nl", feedback=Feedback.EMAIL))
    )
    services.route_melding(melding, actor=kcc_agent)
    recipients = sorted(m.to[0] for m in OutboxMessage.objects.filter(key__startswith="meldingen:event:"))
    assert recipients == ["buur@example.nl", "melder@example.nl"]


def test_notifications_survive_smtp_down_and_arrive_when_it_is_back(
    make_intake, email_reporter, kcc_agent, smtp_settings, settings
):
    smtp = smtp_settings
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens: SMTP is down
    settings.EMAIL_TIMEOUT = 2
    melding = services.create_melding(make_intake(reporter=email_reporter)).melding
    services.route_melding(melding, actor=kcc_agent)
    assert deliver_pending() == 0
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    assert pending.count() == 2 and all("Connection refused" in m.last_error for m in pending)
    assert smtp.messages == []
    assert Melding.objects.get(pk=melding.pk).status == Status.ROUTED  # the change itself stands

    settings.EMAIL_PORT = real_port  # back up; the retry time comes
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert deliver_pending() == 2
    assert deliver_pending() == 0  # never twice
    subjects = sorted(message["Subject"] for message in smtp.messages)
    assert subjects == sorted(
        [f"Uw melding {melding.number} is ontvangen", f"Melding {melding.number}: doorgestuurd naar de afdeling"]
    )
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 2
