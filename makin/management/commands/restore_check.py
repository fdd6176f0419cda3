"""Prove that a backup restores: load a `pg_dump -Fc` file into a scratch database next to the
live one, count the rows of every table in both, report the differences and drop the scratch
database. Exits with an error when a table is missing or its count differs.

Run it right after the backup (scripts/backup does): tables that change by the minute (sessions,
the task queue, log-in attempts) are ignored by default, since they move between the dump and
the count."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

BUSY_TABLES = [
    "django_session",
    "makin_session",
    "django_tasks_database_dbtaskresult",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
]


def pg_tool(name: str) -> str:
    for folder in (os.environ.get("MAKIN_PG_BIN"), None, "/usr/lib/postgresql/15/bin"):
        found = shutil.which(name, path=folder) if folder else shutil.which(name)
        if found:
            return found
    raise CommandError(f"{name} not found; set MAKIN_PG_BIN to PostgreSQL's bin folder")


def drop_database(admin, name: str) -> None:
    """Drop the scratch database, ending the sessions still in it (`WITH (FORCE)`). PostgreSQL
    refuses FORCE to a role that may not end every one of them: the autovacuum worker a fresh
    restore starts belongs to no role. A plain DROP ends autovacuum workers itself (and waits
    for them), so it follows when FORCE is refused."""
    try:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    except psycopg.errors.InsufficientPrivilege:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def table_counts(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
            counts[name] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = (
        "Restore a pg_dump file into a scratch database and compare row counts with the live one."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="A file made by pg_dump -Fc.")
        parser.add_argument(
            "--scratch", help="Scratch database name (default: <db>_restore_check)."
        )
        parser.add_argument(
            "--ignore",
            action="append",
            default=None,
            help="A table whose count may differ (repeatable; default: sessions, task queue, "
            "log-in attempts).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")

    def handle(self, *, dump, scratch, ignore, keep, **options):
        if not dump.is_file():
            raise CommandError(f"No such dump: {dump}")
        params = connection.get_connection_params()
        live_name = connection.settings_dict["NAME"]
        scratch = scratch or f"{live_name}_restore_check"
        ignore = set(BUSY_TABLES if ignore is None else ignore)
        base = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}

        with psycopg.connect(dbname="postgres", autocommit=True, **base) as admin:
            drop_database(admin, scratch)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        try:
            env = {**os.environ, "PGPASSWORD": str(base.get("password", ""))}
            command = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
            for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
                if key in base:
                    command += [flag, str(base[key])]
            result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
                [*command, "-d", scratch, str(dump)], env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
            with psycopg.connect(dbname=scratch, **base) as restored:
                restored_counts = table_counts(restored)
            connection.ensure_connection()
            live_counts = table_counts(connection.connection)
        finally:
            if not keep:
                with psycopg.connect(dbname="postgres", autocommit=True, **base) as admin:
                    drop_database(admin, scratch)

        problems = []
        for table in sorted(set(live_counts) | set(restored_counts)):
            live, restored = live_counts.get(table), restored_counts.get(table)
            mark = "ok"
            if live != restored:
                mark = "ignored" if table in ignore else "DIFFERENT"
                if table not in ignore:
                    problems.append(table)
            self.stdout.write(f"{table:60} {live!s:>10} {restored!s:>10}  {mark}")
        if problems:
            raise CommandError("Restored counts differ for: " + ", ".join(problems))
        self.stdout.write(
            self.style.SUCCESS(f"Restore check passed: {len(restored_counts)} tables match.")
        )
