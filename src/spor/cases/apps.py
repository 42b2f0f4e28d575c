from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "spor.cases"
    label = "cases"
