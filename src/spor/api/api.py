"""The REST API object (docs/api.md), mounted by the project's URLconf as `path("api/", api.urls)`.

OpenAPI 3 at /api/openapi.json, interactive docs at /api/docs (Swagger UI from Spor's own static
files, for logged-in users and token holders only: `spor.api.docs`). Two ways in: a personal API token
(`Authorization: Bearer ...`, see `spor token`) for programs, the web session for pages.
"""

from __future__ import annotations

from ninja import NinjaAPI

from spor.api import errors
from spor.api.auth import ActiveSessionAuth, TokenAuth, attributed
from spor.api.docs import LocalSwagger, for_api_users
from spor.api.routers import casefiles, cases, children, inquiries, persons, rights, tasks, tracks

api = NinjaAPI(
    title="Spor API",
    version="1",
    description="Sagsregistret for Center mod Menneskehandel / the case registry of the national centre.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs=LocalSwagger(),
    docs_decorator=for_api_users,
    auth=[TokenAuth(), ActiveSessionAuth()],
)
errors.install(api)
api.add_decorator(attributed)
api.add_router("", persons.router)
api.add_router("", inquiries.router)
api.add_router("", cases.router)
api.add_router("", tasks.router)
api.add_router("", casefiles.router)
api.add_router("", tracks.router)
api.add_router("", rights.router)
api.add_router("", children.router)
