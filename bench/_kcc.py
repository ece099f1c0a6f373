"""Shared set-up of the benchmarks: a fresh, migrated KCC database of the chosen engine.

Each benchmark run gets its own database (a SQLite file in a temporary directory, or a
PostgreSQL database created and dropped on 127.0.0.1), so runs never touch ``var/``.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ENGINES = ("sqlite", "postgresql")
PG_SERVER = os.environ.get("KCC_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


@contextmanager
def fresh_kcc(engine: str, name: str) -> Iterator[None]:
    """Configure Django for a new database of ``engine``, migrate it, and drop it afterwards.

    The var directory is new as well; what an installed KCC builds once into it is built here
    before the bench measures anything."""
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as var_dir:
        os.environ["KCC_VAR_DIR"] = var_dir
        os.environ["DJANGO_SETTINGS_MODULE"] = "kcc.settings"
        if engine == "postgresql":
            database = f"{name}_{os.getpid()}"
            _psql(f"CREATE DATABASE {database}")
            os.environ["KCC_DATABASE_URL"] = f"{PG_SERVER}/{database}"
        else:
            os.environ["KCC_DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        # Build the PII scrubber's lookup cache now, as an installed KCC has it: otherwise the servers a
        # bench starts spend their first minute building it (once per install) while being measured.
        from kcc.privacy.pii import deduce_instance

        deduce_instance()
        try:
            yield
        finally:
            if engine == "postgresql":
                from django.db import connections

                connections.close_all()
                _psql(f"DROP DATABASE {database}")


def _psql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _die_with_parent() -> None:
    """In a child: ask Linux to end this process when the bench that started it ends, so that stopping a
    bench stops its measurements too (a killed parent left its children scanning, loading the machine)."""
    if sys.platform == "linux":
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run_per_engine(engines: list[str], argv: list[str]) -> None:
    """Django is configured once per process: run this script again for each engine."""
    for engine in engines:
        subprocess.run(
            [sys.executable, sys.argv[0], *argv, "--engine", engine, "--child"], check=True, preexec_fn=_die_with_parent
        )


def main_with_samples(doc: str, run_child: Callable[[str, int], None], samples: int) -> None:
    """The command line of a bench that times ``--samples`` runs on each engine, one child process
    per engine."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=samples)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.engine, args.samples)
        return
    run_per_engine(args.engines.split(","), ["--samples", str(args.samples)])
