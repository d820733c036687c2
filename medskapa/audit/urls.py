from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<uuid:organisation>/", views.review, name="review"),
]
