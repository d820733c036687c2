from django.urls import URLPattern, path

from . import views

app_name = "klarsprak"

urlpatterns: list[URLPattern] = [
    path("analyse/", views.analyse, name="analyse"),
    path("org/<uuid:organisation>/try/", views.try_text, name="try"),
    path("org/<uuid:organisation>/terms/", views.terms, name="terms"),
    path("org/<uuid:organisation>/terms/edit/", views.term_edit, name="term_edit"),
    path("org/<uuid:organisation>/terms/remove/", views.term_remove, name="term_remove"),
    path("org/<uuid:organisation>/terms/restore/", views.term_restore, name="term_restore"),
]
