"""The URL configuration: every app's routes, each under its own prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("spor.web.urls")),
    path("admin/", admin.site.urls),
    path("screening/", include("spor.screening.urls")),
    path("sag/", include("spor.web.casework.urls")),
]
