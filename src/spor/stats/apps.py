from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "spor.stats"
    label = "stats"
