"""Learning from the agents: a small model trained on their decisions, beside the rules.

Pure Python, nothing downloaded. A regularised logistic regression over hashed features of a text:

* word stems and stem bigrams of the normalised text (``zlib.crc32`` into :data:`BUCKETS` buckets, so
  the same text gives the same features in every process);
* the rule signals: one feature per category that fired, and the rules' scaled score.

The model starts *as* the rules (a prior on the rule-score weight, to which the L2 penalty pulls back);
what it learns from the decisions is where the rules are wrong in this municipality: its jargon, its
recurring false alarms. A few decisions cannot overturn the rules on texts that look like nothing learned.

**Combination rule** (documented in docs/klachten.md): when a version is active the model decides
(offer when its probability ≥ 0.5); the explanation keeps every rule reason and adds one line saying
what the model did. A version is activated only when, on the held-out part of the decisions, its F1 is
higher than the rules' F1 on the same texts, and on the shipped blind sets its pooled F1 is not more than
:data:`BLIND_TOLERANCE` lower than the rules' (so it cannot trade the general case for the local one).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kcc.klachten.recognition import Category, Recognition, normalise, recognise_rules, stem

if TYPE_CHECKING:
    from kcc.klachten.models import RecognitionModel

BUCKETS = 1 << 18
HELD_OUT_SHARE = 3  # of 10: the part of the decisions never trained on
L2 = 1e-2
EPOCHS = 40
LEARNING_RATE = 0.5
# The prior: logit = 4 * (rule score / threshold - 1), so 0.5 at the threshold, 0.02 with no signal at all.
PRIOR_RULE_WEIGHT = 4.0
PRIOR_BIAS = -4.0
# How much lower the pooled blind-set F1 may be: one or two of the ~360 texts, the noise of a retraining.
BLIND_TOLERANCE = 0.01
_RULE_SCORE = "regels:score"


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode()) % BUCKETS


def feature_names(text: str, rules: Recognition) -> dict[str, float]:
    """The named features of a text: stems, stem bigrams and the rule signals (value 1, score 0..1)."""
    words = [word for word in _words(text) if len(word) > 1]
    stems = [stem(word) for word in words]
    named: dict[str, float] = {}
    scale = 1 / math.sqrt(max(1, len(stems)))
    for first, second in itertools.pairwise(stems):
        named[f"w2:{first} {second}"] = scale
    for item in stems:
        named[f"w:{item}"] = scale
    for signal in rules.signals:
        named[f"regel:{signal.category.name}"] = 1.0
    named[_RULE_SCORE] = rules.score * 2  # 1.0 at the threshold
    return named


def _words(text: str) -> list[str]:
    return [
        "".join(char for char in token if char.isalnum())
        for token in normalise(text or "").split()
        if any(char.isalnum() for char in token)
    ]


def _hashed(named: dict[str, float]) -> dict[int, float]:
    features: dict[int, float] = {}
    for name, value in named.items():
        index = _bucket(name)
        features[index] = features.get(index, 0.0) + value
    return features


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


@dataclass
class LearnedModel:
    """A trained version: bias and sparse weights over the hashed buckets."""

    version: int
    bias: float
    weights: dict[int, float]

    def probability(self, text: str, rules: Recognition) -> float:
        features = _hashed(feature_names(text, rules))
        return _sigmoid(self.bias + sum(self.weights.get(index, 0.0) * value for index, value in features.items()))

    def contributions(self, text: str, rules: Recognition, limit: int = 3) -> list[tuple[str, float]]:
        """The named features that pushed the probability most, strongest first (for the explanation)."""
        named = feature_names(text, rules)
        scored = [(name, self.weights.get(_bucket(name), 0.0) * value) for name, value in named.items()]
        return sorted((item for item in scored if abs(item[1]) > 1e-6), key=lambda item: -abs(item[1]))[:limit]

    def combine(self, text: str, rules: Recognition) -> Recognition:
        """The model decides; the rule reasons stay, and one line says what the model did."""
        probability = self.probability(text, rules)
        offer = probability >= 0.5
        top = ", ".join(_describe(name) for name, _ in self.contributions(text, rules))
        if offer == rules.offer:
            verdict = "bevestigt de regels"
        elif offer:
            verdict = "ziet een klacht die de regels missen"
        else:
            verdict = "ziet geen klacht, anders dan de regels"
        line = f"Geleerd model (versie {self.version}) {verdict}: kans {probability:.2f}" + (
            f" (woog mee: {top})" if top else ""
        )
        reasons = [*rules.reasons, line] if offer else rules.reasons
        ignored = rules.ignored if offer else [*rules.ignored, line]
        return Recognition(
            offer=offer,
            score=round(probability, 2),
            reasons=reasons,
            ignored=ignored,
            signals=rules.signals,
            rules_offer=rules.offer,
            model_version=self.version,
            model_probability=round(probability, 4),
        )


def _describe(name: str) -> str:
    kind, _, value = name.partition(":")
    if kind == "regel":
        return f"regel ‘{Category[value].label}’"
    if name == _RULE_SCORE:
        return "score van de regels"
    return f"‘{value}’"


def train(examples: list[tuple[str, bool]], *, version: int = 0, seed: int = 17) -> LearnedModel:
    """Fit the logistic regression by stochastic gradient descent with L2 (deterministic for a seed)."""
    rows = [(_hashed(feature_names(text, recognise_rules(text))), 1.0 if label else 0.0) for text, label in examples]
    prior = _prior()
    weights = dict(prior)
    bias = PRIOR_BIAS
    order = list(range(len(rows)))
    rng = random.Random(seed)
    step = 0
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for position in order:
            features, label = rows[position]
            step += 1
            rate = LEARNING_RATE / math.sqrt(step / max(1, len(rows)))
            prediction = _sigmoid(bias + sum(weights.get(index, 0.0) * value for index, value in features.items()))
            error = prediction - label
            bias -= rate * (error + L2 * (bias - PRIOR_BIAS))
            for index, value in features.items():
                current = weights.get(index, 0.0)
                weights[index] = current - rate * (error * value + L2 * (current - prior.get(index, 0.0)))
    return LearnedModel(
        version=version, bias=bias, weights={k: round(v, 6) for k, v in weights.items() if abs(v) > 1e-6}
    )


def _prior() -> dict[int, float]:
    """Before any decision the model *is* the rules: probability 0.5 exactly at the rules' threshold."""
    return {_bucket(_RULE_SCORE): PRIOR_RULE_WEIGHT}


