from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "spor.operations"
    label = "operations"
