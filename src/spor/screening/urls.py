"""The outreach pages, included by spor.urls under `screening/`."""

from django.urls import path

from spor.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.network_list, name="network-list"),
    path("netvaerk/<str:network_id>/", views.network_detail, name="network-detail"),
    path("netvaerk/<str:network_id>/opfoelgning/", views.network_follow_up, name="network-follow-up"),
    path("soeg/", views.search, name="search"),
    path("tendenser/", views.trends, name="trends"),
    path("billede/<str:phash>/", views.image, name="image"),
]
