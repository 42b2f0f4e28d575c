"""The URL configuration: every app's routes, each under its own prefix."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
