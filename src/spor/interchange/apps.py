from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "spor.interchange"
    label = "interchange"
