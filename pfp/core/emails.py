"""One template for every email of the portal.

Each email is a subject (`<template>_subject.txt`) and a body (`<template>.txt`, plain text,
with no greeting and no signature). `render()` sets them in the one frame every mail shares,
`email/message.txt` and `email/message.html`: the subject prefix, a greeting, the body, what
the other person wrote (Markdown, shown as plain text in the text part and as sanitized HTML
in the HTML part), one link to act, and the same sign-off. The HTML part is simple and escaped,
styled inline only, as mail programs require.

Mails go out through the portal's EMAIL_BACKEND, the job queue (`pfp.core.mail`). Each is
written in its recipient's language: `send()` looks up the language of each address's account
(English for an address without one) unless one `language` is given, and renders the mail once
per language. Every link on the portal's address in it then leads to the page in that language
(`/fr/my/` for a French recipient).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .languages import localized_path
from .text import markdown_to_text, render_markdown

SUBJECT_PREFIX = "[GFMD PfP] "


@dataclass(frozen=True)
class Action:
    """The link the recipient follows to act on the mail."""

    label: str
    url: str


@dataclass(frozen=True)
class Quote:
    """Text someone else wrote (an offer's message, a moderator's comment), in Markdown."""

    label: str
    text: str


def site_link(path):
    """An absolute link on the public address; never the request's Host, which a client sets."""
    return f"{settings.PFP_SITE_URL}{path}"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str

    def message(self, to, *, from_email=None, connection=None):
        message = EmailMultiAlternatives(
            self.subject,
            self.text,
            from_email or settings.DEFAULT_FROM_EMAIL,
            to,
            connection=connection,
        )
        message.attach_alternative(self.html, "text/html")
        return message


def render(template, context, *, action=None, quote=None, name="", language=None):
    """The subject, text and HTML of one mail. `name` is the recipient's name for the greeting:
    leave it empty for an address nobody has proven, whose name a stranger may have typed."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.PFP_SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        frame = {
            "subject": SUBJECT_PREFIX + subject,
            "name": name,
            # Optional lines in a body template leave runs of blank lines: one is enough.
            "body": re.sub(r"\n{3,}", "\n\n", render_to_string(f"{template}.txt", context)).strip(),
            "action": action,
            "quote": quote,
            "quote_text": markdown_to_text(quote.text) if quote else "",
            "quote_html": render_markdown(quote.text) if quote else "",
            "site_url": settings.PFP_SITE_URL,
            "framed": True,
        }
        language = translation.get_language()
        return Rendered(
            subject=frame["subject"],
            text=_in_language(render_to_string("email/message.txt", frame), language),
            html=_in_language(render_to_string("email/message.html", frame), language),
        )


def _in_language(text, language):
    """Every link to a page of the portal in `text` made to lead to its `language` version,
    however its path was built (a context made while another language was active)."""
    site = re.escape(settings.PFP_SITE_URL)
    return re.sub(
        rf"{site}(/[^\s\"'<>)\]]*)",
        lambda match: settings.PFP_SITE_URL + localized_path(match.group(1), language),
        text,
    )


def recipient_languages(addresses):
    """{address: language} of the accounts with these addresses; an address without an
    account has the site's language."""
    known = {
        email.lower(): language
        for email, language in get_user_model()
        .objects.filter(email__in=list(addresses))
        .values_list("email", "language")
    }
    return {address: known.get(address.lower(), settings.LANGUAGE_CODE) for address in addresses}


def send_each(rendered, recipients, *, fail_silently=False):
    """One message to each recipient, so that nobody's address is shown to anyone else."""
    recipients = list(recipients)
    if not recipients:
        return 0
    connection = get_connection(fail_silently=fail_silently)
    return connection.send_messages([rendered.message([to]) for to in recipients])


def send(template, context, recipients, *, language=None, **options):
    """Send the mail to each of `recipients` on their own, rendered once per language: in
    `language` for all of them when given, else in each recipient's own."""
    recipients = list(recipients)
    languages = dict.fromkeys(recipients, language) if language else recipient_languages(recipients)
    sent = 0
    for code in dict.fromkeys(languages.values()):
        group = [address for address in recipients if languages[address] == code]
        sent += send_each(render(template, context, language=code, **options), group)
    return sent
