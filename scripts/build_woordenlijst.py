"""Build the Dutch lexicon the search's typo correction consults (``src/kcc/core/search/data/woordenlijst.txt.gz``).

The source is the OpenTaal word list (https://www.opentaal.org/, BSD or CC BY 3.0, the user's choice), as
Debian's package ``wdutch`` ships it in ``/usr/share/dict/dutch``::

    apt-get install wdutch          # or: apt-get download wdutch && dpkg-deb -x wdutch_*.deb /tmp/wdutch
    .venv/bin/python scripts/build_woordenlijst.py [/usr/share/dict/dutch]

Every entry is normalised and split as the search analyses a query (``kcc.core.search.analysis.tokenise``:
lower case, accents and apostrophes off, hyphens and spaces split), and the words the typo correction could
ever look at are kept: letters only, 4 letters or more (shorter words are never corrected; see
``typo_limit``), at most 40. Entries written with a capital (names of people, places and organisations:
``Fatma``, ``Amsterdam``) are left out: a name the index lacks is more likely a misspelt name it has (the
directory's ``fatma`` is its Fatima) than a word to leave alone. Sorted, one a line, gzip without a time
stamp: the same input gives the same bytes, so a regenerated file shows up in ``git diff`` only when the list changed.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kcc.core.search.analysis import tokenise  # noqa: E402 (after the path is set)

SOURCE = Path("/usr/share/dict/dutch")
TARGET = ROOT / "src" / "kcc" / "core" / "search" / "data" / "woordenlijst.txt.gz"
MIN_LENGTH = 4
MAX_LENGTH = 40


def lexicon_words(lines: list[str]) -> list[str]:
    found = {
        token
        for line in lines
        if line[:1].islower()
        for token in tokenise(line.strip())
        if token.isalpha() and MIN_LENGTH <= len(token) <= MAX_LENGTH
    }
    return sorted(found)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    lines = source.read_text(encoding="utf-8").splitlines()
    kept = lexicon_words(lines)
    data = ("\n".join(kept) + "\n").encode("ascii")
    TARGET.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{source}: {len(lines)} entries → {len(kept)} words, {TARGET.stat().st_size:,} bytes ({TARGET})")


if __name__ == "__main__":
    main()
