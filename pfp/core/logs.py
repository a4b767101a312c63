"""Request ids for the logs.

Each request carries an id: the one the proxy sent in ``X-Request-ID`` when it is a sane
token, or a new one. It goes into every log record written while the request is handled,
into the ``X-Request-ID`` response header and into Sentry's tags, so that a visitor's report,
the proxy's access log and the application's log lines can be matched.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

# Letters, digits and the punctuation that UUIDs, ULIDs and the usual proxies' ids use; a
# header that is longer or holds anything else (spaces, quotes, newlines) is not echoed back.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,199}")

current_request_id: ContextVar[str] = ContextVar("pfp_request_id", default="-")


def request_id_from(header):
    """The incoming id when it is valid, else a new random one."""
    if header and VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def forget_request_id(**kwargs):
    """Clears the id once the response is sent (Django's request_finished).

    Not at the end of the middleware: Django logs a request's errors ("Internal Server
    Error: …") after the middleware has returned, and those lines need the id most.
    """
    current_request_id.set("-")


def connect():
    request_finished.connect(forget_request_id, dispatch_uid="pfp.core.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request, in commands and workers)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
