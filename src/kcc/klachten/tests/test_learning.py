"""Learning from the agents: decisions and reviews become a versioned model that is used only when it is better."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kcc.core.models import AuditEntry
from kcc.klachten import learning, selectors, services
from kcc.klachten.models import RecognitionDecision, RecognitionModel, RecognitionReview
from kcc.klachten.recognition import recognise, recognise_rules
from kcc.rapportage import selectors as reports
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context

# Local jargon the rules do not know: "er een potje van maken" (making a mess of it) is a complaint here.
JARGON = [
    "dhr vindt dat team parkeren er een potje van maakt, vergunning {n}",
    "mw zegt dat belastingen er een potje van maakt met haar aanslag {n}",
    "beller: afdeling wonen maakt er een potje van, dossier {n}",
    "klant vindt dat de wijkteams er een potje van maken, zaak {n}",
]
NEUTRAL = [
    "dhr vraagt naar zijn parkeervergunning {n}, uitgelegd",
    "mw vraagt uitleg over haar aanslag {n}, uitgelegd",
    "beller wil weten hoe het met dossier {n} staat, status gegeven",
    "klant vraagt wanneer de wijkteams langskomen, zaak {n}",
]
LEARNED = "dhr vindt dat team parkeren er een potje van maakt, vergunning 2"


@pytest.fixture
def jargon_decisions(make_complaint, agent):
    """Complaints registered from contacts that had no prompt (misses) and prompts the agents declined."""
    for n in range(6):
        for index, template in enumerate(JARGON):
            make_complaint(description=template.format(n=n), origin_type="contacten.contactmoment",
                           origin_id=f"j{n}-{index}")  # fmt: skip
        for index, template in enumerate(NEUTRAL):
            services.record_recognition_choice(
                origin_type="contacten.contactmoment", origin_id=f"n{n}-{index}", choice="afgewezen",
                text=template.format(n=n), actor=agent,
            )  # fmt: skip


def test_decisions_and_misses_become_labelled_cases(jargon_decisions):
    cases = {case.origin_id: case for case in selectors.training_examples()}
    assert len(cases) == 48
    assert cases["j0-0"].label is True and cases["j0-0"].kind == RecognitionReview.Kind.MISSED
    assert cases["n0-0"].label is False and cases["n0-0"].kind == RecognitionReview.Kind.FALSE_ALARM


def test_training_on_decisions_changes_a_case_it_learned(jargon_decisions, learning_on):
    assert not recognise_rules(LEARNED).offer
    row = services.train_recognition_model()
    assert row.version == 1 and row.active, row.decision
    assert row.training_size + row.held_out_size == 48
    assert row.held_out["model"]["f1"] > row.held_out["regels"]["f1"]
    assert set(row.blind) >= {"klachtherkenning_blind3", "klachtherkenning_blind4"}
    result = recognise(LEARNED)
    assert result.offer and result.model_version == 1 and result.rules_offer is False
    assert any("Geleerd model (versie 1) ziet een klacht die de regels missen" in reason for reason in result.reasons)
    # A paraphrase it never saw, and the rules alone still say no.
    unseen = "mw vindt dat vergunningen er een potje van maakt"
    assert recognise(unseen).offer and not recognise(unseen, model=None).offer
    # Texts that look like nothing it learned keep the rules' outcome.
    assert recognise("Ik wil een klacht indienen over de medewerker van burgerzaken.").offer
    assert not recognise("Kunt u mij vertellen wanneer het grofvuil wordt opgehaald?").offer
    assert AuditEntry.objects.filter(action="klachtherkenning.getraind").exists()


def test_a_version_that_is_not_better_is_not_activated(
    jargon_decisions, make_complaint, agent, learning_on, monkeypatch
):
    first = services.train_recognition_model()
    # Held loosely to the base model, so that the 60 contradicting decisions below can pull it away.
    monkeypatch.setattr(learning, "L2_FROM_BASE", learning.L2)
    assert first.active
    # Agents now contradict themselves: outside the held-out part they label clear complaints "geen klacht"
    # and neutral questions "klacht"; inside it, the truth. A model learning that must lose on held-out data.
    complaint = "Ik wil een klacht indienen, de medewerker was onbeschoft en niemand belt terug {n}"
    question = "Vraag over de openingstijden van het stadhuis op zaterdag {n}"
    for n in range(60):
        key = f"x{n}"
        held = learning.is_held_out(f"contacten.contactmoment:{key}")
        text = (complaint if n % 2 else question).format(n=n)
        is_complaint = bool(n % 2)
        label = is_complaint if held else not is_complaint
        services.record_recognition_choice(
            origin_type="contacten.contactmoment", origin_id=key, choice="geaccepteerd" if label else "afgewezen",
            text=text, actor=agent,
        )  # fmt: skip
    second = services.train_recognition_model()
    assert second.version == 2 and not second.active
    assert second.decision.startswith("Niet in gebruik")
    first.refresh_from_db()
    assert first.active
    assert recognise(LEARNED).model_version == 1


def test_too_few_decisions_train_nothing(db, agent):
    services.record_recognition_choice(origin_type="contacten.contactmoment", origin_id="1", choice="afgewezen",
                                       text="vraag over paspoort", actor=agent)  # fmt: skip
    with pytest.raises(ValidationError, match="Te weinig beslissingen"):
        services.train_recognition_model()
    assert not RecognitionModel.objects.exists()


def test_the_explanation_keeps_the_rule_reasons_and_says_what_the_model_did():
    complaint = "al 3x gebeld over lantaarnpaal, nooit teruggebeld"
    rules = recognise_rules(complaint)
    assert rules.offer and rules.reasons
    saying_no = learning.LearnedModel(version=7, bias=-20.0, weights={})
    result = saying_no.combine(complaint, rules)
    assert not result.offer and result.reasons == rules.reasons
    assert any("Geleerd model (versie 7) ziet geen klacht, anders dan de regels" in item for item in result.ignored)
    saying_yes = learning.LearnedModel(version=8, bias=20.0, weights={})
    agreeing = saying_yes.combine(complaint, rules)
    assert agreeing.reasons[: len(rules.reasons)] == rules.reasons
    assert agreeing.reasons[-1].startswith("Geleerd model (versie 8) bevestigt de regels")
    # Every rule reason names its norm.
    assert all("(norm: " in reason for reason in rules.reasons)


def test_cli_train_reports_the_version_or_why_not(jargon_decisions, learning_on):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    RecognitionDecision.objects.all().delete()
    with pytest.raises(CommandError, match="Te weinig beslissingen"):
        call_command("klachtherkenning", "train")


def test_cli_train_json(jargon_decisions, learning_on, capsys):
    from django.core.management import call_command

    call_command("klachtherkenning", "train", "--json")
    output = json.loads(capsys.readouterr().out)
    assert output["version"] == 1 and output["active"] is True
    assert {"model", "regels"} <= set(output["held_out"])


def test_batch_cli_still_works_without_a_migrated_database(batch_cli):
    """Scoring a file must not need a database (a fresh checkout scores the held-out sets)."""
    (line,) = batch_cli({"a": "al 3x gebeld, nooit teruggebeld"})
    assert set(line) == {"id", "klachtsignaal", "score", "redenen"} and line["klachtsignaal"] is True


def test_review_page_lists_misses_and_false_alarms_and_records_a_relabel(
    client, coordinator, jargon_decisions, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("klachten:recognition-review")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "team parkeren er een potje van maakt" in body and "vraagt naar zijn parkeervergunning" in body
    response = client.post(url, {"origin_type": "contacten.contactmoment", "origin_id": "n0-0", "label": "klacht"})
    assert response.status_code == 302
    review = RecognitionReview.objects.get()
    assert (review.kind, review.label, review.reviewed_by) == ("onterecht", "klacht", coordinator)
    assert AuditEntry.objects.filter(action="klachtherkenning.beoordeeld").count() == 1
    relabelled = {case.origin_id: case for case in selectors.training_examples()}["n0-0"]
    assert relabelled.label is True
    # Bad input: a clear 400, nothing changed.
    origin = {"origin_type": "contacten.contactmoment"}
    bad = ({**origin, "origin_id": "n0-1", "label": "misschien"}, {**origin, "origin_id": "nee", "label": "klacht"})
    for data in bad:
        assert client.post(url, data).status_code == 400
    assert RecognitionReview.objects.count() == 1


def test_review_page_query_count_does_not_grow_with_the_cases(client, coordinator, make_complaint, agent,
                                                              django_assert_max_num_queries):  # fmt: skip
    client.force_login(coordinator)
    for n in range(30):
        make_complaint(description=f"gemiste klacht {n}", origin_type="contacten.contactmoment", origin_id=f"m{n}")
        services.record_recognition_choice(origin_type="mail.bericht", origin_id=str(n), choice="afgewezen",
                                           text=f"vraag {n}", actor=agent)  # fmt: skip
    with django_assert_max_num_queries(12):
        assert client.get(reverse("klachten:recognition-review")).status_code == 200


def test_review_page_is_for_the_coordinator_only(client, agent, db):
    client.force_login(agent)
    assert client.get(reverse("klachten:recognition-review")).status_code == 403


def test_dashboard_shows_figures_per_version(jargon_decisions, learning_on):
    services.train_recognition_model()
    today = date.today()
    report = reports.report("klachten", Context(Period(today.replace(day=1), today), today=today))
    versions = report.data["herkenning_versies"]
    assert versions[0]["versie"] == 1 and versions[0]["in_gebruik"] is True
    assert versions[0]["model_recall"] is not None and versions[0]["blind_regels_f1"] is not None
    grid = next(grid for grid in report.grids if grid.title.startswith("Klachtherkenning per modelversie"))
    assert grid.rows[0][0].value == 1


def test_the_nightly_task_trains_or_waits_for_more_decisions(db, agent):
    from kcc.klachten import tasks

    assert tasks.train_recognition_model.call_local() is None
    for n in range(12):
        services.record_recognition_choice(origin_type="mail.bericht", origin_id=f"a{n}", choice="geaccepteerd",
                                           text=f"al {n + 2}x gebeld, nooit teruggebeld", actor=agent)  # fmt: skip
        services.record_recognition_choice(origin_type="mail.bericht", origin_id=f"b{n}", choice="afgewezen",
                                           text=f"vraag over paspoort {n}", actor=agent)  # fmt: skip
    assert tasks.train_recognition_model.call_local() == 1
    assert RecognitionModel.objects.get().version == 1
