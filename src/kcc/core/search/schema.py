"""SQL that the search's migrations run per database vendor (generated columns, FTS5, triggers, GIN indexes):
what the ORM cannot say. One helper, so that each migration holds only its statements."""

from __future__ import annotations

from django.db import migrations

# vendor → (forward statements, backward statements)
VendorStatements = dict[str, tuple[list[str], list[str]]]


def run_per_vendor(statements: VendorStatements) -> migrations.RunPython:
    """A reversible operation running ``statements`` of the connection's vendor; refuses other vendors."""

    def run(direction: int):
        def apply(apps, schema_editor) -> None:
            vendor = schema_editor.connection.vendor
            if vendor not in statements:
                raise RuntimeError(f"KCC search supports SQLite and PostgreSQL, not {vendor}.")
            for statement in statements[vendor][direction]:
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(0), run(1))
