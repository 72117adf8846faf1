"""WSGI entry point: production serves ordinary pages from gunicorn workers (see README)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deliberation.settings")
application = get_wsgi_application()
