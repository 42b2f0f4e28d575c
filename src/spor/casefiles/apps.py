from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "spor.casefiles"
    default_auto_field = "django.db.models.BigAutoField"
