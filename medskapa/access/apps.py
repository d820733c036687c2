from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "medskapa.access"
    label = "access"
