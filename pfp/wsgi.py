"""WSGI entry point: gunicorn serves `pfp.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pfp.settings")

application = get_wsgi_application()


def _warm_up():
    """Start what `PFP_WARM_UP` names (dotted paths of callables), e.g. the search indexes'
    background build. Named in the settings, so that this module imports no app."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in settings.PFP_WARM_UP:
        import_string(path)()


_warm_up()
