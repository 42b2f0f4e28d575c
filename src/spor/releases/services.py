"""The release workflow of the yearly statistics (docs/statistics.md#releases).

    release_start -> release_generate (background; progress on the row) -> release_freeze
    -> release_submit (review) -> release_approve (a second person) -> release_publish
    release_revise: a published release's correction, a new draft revision with a note

Each service checks the actor (`spor.releases.rules`), validates, writes and records an audit
event. A frozen release (frozen_at set) never changes: every service that writes a release asks
for a draft that is not frozen, and `ReleaseFile.save` refuses to rewrite a frozen release's file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.organisations.permissions import require
from spor.releases.models import JobState, Release, ReleaseFile, ReleaseState
from spor.stats.extract import digest, tables_from_registry
from spor.stats.generate import generate
from spor.stats.render import FORMATS

#: The open data of a release use the publication's disclosure rule with k = 3 (docs/statistics.md).
OPEN_DATA_K = 3
#: A job that has reported no progress for this long died with its process (a restart): it may
#: be started again.
STALE_JOB = dt.timedelta(minutes=15)


def _draft(release: Release) -> Release:
    """The release, locked, if it is a draft that is not frozen; else a ValidationError."""
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if locked.frozen or locked.state != ReleaseState.DRAFT:
        raise ValidationError(_("Udgivelsen er frosset og kan ikke ændres; lav en revision."))
    return locked


@service
def release_start(*, actor: Actor, year: int) -> Release:
    """The year's open draft, or a new first draft if the year has no release yet.

    A year whose releases are all frozen gets no new draft here: a correction is `release_revise`.
    """
    require(actor, "releases.prepare")
    if not 1900 <= year <= 2999:
        raise ValidationError({"year": _("Ugyldigt år.")})
    latest = Release.objects.select_for_update().filter(year=year).order_by("-revision").first()
    if latest is not None:
        if latest.frozen:
            raise ValidationError(_("Året har en frosset udgivelse; en rettelse er en revision med en note."))
        return latest
    release = Release.objects.create(year=year, revision=1, created_by=actor)
    audit.record(actor=actor, event="release.started", subject=release, extra={"year": year, "revision": 1})
    return release


@service
def release_text_set(
    *, actor: Actor, release: Release, overrides: dict[str, str], revision_note: str | None = None
) -> Release:
    """Set a draft's narrative overrides (sentence key -> text) and, for a revision, its note.

    The files already generated are made without them: the draft must be generated again before
    it can be frozen (the generation clears `job_state`).
    """
    require(actor, "releases.prepare")
    release = _draft(release)
    clean = {str(k).strip(): str(v).strip() for k, v in overrides.items() if str(k).strip() and str(v).strip()}
    release.overrides = clean
    if revision_note is not None:
        if release.revision > 1 and not revision_note.strip():
            raise ValidationError({"revision_note": _("En revision skal have en note, der forklarer rettelsen.")})
        release.revision_note = revision_note.strip()
    release.job_state = JobState.IDLE
    release.save()
    audit.record(actor=actor, event="release.text_changed", subject=release, extra={"overrides": sorted(clean)})
    return release


def release_generate(
    *, actor: Actor, release: Release, background: bool = True, report_date: dt.date | None = None
) -> None:
    """Generate every format of a draft from the registry, as a background job when `background`.

    The job's progress is on the release row (`job_step`, `job_done`, `job_total`), polled by the
    page. A generation already running is not started twice.
    """
    require(actor, "releases.prepare")
    with transaction.atomic():
        locked = _draft(release)
        if locked.job_state == JobState.RUNNING and locked.updated_at > timezone.now() - STALE_JOB:
            raise ValidationError(_("Udgivelsen dannes allerede."))
        locked.job_state, locked.job_step, locked.job_done, locked.job_error = JobState.RUNNING, "", 0, ""
        locked.save()
        audit.record(actor=actor, event="release.generated", subject=locked, extra={"year": locked.year})
    if not background:
        _run(locked.pk, report_date)
        return
    thread = threading.Thread(target=_run_in_thread, args=(locked.pk, report_date), daemon=True)
    thread.start()


def _run_in_thread(pk: int, report_date: dt.date | None) -> None:
    """The job in its own thread, with its own database connection (closed at the end)."""
    close_old_connections()
    try:
        _run(pk, report_date)
    except Exception:  # noqa: S110 - recorded on the release row by _run, shown by the page
        pass
    finally:
        connection.close()


def _run(pk: int, report_date: dt.date | None) -> None:
    """Generate the files of draft `pk`, then store them with their checksums in one transaction."""
    release = Release.objects.get(pk=pk)

    def progress(step: str, done: int, total: int) -> None:
        Release.objects.filter(pk=pk).update(job_step=step, job_done=done, job_total=total, updated_at=timezone.now())

    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            tables = tables_from_registry()
            result = generate(
                release.year,
                out=out,
                formats=FORMATS,
                open_data=True,
                k=OPEN_DATA_K,
                report_date=report_date,
                progress=progress,
                overrides=release.overrides,
                revision_note=release.revision_note,
                release={"state": release.state, "revision": release.revision},
                tables=tables,
            )
            files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        _store(pk, result.report, result.digest, files)
    except Exception as exc:  # the page shows the failure; the draft keeps its earlier files
        Release.objects.filter(pk=pk).update(job_state=JobState.FAILED, job_error=f"{type(exc).__name__}: {exc}")
        raise


@transaction.atomic
def _store(pk: int, report: dict[str, Any], digest_: str, files: dict[str, bytes]) -> None:
    release = Release.objects.select_for_update().get(pk=pk)
    if release.frozen:  # frozen meanwhile: never changes
        return
    release.files.all().delete()
    ReleaseFile.objects.bulk_create(
        ReleaseFile(release=release, name=name, content=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        for name, data in files.items()
    )
    release.report, release.digest, release.generated_at = report, digest_, timezone.now()
    release.job_state, release.job_step = JobState.DONE, ""
    release.job_done = release.job_total
    release.save()


@service
def release_freeze(*, actor: Actor, release: Release) -> Release:
    """Freeze a generated draft: who and when, the extract's digest, the overrides and the files.

    Refused when the registry has changed since the files were made (its digest differs): the
    frozen files are those of the registry state the release names.
    """
    require(actor, "releases.prepare")
    release = _draft(release)
    if release.job_state != JobState.DONE or not release.digest:
        raise ValidationError(_("Dan udgivelsen, før den fryses."))
    if digest(tables_from_registry()) != release.digest:
        raise ValidationError(_("Registret er ændret, siden udgivelsen blev dannet; dan den igen."))
    release.frozen_by, release.frozen_at = actor, timezone.now()
    release.save()
    checksums = dict(release.files.values_list("name", "sha256"))
    audit.record(
        actor=actor, event="release.frozen", subject=release, extra={"digest": release.digest, "files": checksums}
    )
    return release


def _frozen(release: Release, state: str) -> Release:
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if not locked.frozen or locked.state != state:
        raise ValidationError(_("Udgivelsen er ikke i den rette tilstand til dette."))
    return locked


@service
def release_submit(*, actor: Actor, release: Release) -> Release:
    """Send a frozen draft for review."""
    require(actor, "releases.prepare")
    release = _frozen(release, ReleaseState.DRAFT)
    release.state = ReleaseState.REVIEW
    release.save()
    audit.record(actor=actor, event="release.submitted", subject=release)
    return release


@service
def release_approve(*, actor: Actor, release: Release) -> Release:
    """A second person (another analyst or a manager, never the one who froze it) approves."""
    release = _frozen(release, ReleaseState.REVIEW)
    require(actor, "releases.approve", release)
    if release.approved_at is not None:
        raise ValidationError(_("Udgivelsen er allerede godkendt."))
    release.approved_by, release.approved_at = actor, timezone.now()
    release.save()
    audit.record(actor=actor, event="release.approved", subject=release)
    return release


@service
def release_publish(*, actor: Actor, release: Release) -> Release:
    """Publish an approved release: from now on it is "the" statistics of its year."""
    require(actor, "releases.view")
    release = _frozen(release, ReleaseState.REVIEW)
    if release.approved_at is None:
        raise ValidationError(_("Udgivelsen skal godkendes af en anden, før den udgives."))
    release.state, release.published_at = ReleaseState.PUBLISHED, timezone.now()
    release.save()
    audit.record(actor=actor, event="release.published", subject=release, extra={"digest": release.digest})
    return release


@service
def release_revise(*, actor: Actor, release: Release, note: str) -> Release:
    """A correction of a published release: a new draft revision of the year, with a note the
    publication prints. The published release stays as it is (and stays "the" statistics of the
    year until the revision is published)."""
    require(actor, "releases.prepare")
    release = _frozen(release, ReleaseState.PUBLISHED)
    if not note.strip():
        raise ValidationError({"note": _("En revision skal have en note, der forklarer rettelsen.")})
    latest = Release.objects.select_for_update().filter(year=release.year).order_by("-revision").first()
    assert latest is not None
    if latest.pk != release.pk:
        raise ValidationError(_("Året har allerede en nyere revision."))
    revised = Release.objects.create(
        year=release.year,
        revision=release.revision + 1,
        revision_note=note.strip(),
        overrides=dict(release.overrides),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        event="release.revised",
        subject=revised,
        extra={"year": release.year, "revision": revised.revision},
    )
    return revised
