from django.urls import URLPattern

app_name = "klarsprak"

urlpatterns: list[URLPattern] = []
