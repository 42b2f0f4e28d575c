from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "spor.web"
    label = "web"

    def ready(self) -> None:
        from spor.web import checks  # noqa: F401 - registers the production check
