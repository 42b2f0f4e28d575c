"""The project's URLconf plus the API, until the project mounts it itself (tests only)."""

from django.urls import path

from spor.api.api import api
from spor.urls import urlpatterns as project

mounted = any(getattr(p, "namespace", None) == "api" for p in project)
urlpatterns = project if mounted else [*project, path("api/", api.urls)]
