from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "spor.people"
    label = "people"
