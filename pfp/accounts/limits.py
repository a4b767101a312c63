"""Rate limits on the forms that cost the site something or mail someone (django-ratelimit).

Two kinds:

- Requests: sign-up, password reset, colleague invitations and offers take so many POSTs per
  period from one client address (the real one, through the proxies: `signin.client_ip`),
  and, for signed-in users, from one account. Over the limit the form is shown again with
  what was typed and a 429 status, and nothing is done.
- Mails: whatever the forms let through, the accounts app sends at most so many mails to one
  address per period (`mail_allowed`), so that nobody can fill someone's mailbox from the
  site. Over the cap a mail is dropped and logged; the page says the same either way, so the
  cap tells nothing about the address.

Counts live in the cache. A cache that fails lets the request through (RATELIMIT_FAIL_OPEN,
and the guard below): a cache outage must not stop people signing up.
"""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def _usage(request, *, group, key, rate):
    try:
        return get_usage(request, group=group, key=key, rate=rate, increment=True)
    except Exception:  # the cache is down: fail open, and say so in the log
        logger.warning("rate limit %s not checked: the cache failed", group, exc_info=True)
        return None


def request_limited(request, group):
    """Count this POST against the limits of `group` (a key of settings.PFP_RATE_LIMITS);
    True when one of them is exceeded."""
    rate = settings.PFP_RATE_LIMITS[group]
    keys = ["ip"]
    if request.user.is_authenticated:
        keys.append("user")
    limited = False
    for key in keys:
        usage = _usage(request, group=f"pfp.{group}", key=key, rate=rate)
        limited = limited or bool(usage and usage["should_limit"])
    return limited


def mail_allowed(address):
    """Whether one more accounts mail may go to `address` in this period; counts it."""
    normalized = address.strip().lower()
    usage = _usage(
        None,
        group="pfp.mail-to-address",
        key=lambda _group, _request: normalized,
        rate=settings.PFP_MAILS_PER_ADDRESS,
    )
    if usage and usage["should_limit"]:
        logger.warning(
            "mail to one address over the cap (%s): not sent", settings.PFP_MAILS_PER_ADDRESS
        )
        return False
    return True


def typed(request, *, exclude=()):
    """What the user posted, to show the form again unbound (no validation, no errors),
    passwords and other `exclude`d fields left out."""
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in request.POST.lists()
        if name not in exclude and name != "csrfmiddlewaretoken"
    }
