"""Mail that survives an outage: every message goes through the job queue.

`QueuedEmailBackend` is the portal's `EMAIL_BACKEND`. Sending a mail anywhere in the portal
(`send_mail`, `EmailMessage.send()`) only writes a job to the queue (django-q2, whose queue
is a table in the portal's own database), so a request never waits for the mail server and a
mail is never lost when that server is down: the worker (`manage.py qcluster`) delivers it
through the real backend of `EMAIL_URL`, and a delivery that fails stays queued and is tried
again (`PFP_TASK_RETRY_SECONDS`, up to `PFP_TASK_MAX_ATTEMPTS` times), across restarts of the
worker too.

On the way every message gets what a well-formed mail has: a Message-ID in the site's own
domain (Django would write the machine's name, often `localhost`) and an HTML part beside
the plain text, rendered from the text by `email/message.html`.
"""

import base64
import logging
from email import message_from_bytes
from email.mime.base import MIMEBase
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

HTML = "text/html"


def site_domain():
    return urlsplit(settings.PFP_SITE_URL).hostname or "localhost"


def with_html_part(message):
    """The message as multipart text + HTML; a message that has an HTML part keeps its own."""
    alternatives = list(getattr(message, "alternatives", []) or [])
    if message.content_subtype == "html" or any(
        mimetype == HTML for _content, mimetype in alternatives
    ):
        return alternatives
    html = render_to_string(
        "email/message.html", {"subject": message.subject, "body": message.body}
    )
    return [*alternatives, (html, HTML)]


def serialize(message):
    """A JSON-safe dict of everything the worker needs to send the message again."""
    headers = dict(message.extra_headers)
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=site_domain())
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": base64.b64encode(attachment.as_bytes()).decode()})
            continue
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            {
                "filename": filename,
                "content": base64.b64encode(content).decode(),
                "mimetype": mimetype,
            }
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [[str(content), mimetype] for content, mimetype in with_html_part(message)],
        "attachments": attachments,
    }


def deserialize(data, connection=None):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    for attachment in data["attachments"]:
        if "mime" in attachment:
            message.attach(message_from_bytes(base64.b64decode(attachment["mime"])))
        else:
            message.attach(
                attachment["filename"],
                base64.b64decode(attachment["content"]),
                attachment["mimetype"],
            )
    return message


def deliver(data):
    """The job: send one message through the real backend. A failure raises, so the queue
    keeps the job and tries it again."""
    connection = get_connection(settings.PFP_DELIVERY_EMAIL_BACKEND, fail_silently=False)
    sent = deserialize(data, connection=connection).send(fail_silently=False)
    logger.info("Delivered the mail %s to %d recipient(s)", data["headers"]["Message-ID"], sent)
    return sent


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message as a job; the worker delivers it (see the module docstring)."""

    def send_messages(self, email_messages):
        from django_q.tasks import async_task

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            data = serialize(message)
            async_task(
                "pfp.core.mail.deliver",
                data,
                task_name=f"mail {data['headers']['Message-ID']}",
                group="mail",
            )
            queued += 1
        return queued
