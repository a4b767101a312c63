"""The page's address in each language: for the base template (a context processor) and for
the middleware that treats a path alike in every language."""

from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The portal's languages (settings.LANGUAGES), for a person's choice of one."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


def languages(request):
    """`language_alternates`: the page in each language (for `hreflang` links), and
    `page_path`: its path without the language prefix, so that the navigation marks its
    section in every language."""
    full_path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": request.build_absolute_uri(translate_url(full_path, code)),
            }
        )
    return {
        "language_alternates": alternates,
        "page_path": path_without_language(request.path),
        # What the switcher sends as `next`: set_language translates an address of the
        # default language only (it runs unprefixed, in English).
        "page_full_path": path_without_language(full_path),
    }


def path_without_language(path):
    """`/fr/practices/` → `/practices/`; a path without a language prefix is returned as it is."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def localized_path(path, language):
    """The same page's path in `language`: `/my/` → `/fr/my/`, `/es/calls/x/` → `/calls/x/`
    for English. A path outside the language prefixes (`/media/…`) is returned as it is."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path_without_language(path), language)
