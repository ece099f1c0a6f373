"""The shipped base model: it matches the training code, is used when no version is active, and explains itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kcc.klachten import learning
from kcc.klachten.norms import Norm
from kcc.klachten.recognition import recognise, recognise_rules, stem

DATA = Path(__file__).resolve().parents[4] / "bench" / "data"


@pytest.fixture(scope="module")
def payload() -> dict:
    return json.loads(learning.BASE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base() -> learning.LearnedModel:
    model = learning.base_model()
    assert model is not None, "src/kcc/klachten/data/basismodel.json ontbreekt"
    return model


def test_the_shipped_file_is_what_the_training_code_makes_of_the_committed_data(payload, base):
    # Exactly the sets it names, so a set added to bench/data later does not count here.
    sets = {name: rows for name, rows in learning.labelled_sets(DATA).items() if name in payload["trainingsteksten"]}
    assert {name: len(rows) for name, rows in sets.items()} == payload["trainingsteksten"]
    rebuilt = learning.build_base_model(sets)
    assert rebuilt.threshold == base.threshold
    assert rebuilt.bias == base.bias
    assert rebuilt.weights == base.weights
    assert rebuilt.norms == base.norms


def test_the_file_carries_its_date_sizes_and_leave_one_set_out_figures(payload):
    assert payload["gemaakt_op"] and sum(payload["trainingsteksten"].values()) > 900
    figures = payload["cijfers_leave_one_set_out"]
    assert set(figures["per_set"]) == set(payload["trainingsteksten"])
    pooled = figures["samen"]["model"]
    assert pooled["n"] == sum(payload["trainingsteksten"].values())
    low, high = pooled["recall_interval"]
    assert low <= pooled["recall"] <= high


def test_retraining_starts_from_the_base_model(base):
    untouched = learning.train([], version=1)
    assert untouched.weights == base.weights and untouched.bias == base.bias
    assert untouched.threshold == base.threshold and untouched.version == 1


def test_the_base_model_is_used_when_no_version_is_active(db, learning_on, base):
    text = "al 3x gebeld over de lantaarnpaal, nooit teruggebeld"
    result = recognise(text)
    assert result.model_version == learning.BASE_VERSION
    assert result.offer == base.offers(base.probability(text, recognise_rules(text)))
    assert any(reason.startswith("Geleerd model (basismodel)") for reason in result.reasons + result.ignored)


def test_learning_switched_off_means_the_rules_alone(settings):
    settings.KCC_KLACHTHERKENNING_LEREN = False
    learning.forget_active_model()
    assert recognise("al 3x gebeld, nooit teruggebeld").model_version is None


def test_an_offer_the_rules_did_not_make_names_a_norm_and_quotes_words(base):
    """On every labelled text where the base model offers and the rules do not."""
    rows = [row for rows in learning.labelled_sets(DATA).values() for row in rows]
    extra = []
    for text, _ in rows:
        rules = recognise_rules(text)
        result = base.combine(text, rules)
        if result.offer and not rules.offer:
            extra.append(result.reasons[-1])
    assert extra, "the base model adds nothing to the rules"
    for line in extra:
        assert line.startswith("Geleerd model (basismodel) ziet een klacht die de regels missen (norm: ")
        assert "‘" in line


def test_the_norm_comes_from_a_weak_rule_signal_else_from_the_heaviest_words():
    weak = "hoe lang duurt het nog voordat mijn aanvraag klaar is"
    rules = recognise_rules(weak)
    assert rules.signals and not rules.offer
    eager = learning.LearnedModel(version=5, bias=5.0, weights={})
    result = eager.combine(weak, rules)
    assert result.offer and f"(norm: {rules.signals[0].norm.label})" in result.reasons[-1]

    jargon = "afdeling wonen maakt er een potje van"
    assert not recognise_rules(jargon).signals
    knows = learning.LearnedModel(
        version=6, bias=-1.0, weights={learning._bucket(f"w:{stem('potje')}"): 30.0},
        norms={stem("potje"): Norm.PROFESSIONALISM.name},
    )  # fmt: skip
    result = knows.combine(jargon, recognise_rules(jargon))
    assert result.offer
    assert result.reasons[-1].startswith(
        "Geleerd model (versie 6) ziet een klacht die de regels missen (norm: Professionaliteit): ‘potje’"
    )
    unknown = learning.LearnedModel(version=7, bias=-1.0, weights=knows.weights)
    assert f"(norm: {Norm.LISTENING.label})" in unknown.combine(jargon, recognise_rules(jargon)).reasons[-1]


def test_score_puts_the_threshold_at_one_half():
    model = learning.LearnedModel(version=1, bias=0.0, weights={}, threshold=0.2)
    assert model.score(0.2) == 0.5 and model.score(0.1) == 0.25 and model.score(1.0) == 1.0


def test_the_cli_batch_makes_the_product_decision(batch_cli, base):
    """The held-out sets are scored through the CLI: it must use the base model, with the same fields."""
    texts = {
        "a": "al 3x gebeld, nooit teruggebeld",
        "b": "Kunt u mij vertellen wanneer het grofvuil wordt opgehaald?",
        "c": "mw belt voor de 3e keer over haar pasje, is nu wel boos",
        "d": "hoe lang duurt het nog voordat mijn aanvraag klaar is",
    }
    lines = batch_cli(texts)
    assert [line["id"] for line in lines] == list(texts)
    for line in lines:
        assert set(line) == {"id", "klachtsignaal", "score", "redenen"}
        expected = base.combine(texts[line["id"]], recognise_rules(texts[line["id"]]))
        assert (line["klachtsignaal"], line["score"], line["redenen"]) == (
            expected.offer,
            expected.score,
            expected.reasons,
        )


def test_the_model_sees_why_the_rules_set_words_aside():
    """What a complaint is not (a neighbour, a question) is a feature, without the quoted words."""
    text = "Ik ben zeer boos. Mijn buurman laat zijn haag zo hoog groeien. Kan de gemeente iets doen?"
    rules = recognise_rules(text)
    named = learning.feature_names(text, rules)
    assert "niet:gaat over buurman, niet over de gemeente" in named
    assert "vorm:vraag" in named
    assert not any("‘" in name for name in named)


def test_the_threshold_is_chosen_on_the_independent_writers_sets():
    """Out-of-set predictions come from the other writers' sets only; without any, from every set."""

    def prepared(names: list[str]) -> dict[str, list]:
        return {name: [learning._Prepared(label, False, {}, frozenset(), None) for label in (True, False)]
                for name in names}  # fmt: skip

    with_writers = prepared(["eval", "dev", "blind6", "blind9"])
    assert len(learning._out_of_set(with_writers, sorted(with_writers))) == 4  # blind6 and blind9, 2 texts each
    without = prepared(["eval", "dev"])
    assert len(learning._out_of_set(without, sorted(without))) == 4  # both sets
