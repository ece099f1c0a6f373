"""Search terms learned from the agents: minimum of agents, decay, veto, the page and the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kcc.contacten import services as contact_services
from kcc.contacten.models import QuestionItem
from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.kennisbank import services
from kcc.kennisbank.models import LearnedTerm, SearchLog
from kcc.kennisbank.search import search_vacs
from kcc.kennisbank.tests.factories import make_vac

pytestmark = pytest.mark.django_db


def searched(user, query: str, vac, *, days_ago: float = 1, channel=SearchLog.Channel.AGENT) -> SearchLog:
    log = SearchLog.objects.create(
        user=user, channel=channel, query=query, normalised_query=query.lower(), opened_vac=vac
    )
    moment = timezone.now() - timedelta(days=days_ago)
    SearchLog.objects.filter(pk=log.pk).update(created_at=moment, opened_at=moment)
    log.refresh_from_db()
    return log


def found(query: str) -> list[int]:
    return [result.vac.pk for result in search_vacs(query, public_only=False)]


@pytest.fixture
def vac():
    return make_vac("Hoe vraag ik een paspoort aan?")


@pytest.fixture
def agents(make_user):
    return [make_user(Role.AGENT) for _ in range(4)]


def test_a_term_counts_only_once_enough_agents_used_it(vac, agents) -> None:
    for agent in agents[:2]:
        searched(agent, "stadswinkel", vac)
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    learned = LearnedTerm.objects.get(vac=vac, term="stadswinkel")
    assert (learned.agents, learned.active) == (2, False)  # weight 4 but only 2 agents
    assert found("stadswinkel") == []
    searched(agents[2], "stadswinkel", vac)
    report = services.learn_search_terms()
    assert (report.active, report.reindexed) == (1, 1)
    assert found("stadswinkel") == [vac.pk]


def test_old_searches_weigh_less_and_fade_out(vac, agents) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac, days_ago=90)  # three half-lives: 0.125 each
    services.learn_search_terms()
    learned = LearnedTerm.objects.get(term="stadswinkel")
    assert learned.weight == pytest.approx(0.375, abs=0.01)
    assert not learned.active
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    assert LearnedTerm.objects.get(term="stadswinkel").active
    assert found("stadswinkel") == [vac.pk]
    services.learn_search_terms(now=timezone.now() + timedelta(days=365))  # nobody searched it since
    assert not LearnedTerm.objects.filter(term="stadswinkel").exists()
    assert found("stadswinkel") == []


def test_a_vac_marked_used_in_the_answer_weighs_double(vac, agents) -> None:
    logs = [searched(agent, "stadswinkel", vac, days_ago=45) for agent in agents[:3]]  # 0.35 each
    services.learn_search_terms()
    assert not LearnedTerm.objects.get(term="stadswinkel").active
    for agent, log in zip(agents, logs, strict=False):
        item = contact_services.use_in_contact(
            contact_services.start_contact(agent=agent), user=agent, kind="vac", object_id=vac.pk
        )
        assert item.used_in_answer
        QuestionItem.objects.filter(pk=item.pk).update(opened_at=log.opened_at)
    services.learn_search_terms()
    learned = LearnedTerm.objects.get(term="stadswinkel")
    assert learned.weight == pytest.approx(2 * 3 * 0.5**1.5, abs=0.01)
    assert learned.active


def test_only_agent_searches_that_opened_a_vac_teach_and_known_words_are_skipped(vac, agents) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac, channel=SearchLog.Channel.PUBLIC)
        searched(agent, "hoe vraag ik een paspoort aan?", vac)
        SearchLog.objects.create(user=agent, channel="agent", query="loket", normalised_query="loket")
    services.learn_search_terms()
    assert not LearnedTerm.objects.exists()


def test_a_vetoed_term_leaves_the_index_and_is_never_learned_again(vac, agents, make_user) -> None:
    editor = make_user(Role.EDITOR)
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    learned = LearnedTerm.objects.get(term="stadswinkel")
    services.veto_learned_term(learned=learned, actor=editor)
    assert found("stadswinkel") == []
    assert AuditEntry.objects.filter(action="zoekterm_afgewezen").exists()
    searched(agents[3], "stadswinkel", vac)
    services.learn_search_terms()
    services.learn_search_terms(now=timezone.now() + timedelta(days=365))
    learned.refresh_from_db()
    assert (learned.active, learned.vetoed_by) == (False, editor)
    with pytest.raises(ValidationError):
        services.veto_learned_term(learned=learned, actor=editor)
    services.restore_learned_term(learned=learned, actor=editor)
    services.learn_search_terms()
    assert found("stadswinkel") == [vac.pk]


def test_rebuilding_the_index_keeps_the_learned_terms(vac, agents) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    call_command("zoekindex", "opbouwen", "--source", "vac")
    assert found("stadswinkel") == [vac.pk]


def test_cli_learns_and_reports(vac, agents, capsys) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    call_command("kennisbank", "zoektermen-leren")
    assert "meetellen: 1" in capsys.readouterr().out


def test_page_lists_the_terms_of_a_vac_for_redacteuren(
    client, vac, agents, make_user, django_assert_max_num_queries
) -> None:
    for index, term in enumerate(["stadswinkel", "gemeentewinkel", "balie", "loket paspoort"]):
        for agent in agents[: 3 if index % 2 == 0 else 1]:
            searched(agent, term, vac)
    services.learn_search_terms()
    LearnedTerm.objects.filter(term="balie").update(vetoed_at=timezone.now())
    client.force_login(make_user(Role.EDITOR))
    url = f"/kennisbank/vacs/{vac.pk}/zoektermen/"
    with django_assert_max_num_queries(8):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for term in ("stadswinkel", "gemeentewinkel", "balie", "loket paspoort"):
        assert term in page
    assert "Telt mee" in page and "Afgewezen door" in page and "Nog niet genoeg gebruikt" in page


@pytest.mark.parametrize(("role", "status"), [(Role.AGENT, 403), (Role.TEAMLEADER, 403), (None, 403)])
def test_only_redacteuren_see_and_veto(client, vac, agents, make_user, role, status) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    learned = LearnedTerm.objects.get()
    client.force_login(make_user(role))
    assert client.get(f"/kennisbank/vacs/{vac.pk}/zoektermen/").status_code == status
    assert client.post(f"/kennisbank/zoektermen/{learned.pk}/afwijzen/").status_code == status
    learned.refresh_from_db()
    assert learned.vetoed_at is None


def test_veto_through_the_page_and_bad_input(client, vac, agents, make_user) -> None:
    for agent in agents[:3]:
        searched(agent, "stadswinkel", vac)
    services.learn_search_terms()
    learned = LearnedTerm.objects.get()
    client.force_login(make_user(Role.EDITOR))
    response = client.post(f"/kennisbank/zoektermen/{learned.pk}/afwijzen/", follow=True)
    assert "is afgewezen" in response.content.decode()
    assert found("stadswinkel") == []
    again = client.post(f"/kennisbank/zoektermen/{learned.pk}/afwijzen/", follow=True)
    assert "is al afgewezen" in again.content.decode()
    assert client.post("/kennisbank/zoektermen/999999/afwijzen/").status_code == 404
    assert client.get(f"/kennisbank/zoektermen/{learned.pk}/afwijzen/").status_code == 405
    assert client.get("/kennisbank/vacs/999999/zoektermen/").status_code == 404
