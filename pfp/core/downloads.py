"""Sending a file from disk once a view has decided who may have it: uploaded files
(`media.serve`) and kept exports (`export_files.file_response`).

With `PFP_MEDIA_ACCEL` the proxy in front sends the bytes ("nginx": X-Accel-Redirect to an
internal location under `accel_prefix`; "sendfile": X-Sendfile with the file's path), so no
web worker is held for a large file; otherwise Django streams it.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse


def send_file(*, name, path, accel_prefix, content_type, open_file):
    """The response that sends the file `name` (relative to the folder `accel_prefix` maps
    to), found on disk at `path`; `open_file()` opens it when Django sends it itself."""
    accel = settings.PFP_MEDIA_ACCEL
    if accel == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{quote(name)}"
    elif accel == "sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = str(path)
    else:
        response = FileResponse(open_file(), content_type=content_type)
    return response
