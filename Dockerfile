# Netwerk Canvas as a container image: the same `netwerk-canvas serve` as on a laptop, run by an
# unprivileged user, the SQLite database and the posters on the volume /data.
#
#   docker build -t netwerk-canvas .
#   docker run -p 5000:5000 -v canvas-data:/data netwerk-canvas
#
# Several processes with PostgreSQL, Redis and nginx: compose.yaml and docs/deploy.md.
# BASE is any Debian bookworm with Python 3.11 and its venv module (CI builds from a
# debootstrapped one when Docker Hub is out of reach).
ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
# The poster's fallback fonts (emoji, Chinese, Japanese, Korean, Thai, math letters): only the
# files it uses are copied into the image below, not the whole packages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-noto-core fonts-symbola fonts-droid-fallback fonts-nanum \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md alembic.ini wsgi.py ./
COPY canvas canvas
# Editable: the app finds templates/ and static/ beside the package (canvas/__init__.py, ROOT).
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -e '.[scale]'
COPY deploy/copy_poster_fonts.py deploy/
RUN /opt/venv/bin/python deploy/copy_poster_fonts.py /opt/poster-fonts

FROM ${BASE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=5000 \
    DATABASE_URL=sqlite:////data/netwerk-canvas.db \
    EXPORT_DIR=/data/exports \
    POSTER_FONT_DIRS=/opt/poster-fonts
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home canvas \
 && mkdir -p /data/exports \
 && chown -R canvas:canvas /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/poster-fonts /opt/poster-fonts
WORKDIR /app
COPY --from=build /app /app
COPY templates templates
COPY static static
# The brotli and gzip copies of static/ (canvas/web/assets.py) made once here, not at every
# container's first start; the server finds them and compresses nothing.
ENV STATIC_CACHE_DIR=/opt/static-cache
RUN python3 -c "from pathlib import Path; from canvas.web.assets import precompressed_static; \
precompressed_static(Path('/opt/static-cache'))"
USER canvas
VOLUME /data
EXPOSE 5000
# /healthz answers while the process serves (liveness; /readyz also asks the database and Redis).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '5000'), timeout=4)"]
CMD ["netwerk-canvas", "serve"]
