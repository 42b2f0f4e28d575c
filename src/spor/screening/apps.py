from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "spor.screening"
    label = "screening"
