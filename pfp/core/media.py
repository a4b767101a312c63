"""Uploaded files, served only to those who may see the item they belong to.

Files are stored under unguessable names, but a name is no permission: a draft's attachment
must not be served to whoever learns its address, and with `DEBUG` off Django serves no
media at all. Every request under `MEDIA_URL` comes to `serve()`, which asks the apps whose
models hold files: each app registers a resolver in its `AppConfig.ready()` (core knows no
app). A resolver answers `None` for a path that is not its own, else whether the user may
see the file. A file nobody claims, or that the user may not see, is a 404, so that its
existence is not given away.

How the bytes go out depends on the storage and the proxy:

- file-system storage: Django streams the file, or with `PFP_MEDIA_ACCEL=nginx` hands it to
  nginx (`X-Accel-Redirect` to `PFP_MEDIA_ACCEL_PREFIX`, an `internal` location), with
  `PFP_MEDIA_ACCEL=sendfile` to Apache or lighttpd (`X-Sendfile`); the web worker is free at
  once either way;
- object storage (django-storages, S3-compatible): a redirect to a short-lived signed URL.

Every answer carries `X-Content-Type-Options: nosniff`, a `Content-Disposition` (inline only
for raster images, which pages show), and a sandboxing Content Security Policy, so an
uploaded file can never run as a page of the site.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_safe

from .downloads import send_file

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}

_resolvers = []


def register(resolver):
    """`resolver(user, path)` → None (not mine), True (may see it) or False."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def may_see(user, path):
    for resolver in _resolvers:
        verdict = resolver(user, path)
        if verdict is not None:
            return verdict
    return False


def clean(path):
    """The storage name asked for, or None when it tries to leave the media folder."""
    if "\x00" in path or "\\" in path:
        return None
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(part in {"..", "."} for part in parts):
        return None
    return "/".join(parts)


def protect(response, *, name, content_type, public):
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    filename = PurePosixPath(name).name
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A published item's file may be cached anywhere; a draft's by nobody.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@require_safe
def serve(request, path):
    name = clean(path)
    if name is None or not may_see(request.user, name):
        raise Http404
    storage = default_storage
    if not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    public = may_see(AnonymousUser(), name)
    if not isinstance(storage, FileSystemStorage):
        response = HttpResponseRedirect(storage.url(name))
        response["Cache-Control"] = "private, no-store"
        return response
    response = send_file(
        name=name,
        path=storage.path(name),
        accel_prefix=settings.PFP_MEDIA_ACCEL_PREFIX,
        content_type=content_type,
        open_file=lambda: storage.open(name, "rb"),
    )
    return protect(response, name=name, content_type=content_type, public=public)
