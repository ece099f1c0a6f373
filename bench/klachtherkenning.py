"""Klachtherkenning: precision and recall with Wilson 95% intervals per set, the learned model, latency.

    .venv/bin/python bench/klachtherkenning.py [--data bench/data/klachtherkenning_eval.jsonl]
        [--dev FILE ...] [--blind FILE ...] [--errors] [--sample N]
    .venv/bin/python bench/klachtherkenning.py --loso         # the base model, leave one set out (~40 min)
    .venv/bin/python bench/klachtherkenning.py --basismodel   # regenerate src/kcc/klachten/data/basismodel.json

``--loso``: for each set of ``bench/data/klachtherkenning_*.jsonl``, the base model is trained on all the
other sets, its threshold chosen on their own leave-one-set-out predictions, and the left-out set scored;
per set and pooled, beside the rules. ``--basismodel`` runs the same and writes the shipped file (weights,
threshold, norm table, date, sizes and these figures); a test checks that the file matches the code.

Sets (how they were made: docs/klachten.md, "Evaluation sets"):

* ``--blind FILE`` (repeatable; default every ``bench/data/klachtherkenning_blind*.jsonl``): texts written
  without looking at the recogniser's errors. Their errors are never listed. Blind 1–4 were written before
  earlier rounds and tuned on in later ones (so they are estimates only for the round they preceded);
  ``blind5`` was written before the second round of issue 17 and never tuned on; the base model of the
  third round was trained on blind 1–5, so its row there is in-sample. ``blind6`` (180 texts) was written
  by a separate helper who read only the issue, before the third round, and scored once after it; since
  the fourth round it is development data (the base model is trained on it, its errors were listed), and
  its leave-one-set-out fold (``--loso``) is the estimate for text by other writers. ``blind7`` (160 texts,
  a third writer) was kept out of this folder until the fourth round's base model was built and is the
  fresh estimate of that model (the "regels + basismodel (product)" row); the next ``--basismodel`` run
  trains on it, after which it is development data too. ``blind8``, ``blind9`` and ``blind10`` (fifth
  round, three more writers) waited in ``bench/heldout/`` until the step they judge was built, were scored
  once with ``kcc klachtherkenning --batch``, then moved here; since the sixth round the shipped model is
  trained on all three and the rules were tuned on their errors, so they are development data too.
  ``blind11`` and ``blind12`` (sixth round, step a) and ``blind13`` (steps a and b of the sixth round) were
  kept in ``bench/heldout/`` the same way and are development data since the sixth and seventh rounds, ``blind14``
  (the seventh round's fresh estimate) since the eighth. ``train1`` and ``train2`` (eighth round, 200 texts each
  by two more writers, mostly hard look-alikes and quiet complaints) are training data only. The base model's
  threshold is chosen on the leave-one-set-out predictions of the independent writers' evaluation sets only
  (``learning.THRESHOLD_SETS``: blind 5–14; not the training sets, whose class mix is not that of a month's notes).
* ``--dev FILE`` (repeatable; default every ``bench/data/klachtherkenning_dev*.jsonl``): the development
  sets the rules of issue 17 were tuned on (``--errors`` lists their errors). Not an estimate.
* ``--data``: the older labelled set of issue 6. Here it also stands in for a log of agent decisions
  (the label is the agent's choice): the learned model (kcc.klachten.learning) is trained on the part
  outside ``sha1(id) % 10 < 3`` and scored on that held-out part and on every blind set, beside the rules.

Latency is the median and p95 per text over every text of every set, rules alone and rules + model,
next to a same-run baseline (the keyword test ``'klacht' in text``). ``--sample N`` scores only the first
N texts of each set (a quick run). Target (issue 17): recall ≥ 0.90 at precision ≥ 0.85 on blind text.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from kcc.klachten import learning
from kcc.klachten.recognition import recognise_rules

DATA = Path(__file__).parent / "data"


def load(path: Path, sample: int | None) -> list[tuple[str, str, bool]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["id"], row["tekst"], bool(row["klacht"])) for row in rows][:sample]


def interval(successes: int, total: int) -> str:
    low, high = learning.wilson(successes, total)
    return f"[{low:.2f}, {high:.2f}]"


def line(label: str, figures: learning.Figures) -> str:
    met = "gehaald" if figures.recall >= 0.9 and figures.precision >= 0.85 else "NIET gehaald"
    return (
        f"  {label:<34} n={figures.n:>3}"
        f"  precision={figures.precision:.3f} {interval(figures.tp, figures.tp + figures.fp)}"
        f"  recall={figures.recall:.3f} {interval(figures.tp, figures.tp + figures.fn)}"
        f"  (tp={figures.tp} fp={figures.fp} fn={figures.fn})  doel {met}"
    )


def keyword(rows: list[tuple[str, bool]]) -> learning.Figures:
    tp = sum(1 for text, label in rows if label and "klacht" in text.lower())
    fp = sum(1 for text, label in rows if not label and "klacht" in text.lower())
    fn = sum(1 for text, label in rows if label and "klacht" not in text.lower())
    return learning.Figures(len(rows), tp, fp, fn)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def leave_one_set_out(cache: learning.Scores | None = None) -> dict:
    """Print the leave-one-set-out figures of the base model beside the rules; return them as JSON."""
    sets = learning.labelled_sets(DATA)
    started = time.perf_counter()
    folds = learning.leave_one_set_out(sets, cache)
    print(f"Basismodel, leave-one-set-out ({time.perf_counter() - started:.0f} s)\n")
    pooled = {"model": learning.Figures(0, 0, 0, 0), "regels": learning.Figures(0, 0, 0, 0)}
    result: dict = {"per_set": {}}
    for name, (threshold, model, rules) in folds.items():
        print(f"weggelaten: {name} (drempel gekozen op de andere sets: {threshold:.2f})")
        print(line("basismodel", model))
        print(line("regels", rules))
        pooled = {"model": pooled["model"] + model, "regels": pooled["regels"] + rules}
        result["per_set"][name] = {"drempel": threshold, "model": model.as_json(), "regels": rules.as_json()}
    print("alle sets samen")
    print(line("basismodel", pooled["model"]))
    print(line("regels", pooled["regels"]))
    result["samen"] = {name: figures.as_json() for name, figures in pooled.items()}
    return result


def write_base_model() -> None:
    cache: learning.Scores = {}
    figures = leave_one_set_out(cache)
    sets = learning.labelled_sets(DATA)
    started = time.perf_counter()
    model = learning.build_base_model(sets, cache)
    payload = learning.base_payload(model, sets, figures, datetime.date.today().isoformat())
    learning.BASE_FILE.parent.mkdir(exist_ok=True)
    learning.BASE_FILE.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"\n{learning.BASE_FILE}: {len(model.weights)} gewichten, drempel {model.threshold}, "
        f"{learning.BASE_FILE.stat().st_size / 1e3:.0f} kB, gebouwd in {time.perf_counter() - started:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loso", action="store_true", help="the base model, leave one set out")
    parser.add_argument("--basismodel", action="store_true", help="regenerate the shipped base model")
    parser.add_argument("--data", type=Path, default=DATA / "klachtherkenning_eval.jsonl")
    parser.add_argument("--dev", type=Path, action="append", default=None, help="a development set (repeatable)")
    parser.add_argument("--blind", type=Path, action="append", default=None, help="a blind set (repeatable)")
    parser.add_argument("--errors", action="store_true", help="list the misclassified development texts")
    parser.add_argument("--sample", type=int, default=None, help="only the first N texts of each set")
    args = parser.parse_args(argv)
    if args.loso or args.basismodel:
        write_base_model() if args.basismodel else leave_one_set_out()
        return 0
    blind_paths = args.blind or sorted(DATA.glob("klachtherkenning_blind*.jsonl"))
    blind = {path.stem: [(text, label) for _, text, label in load(path, args.sample)] for path in blind_paths}
    decisions = load(args.data, args.sample)
    dev_paths = args.dev or sorted(DATA.glob("klachtherkenning_dev*.jsonl"))
    devs = {path.stem: load(path, args.sample) for path in dev_paths}
    dev = [row for rows in devs.values() for row in rows]

    tracemalloc.start()
    started = time.perf_counter()
    evaluation = learning.evaluate(decisions, version=1, blind_rows=blind)
    train_seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    model = evaluation.model

    learning.base_model.cache_clear()
    tracemalloc.start()
    started = time.perf_counter()
    base = learning.base_model()
    load_seconds = time.perf_counter() - started
    base_memory, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if base is None:
        print(f"\nGeen basismodel: {learning.BASE_FILE} ontbreekt (maak het met --basismodel).")
        return 1

    print("Klachtherkenning — precision en recall met Wilson-95%-intervallen\n")
    for name, rows in blind.items():
        figures = learning.score(rows, model)
        print(f"blind: {name}")
        print(line("regels", figures["regels"]))
        print(line("regels + basismodel (product)", learning.score(rows, base)["model"]))
        print(line("regels + geleerd model", figures["model"]))
        print(line("baseline 'klacht' in tekst", keyword(rows)))
    pooled = {who: sum((learning.score(rows, model)[who] for rows in blind.values()), learning.Figures(0, 0, 0, 0))
              for who in ("regels", "model")}  # fmt: skip
    print("blind: alle blinde sets samen")
    print(line("regels", pooled["regels"]))
    print(line("regels + geleerd model", pooled["model"]))
    for name, rows in devs.items():
        print(f"ontwikkelset (afgestemd, geen schatting): {name}")
        print(line("regels", learning.score([(text, label) for _, text, label in rows], None)["regels"]))
    print(f"beslissingen (gesimuleerd met {args.data.name}): achtergehouden deel")
    print(line("regels", evaluation.held_out["regels"]))
    print(line("regels + geleerd model", evaluation.held_out["model"]))
    print(
        f"  model: {evaluation.training_size} voorbeelden, {len(model.weights)} gewichten, "
        f"training + evaluatie {train_seconds:.1f} s, piekgeheugen {peak / 1e6:.1f} MB; {evaluation.why}"
    )

    print(
        f"\nBasismodel: {len(base.weights)} gewichten, drempel {base.threshold}; laden {load_seconds * 1000:.0f} ms, "
        f"{base_memory / 1e6:.1f} MB in het geheugen (getraind op alle sets hierboven: geen schatting, zie --loso)"
    )

    texts = [text for rows in blind.values() for text, _ in rows] + [text for _, text, _ in dev + decisions]
    timings: dict[str, list[float]] = {
        "baseline 'klacht'": [], "regels": [], "regels + basismodel": [], "regels + model": []
    }  # fmt: skip
    for text in texts:
        started = time.perf_counter()
        _ = "klacht" in text.lower()
        timings["baseline 'klacht'"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        recognise_rules(text)
        timings["regels"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        base.combine(text, recognise_rules(text))
        timings["regels + basismodel"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        model.combine(text, recognise_rules(text))
        timings["regels + model"].append((time.perf_counter() - started) * 1000)
    print(f"\nTijd per tekst ({len(texts)} teksten):")
    for name, values in timings.items():
        print(f"  {name:<22} mediaan {statistics.median(values):.3f} ms  p95 {percentile(values, 0.95):.3f} ms")

    if args.errors:
        print("\nFouten in de ontwikkelset:")
        for key, text, label in dev:
            result = recognise_rules(text)
            if result.offer != label:
                kind = "gemist" if label else "onterecht"
                print(f"- {key} {kind} {result.reasons or result.ignored}\n    {text[:300]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
