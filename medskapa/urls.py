"""The URL map. Core apps first; each domain app is wired in here with one line (and its API
router in ``medskapa.api.urls``). Django's admin is deliberately absent: it would bypass the
permission layer and the audit log."""

from django.urls import include, path

from medskapa.web.views import set_language

urlpatterns = [
    path("", include("medskapa.web.urls")),
    path("", include("medskapa.organisations.urls")),
    path("audit/", include("medskapa.audit.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("medskapa.api.urls")),
    # Domain apps below, one line each.
    path("", include("medskapa.checkins.urls")),
    path("klarsprak/", include("medskapa.klarsprak.urls")),
    path("", include("medskapa.conversations.urls")),
    path("", include("medskapa.events.urls")),
    path("", include("medskapa.insights.urls")),
    path("", include("medskapa.projects.urls")),
    path("", include("medskapa.reports.urls")),
    path("", include("medskapa.feedback.urls")),
    path("", include("medskapa.mydata.urls")),
]

handler400 = "medskapa.web.views.error_400"
handler403 = "medskapa.web.views.error_403"
handler404 = "medskapa.web.views.error_404"
handler500 = "medskapa.web.views.error_500"
# allauth's refusals (log-in, password reset) look for this; our throttles use the same page.
handler429 = "medskapa.web.throttle.handler429"
