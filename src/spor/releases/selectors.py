"""Reads of releases (docs/statistics.md#releases). Releases hold no personal data."""

from __future__ import annotations

from spor.common.actor import Actor
from spor.common.errors import NotFound
from spor.organisations.permissions import require
from spor.releases.models import Release, ReleaseFile, ReleaseState


def releases_of_year(*, actor: Actor, year: int) -> list[Release]:
    require(actor, "releases.view")
    return list(Release.objects.filter(year=year).order_by("-revision").select_related("frozen_by", "approved_by"))


def release_get(*, actor: Actor, code: str) -> Release:
    require(actor, "releases.view")
    release = Release.objects.filter(code=code).first()
    if release is None:
        raise NotFound
    return release


def release_published(year: int) -> Release | None:
    """ "The" statistics of the year: its latest published revision, or None."""
    return Release.objects.filter(year=year, state=ReleaseState.PUBLISHED).order_by("-revision").first()


def release_file(*, actor: Actor, release: Release, name: str) -> ReleaseFile:
    require(actor, "releases.view")
    found = release.files.filter(name=name).first()
    if found is None:
        raise NotFound
    return found
