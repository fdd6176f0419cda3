import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_sessions(apps, schema_editor):
    """The sessions still live in Django's table move to the portal's, each with the id of its
    signed-in person, so that nobody is signed out by the deployment. A session whose data
    cannot be read (another SECRET_KEY) is copied without a person and signs nobody in, as
    it did before."""
    # Django's store of the same name signs with the same salt as the portal's.
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("makin", "Session")
    decoder = SessionStore()
    batch = []
    live = Old.objects.using(schema_editor.connection.alias).filter(expire_date__gt=timezone.now())
    for old in live.iterator(chunk_size=2000):
        user_id = decoder.decode(old.session_data).get("_auth_user_id")
        batch.append(
            New(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=int(user_id) if user_id and str(user_id).isdigit() else None,
            )
        )
        if len(batch) == 2000:
            New.objects.using(schema_editor.connection.alias).bulk_create(batch)
            batch = []
    New.objects.using(schema_editor.connection.alias).bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('makin', '0013_user_calendar_first'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Session',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'db_table': 'makin_session',
                'abstract': False,
            },
        ),
        migrations.RunPython(copy_sessions, migrations.RunPython.noop, elidable=True),
    ]
