from django.urls import path

from . import views

app_name = "mydata"

urlpatterns = [
    path("me/data/", views.reads, name="reads"),
    path("me/data/reads/<int:event>/ask/", views.ask, name="ask"),
    # The log reviewers' side sits next to the access-log review pages.
    path("audit/<uuid:organisation>/questions/", views.questions, name="questions"),
    path(
        "audit/<uuid:organisation>/questions/<uuid:question>/answer/",
        views.handle,
        name="handle",
    ),
]