def is_held_out(key: str) -> bool:
    """A stable split by the decision's origin, so a text never moves between training and held-out."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 10 < HELD_OUT_SHARE


@dataclass(frozen=True)
class Figures:
    n: int
    tp: int
    fp: int
    fn: int

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.n + other.n, self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict:
        return {
            "n": self.n, "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "precision_interval": [round(x, 4) for x in wilson(self.tp, self.tp + self.fp)],
            "recall_interval": [round(x, 4) for x in wilson(self.tp, self.tp + self.fn)],
        }  # fmt: skip


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a proportion; (0, 1) when there is nothing to count."""
    if total == 0:
        return (0.0, 1.0)
    share = successes / total
    denominator = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / denominator
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def score(examples: list[tuple[str, bool]], model: LearnedModel | None) -> dict[str, Figures]:
    """Precision/recall of the rules ("regels") and, given a version, of that version ("model")."""
    counts = {"regels": [0, 0, 0], "model": [0, 0, 0]}
    for text, label in examples:
        rules = recognise_rules(text)
        predictions = {"regels": rules.offer}
        if model is not None:
            predictions["model"] = model.probability(text, rules) >= 0.5
        for name, predicted in predictions.items():
            counts[name][0] += predicted and label
            counts[name][1] += predicted and not label
            counts[name][2] += label and not predicted
    names = ("regels", "model") if model is not None else ("regels",)
    return {name: Figures(len(examples), *counts[name]) for name in names}


# --- The active version, cached per process ------------------------------------------------------

_CACHE_SECONDS = 60.0
_cache: dict[str, object] = {}


def forget_active_model() -> None:
    """Drop this process's cached version (after an activation, and between tests)."""
    _cache.clear()


