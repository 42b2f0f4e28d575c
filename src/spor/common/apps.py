from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "spor.common"
    label = "common"
