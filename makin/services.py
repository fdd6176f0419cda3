from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .roles import Role

User = get_user_model()


@transaction.atomic
def applicant_signup(
    *, national_id: str, first_name: str, last_name: str, mobile, email: str, password: str
) -> User:
    """Create an applicant's account; the ID number is also the username."""
    user = User(
        username=national_id,
        national_id=national_id,
        first_name=first_name,
        last_name=last_name,
        mobile=mobile,
        email=email,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=Role.APPLICANT))
    return user


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    password: str,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_committee_chair: bool = False,
) -> User:
    """Create a staff account in the given roles. The admin role also opens Django's admin,
    with the permissions its group holds (not as a superuser, who would bypass every rule)."""
    is_admin = Role.ADMIN in roles
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_admin,
        is_committee_chair=is_committee_chair,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
    return user
