"""Every view declares who may use it (docs/architecture.md#declared-access): a test walks the whole URLconf."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.nodb

#: Routes that are not Spor's own views and guard themselves: Django's admin (staff only, its
#: log-in replaced by Spor's), the language switch (no data), and the REST API (its own auth).
EXEMPT_ROUTES = ("admin/", "i18n/", "api/")


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def declared(view) -> bool:
    return hasattr(view, "spor_access") or hasattr(getattr(view, "view_class", None), "spor_access")


def test_every_view_declares_its_access():
    offenders = sorted(
        f"/{route}  ({view.__module__}.{getattr(view, '__name__', view)})"
        for route, view in walk(get_resolver().url_patterns)
        if not route.startswith(EXEMPT_ROUTES) and not declared(view)
    )
    assert not offenders, "views without @access(...):\n" + "\n".join(offenders)


def test_the_walk_sees_the_pages_of_every_app():
    routes = {route for route, _ in walk(get_resolver().url_patterns)}
    assert "admin/login/" in routes  # Spor's own redirect, which is declared
    for route in ("hotline/", "soeg/", "henvisning/ny/", "login/kode/", "sag/<uuid:code>/", "screening/soeg/"):
        assert route in routes, route
