"""Name the page behind every audit row and read-log entry written during a web request.

The read log (docs/architecture.md#read-log) says who read whose identity *from which page or
endpoint*: this middleware runs the request inside `via("web:<url name>")`, so services and
selectors record it without being told. The API sets its own, more precise label (`api:token:<code>`) inside this one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from spor.audit.context import via


class ViaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            label = f"web:{resolve(request.path_info).view_name}"
        except Resolver404:
            label = "web"
        with via(label):
            return self.get_response(request)
