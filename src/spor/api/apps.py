from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "spor.api"
    label = "api"
