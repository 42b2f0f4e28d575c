"""WSGI entry point for production servers (`gunicorn spor.wsgi`).

Loading it fails, so the server does not start, while the database still lets the demo users in
with SPOR_DEBUG=0 (`spor.web.checks`); the weak-secret checks already ran with the settings.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")
application = get_wsgi_application()

from spor.web.checks import refuse_unsafe_start  # noqa: E402 - needs the apps loaded above

refuse_unsafe_start()
