from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "spor.tasks"
    default_auto_field = "django.db.models.BigAutoField"
