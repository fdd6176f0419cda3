"""The scratch database of the benchmark commands: `<your database>_bench`, never the portal's."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections


@contextmanager
def scratch_database(stdout, *, keep: bool, reuse: bool = False):
    """Point the default connection at `<name>_bench` for the block, made afresh (with `reuse`
    and `keep`, a kept one is measured again as it is), and drop it at the end unless `keep`.
    Yields whether a kept database was reused."""
    original = settings.DATABASES["default"]["NAME"]
    scratch = f"{original}_bench"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
        reused = reuse and keep and cursor.fetchone() is not None
        if not reused:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            cursor.execute(f'CREATE DATABASE "{scratch}"')
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = scratch
    try:
        yield reused
    finally:
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = original
        if not keep:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            connections["default"].close()
        else:
            stdout.write(f"Kept the scratch database {scratch}.")
