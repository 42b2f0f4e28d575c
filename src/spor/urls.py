"""The URL configuration: every app's routes, each under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from spor.api.api import api

urlpatterns = [
    path("", include("spor.web.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("screening/", include("spor.screening.urls")),
    path("sag/", include("spor.web.casework.urls")),
]

# A lost database connection gets a 503 page, any other failure the error page (spor.web.errors).
handler500 = "spor.web.errors.server_error"
