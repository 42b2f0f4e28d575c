from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "spor.releases"
    label = "releases"
