"""The URL map. Core apps first; each domain app is wired in here with one line (and its API
router in ``medskapa.api.urls``). Django's admin is deliberately absent: it would bypass the
permission layer and the audit log."""

from django.apps import apps
from django.urls import include, path

from medskapa.web.views import set_language

urlpatterns = [
    path("", include("medskapa.web.urls")),
    path("", include("medskapa.organisations.urls")),
    path("audit/", include("medskapa.audit.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("medskapa.api.urls")),
]

# Domain apps below, one line each; an app left out of INSTALLED_APPS has no URLs.
DOMAIN_URLS = [
    ("", "medskapa.checkins"),
    ("klarsprak/", "medskapa.klarsprak"),
    ("", "medskapa.conversations"),
    ("", "medskapa.events"),
    ("", "medskapa.insights"),
    ("", "medskapa.projects"),
    ("", "medskapa.reports"),
    ("", "medskapa.feedback"),
    ("", "medskapa.mydata"),
]
urlpatterns += [
    path(prefix, include(f"{app}.urls")) for prefix, app in DOMAIN_URLS if apps.is_installed(app)
]

handler400 = "medskapa.web.views.error_400"
handler403 = "medskapa.web.views.error_403"
handler404 = "medskapa.web.views.error_404"
handler500 = "medskapa.web.views.error_500"
# allauth's refusals (log-in, password reset) look for this; our throttles use the same page.
handler429 = "medskapa.web.throttle.handler429"
