"""The second factor (django-otp): a time-based code from an authenticator app (TOTP) and
single-use recovery codes. Staff must use it; applicants may turn it on.

At log-in (`mark_login`, a `user_logged_in` receiver) a person who needs the second factor gets
`SESSION_KEY = "pending"` in their session; `SecondFactorMiddleware` then sends every request
to the code page (or, for staff without a device, to enrolment) until `second_factor_verify`
sets it to "verified". The check reads the session only, so pages cost no extra query.
Codes and secrets are never logged.
"""

import base64

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecondFactorEvent
from .rules import require

SESSION_KEY = "_makin_second_factor"
PENDING = "pending"
VERIFIED = "verified"
RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """Staff always; an applicant once they have turned it on."""
    return user.is_portal_staff or has_second_factor(user)


def mark_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: a password alone does not finish a log-in that needs more."""
    if request is None or not hasattr(request, "session"):
        return
    if needs_second_factor(user):
        request.session[SESSION_KEY] = PENDING
    else:
        # The log-in is complete: forget this account's failures from this address.
        request.session.pop(SESSION_KEY, None)
        _forget_failures(request, user)


def is_pending(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) == PENDING


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it: base32, in groups of four."""
    b32 = base64.b32encode(device.bin_key).decode()
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (the otpauth:// address) as an SVG data URI."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The person's unconfirmed device with a fresh secret, kept until they confirm a code
    (the same one is shown again if they reload the page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from the app; replace any former devices, make fresh
    recovery codes (returned once, to be shown once), and finish the log-in."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            _("This code is not right. Check the time on your phone and try the newest code."),
            code="wrong_code",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    SecondFactorEvent.objects.create(
        user=user, actor=user, action=SecondFactorEvent.Action.ENROLLED
    )
    _finish(request, device)
    return codes


def recovery_codes_replace(*, user) -> list[str]:
    """Ten new single-use recovery codes; the former ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def second_factor_verify(*, request, code: str) -> bool:
    """Check a code from the app or a recovery code (which is used up). A wrong code counts as a
    failed log-in for django-axes, like a wrong password."""
    user = request.user
    code = _digits(code)
    for device in (
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ):
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if code and locked.verify_token(code):
                _finish(request, locked)
                return True
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return False


def second_factor_reset(*, user, actor) -> None:
    """An administrator removes a person's devices (a lost phone); staff enrol again at their
    next log-in. Every session of theirs ends (whoever holds the lost phone may be signed in).
    Logged as a SecondFactorEvent."""
    require(actor, "makin.reset_second_factor")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.sessions_epoch = F("sessions_epoch") + 1
        user.save(update_fields=["sessions_epoch"])
        user.refresh_from_db(fields=["sessions_epoch"])
        SecondFactorEvent.objects.create(
            user=user, actor=actor, action=SecondFactorEvent.Action.RESET
        )


@transaction.atomic
def totp_enrol_with_key(*, user, key_hex: str) -> TOTPDevice:
    """Give `user` a confirmed device with a known secret: for demo and test accounts only
    (callers check the settings); real people enrol on the setup page."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key_hex, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now for `device` (demo_totp and the browser tests)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _finish(request, device) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFIED
    # The log-in is complete: forget this account's failures from this address.
    _forget_failures(request, request.user)


def _forget_failures(request, user) -> None:
    from axes.utils import reset

    from .http import client_ip

    reset(ip=client_ip(request), username=user.get_username())


def _digits(code: str) -> str:
    from .validators import western_digits

    # App codes are digits; recovery codes are lower-case letters and digits.
    return western_digits((code or "").strip()).replace(" ", "").replace("-", "").lower()
