"""Screen-pop: the answered call reaches the agent's browser through the real SSE stream."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime

import pytest

from kcc.contacten.models import Contactmoment
from kcc.core.roles import Role
from kcc.telefonie import services
from kcc.telefonie.events import Event
from kcc.telefonie.models import ScreenPop

pytestmark = pytest.mark.django_db(transaction=True)

RECORD = """() => {
  window.pops = [];
  document.addEventListener("kcc:screenpop", (event) => {
    window.pops.push({detail: event.detail, prevented: event.defaultPrevented});
    document.documentElement.dataset.pops = String(window.pops.length);
  });
}"""


def send(base_url: str, token: str, call_id: str, kind: str, **fields) -> dict:
    body = {"gesprek_id": call_id, "gebeurtenis": kind, "tijdstip": "2026-12-07T09:00:10+01:00", **fields}
    request = urllib.request.Request(
        f"{base_url}/api/v1/telefonie/gebeurtenissen/",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_an_answered_call_pops_up_in_the_agents_browser(page, login, live_server, agent, make_user, system_token):
    colleague = make_user(Role.AGENT, username="anna")
    login(agent)
    page.goto("/")
    page.wait_for_selector("html[data-screenpop=verbonden]", state="attached")
    page.evaluate(RECORD)
    token = system_token[1]
    send(live_server.url, token, "c0", "aangenomen", medewerker=colleague.username, van="0201234567")
    answer = send(live_server.url, token, "c1", "aangenomen", medewerker="kim", van="0612345678", lijn="Algemeen")
    contact_id = answer["contactmoment"]
    page.wait_for_selector("html[data-pops]", state="attached")  # no wait_for_function: the CSP forbids eval
    pops = page.evaluate("window.pops")
    # The colleague's call came first; had it reached this browser, it would be first here.
    assert [pop["detail"] for pop in pops] == [{"contact_id": contact_id, "url": f"/contacten/{contact_id}/"}]
    notice = page.get_by_role("link", name="Gesprek aangenomen: open het contact")
    if pops[0]["prevented"]:
        assert notice.count() == 0  # the cockpit took it
    else:
        notice.click()
        page.wait_for_url(f"**/contacten/{contact_id}/")
        panel = page.get_by_role("region", name="Gesprek (telefooncentrale)")
        assert "Algemeen" in panel.inner_text()
        assert Contactmoment.objects.get(pk=contact_id).phone == "0612345678"


def test_the_stream_sends_the_screenpop_event_and_resumes_after_the_last_id(client, agent, system_token):
    other = Contactmoment.objects.create(channel="telefoon", started_at="2026-12-07T08:00:00Z", agent=agent)
    seen = ScreenPop.objects.create(user=agent, contact=other)
    answered = datetime.fromisoformat("2026-12-07T09:00:10+01:00")
    services.record_event(system_token[0], Event("c1", "aangenomen", answered, agent=agent))
    contact = Contactmoment.objects.exclude(pk=other.pk).get()
    client.force_login(agent)
    response = client.get("/telefonie/stroom/", headers={"Last-Event-ID": str(seen.pk)})
    assert response["Content-Type"] == "text/event-stream"
    chunks = iter(response.streaming_content)
    assert next(chunks).decode().startswith("retry: 1000\n")
    pop = ScreenPop.objects.get(contact=contact)
    data = json.dumps({"contact_id": contact.pk, "url": f"/contacten/{contact.pk}/"})
    expected = f"id: {pop.pk}\nevent: screenpop\ndata: {data}\n\n"
    assert next(chunks).decode() == expected
    response.close()


def test_a_stream_ends_by_naming_its_last_screenpop_and_the_next_one_resumes_there(client, agent, monkeypatch):
    from kcc.telefonie import stream

    monkeypatch.setattr(stream, "STREAM_SECONDS", 0.01)  # one look, then the hand-over this test is about
    monkeypatch.setattr(stream, "POLL_SECONDS", 0)
    contact = Contactmoment.objects.create(channel="telefoon", started_at="2026-12-07T08:00:00Z", agent=agent)
    first = ScreenPop.objects.create(user=agent, contact=contact)
    client.force_login(agent)
    ended = b"".join(client.get("/telefonie/stroom/").streaming_content).decode()
    assert ended.endswith(f"event: einde\ndata: {first.pk}\n\n")
    second = ScreenPop.objects.create(user=agent, contact=contact)  # answered during the hand-over
    resumed = b"".join(client.get(f"/telefonie/stroom/?na={first.pk}").streaming_content).decode()
    assert f"id: {second.pk}\nevent: screenpop" in resumed and f"id: {first.pk}\n" not in resumed


def refusal(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "text/event-stream"
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("event: afgemeld\ndata: ") and "screenpop" not in body
    return json.loads(body.split("data: ", 1)[1])


def test_only_agents_get_screenpops(client, make_user, agent):
    contact = Contactmoment.objects.create(channel="telefoon", started_at="2026-12-07T08:00:00Z", agent=agent)
    editor = make_user(Role.EDITOR)
    ScreenPop.objects.create(user=editor, contact=contact)
    client.force_login(editor)
    assert refusal(client.get("/telefonie/stroom/?na=0")) == "Alleen KCC-medewerkers krijgen gesprekken binnen."


def test_a_stream_after_the_session_ended_says_so_as_an_event_stream_not_a_login_page(client):
    # An EventSource that gets HTML (the log-in redirect) aborts for good and logs a console error.
    assert refusal(client.get("/telefonie/stroom/")).startswith("U bent afgemeld.")


def test_the_script_is_only_on_an_agents_pages(client, agent, make_user):
    client.force_login(agent)
    assert "telefonie/screenpop.js" in client.get("/").content.decode()
    client.force_login(make_user(Role.EDITOR))
    assert "telefonie/screenpop.js" not in client.get("/").content.decode()
