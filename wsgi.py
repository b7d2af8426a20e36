"""The app for any WSGI server, e.g. `ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app` (the
production model, as `netwerk-canvas serve` runs it) or `gunicorn -k gthread --threads 600 -w 1
wsgi:app` (ASYNC_MODE defaults to threading)."""
from canvas import create_app

app = create_app()
