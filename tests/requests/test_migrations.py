"""The data migration that turned each request's list of missing items (JSON) into rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("requests", "0012_committee_waiting_index")]
AFTER = [("requests", "0013_missing_items_as_rows")]


@pytest.mark.django_db(transaction=True)
def test_the_json_lists_become_free_items_asked_by_whoever_marked_the_request_incomplete():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Every other app as it is now (their columns exist), requests before the change.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "requests"]
    old = executor.loader.project_state([*others, *BEFORE]).apps
    try:
        User = old.get_model("makin", "User")
        Beneficiary = old.get_model("beneficiaries", "Beneficiary")
        Service = old.get_model("requests", "Service")
        SupportRequest = old.get_model("requests", "SupportRequest")
        StatusChange = old.get_model("requests", "StatusChange")
        officer = User.objects.create(username="reception-officer")
        file = Beneficiary.objects.create(
            national_id="1000000008",
            id_expiry="2030-01-01",
            first_name="أحمد",
            father_name="محمد",
            grandfather_name="علي",
            family_name="الحربي",
            gender="male",
            birth_date="1980-01-01",
            mobile="+966500000001",
            consent_version="1",
            consented_at=timezone.now(),
        )
        service = Service.objects.create(code="aid", name_ar="إعانة")
        asked = SupportRequest.objects.create(
            reference="MK-1448-000001",
            beneficiary=file,
            service=service,
            status="incomplete",
            missing_items=["شهادة الراتب", "  ", "صك الإعالة"],
        )
        change = StatusChange.objects.create(
            request=asked, from_status="submitted", to_status="incomplete", actor=officer
        )
        SupportRequest.objects.create(
            reference="MK-1448-000002", beneficiary=file, service=service, status="submitted"
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        MissingItem = new.get_model("requests", "MissingItem")
        rows = list(
            MissingItem.objects.order_by("pk").values_list(
                "request__reference", "kind", "label", "asked_by", "asked_at", "document"
            )
        )
        assert rows == [
            ("MK-1448-000001", None, "شهادة الراتب", officer.pk, change.created_at, None),
            ("MK-1448-000001", None, "صك الإعالة", officer.pk, change.created_at, None),
        ]
        history = new.get_model("requests", "HistoricalMissingItem")
        assert history.objects.filter(history_type="+").count() == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_open_requests_are_counted_by_the_migration_that_adds_their_counts():
    before, after = (
        [("requests", "0017_research_open_index_with_deadline")],
        [("requests", "0018_open_requests")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "requests"]
    old = executor.loader.project_state([*others, *before]).apps
    try:
        User = old.get_model("makin", "User")
        Beneficiary = old.get_model("beneficiaries", "Beneficiary")
        Service = old.get_model("requests", "Service")
        SupportRequest = old.get_model("requests", "SupportRequest")
        researcher = User.objects.create(username="researcher-one")
        file = Beneficiary.objects.create(
            national_id="1000000008",
            id_expiry="2030-01-01",
            first_name="أحمد",
            father_name="محمد",
            grandfather_name="علي",
            family_name="الحربي",
            gender="male",
            birth_date="1980-01-01",
            mobile="+966500000001",
            consent_version="1",
            consented_at=timezone.now(),
        )
        service = Service.objects.create(code="aid", name_ar="إعانة")
        for number, (status, due, who) in enumerate(
            [
                ("in_research", "2026-01-20", researcher),
                ("in_research", "2026-01-20", researcher),
                ("in_research", "2026-01-21", researcher),
                ("submitted", None, None),
                ("draft", None, None),
                ("closed", "2026-01-02", researcher),
                ("rejected", "2026-01-03", None),
            ],
            1,
        ):
            SupportRequest.objects.create(
                reference=f"MK-1448-{number:06d}",
                beneficiary=file,
                service=service,
                status=status,
                decision_due=due,
                researcher=who,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status, researcher_id, decision_due::text, n FROM requests_openrequests"
                " ORDER BY 1, 3"
            )
            counts = cursor.fetchall()
        assert counts == [
            ("in_research", researcher.pk, "2026-01-20", 2),
            ("in_research", researcher.pk, "2026-01-21", 1),
            ("submitted", None, None, 1),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