def active_model() -> LearnedModel | None:
    """The active learned version, if any and if learning is switched on; re-read at most once a minute."""
    from django.conf import settings

    if not getattr(settings, "KCC_KLACHTHERKENNING_LEREN", True):
        return None
    now = time.monotonic()
    if _cache and now - float(_cache["at"]) < _CACHE_SECONDS:
        return _cache["model"]  # type: ignore[return-value]
    from django.db import DatabaseError, transaction

    from kcc.klachten.models import RecognitionModel

    try:
        with transaction.atomic():
            row = RecognitionModel.objects.filter(active=True).only("version", "bias", "weights").first()
    except DatabaseError:
        row = None  # not migrated yet (e.g. scoring a file on a fresh checkout): the rules alone
    model = from_row(row) if row else None
    _cache.update(at=now, model=model)
    return model


def from_row(row: RecognitionModel) -> LearnedModel:
    return LearnedModel(version=row.version, bias=row.bias, weights={int(k): v for k, v in row.weights.items()})


# --- Shipped blind sets -----------------------------------------------------------------------------


def blind_sets() -> dict[str, list[tuple[str, bool]]]:
    """The blind sets shipped with the source (``bench/data/klachtherkenning_blind*.jsonl``), by file name.

    ``settings.KCC_KLACHTHERKENNING_BLINDE_SETS`` may name other files; an installation without them
    stores no blind figures (and then activation rests on the held-out decisions alone).
    """
    from django.conf import settings

    paths = getattr(settings, "KCC_KLACHTHERKENNING_BLINDE_SETS", None)
    if paths is None:
        paths = sorted((Path(settings.BASE_DIR).parents[1] / "bench" / "data").glob("klachtherkenning_blind*.jsonl"))
    sets = {}
    for path in map(Path, paths):
        if path.exists():
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            sets[path.stem] = [(row["tekst"], bool(row["klacht"])) for row in rows]
    return sets


@dataclass(frozen=True)
class Evaluation:
    """A trained version with its figures and whether it beats the rules."""

    model: LearnedModel
    training_size: int
    held_out: dict[str, Figures]  # "model" and "regels" on the held-out decisions
    blind: dict[str, dict[str, Figures]]  # per blind set: "model" and "regels"
    better: bool
    why: str


def evaluate(
    examples: list[tuple[str, str, bool]],
    *,
    version: int,
    blind_rows: dict[str, list[tuple[str, bool]]] | None = None,
) -> Evaluation:
    """Train on the decisions outside the held-out part, score both parts, decide on activation.

    ``examples`` are (key, text, label); the key (the origin) decides the split. ``blind_rows`` defaults
    to :func:`blind_sets`.
    """
    training = [(text, label) for key, text, label in examples if not is_held_out(key)]
    held = [(text, label) for key, text, label in examples if is_held_out(key)]
    model = train(training, version=version)
    held_out = score(held, model)
    rows_by_set = blind_sets() if blind_rows is None else blind_rows
    blind = {name: score(rows, model) for name, rows in rows_by_set.items()}
    pooled_model = sum((figures["model"] for figures in blind.values()), Figures(0, 0, 0, 0))
    pooled_rules = sum((figures["regels"] for figures in blind.values()), Figures(0, 0, 0, 0))
    if held_out["model"].f1 <= held_out["regels"].f1:
        better, why = (
            False,
            (
                f"Niet in gebruik: op de achtergehouden beslissingen F1 {held_out['model'].f1:.3f}, "
                f"niet beter dan de regels ({held_out['regels'].f1:.3f})."
            ),
        )
    elif blind and pooled_model.f1 < pooled_rules.f1 - BLIND_TOLERANCE:
        better, why = (
            False,
            (
                f"Niet in gebruik: beter op de beslissingen, maar op de blinde sets F1 {pooled_model.f1:.3f} "
                f"tegen {pooled_rules.f1:.3f} voor de regels."
            ),
        )
    else:
        better, why = (
            True,
            (
                f"In gebruik: op de achtergehouden beslissingen F1 {held_out['model'].f1:.3f} "
                f"tegen {held_out['regels'].f1:.3f} voor de regels"
                + (f"; blinde sets F1 {pooled_model.f1:.3f} tegen {pooled_rules.f1:.3f}." if blind else ".")
            ),
        )
    return Evaluation(model, len(training), held_out, blind, better, why)
