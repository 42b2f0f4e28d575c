"""The web application's own routes, included by spor.urls at the root.

`home`, `login`, `logout` and `set_language` keep their global names (other apps and tests
reverse them unqualified); the pages of this app are also reachable under the `web` namespace.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from spor.web import views

#: The pages of this app, reversed as `web:<name>`.
pages = [
    path("", views.home, name="home"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((pages, "web"))),
]
