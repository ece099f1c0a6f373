"""Peak memory and time of reading one hostile e-mail, against header size and HTML nesting.

    .venv/bin/python bench/mail_memory.py [--max-words 128000] [--max-depth 128000] [--samples 3]

Every measurement runs in a fresh child process (so ``ru_maxrss`` is that message's alone) and
parses the message with ``kcc.mail.parsing.parse`` (everything of the intake that grows with the
message: structure, headers, HTML to text; the database part is in ``bench/mail_ingest.py``).
Per size it prints the median time, the tracemalloc peak, the child's ru_maxrss above the baseline
child (a normal mail, measured in the same run) and, from the second size on, the ratio per
doubling: about 2 is linear, about 4 is quadratic (the issue's 22 GB for 100,000 encoded words).

Series:
  words/open     Subject of N encoded words with the limits lifted: the header decoder itself.
  words/limits   the same with the default limits: refused (quarantined) after a linear count.
  html/limits    HTML of N nested <div>s with the default limits: refused after a linear scan.
  html/1MB       1 MB of HTML whose nesting is D deep (≤ the 200 limit): accepted, bounded cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
LIFTED = {
    "KCC_MAIL_MAX_HEADER_BYTES": str(1 << 40),
    "KCC_MAIL_MAX_ENCODED_WORDS": str(1 << 40),
}


def _message(kind: str, n: int) -> bytes:
    head = "From: Anna <anna@example.nl>\r\nTo: kcc@demodam.nl\r\nMessage-ID: <bench@example.nl>\r\n"
    if kind == "baseline":
        return (head + "Subject: Vraag over de afvalpas\r\n\r\n" + "Ik ben mijn pas kwijt.\r\n" * 20).encode()
    if kind.startswith("words"):
        subject = "\r\n ".join("=?utf-8?q?Gr=C3=BC=C3=9Fe?=" for _ in range(n))
        return (head + f"Subject: {subject}\r\n\r\nHallo\r\n").encode()
    if kind == "html/limits":
        body = "<div>" * n + "tekst" + "</div>" * n
    else:  # html/1MB: blocks nested n deep, repeated to about 1 MB
        block = "<div>" * n + "tekst" + "</div>" * n
        body = block * max(1, 1_000_000 // len(block))
    return (head + "Subject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body).encode()


def child(kind: str, n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcc.settings")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from kcc.mail import parsing

    raw = _message(kind, n)

    def read() -> str:
        try:
            parsing.parse(raw)
            return "gelezen"
        except parsing.Unparseable as error:
            return "quarantaine: " + error.reason

    # Timed without tracing (tracemalloc slows Python code several times), then traced.
    started = time.perf_counter()
    outcome = read()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    read()
    peak = tracemalloc.get_traced_memory()[1]
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak": peak, "rss_kb": rss_kb, "bytes": len(raw), "outcome": outcome}))


def measure(kind: str, n: int, samples: int) -> dict:
    env = {**os.environ, **(LIFTED if kind == "words/open" else {})}
    runs = []
    for _ in range(samples):
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(n)], capture_output=True, env=env, check=True, timeout=900
        )
        runs.append(json.loads(done.stdout.decode().strip().splitlines()[-1]))
    best = runs[0]
    return {
        **best,
        "seconds": statistics.median(r["seconds"] for r in runs),
        "rss_kb": statistics.median(r["rss_kb"] for r in runs),
    }


def series(name: str, sizes: list[int], samples: int, baseline_rss: float) -> None:
    print(f"\n{name}")
    print(f"{'N':>8} {'bytes':>10} {'time ms':>9} {'x':>5} {'peak MB':>8} {'x':>5} {'rss+ MB':>8}  uitkomst")
    previous = None
    for n in sizes:
        row = measure(name, n, samples)
        ms, peak = row["seconds"] * 1000, row["peak"] / 1e6
        rss = max(row["rss_kb"] - baseline_rss, 0) / 1024
        ratio_t = f"{ms / previous[0]:.1f}" if previous and previous[0] > 0 else "-"
        ratio_m = f"{peak / previous[1]:.1f}" if previous and previous[1] > 0 else "-"
        print(
            f"{n:>8} {row['bytes']:>10} {ms:>9.1f} {ratio_t:>5} {peak:>8.2f} {ratio_m:>5} {rss:>8.1f}  "
            f"{row['outcome'][:60]}"
        )
        previous = (ms, peak)


def doublings(start: int, stop: int) -> list[int]:
    sizes = []
    while start <= stop:
        sizes.append(start)
        start *= 2
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-words", type=int, default=128_000)
    parser.add_argument("--max-depth", type=int, default=128_000)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    baseline = measure("baseline", 0, args.samples)
    print(
        f"baseline (a normal mail): {baseline['seconds'] * 1000:.2f} ms, tracemalloc peak "
        f"{baseline['peak'] / 1e6:.2f} MB, child ru_maxrss {baseline['rss_kb'] / 1024:.1f} MB"
    )
    words = doublings(1_000, args.max_words)
    series("words/open", words, args.samples, baseline["rss_kb"])
    series("words/limits", words, args.samples, baseline["rss_kb"])
    series("html/limits", doublings(1_000, args.max_depth), args.samples, baseline["rss_kb"])
    series("html/1MB", [25, 50, 100, 200], args.samples, baseline["rss_kb"])


if __name__ == "__main__":
    main()
