from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "medskapa.web"
    label = "web"
