"""Relevance of the kennisbank search on the Rijksoverheid VAC's, against plain substring matching.

    .venv/bin/python bench/kennisbank_relevance.py [--engine sqlite|postgresql|both] [--details]

Imports ``rijksoverheid_vacs_bzk.csv`` into a fresh database, runs every query of
``bench/data/kennisbank_eval.jsonl`` through the agent search (active VAC's, top 10) and
through a baseline measured in the same run: ``icontains`` of every query word on vraag or
antwoord, ranked by the number of words found (in the vraag counting double). Prints MRR@10 and
recall@3 (the share of queries with an expected VAC in the top 3), overall and per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _kcc import ENGINES, fresh_kcc, run_per_engine

ROOT = Path(__file__).resolve().parent.parent
CSV = Path(
    __import__("os").environ.get(
        "KCC_RIJKSOVERHEID_CSV", ROOT.parent / "shared" / "data" / "kennisbank" / "rijksoverheid_vacs_bzk.csv"
    )
)
EVAL = Path(__file__).parent / "data" / "kennisbank_eval.jsonl"


def baseline(query: str, limit: int) -> list[str]:
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


def engine_search(query: str, limit: int) -> list[str]:
    from kcc.kennisbank.search import search_vacs

    return [result.vac.external_id for result in search_vacs(query, public_only=False, limit=limit)]


def evaluate(engine: str, details: bool) -> None:
    with fresh_kcc(engine, "kcc_bench_relevance"):
        from kcc.kennisbank.importers import import_file

        report = import_file(CSV, "rijksoverheid-csv")
        print(f"\n== {engine}: {report.added} VAC's geïmporteerd, {len(report.rejected)} geweigerd")
        cases = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
        scores: dict[str, dict[str, list[tuple[float, float]]]] = {
            "engine": defaultdict(list),
            "baseline": defaultdict(list),
        }
        for case in cases:
            expected = set(case["expected"])
            for name, search in (("engine", engine_search), ("baseline", baseline)):
                found = search(case["query"], 10)
                rank = next((i for i, external_id in enumerate(found, 1) if external_id in expected), None)
                reciprocal = 1 / rank if rank else 0.0
                top3 = 1.0 if rank and rank <= 3 else 0.0
                scores[name][case["kind"]].append((reciprocal, top3))
                scores[name]["ALL"].append((reciprocal, top3))
                if details and name == "engine" and not top3:
                    print(f"   miss [{case['kind']}] {case['query']!r}: rank {rank}")
        print(f"{'kind':<12}{'n':>5}{'MRR@10':>10}{'R@3':>8}{'base MRR':>10}{'base R@3':>10}")
        for kind in ["ALL", *sorted(k for k in scores["engine"] if k != "ALL")]:
            rows = scores["engine"][kind]
            base = scores["baseline"][kind]
            print(
                f"{kind:<12}{len(rows):>5}"
                f"{sum(r for r, _ in rows) / len(rows):>10.3f}{sum(t for _, t in rows) / len(rows):>8.3f}"
                f"{sum(r for r, _ in base) / len(base):>10.3f}{sum(t for _, t in base) / len(base):>10.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--details", action="store_true", help="Toon de zoekvragen zonder treffer in de top 3.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine == "both":
        run_per_engine(list(ENGINES), ["--details"] if args.details else [])
    else:
        evaluate(args.engine, args.details)


if __name__ == "__main__":
    main()
