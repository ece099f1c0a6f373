"""``kcc telefonie simuleer`` against a live server: real HTTP, the events API and what it builds."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kcc.contacten.models import Contactmoment, TransferAttempt
from kcc.core.roles import Role
from kcc.medewerkers.models import Person
from kcc.telefonie.models import Call, CallEvent, PhoneSystem

pytestmark = pytest.mark.django_db(transaction=True)


def test_simuleer_drives_calls_through_the_api(live_server, agent, make_user):
    make_user(Role.AGENT, username="anna")
    Person.objects.create(name="Bram Jansen", email="bram@demodam.nl", phone_internal="4321")
    out = StringIO()
    call_command(
        "telefonie", "simuleer", "--url", live_server.url, "--gesprekken", "4", "--tempo", "0", "--seed", "7",
        stdout=out,
    )  # fmt: skip
    assert "4 gesprekken gesimuleerd" in out.getvalue()
    assert PhoneSystem.objects.get().name.startswith("Simulatie ")
    calls = list(Call.objects.order_by("call_id"))
    assert len(calls) == 4
    assert all(call.arrived_at and call.ended_at for call in calls)
    answered = [call for call in calls if call.contact_id]
    assert len(answered) == 3  # the fourth caller hangs up in the queue
    assert {call.agent.username for call in answered} == {"anna", "kim"}
    assert Contactmoment.objects.filter(channel="telefoon").count() == 3
    assert CallEvent.objects.filter(kind="doorverbonden").count() == TransferAttempt.objects.count() == 1
    assert all(call.waiting_seconds >= 8 for call in calls)


def test_simuleer_with_a_given_token_and_agent(live_server, agent):
    out = StringIO()
    call_command("telefonie", "token", "create", "Centrale", stdout=out)
    token = out.getvalue().splitlines()[-1]
    call_command(
        "telefonie", "simuleer", "--url", live_server.url, "--token", token, "--medewerker", "kim",
        "--gesprekken", "1", "--tempo", "0", stdout=StringIO(),
    )  # fmt: skip
    assert PhoneSystem.objects.count() == 1
    assert Call.objects.get().agent == agent


def test_simuleer_says_what_is_wrong(live_server, agent):
    with pytest.raises(CommandError, match="Onbekende medewerker: niemand"):
        call_command("telefonie", "simuleer", "--url", live_server.url, "--medewerker", "niemand")
    with pytest.raises(CommandError, match="401"):
        call_command("telefonie", "simuleer", "--url", live_server.url, "--token", "fout", "--tempo", "0")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(CommandError, match="Geen KCC bereikbaar"):
        call_command("telefonie", "simuleer", "--url", f"http://127.0.0.1:{closed_port}", "--tempo", "0")
    assert Call.objects.count() == 0
