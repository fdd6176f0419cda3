from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Delivery, Notification
from .notifications import notify
from .roles import Role

User = get_user_model()


@transaction.atomic
def applicant_signup(
    *, national_id: str, first_name: str, last_name: str, mobile, email: str, password: str
) -> User | None:
    """Create an applicant's account; the ID number is also the username.

    When the ID number already has an account, nothing is created and None is returned; the
    account's owner is told (by SMS and e-mail, at most once a day), and the visitor sees the
    same page either way, so the sign-up form does not reveal who is registered."""
    owner = (
        User.objects.filter(Q(national_id=national_id) | Q(username=national_id))
        .order_by("pk")
        .first()
    )
    if owner is not None:
        # Spend the hashing time a new account would, so timing does not tell either.
        make_password(password)
        notify(
            user=owner,
            event="signup_existing",
            sms=True,
            key=f"signup-existing:{timezone.localdate():%Y-%m-%d}",
        )
        return None
    user = _account_save(
        User(
            username=national_id,
            national_id=national_id,
            first_name=first_name,
            last_name=last_name,
            mobile=mobile,
            email=email,
        ),
        password=password,
        roles=[Role.APPLICANT],
    )
    notify(user=user, event="account_created", sms=True, key="account-created")
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
    return _account_save(
        User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_staff=Role.ADMIN in roles,
            is_committee_chair=is_committee_chair,
        ),
        password=password,
        roles=roles,
    )


def _account_save(user: User, *, password: str, roles: list[Role]) -> User:
    """Hash the password, validate and save a new account, and put it in its roles' groups."""
    user.set_password(password)
    user.full_clean()
    user.save()
    groups = list(Group.objects.filter(name__in=[Role(r).value for r in roles]))
    if len(groups) != len(set(roles)):
        # The roles' groups are made by a migration: a missing one is a broken install.
        raise Group.DoesNotExist(f"no group for one of the roles {sorted(roles)}")
    user.groups.add(*groups)
    return user


def login_lockouts_clear(*, user: User) -> int:
    """Forget the failed log-ins and locks of `user`'s account, from every address (after a
    successful password reset). Returns how many records were removed."""
    from axes.utils import reset

    names = {user.username} | ({user.national_id} if user.national_id else set())
    return sum(reset(username=name) for name in names)


def user_calendar_choose(*, user: User, calendar_first: str) -> User:
    """The calendar a person reads first in lists, CSV and XLSX files (their own choice)."""
    user.calendar_first = calendar_first
    user.save(update_fields=["calendar_first"])
    return user


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Mark one of the actor's own notifications as read."""
    if notification.user_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor as read; returns how many."""
    unread = list(Notification.objects.select_for_update().filter(user=actor, read_at=None))
    now = timezone.now()
    for notification in unread:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return len(unread)


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor=None) -> Delivery:
    """Put a failed delivery back in the queue with a fresh count of attempts."""
    from .tasks import send_delivery

    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state == Delivery.State.FAILED:
        delivery.state = Delivery.State.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: send_delivery.enqueue(delivery.pk), robust=True)
    return delivery


def delivery_receipt(
    *, medium: str, provider_message_id: str, delivered: bool, reason: str = ""
) -> Delivery | None:
    """A provider's report on a message it accepted: delivered, or failed with its reason (a
    WhatsApp template that could not be delivered then goes by SMS). An unknown id is ignored;
    a repeated or late report never moves a delivery back, so replays change nothing."""
    from .tasks import send_delivery, sms_fallback

    fallback = None
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(medium=medium, provider_message_id=provider_message_id)
            .first()
        )
        if delivery is None or delivery.state != Delivery.State.SENT:
            return delivery
        if delivered:
            delivery.state = Delivery.State.DELIVERED
            delivery.delivered_at = timezone.now()
        else:
            delivery.state = Delivery.State.FAILED
            delivery.last_error = f"Receipt: {reason}"[:500]
            if delivery.medium == Delivery.Medium.WHATSAPP and delivery.template:
                fallback = sms_fallback(delivery)
        delivery.save(update_fields=["state", "delivered_at", "last_error"])
        if fallback is not None:
            transaction.on_commit(lambda: send_delivery.enqueue(fallback.pk))
    return delivery
