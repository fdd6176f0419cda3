"""Project-wide guarantees: translations, migrations, settings and demo data."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def po_entries(path: Path):
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))  # noqa: E731
        yield join(msgid), join(msgstr), "#, fuzzy" in block


def test_arabic_catalogue_is_complete():
    missing = [
        msgid
        for msgid, msgstr, fuzzy in po_entries(ROOT / "locale/ar/LC_MESSAGES/django.po")
        if msgid and (not msgstr or fuzzy)
    ]
    assert missing == []


def test_every_translatable_string_is_in_the_catalogue(tmp_path):
    """makemessages finds nothing that the committed catalogue lacks."""
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", copy)
    before = {m for m, _, _ in po_entries(copy / "ar/LC_MESSAGES/django.po")}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ar",
            "--ignore=.venv",
            "--ignore=test-artifacts",
            "--ignore=tests",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "makin.settings.test"},
    )
    after = {m for m, _, _ in po_entries(ROOT / "locale/ar/LC_MESSAGES/django.po")}
    shutil.copy(copy / "ar/LC_MESSAGES/django.po", ROOT / "locale/ar/LC_MESSAGES/django.po")
    assert after - before == set()


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_production_settings_refuse_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["DJANGO_SETTINGS_MODULE"] = "makin.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_fresh_migrate_gives_every_role_its_permissions_of_every_app():
    """After the database is emptied and post_migrate runs again (as on a fresh install), the
    roles hold the permissions the later apps declare, not only the portal's own."""
    from django.contrib.auth.models import Group

    from makin.roles import role_permissions

    call_command("flush", "--no-input", verbosity=0)
    for role, wanted in role_permissions().items():
        group = Group.objects.get(name=role.value)
        held = {
            f"{app}.{code}"
            for app, code in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert held == wanted, role
