"""Backup and restore of the whole database, with each database's own tool (docs/operations.md#backups).

PostgreSQL: `pg_dump` in custom format, restored by `pg_restore --clean --if-exists
--single-transaction`; the dump carries each sequence's position, so new rows get new ids after a
restore into an empty database. SQLite: the online backup API (`sqlite3.Connection.backup`), a
consistent copy of the live file. Either way the tool's output streams through the sealed container
(`spor.common.sealed`), so memory stays at a few chunks whatever the size of the database.

Inside the container: a 4-byte length, a JSON manifest (format, database engine, rows per table)
and the tool's output. Session rows are left out: a restored session would log someone back in.
Restore is all or nothing, and a file that fails its check at any chunk changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

from spor.common.sealed import CHUNK, BackupError, SealedWriter, open_sealed

__all__ = ["BackupError", "backup_restore", "backup_write"]

FORMAT = "spor-backup/2"
SKIPPED_DATA = ("django_session",)


def backup_write(path: Path) -> Counter[str]:
    """Write the whole database, sealed, to `path`; returns rows per table.

    The file appears only when complete (written beside it, then renamed), readable by its owner
    only. Raises BackupError if the database's tool is missing or fails.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        with _private_file(partial) as handle:
            writer = SealedWriter(handle, settings.BACKUP_KEY)
            counts = _pg_dump(writer) if connection.vendor == "postgresql" else _sqlite_dump(writer)
            writer.close()
        partial.replace(path)
    except OSError as exc:
        raise BackupError(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        partial.unlink(missing_ok=True)
    return counts


def backup_restore(path: Path, *, dry_run: bool) -> Counter[str]:
    """Replace the database's content with the backup's, all or nothing; returns rows per table.

    Every chunk is authenticated before the change is committed; a wrong key, a damaged, altered or
    cut file raises BackupError and leaves the database as it was. With `dry_run` the whole file is
    checked (and, on PostgreSQL, read by `pg_restore --list`) and nothing is changed. Stop the web
    service first: the restore takes the tables from under it.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise BackupError(f"{path}: cannot open ({exc.strerror})") from None
    with handle:
        manifest, payload = _read_manifest(open_sealed(handle, settings.BACKUP_KEY))
        if manifest.get("engine") != connection.vendor:
            raise BackupError(
                f"this is a backup of a {manifest.get('engine')} database; the configured one is {connection.vendor}"
            )
        if connection.vendor == "postgresql":
            _pg_restore(payload, dry_run=dry_run)
        else:
            _sqlite_restore(payload, dry_run=dry_run)
    if not dry_run:
        ContentType.objects.clear_cache()
    return Counter(manifest["tables"])


# --- the container's plaintext: manifest, then payload ------------------------------------------


def _manifest(counts: Counter[str]) -> bytes:
    data = {"format": FORMAT, "engine": connection.vendor, "created": datetime.now(UTC).isoformat(), "tables": counts}
    body = json.dumps(data, sort_keys=True).encode()
    return struct.pack(">I", len(body)) + body


def _read_manifest(chunks: Iterator[bytes]) -> tuple[dict[str, Any], Iterator[bytes]]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= 4 and len(buffer) >= 4 + struct.unpack(">I", buffer[:4])[0]:
            break
        if len(buffer) > CHUNK:  # a manifest is a few kB; never read the whole file into memory
            break
    size = struct.unpack(">I", buffer[:4])[0] if len(buffer) >= 4 else -1
    try:
        manifest = json.loads(buffer[4 : 4 + size]) if 0 <= size <= len(buffer) - 4 else None
    except ValueError:
        manifest = None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("tables"), dict)
    ):
        raise BackupError(f"the backup's manifest is not of format {FORMAT}")

    def payload() -> Iterator[bytes]:
        yield buffer[4 + size :]
        yield from chunks

    return manifest, payload()


@contextmanager
def _private_file(path: Path) -> Iterator[BinaryIO]:
    """A new file readable by its owner only (it may hold the database in clear or sealed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _count_rows(cursor: Any, tables: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for table in tables:
        if table not in SKIPPED_DATA:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


# --- PostgreSQL: pg_dump / pg_restore ---------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools (the server's major version or newer)"
        )
    return found


def _pg_env() -> dict[str, str]:
    """The connection for the tools, through libpq's variables: never a password on a command line."""
    db = connection.settings_dict
    values = {"PGHOST": db["HOST"], "PGPORT": db["PORT"], "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"]}
    values["PGDATABASE"] = db["NAME"]
    if db.get("OPTIONS", {}).get("sslmode"):
        values["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _tool_failed(name: str, returncode: int, stderr: IO[bytes]) -> BackupError:
    stderr.seek(0)
    lines = stderr.read().decode(errors="replace").strip().splitlines()
    return BackupError(f"{name} failed (exit {returncode}): {' / '.join(lines[-3:]) or 'no message'}")


def _pg_dump(writer: SealedWriter) -> Counter[str]:
    """Stream pg_dump into `writer`; the counts and the dump see the same snapshot."""
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor, tempfile.TemporaryFile() as stderr:
        # The dump imports this transaction's snapshot, so the manifest counts exactly its rows.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, connection.introspection.table_names(cursor))
        writer.write(_manifest(counts))
        command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        command += [f"--exclude-table-data={table}" for table in SKIPPED_DATA]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=_pg_env()) as dump:  # noqa: S603
            assert dump.stdout is not None
            for block in iter(lambda: dump.stdout.read(CHUNK), b""):  # type: ignore[union-attr]
                writer.write(block)
        if dump.returncode != 0:
            raise _tool_failed("pg_dump", dump.returncode, stderr)
    return counts


def _pg_restore(payload: Iterator[bytes], *, dry_run: bool) -> None:
    """Feed the checked payload to pg_restore, which restores it in one transaction.

    On a chunk that fails its check pg_restore is killed before its input ends, so it never
    reaches its COMMIT and PostgreSQL rolls the whole restore back.
    """
    pg_restore = _pg_tool("pg_restore")
    if dry_run:
        command, output = [pg_restore, "--list"], subprocess.DEVNULL
    else:
        # An empty --dbname makes pg_restore connect (rather than print SQL) to PGDATABASE.
        command = [pg_restore, "--dbname=", "--clean", "--if-exists", "--single-transaction", "--exit-on-error"]
        command += ["--no-owner", "--no-privileges"]
        output = subprocess.PIPE
        connections.close_all()
    with tempfile.TemporaryFile() as stderr:
        restore = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=output, stderr=stderr, env=_pg_env())  # noqa: S603
        assert restore.stdin is not None
        try:
            _feed(payload, restore.stdin)
        except BackupError:
            restore.kill()
            restore.wait()
            raise
        finally:
            _close_quietly(restore.stdin)  # after the kill above: an end of input would let it commit
        if restore.wait() != 0:
            raise _tool_failed("pg_restore", restore.returncode, stderr)
    connections.close_all()


