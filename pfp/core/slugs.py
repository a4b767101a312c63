"""Slugs: the readable part of a public address (`/practices/<slug>/`)."""

from django.utils.text import slugify


def slug_base(title, *, max_length=255):
    """The slug a title gets when it is free; room is left for a counter ("-12")."""
    return slugify(title)[: max_length - 10].strip("-") or "item"


def unique_slug(model, title, *, max_length=255):
    """A slug for `title` that no row of `model` has yet: the base, else base-2, base-3 …

    Two rows created at the same moment may still choose the same one; the unique index
    refuses the second, and `pfp.moderation.editing.create_with_unique_slug` chooses again.
    """
    base = slug_base(title, max_length=max_length)
    slug, counter = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
