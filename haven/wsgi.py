import os

from django.core.wsgi import get_wsgi_application

from haven.core.warmup import warm_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
application = get_wsgi_application()
warm_worker()
