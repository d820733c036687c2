from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "medskapa.api"
    label = "api"
