"""The PII scrubber (kcc.privacy.pii): precision and recall per kind on a hand-written set, and its cost.

    .venv/bin/python bench/pii.py [--data bench/data/pii_eval.jsonl] [--errors]

The set (``bench/data/pii_eval.jsonl``) was written by hand in the styles KCC stores — agents' call
notes, citizens' e-mails, search terms — apart from the code and not tuned on its errors; each text
lists its personal data as (kind, exact text). A finding counts when it overlaps a gold span of the
same kind. Cost: the time to load deduce in this process, the memory it takes (RSS before/after), and
the median and p95 per text of ``detect``, beside a same-run baseline: our own regular-expression
checks alone (BSN, phone, e-mail, postcode, street + number), without deduce.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "pii_eval.jsonl")
    parser.add_argument("--errors", action="store_true", help="list missed and wrong findings")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcc.settings")
    sys.path.insert(0, str(ROOT.parent / "src"))
    import django

    django.setup()
    from kcc.privacy import pii

    texts = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    before = rss_mb()
    started = time.perf_counter()
    pii.deduce_instance()
    load_s = time.perf_counter() - started
    print(f"deduce loaded in {load_s:.2f} s, memory {rss_mb() - before:.0f} MB (RSS {rss_mb():.0f} MB)")

    tally: dict[str, list[int]] = {}  # kind -> [true positives (found), gold, detected, correct detections]
    for item in texts:
        text = item["text"]
        gold = [(kind, text.index(value), text.index(value) + len(value)) for kind, value in item["pii"]]
        found = pii.detect(text)
        for kind, start, end in gold:
            hit = any(s.kind == kind and s.start < end and start < s.end for s in found)
            counts = tally.setdefault(kind, [0, 0, 0, 0])
            counts[0] += hit
            counts[1] += 1
            if not hit and args.errors:
                print(f"  missed {kind} {text[start:end]!r} in {item['id']}")
        for span in found:
            right = any(kind == span.kind and span.start < end and start < span.end for kind, start, end in gold)
            counts = tally.setdefault(span.kind.value, [0, 0, 0, 0])
            counts[2] += 1
            counts[3] += right
            if not right and args.errors:
                print(f"  wrong {span.kind} {span.text!r} in {item['id']}")
    print(f"\n{len(texts)} texts; per kind: recall (found/gold), precision (right/detected)")
    total = [0, 0, 0, 0]
    for kind in sorted(tally):
        found, gold, detected, right = tally[kind]
        total = [a + b for a, b in zip(total, tally[kind], strict=True)]
        print(f"  {kind:9} recall {found}/{gold} = {found / gold if gold else 1:.2f}   "
              f"precision {right}/{detected} = {right / detected if detected else 1:.2f}")  # fmt: skip
    found, gold, detected, right = total
    print(f"  {'all':9} recall {found}/{gold} = {found / gold:.2f}   "
          f"precision {right}/{detected} = {right / detected:.2f}")  # fmt: skip

    def timed(function) -> list[float]:
        times = []
        for _ in range(20):
            for item in texts:
                started = time.perf_counter()
                function(item["text"])
                times.append((time.perf_counter() - started) * 1000)
        return sorted(times)

    full = timed(pii.detect)
    baseline = timed(pii._own_findings)
    for label, times in (("detect (deduce + own checks)", full), ("baseline: own checks alone", baseline)):
        p95 = times[int(len(times) * 0.95)]
        print(f"{label:30} median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms per text")
    print(f"ratio detect/baseline (median): {statistics.median(full) / statistics.median(baseline):.1f}x")


if __name__ == "__main__":
    main()
