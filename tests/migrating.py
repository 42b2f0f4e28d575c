"""Moving the test database's schema to a migration and back, for the tests of data migrations."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to_latest() -> None:
    """Every app to its newest migration: the schema the rest of the suite expects.

    A migration test cleans up with this rather than with the migration it was written against, so
    a migration added later is not left unapplied for the tests that run after it.
    """
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
