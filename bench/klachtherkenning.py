"""Klachtherkenning: precision, recall and F1 on the labelled evaluation set, next to a keyword baseline.

    .venv/bin/python bench/klachtherkenning.py [--data bench/data/klachtherkenning_eval.jsonl] [--errors]
        [--blind bench/data/klachtherkenning_blind.jsonl] [--blind bench/data/klachtherkenning_blind2.jsonl]

The main set is split deterministically by id into a development part (70%) and a held-out part (30%,
``sha1(id) % 10 < 3``). ``--errors`` lists the misclassified development texts (never the held-out ones).

``--blind FILE`` (repeatable) reports a blind batch separately: texts written without looking at the
recogniser's rules or errors, kept out of the main set. A blind batch is an honest estimate only the
first time it is scored; its errors are never listed here.
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


def meets_target(result: dict) -> bool:
    return result["recall"] >= 0.9 and result["precision"] >= 0.85


def line(label: str, result: dict) -> str:
    return (
        f"{label:<28} n={result['n']:>3}  precision={result['precision']:.3f}  recall={result['recall']:.3f}"
        f"  F1={result['f1']:.3f}  (tp={result['tp']} fp={result['fp']} fn={result['fn']})"
    )


def load(path: Path) -> list[dict]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines() if text.strip()]


def report(title: str, rows: list[dict], splits: dict[str, list[dict]]) -> None:
    print(f"=== {title}: {len(rows)} teksten, {sum(r['klacht'] for r in rows)} klachten")
    for name, predict in (("product", product), ("baseline 'klacht'", keyword_baseline)):
        print(f"== {name}")
        for split, subset in splits.items():
            print(line(split, figures(subset, predict)))
        if name == "product":
            for soort in sorted({row["soort"] for row in rows}):
                print(line(f"  soort={soort}", figures([r for r in rows if r["soort"] == soort], predict)))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--blind", type=Path, action="append", default=[], help="a blind batch, reported separately")
    parser.add_argument("--errors", action="store_true", help="list misclassified development texts")
    args = parser.parse_args(argv)
    rows = load(args.data)
    splits = {
        "alles": rows,
        "ontwikkeldeel": [row for row in rows if not held_out(row)],
        "achtergehouden deel": [row for row in rows if held_out(row)],
    }
    started = time.perf_counter()
    for row in rows:
        recognise(row["tekst"])
    per_text_ms = (time.perf_counter() - started) * 1000 / len(rows)
    print(f"Klachtherkenning, gemiddeld {per_text_ms:.2f} ms per tekst\n")

    report(args.data.name, rows, splits)
    checked = {"hoofdset alles": figures(rows, product)}
    checked["hoofdset achtergehouden"] = figures(splits["achtergehouden deel"], product)
    for path in args.blind:
        blind_rows = load(path)
        report(f"blind: {path.name}", blind_rows, {"alles": blind_rows})
        checked[f"blind {path.name}"] = figures(blind_rows, product)

    print("Doel recall ≥ 0.90 bij precision ≥ 0.85:")
    for label, result in checked.items():
        print(f"  {label:<45} {'gehaald' if meets_target(result) else 'NIET gehaald'}")
    if args.errors:
        print("\nFouten in het ontwikkeldeel:")
        for row in splits["ontwikkeldeel"]:
            result = recognise(row["tekst"])
            if result.offer != row["klacht"]:
                kind = "gemist" if row["klacht"] else "onterecht"
                print(f"- {row['id']} {kind} score={result.score} {result.reasons or result.ignored}")
                print(f"    {row['tekst'][:300]!r}")
    return 0 if all(meets_target(result) for result in checked.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
