# Dilemmatafel as a container image: the wheel (with templates and the shipped content) built in
# one stage, installed into a slim Python in the next, run as an unprivileged user.
# Build: docker build -t dilemmatafel .    Run: see docs/deployment.md (Container) and compose.yaml.
ARG PYTHON_VERSION=3.13

FROM python:${PYTHON_VERSION}-slim AS build
WORKDIR /src
# Only what the wheel is made of (.dockerignore keeps data, .venv and tests out).
COPY pyproject.toml setup.py README.md ./
COPY backend ./backend
COPY templates ./templates
COPY dilemmas ./dilemmas
COPY good_practices ./good_practices
COPY cases ./cases
# The app's wheel and a wheel of every pinned dependency, so the next stage installs offline.
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:${PYTHON_VERSION}-slim
# The search index is rebuilt in a sibling folder and swapped in by renaming, so a volume for
# it goes on /var/lib/dilemmatafel/search (its parent), never on the index folder itself.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DT_DATA_DIR=/var/lib/dilemmatafel \
    DT_INDEX_DIR=/var/lib/dilemmatafel/search/index \
    DT_DATABASE_URL=sqlite:////var/lib/dilemmatafel/dilemmatafel.db \
    DT_LOG_FORMAT=json \
    DT_LOG_LEVEL=INFO
RUN groupadd --system --gid 10001 dilemmatafel \
    && useradd --system --uid 10001 --gid dilemmatafel --no-create-home \
       --home-dir /var/lib/dilemmatafel --shell /usr/sbin/nologin dilemmatafel \
    && mkdir -p /var/lib/dilemmatafel/search \
    && chown -R dilemmatafel:dilemmatafel /var/lib/dilemmatafel
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --root-user-action=ignore --no-index --find-links=/wheels \
        dilemmatafel
COPY --chmod=0755 deploy/start.sh /usr/local/bin/dilemmatafel-start
USER dilemmatafel:dilemmatafel
WORKDIR /var/lib/dilemmatafel
EXPOSE 8000
# Liveness without curl (not in the slim image): the process answers /healthz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Migrate and (into an empty database only) import the shipped content, then serve.
CMD ["dilemmatafel-start"]
