"""The load test's servers: Pathwise plus one reference view, the *write floor*.

``bench/load/run.sh`` serves ``bench.load.reference:application``: the production WSGI
application with ``ROOT_URLCONF`` pointed at the URLs below, which are Pathwise's own plus
``POST /bench/write-floor``. That view is what any logged-in page that writes one row costs
on this stack and nothing more: the session and user reads every logged-in request makes,
CSRF, and one single-row write (the session's own row, updated in a transaction by
``SessionMiddleware``). The answer POST is measured against it as well as against
``/healthz``: the distance to the write floor is what the answer path itself costs.

Only the load test serves this module; ``config.wsgi`` and ``config.urls`` never include it.
"""

import os

import django
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.urls import urlpatterns as pathwise_urlpatterns  # noqa: E402


@login_required
@require_POST
def write_floor(request: HttpRequest) -> HttpResponse:
    request.session["bench_writes"] = request.session.get("bench_writes", 0) + 1
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/write-floor", write_floor), *pathwise_urlpatterns]
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
