from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "spor.organisations"
    label = "organisations"
