# The production image: gunicorn serving pfp.wsgi, static files by whitenoise, run as a
# non-root user. Configuration comes from the environment at run time (see pfp/settings.py):
# SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL have no defaults and must be set. Management
# commands: `docker compose run web pfp migrate` (the `pfp` script is manage.py).

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

WORKDIR /src

# The exact versions of the lock file, hashes checked, in a layer that is rebuilt only when
# the lock changes; then the portal itself as a package, resolving nothing again.
COPY requirements.txt ./
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --require-hashes -r requirements.txt

COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && rm -rf /src/build

# The image runs the installed package, not this source tree: translations are compiled and
# static files collected from the package. Production settings refuse to load without a
# secret key and hosts; these throwaway values exist only for this step and are not kept.
RUN mkdir -p "$(python -P -c 'import pathlib, pfp; print(pathlib.Path(pfp.__file__).parent)')/locale" \
    && DEBUG=False \
       SECRET_KEY=build-only-key-not-used-at-run-time-0123456789abcdefghijklmnopqrstuvwxyz \
       ALLOWED_HOSTS=build.invalid \
       STATIC_ROOT=/opt/pfp/static \
       sh -c "pfp compilemessages && pfp collectstatic --noinput"


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DEBUG=False \
    MEDIA_ROOT=/var/lib/pfp/media \
    STATIC_ROOT=/opt/pfp/static \
    WEB_CONCURRENCY=3

# pg_dump and pg_restore for `pfp backup` and `pfp restore`: a client at least as new as the
# server can dump it, so the distribution's current one will do.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 pfp \
    && useradd --system --uid 10001 --gid pfp --no-create-home --home-dir /nonexistent pfp \
    && mkdir -p /var/lib/pfp/media /var/lib/pfp/exports \
    && chown pfp:pfp /var/lib/pfp/media /var/lib/pfp/exports

# The code stays owned by root: the application user can read it but not change it. No
# source tree, tests or development tools are in this image: only the installed package.
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/pfp/static /opt/pfp/static

WORKDIR /var/lib/pfp
USER 10001:10001
EXPOSE 8000
VOLUME ["/var/lib/pfp/media"]

# Asks with the first allowed host as Host header: Django answers 400 to any other.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.').replace('*', 'localhost'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]

# gunicorn runs as PID 1 and takes SIGTERM for a graceful stop. Workers: WEB_CONCURRENCY,
# each with GUNICORN_THREADS threads (gunicorn reads both variables itself): a slow client
# downloading an export file holds a thread, not a whole worker, and large exports are
# written at most PFP_EXPORT_SLOTS at a time, so the workers keep answering.
ENV GUNICORN_CMD_ARGS="--worker-class gthread --threads 4" \
    PFP_EXPORT_DIR=/var/lib/pfp/exports
CMD ["gunicorn", "pfp.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "30", \
     "--max-requests", "1000", "--max-requests-jitter", "100", \
     "--access-logfile", "-"]
