"""Relevance of the kennisbank search on the Rijksoverheid VAC's, against same-run baselines.

    .venv/bin/python bench/kennisbank_relevance.py [--engine sqlite|postgresql|both]
                                                   [--sets eval,blind,dev,blind2a,blind3,dev2,blind5,blind6,...]
                                                   [--details] [--bootstrap 2000]

Imports ``rijksoverheid_vacs_bzk.csv`` into a fresh database and runs every query of each set
through the agent search (active VAC's, top 10) and through two baselines measured in the same run:

- ``substring``: ``icontains`` of every query word on vraag or antwoord, ranked by the number of
  words found (in the vraag counting double);
- ``bm25``: Okapi BM25 (k1 1.2, b 0.75) over vraag + antwoord with the same Dutch analysis as the
  engine (stemming, stopwords), but without synonyms, compounds, typo correction or re-ranking.

Sets (``bench/data/``): ``eval`` = kennisbank_eval.jsonl (139 queries of the first build),
``blind`` = kennisbank_blind.jsonl (145 everyday-wording queries, written before the first round of issue 17
and tuned on in the second), ``dev`` = kennisbank_dev.jsonl (48 queries of the same kind),
``blind2`` = kennisbank_blind2.jsonl (130 queries written before the second round, scored once after it).
For the third round ``blind2`` is split by a stable hash of the query (first byte of its SHA-256 even or
odd): ``blind2a`` (66 queries) is tuned on like ``dev``; ``blind2b`` (64) is scored once, at the end of
the round, as its fresh estimate. The misses of ``blind2`` and ``blind2b`` are never listed (``HELD_OUT``);
``blind2b`` is not in the default sets. ``blind3`` = kennisbank_blind3.jsonl (140 queries written by a
separate helper who read only the VAC's, before the third round; scored once after it as that round's
fresh estimate, a development set since the fourth round). ``blind4`` = kennisbank_blind4.jsonl (120
queries by another separate helper, before the fourth round; scored before and after it, held out, not in
the default sets). ``blind5`` = kennisbank_blind5.jsonl (120 queries by a fifth writer in six styles, before
the fifth round; scored once as its fresh estimate, a development set since the sixth round). ``dev2`` =
kennisbank_dev2.jsonl (120 queries by a sixth writer: second-language Dutch, the caller's own words, speech
transcripts; a development set from the start). ``blind6`` = kennisbank_blind6.jsonl (120 queries by a
seventh writer in six more styles, written during the fifth round before any of its changes was merged;
scored once as that round's fresh estimate, a development set since the sixth round). ``blind7`` =
kennisbank_blind7.jsonl and ``blind8`` = kennisbank_blind8.jsonl (120 queries each by an eighth and a ninth
writer in six more styles each, written before the sixth round's changes were merged) and ``blind9`` =
kennisbank_blind9.jsonl (120 queries by a tenth writer in six more styles, written during the sixth round
after blind7 and blind8 had been scored): scored once as the sixth round's fresh estimate, development sets
since the seventh round. ``blind10`` = kennisbank_blind10.jsonl (by another writer, for the seventh round's
fresh estimate; a development set since the eighth round). ``blind11`` = kennisbank_blind11.jsonl (by
another writer, for the eighth round's fresh estimate; held out, not in the default sets). A set whose file
is not there (yet) is skipped unless ``--sets`` names it. ``HARD``: queries sharing no word (4+ letters,
5-letter prefix) with the expected VAC's question (the set's own label where it has one).
Prints recall@3 (an expected VAC among the first three) and MRR@10 per set and kind, with a Wilson
95% interval for recall@3 and a bootstrap 95% interval for MRR.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _kcc import ENGINES, fresh_kcc, run_per_engine

ROOT = Path(__file__).resolve().parent.parent
_SHARED_CSV = Path("shared/data/kennisbank/rijksoverheid_vacs_bzk.csv")
# The shared data sits beside the checkout (/work/main) or a level higher (/work/wt/<branch>).
CSV = Path(
    os.environ.get(
        "KCC_RIJKSOVERHEID_CSV",
        next((p / _SHARED_CSV for p in ROOT.parents if (p / _SHARED_CSV).exists()), ROOT.parent / _SHARED_CSV),
    )
)
DATA = Path(__file__).parent / "data"
SETS = {
    "eval": "kennisbank_eval.jsonl",
    "blind": "kennisbank_blind.jsonl",
    "dev": "kennisbank_dev.jsonl",
    "blind2": "kennisbank_blind2.jsonl",
    "blind2a": "kennisbank_blind2.jsonl",
    "blind2b": "kennisbank_blind2.jsonl",
    "blind3": "kennisbank_blind3.jsonl",
    "blind4": "kennisbank_blind4.jsonl",
    "blind5": "kennisbank_blind5.jsonl",
    "dev2": "kennisbank_dev2.jsonl",
    "blind6": "kennisbank_blind6.jsonl",
    "blind7": "kennisbank_blind7.jsonl",
    "blind8": "kennisbank_blind8.jsonl",
    "blind9": "kennisbank_blind9.jsonl",
    "blind10": "kennisbank_blind10.jsonl",
    "blind11": "kennisbank_blind11.jsonl",
}
DEFAULT_SETS = "eval,blind,dev,blind2a,blind3,dev2,blind5,blind6,blind7,blind8,blind9,blind10"
# Held out from every change: their misses are never listed, not even with --details.
HELD_OUT = frozenset({"blind2", "blind2b", "blind4", "blind11"})


def present_files() -> list[Path]:
    """The files of ``SETS`` that are there, each once (``blind2a`` and ``blind2b`` are halves of one file):
    a set is added to ``SETS`` before its writer delivers it."""
    return [DATA / name for name in dict.fromkeys(SETS.values()) if (DATA / name).exists()]


def blind2_half(query: str) -> str:
    """``blind2a`` or ``blind2b``: a split that does not depend on the order or number of lines."""
    return "blind2a" if hashlib.sha256(query.encode("utf-8")).digest()[0] % 2 == 0 else "blind2b"


def load_set(set_name: str) -> list[dict]:
    cases = [
        json.loads(line) for line in (DATA / SETS[set_name]).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    if set_name in ("blind2a", "blind2b"):
        cases = [case for case in cases if blind2_half(case["query"]) == set_name]
    return cases


def wilson(successes: float, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return (0.0, 0.0)
    p = successes / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return (max(0.0, (centre - margin) / denominator), min(1.0, (centre + margin) / denominator))


def bootstrap(values: list[float], rounds: int, seed: int = 17) -> tuple[float, float]:
    if not values or not rounds:
        return (0.0, 0.0)
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(values, k=len(values))) / len(values) for _ in range(rounds))
    return (means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1])


def substring_baseline(query: str, limit: int) -> list[str]:
    from django.db.models import Case, IntegerField, Q, Value, When

    from kcc.kennisbank.models import VAC

    query_words = [word for word in query.lower().split() if word]
    if not query_words:
        return []
    score = sum(
        (
            Case(
                When(vraag__icontains=word, then=Value(2)),
                When(antwoord__icontains=word, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in query_words
        ),
        Value(0),
    )
    matching = Q()
    for word in query_words:
        matching |= Q(vraag__icontains=word) | Q(antwoord__icontains=word)
    rows = (
        VAC.objects.filter(matching, status=VAC.Status.ACTIVE)
        .annotate(score=score)
        .order_by("-score", "pk")
        .values_list("external_id", flat=True)[:limit]
    )
    return list(rows)


class BM25:
    """Okapi BM25 in memory over the active VAC's, stemmed by the engine's own analysis."""

    def __init__(self) -> None:
        from kcc.core.search.analysis import tokenise
        from kcc.kennisbank.html import html_to_text
        from kcc.kennisbank.models import VAC

        self.tokenise = tokenise
        self.docs: list[tuple[str, Counter]] = []
        for external_id, vraag, antwoord in VAC.objects.filter(status=VAC.Status.ACTIVE).values_list(
            "external_id", "vraag", "antwoord"
        ):
            self.docs.append((external_id, Counter(tokenise(f"{vraag} {html_to_text(antwoord)}"))))
        self.average = sum(sum(c.values()) for _, c in self.docs) / max(1, len(self.docs))
        self.df = Counter(term for _, counts in self.docs for term in counts)

    def __call__(self, query: str, limit: int) -> list[str]:
        terms = set(self.tokenise(query))
        n = len(self.docs)
        scored = []
        for external_id, counts in self.docs:
            length = sum(counts.values())
            score = 0.0
            for term in terms & counts.keys():
                idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                tf = counts[term]
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / self.average))
            if score:
                scored.append((-score, external_id))
        return [external_id for _, external_id in sorted(scored)[:limit]]


def prefixes(text: str) -> set[str]:
    return {word[:5] for word in re.findall(r"[a-zà-ÿ0-9]+", text.lower()) if len(word) >= 4}


def shares_no_word(query: str, questions: list[str]) -> bool:
    """``hard`` where a set does not say: no query word (4+ letters) shares its first 5 letters with a question."""
    return not any(prefixes(query) & prefixes(question) for question in questions)


def questions_of(external_ids: list[str]) -> list[str]:
    from kcc.kennisbank.models import VAC

    return list(VAC.objects.filter(external_id__in=external_ids).values_list("vraag", flat=True))


def engine_search(query: str, limit: int) -> list[str]:
    from kcc.kennisbank.search import search_vacs

    return [result.vac.external_id for result in search_vacs(query, public_only=False, limit=limit)]


def evaluate(engine: str, sets: list[str], details: bool, rounds: int) -> None:
    with fresh_kcc(engine, "kcc_bench_relevance"):
        from kcc.kennisbank.importers import import_file

        report = import_file(CSV, "rijksoverheid-csv")
        print(f"\n== {engine}: {report.added} VAC's geïmporteerd, {len(report.rejected)} geweigerd")
        searches = {"engine": engine_search, "bm25": BM25(), "substring": substring_baseline}
        for set_name in sets:
            cases = load_set(set_name)
            scores: dict[str, dict[str, list[tuple[float, float]]]] = {name: defaultdict(list) for name in searches}
            for case in cases:
                expected = set(case["expected"])
                for name, search in searches.items():
                    found = search(case["query"], 10)
                    rank = next((i for i, external_id in enumerate(found, 1) if external_id in expected), None)
                    row = (1 / rank if rank else 0.0, 1.0 if rank and rank <= 3 else 0.0)
                    groups = ["ALL", case["kind"]]
                    if case.get("hard", shares_no_word(case["query"], questions_of(case["expected"]))):
                        groups.append("HARD")
                    for group in groups:
                        scores[name][group].append(row)
                    if details and name == "engine" and not row[1] and set_name not in HELD_OUT:
                        print(f"   miss [{set_name}/{case['kind']}] {case['query']!r}: rank {rank}")
            print(f"\n-- set {set_name} ({SETS[set_name]})")
            print(
                f"{'kind':<12}{'n':>4}  {'R@3 [95% CI]':<22}{'MRR@10 [95% CI]':<22}"
                f"{'bm25 R@3':>9}{'bm25 MRR':>9}{'substr R@3':>11}{'substr MRR':>11}"
            )
            kinds = [
                "ALL",
                *(["HARD"] if "HARD" in scores["engine"] else []),
                *sorted(k for k in scores["engine"] if k not in ("ALL", "HARD")),
            ]
            for kind in kinds:
                rows = scores["engine"][kind]
                n = len(rows)
                recall = sum(t for _, t in rows)
                low, high = wilson(recall, n)
                mrr = sum(r for r, _ in rows) / n
                mrr_low, mrr_high = bootstrap([r for r, _ in rows], rounds)
                line = (
                    f"{kind:<12}{n:>4}  {recall / n:.3f} [{low:.3f}–{high:.3f}]   "
                    f"{mrr:.3f} [{mrr_low:.3f}–{mrr_high:.3f}]   "
                )
                for base, width in (("bm25", 9), ("substring", 11)):
                    base_rows = scores[base][kind]
                    line += (
                        f"{sum(t for _, t in base_rows) / n:>{width}.3f}{sum(r for r, _ in base_rows) / n:>{width}.3f}"
                    )
                print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--sets", default=DEFAULT_SETS, help=f"Kommagescheiden, uit: {', '.join(SETS)}.")
    parser.add_argument("--details", action="store_true", help="Toon de zoekvragen zonder treffer in de top 3.")
    parser.add_argument(
        "--bootstrap", type=int, default=2000, help="Aantal bootstrap-trekkingen voor het MRR-interval."
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sets = [name for name in args.sets.split(",") if name]
    unknown = [name for name in sets if name not in SETS]
    if unknown:
        parser.error(f"Onbekende set: {', '.join(unknown)}. Kies uit {', '.join(SETS)}.")
    missing = [name for name in sets if not (DATA / SETS[name]).exists()]
    if missing:
        parser.error(f"Het bestand van set {', '.join(missing)} ontbreekt in {DATA}.")
    if args.engine == "both":
        argv = ["--sets", ",".join(sets), "--bootstrap", str(args.bootstrap), *(["--details"] if args.details else [])]
        run_per_engine(list(ENGINES), argv)
    else:
        evaluate(args.engine, sets, args.details, args.bootstrap)


if __name__ == "__main__":
    main()
