# The production image: gunicorn serving pfp.wsgi, static files by whitenoise, run as a
# non-root user. Configuration comes from the environment at run time (see pfp/settings.py):
# SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL have no defaults and must be set.

FROM python:3.11-slim AS builder

# gettext only compiles the translations here; it does not reach the final image, so its
# exact version does not matter.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app

# The project is run from its source tree, not installed: only its dependencies go into the
# virtualenv, in a layer that is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -m venv /opt/venv \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt

COPY . .

# Production settings refuse to load without a secret key and hosts; these throwaway values
# exist only for this step and are not kept in the image. compilemessages needs a locale
# folder to exist even before the first translation is committed.
RUN DEBUG=False \
    SECRET_KEY=build-only-key-not-used-at-run-time-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=build.invalid \
    sh -c "mkdir -p locale && python manage.py compilemessages && python manage.py collectstatic --noinput"


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DEBUG=False \
    MEDIA_ROOT=/var/lib/pfp/media \
    WEB_CONCURRENCY=3

RUN groupadd --system --gid 10001 pfp \
    && useradd --system --uid 10001 --gid pfp --no-create-home --home-dir /nonexistent pfp \
    && mkdir -p /var/lib/pfp/media \
    && chown pfp:pfp /var/lib/pfp/media

COPY --from=builder /opt/venv /opt/venv
# The code stays owned by root: the application user can read it but not change it.
COPY --from=builder /app /app

WORKDIR /app
USER 10001:10001
EXPOSE 8000
VOLUME ["/var/lib/pfp/media"]

# Asks with the first allowed host as Host header: Django answers 400 to any other.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.').replace('*', 'localhost'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]

# gunicorn runs as PID 1 and takes SIGTERM for a graceful stop. Workers: WEB_CONCURRENCY.
CMD ["gunicorn", "pfp.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "30", \
     "--max-requests", "1000", "--max-requests-jitter", "100", \
     "--access-logfile", "-"]
