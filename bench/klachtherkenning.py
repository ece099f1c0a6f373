"""Klachtherkenning: precision, recall and F1 on the labelled evaluation set, next to a keyword baseline.

    .venv/bin/python bench/klachtherkenning.py [--data bench/data/klachtherkenning_eval.jsonl] [--errors]

The set is split deterministically by id into a development part (70%) and a held-out part (30%,
``sha1(id) % 10 < 3``). Rules were tuned looking only at errors in the development part; the
held-out figures show how the recogniser does on texts nobody tuned for. ``--errors`` lists the
misclassified development texts (never the held-out ones).
Target (issue 6): recall ≥ 0.90 at precision ≥ 0.85.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from kcc.klachten.recognition import recognise

DEFAULT_DATA = Path(__file__).parent / "data" / "klachtherkenning_eval.jsonl"


def held_out(row: dict) -> bool:
    return int(hashlib.sha1(row["id"].encode()).hexdigest(), 16) % 10 < 3


def keyword_baseline(text: str) -> bool:
    return "klacht" in text.lower()


def product(text: str) -> bool:
    return recognise(text).offer


def figures(rows: Iterable[dict], predict: Callable[[str], bool]) -> dict:
    tp = fp = fn = tn = 0
    for row in rows:
        predicted, actual = predict(row["tekst"]), row["klacht"]
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def line(label: str, result: dict) -> str:
    return (
        f"{label:<28} n={result['n']:>3}  precision={result['precision']:.3f}  recall={result['recall']:.3f}"
        f"  F1={result['f1']:.3f}  (tp={result['tp']} fp={result['fp']} fn={result['fn']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list misclassified development texts")
    args = parser.parse_args(argv)
    rows = [json.loads(text) for text in args.data.read_text(encoding="utf-8").splitlines() if text.strip()]
    splits = {
        "alles": rows,
        "ontwikkeldeel": [row for row in rows if not held_out(row)],
        "achtergehouden deel": [row for row in rows if held_out(row)],
    }
    started = time.perf_counter()
    for row in rows:
        recognise(row["tekst"])
    per_text_ms = (time.perf_counter() - started) * 1000 / len(rows)

    print(f"Klachtherkenning op {args.data.name}: {len(rows)} teksten, {sum(r['klacht'] for r in rows)} klachten")
    print(f"gemiddeld {per_text_ms:.2f} ms per tekst\n")
    for name, predict in (("product", product), ("baseline 'klacht'", keyword_baseline)):
        print(f"== {name}")
        for split, subset in splits.items():
            print(line(split, figures(subset, predict)))
        for soort in sorted({row["soort"] for row in rows}):
            print(line(f"  soort={soort}", figures([r for r in rows if r["soort"] == soort], predict)))
        print()
    overall = figures(rows, product)
    held = figures(splits["achtergehouden deel"], product)
    met = all(result["recall"] >= 0.9 and result["precision"] >= 0.85 for result in (overall, held))
    print(f"Doel recall ≥ 0.90 bij precision ≥ 0.85 (alles en achtergehouden): {'gehaald' if met else 'NIET gehaald'}")
    if args.errors:
        print("\nFouten in het ontwikkeldeel:")
        for row in splits["ontwikkeldeel"]:
            result = recognise(row["tekst"])
            if result.offer != row["klacht"]:
                kind = "gemist" if row["klacht"] else "onterecht"
                print(f"- {row['id']} {kind} score={result.score} {result.reasons or result.ignored}")
                print(f"    {row['tekst'][:300]!r}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
