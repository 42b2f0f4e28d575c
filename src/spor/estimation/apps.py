from django.apps import AppConfig


class EstimationConfig(AppConfig):
    name = "spor.estimation"
    label = "estimation"
