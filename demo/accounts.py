"""The demo accounts: one member of staff per role and one applicant, with a known password."""

from django.contrib.auth import get_user_model

from makin import services
from makin.roles import Role

DEMO_PASSWORD = "Makin-2026"  # noqa: S105  known on purpose: demo accounts only

# (username, first name, last name, roles, committee chair)
STAFF = [
    ("reception", "نورة", "الحربي", [Role.RECEPTION], False),
    ("researcher", "سلمان", "الجهني", [Role.RESEARCHER], False),
    ("chair", "عبدالله", "الرفاعي", [Role.COMMITTEE], True),
    ("member1", "خالد", "العوفي", [Role.COMMITTEE], False),
    ("member2", "فهد", "الصاعدي", [Role.COMMITTEE], False),
    ("manager", "منى", "المطيري", [Role.MANAGER], False),
    ("admin", "ماجد", "الأحمدي", [Role.ADMIN], False),
]
APPLICANT = {
    "national_id": "1000000008",
    "first_name": "أحمد",
    "last_name": "الزهراني",
    "mobile": "+966551234567",
    "email": "applicant@example.com",
}


def load() -> list[tuple[str, str]]:
    """Create the accounts that do not exist yet; return (log-in, role) of every one."""
    User = get_user_model()
    rows = []
    for username, first, last, roles, chair in STAFF:
        if not User.objects.filter(username=username).exists():
            services.staff_user_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=roles,
                first_name=first,
                last_name=last,
                email=f"{username}@makin.example",
                is_committee_chair=chair,
            )
        rows.append((username, ", ".join(str(r.label) for r in roles)))
    if not User.objects.filter(national_id=APPLICANT["national_id"]).exists():
        services.applicant_signup(password=DEMO_PASSWORD, **APPLICANT)
    rows.append((APPLICANT["national_id"], str(Role.APPLICANT.label)))
    return rows
