"""Who is signing in from where: the client's real address, known devices, and the
per-account throttle.

Lockout (django-axes) is by account *and* address: five wrong passwords lock that account
from that address only, so an attacker elsewhere cannot lock the real user out. That alone
lets an attacker with many addresses guess on: five tries per address. The per-account
throttle slows that down without locking the real user out:

- Every failed sign-in is logged (axes' failure log), whatever the address.
- Once an account has had `PFP_SIGNIN_ACCOUNT_FAILURES` failures within
  `PFP_SIGNIN_ACCOUNT_WINDOW_MINUTES`, it takes one attempt per
  `PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS` from browsers it does not know, from all addresses
  together; the others are refused before the password is even checked.
- A browser that signed in to the account before carries a signed "known device" cookie for
  it (bound to the password, so a password change forgets every device) and is not slowed.
  A password reset, which proves the address, makes the browser known again.

This is the "device cookie" defence that OWASP describes against online guessing.
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

DEVICE_COOKIE = "pfp_known_device"
DEVICE_SALT = "pfp.accounts.known-device"
DEVICE_COOKIE_DAYS = 180
# A browser remembers a few accounts (shared office computers); the oldest is forgotten.
DEVICE_COOKIE_ACCOUNTS = 5


def client_ip(request):
    """The client's address through the configured proxies, as django-axes sees it; the same
    function keys the rate limits (settings.RATELIMIT_IP_META_KEY)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def _device_mark(user):
    return salted_hmac(DEVICE_SALT, f"{user.pk}:{user.password}").hexdigest()[:32]


def _device_marks(request):
    try:
        marks = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""),
            salt=DEVICE_SALT,
            max_age=timedelta(days=DEVICE_COOKIE_DAYS),
        )
    except signing.BadSignature:
        return []
    if not isinstance(marks, list):
        return []
    return [mark for mark in marks if isinstance(mark, str)]


def is_known_device(request, user):
    mark = _device_mark(user)
    return any(constant_time_compare(mark, known) for known in _device_marks(request))


def remember_device(request, response, user):
    """Mark this browser as known for the account, on the response."""
    mark = _device_mark(user)
    marks = [known for known in _device_marks(request) if known != mark]
    marks = [*marks, mark][-DEVICE_COOKIE_ACCOUNTS:]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(marks, salt=DEVICE_SALT),
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def note_sign_in(sender, request, user, **kwargs):
    """On `user_logged_in`: the browser becomes known for the account once the response goes
    out (KnownDeviceMiddleware), whichever page signed it in (the site's or the admin's)."""
    if request is not None:
        request.pfp_known_device_user = user


def account_throttled(request, username, user):
    """Whether this attempt on the account is refused by the per-account throttle.

    `user` is the account of that name, or None: an unknown name is throttled the same way,
    so that the answer does not tell whether an account exists.
    """
    if user is not None and is_known_device(request, user):
        return False
    since = timezone.now() - timedelta(minutes=settings.PFP_SIGNIN_ACCOUNT_WINDOW_MINUTES)
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
    if failures.count() < settings.PFP_SIGNIN_ACCOUNT_FAILURES:
        return False
    latest = failures.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    interval = timedelta(seconds=settings.PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS)
    return latest is not None and timezone.now() - latest < interval
