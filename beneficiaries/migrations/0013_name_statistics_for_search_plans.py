from django.db import migrations

TABLE = "beneficiaries_beneficiary"


class Migration(migrations.Migration):
    """A finer sample of the normalised names (300 values, not 100), so that PostgreSQL
    estimates how many files contain a word: with 100, a family name held by one file in
    forty was guessed at ten files (its page then read and sorted all 2,400 instead of walking
    the name order), and another at 6,000 (its count then scanned the table instead of reading
    the trigram index). Not more: planning a word's LIKE reads the sample (0.2 ms a word with
    300 values, 0.6 ms with 1,000, and a search plans its words twice)."""

    dependencies = [
        ("beneficiaries", "0012_name_search_order_index"),
    ]

    operations = [
        migrations.RunSQL(
            [
                f"ALTER TABLE {TABLE} ALTER COLUMN name_normalized SET STATISTICS 300",
                f"ANALYZE {TABLE}",
            ],
            [f"ALTER TABLE {TABLE} ALTER COLUMN name_normalized SET STATISTICS -1"],
        ),
    ]
