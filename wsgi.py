"""The app for any WSGI server, e.g. `gunicorn -k gthread --threads 600 -w 1 wsgi:app`."""
from canvas import create_app

app = create_app()
