"""The URL configuration: every app's routes, each under its own prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spor.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("screening/", include("spor.screening.urls")),
    path("sag/", include("spor.web.casework.urls")),
]
