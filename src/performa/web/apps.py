from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "performa.web"
    verbose_name = "Web"
