from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<uuid:organisation>/", views.review, name="review"),
    path("<uuid:organisation>/export.csv", views.export, name="export"),
    path("<uuid:organisation>/reviews/new/", views.review_create, name="review_create"),
]