def _feed(payload: Iterator[bytes], stream: IO[bytes]) -> None:
    """Write the payload to `stream`, and check every chunk even if the reader stops early.

    `pg_restore --list` stops after the archive's table of contents, and a failing restore stops
    at its error; its exit status says why, but the file is still read to its end.
    """
    for block in payload:
        try:
            stream.write(block)
        except BrokenPipeError:
            break
    for _block in payload:
        pass


def _close_quietly(stream: IO[bytes]) -> None:
    with suppress(BrokenPipeError):
        stream.close()


# --- SQLite: the online backup API ------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _sqlite_dump(writer: SealedWriter) -> Counter[str]:
    """Copy the live database with SQLite's backup API to a private file beside it, then seal it."""
    connection.ensure_connection()
    with tempfile.TemporaryDirectory(dir=_sqlite_path().parent, prefix=".spor-backup-") as folder:
        copy_path = Path(folder) / "copy.sqlite3"
        copy = sqlite3.connect(copy_path)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            for table in SKIPPED_DATA:
                copy.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant
            copy.commit()
            counts = _count_rows(copy.cursor(), [row[0] for row in copy.execute(_SQLITE_TABLES)])
        finally:
            copy.close()
        writer.write(_manifest(counts))
        with copy_path.open("rb") as handle:
            for block in iter(lambda: handle.read(CHUNK), b""):
                writer.write(block)
    return counts


_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


def _sqlite_restore(payload: Iterator[bytes], *, dry_run: bool) -> None:
    """Open the payload into a private file beside the database, check it, then copy it in.

    The copy into the live database goes through the backup API too: one SQLite transaction, so it
    is atomic for every reader and writer (WAL included), which renaming the file over a database
    in WAL mode would not be.
    """
    live = _sqlite_path()
    with tempfile.TemporaryDirectory(dir=live.parent, prefix=".spor-restore-") as folder:
        copy_path = Path(folder) / "copy.sqlite3"
        with _private_file(copy_path) as handle:
            for block in payload:
                handle.write(block)
        copy = sqlite3.connect(copy_path)
        try:
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("the database inside the backup is damaged (SQLite quick_check)")
            if dry_run:
                return
            connections.close_all()
            target = sqlite3.connect(live, timeout=20)
            try:
                copy.backup(target)
            finally:
                target.close()
        finally:
            copy.close()
