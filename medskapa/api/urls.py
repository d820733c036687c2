from django.urls import path

from .views import api_tokens

urlpatterns = [
    path("org/<uuid:organisation>/api-tokens/", api_tokens, name="api_tokens"),
]
