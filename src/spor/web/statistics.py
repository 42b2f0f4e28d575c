"""The analyst's year: the yearly statistics as releases, and the published history (docs/web.md#statistics).

One page per year (`statistics_year`): the draft figures against last year's release with a
change column for every table, the data warnings, the year's releases with their files and the
workflow buttons; the generation runs in the background and its progress is polled by htmx
(`release_progress`). Every action is one view calling one service of `spor.releases.services`.
Analysts prepare; a second analyst or a manager approves. Nothing here is personal: the figures
come from the pseudonymous extract.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from spor import nationalities, vocabulary
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.releases import published, selectors, services
from spor.releases.compare import compare
from spor.releases.models import JobState, Release, ReleaseState
from spor.stats.extract import tables_from_registry
from spor.stats.report import build_report
from spor.web.forms import SporForm

STATISTICS = (Role.ANALYST, Role.MANAGER)


class YearForm(SporForm):
    year = forms.IntegerField(label=_lazy("År"), min_value=1990, max_value=2999)


class TextForm(SporForm):
    overrides = forms.CharField(
        label=_lazy("Egne formuleringer"),
        help_text=_lazy("Én pr. linje: sætningens nøgle, et lighedstegn og teksten (nøgle = tekst)."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision_note = forms.CharField(
        label=_lazy("Revisionsnote"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_overrides(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, line in enumerate(self.cleaned_data["overrides"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, text = line.partition("=")
            if not sep or not key.strip() or not text.strip():
                raise ValidationError(_("Linje %(n)s: skriv nøgle = tekst.") % {"n": n})
            out[key.strip()] = text.strip()
        return out


class NoteForm(SporForm):
    note = forms.CharField(
        label=_lazy("Hvad er rettet"),
        help_text=_lazy("Noten trykkes i den reviderede udgivelse."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _year(request: SignedInRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year - 1


@access(*STATISTICS)
def statistics_year(request: SignedInRequest) -> HttpResponse:
    """The year's releases, its draft figures against last year's release, the warnings."""
    year = _year(request)
    releases = selectors.releases_of_year(actor=request.user, year=year)
    latest = releases[0] if releases else None
    tables = tables_from_registry()
    report = latest.report if latest is not None and latest.report else build_report(tables, year)
    last = selectors.release_published(year - 1)
    # Without a published release of last year, last year's figures as the registry has them now.
    previous = last.report if last is not None else build_report(tables, year - 1)
    text = TextForm(
        initial={
            "overrides": "\n".join(f"{k} = {v}" for k, v in (latest.overrides if latest else {}).items()),
            "revision_note": latest.revision_note if latest else "",
        }
    )
    context = {
        "year": year,
        "year_form": YearForm(initial={"year": year}),
        "releases": [_release(r, request) for r in releases],
        "latest": latest,
        "the_release": selectors.release_published(year),
        "last": last,
        "comparison": _grouped(compare(report, previous)),
        "warnings": report.get("warnings", []),
        "generated": latest is not None and latest.report is not None,
        "text_form": text,
        "note_form": NoteForm(),
        "can_prepare": request.user.role == Role.ANALYST,
    }
    return render(request, "web/statistics.html", context)


#: The sections of report.json as the comparison names them.
SECTION_LABELS = {
    "inquiries": _lazy("Henvendelser"),
    "assessed": _lazy("Udredte"),
    "identified": _lazy("Identificerede"),
    "returns": _lazy("Hjemrejser"),
    "status_end_of_year": _lazy("Status ved årets udgang"),
    "police_reports": _lazy("Politianmeldelser"),
}


#: Row keys of report.json that are no code of a vocabulary.
KEY_LABELS = {
    "total": _lazy("I alt"),
    "repeat": _lazy("Tidligere vurderet udsat"),
    "change_pct": _lazy("Ændring i pct. fra året før"),
    "min": _lazy("Yngste"),
    "max": _lazy("Ældste"),
    "mean": _lazy("Gennemsnitsalder"),
    "under_18": _lazy("Under 18 år"),
    "under_25": _lazy("Under 25 år"),
    "unknown": _lazy("Ukendt"),
    "persons": _lazy("Personer"),
    "cohort": _lazy("Årets vurderede"),
    "earlier": _lazy("Tidligere års vurderede"),
    "adult": _lazy("Voksen"),
    "minor": _lazy("Under 18 år"),
}


def row_label(key: str) -> str:
    """A row key of report.json in words: a fixed key, a code of a vocabulary, a nationality, or itself."""
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    for choices in _VOCABULARIES:
        if key in choices.values:
            return str(choices(key).label)
    if nationalities.is_valid(key):
        return nationalities.name(key, translation.get_language() or "da")
    return key


_VOCABULARIES = [
    value
    for value in vars(vocabulary).values()
    if isinstance(value, type) and issubclass(value, models.TextChoices) and value is not models.TextChoices
]


def _grouped(tables: list[Any]) -> list[dict[str, Any]]:
    """The comparison's tables by section of report.json, in its order, each row with its label."""
    out: list[dict[str, Any]] = []
    for table in tables:
        section = table.title.split(" / ")[0]
        if not out or out[-1]["key"] != section:
            out.append({"key": section, "label": SECTION_LABELS.get(section, section), "tables": []})
        rows = [{"row": row, "label": row_label(row.key)} for row in table.rows]
        out[-1]["tables"].append({"title": table.title, "rows": rows})
    return out


def _release(release: Release, request: SignedInRequest) -> dict[str, Any]:
    user = request.user
    files = list(release.files.values_list("name", "size", "sha256"))
    return {
        "release": release,
        "files": files,
        "main_files": [f for f in files if "/" not in f[0]],
        "can_approve": release.state == ReleaseState.REVIEW
        and release.approved_at is None
        and release.frozen_by_id != user.pk,
        "can_publish": release.state == ReleaseState.REVIEW and release.approved_at is not None,
    }


def _back(release: Release) -> HttpResponse:
    return redirect(f"{reverse('web:statistics')}?year={release.year}")


def _act(request: SignedInRequest, code: str, action: Any, done: str) -> HttpResponse:
    """Run one service on the release `code`; its refusal is a message on the year's page."""
    try:
        release = selectors.release_get(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    try:
        action(release)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("Det må du ikke. En udgivelse godkendes af en anden end den, der frøs den."))
    else:
        messages.success(request, done)
    return _back(release)


@require_POST
@access(Role.ANALYST)
def release_start(request: SignedInRequest) -> HttpResponse:
    form = YearForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        release = services.release_start(actor=request.user, year=form.cleaned_data["year"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('web:statistics')}?year={form.cleaned_data['year']}")
    return _back(release)


@require_POST
@access(Role.ANALYST)
def release_text(request: SignedInRequest, code: str) -> HttpResponse:
    form = TextForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        release = selectors.release_get(actor=request.user, code=code)
        return _back(release)
    return _act(
        request,
        code,
        lambda r: services.release_text_set(
            actor=request.user,
            release=r,
            overrides=form.cleaned_data["overrides"],
            revision_note=form.cleaned_data["revision_note"],
        ),
        _("Teksten er gemt. Dan udgivelsen igen."),
    )


@require_POST
@access(Role.ANALYST)
def release_generate(request: SignedInRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        lambda r: services.release_generate(actor=request.user, release=r),
        _("Udgivelsen dannes. Siden viser, hvor langt den er."),
    )


@access(*STATISTICS)
def release_progress(request: SignedInRequest, code: str) -> HttpResponse:
    """The generation's progress (polled by htmx every second while it runs)."""
    try:
        release = selectors.release_get(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    response = render(request, "web/_release_progress.html", {"release": release})
    if release.job_state != JobState.RUNNING and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the files and the figures are new: show the whole page again
    return response


@require_POST
@access(Role.ANALYST)
def release_freeze(request: SignedInRequest, code: str) -> HttpResponse:
    return _act(
        request, code, lambda r: services.release_freeze(actor=request.user, release=r), _("Udgivelsen er frosset.")
    )


@require_POST
@access(Role.ANALYST)
def release_submit(request: SignedInRequest, code: str) -> HttpResponse:
    return _act(
        request, code, lambda r: services.release_submit(actor=request.user, release=r), _("Sendt til godkendelse.")
    )


@require_POST
@access(*STATISTICS)
def release_approve(request: SignedInRequest, code: str) -> HttpResponse:
    return _act(request, code, lambda r: services.release_approve(actor=request.user, release=r), _("Godkendt."))


@require_POST
@access(*STATISTICS)
def release_publish(request: SignedInRequest, code: str) -> HttpResponse:
    return _act(request, code, lambda r: services.release_publish(actor=request.user, release=r), _("Udgivet."))


@require_POST
@access(Role.ANALYST)
def release_revise(request: SignedInRequest, code: str) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        code,
        lambda r: services.release_revise(actor=request.user, release=r, note=note),
        _("En revision er oprettet som kladde."),
    )


@access(*STATISTICS)
def release_download(request: SignedInRequest, code: str, name: str) -> HttpResponse:
    """One file of a release, always as an attachment."""
    try:
        release = selectors.release_get(actor=request.user, code=code)
        found = selectors.release_file(actor=request.user, release=release, name=name)
    except NotFound:
        raise Http404 from None
    kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    response = HttpResponse(bytes(found.content), content_type=kind)
    filename = f"statistik-{release.year}-rev{release.revision}-{found.name.replace('/', '-')}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@xframe_options_sameorigin
@access(*STATISTICS)
def release_preview(request: SignedInRequest, code: str) -> HttpResponse:
    """report.html for the page's preview frame: its own inline CSS and SVG, no script, sandboxed."""
    try:
        release = selectors.release_get(actor=request.user, code=code)
        found = selectors.release_file(actor=request.user, release=release, name="report.html")
    except NotFound:
        raise Http404 from None
    response = HttpResponse(bytes(found.content), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; sandbox"
    )
    return response


# --- the published history ------------------------------------------------------------------


#: The columns of historical_identified.csv as the page names them.
MEASURE_LABELS = {
    "total": _lazy("I alt"),
    "female": _lazy("Kvinder"),
    "male": _lazy("Mænd"),
    "trans": _lazy("Transkønnede"),
    "sexual": _lazy("Seksuel udnyttelse"),
    "forced_labour": _lazy("Tvangsarbejde"),
    "criminal": _lazy("Kriminalitet"),
    "slavery_like": _lazy("Slaverilignende forhold"),
    "other": _lazy("Andet"),
    "undetermined": _lazy("Uafklaret"),
    "children": _lazy("Børn"),
    "other_or_undetermined": _lazy("Andet eller uafklaret"),
    "inquiries": _lazy("Henvendelser"),
    "assessed": _lazy("Udredte"),
}


class HistoricalForm(SporForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in published.HISTORICAL_MEASURES:
            label = MEASURE_LABELS.get(name, name)
            self.fields[name] = forms.IntegerField(label=label, min_value=0, required=name == "total")
        self.fields["sources"] = forms.CharField(
            label=_lazy("Kilder"), required=False, help_text=_lazy("Kildernes id'er adskilt af semikolon, fx S29;S30.")
        )
        # SporForm styles the fields it has when it is made; the measures are added afterwards.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-input")


@access(*STATISTICS)
def published_list(request: SignedInRequest) -> HttpResponse:
    """The published figures in the registry, by year, with their sources."""
    wanted = YearForm(request.GET or None)
    if request.user.role == Role.ANALYST and wanted.is_valid():
        return redirect("web:published-edit", year=wanted.cleaned_data["year"])
    historical, court = published.published_rows(actor=request.user)
    rows = [
        {"year": r.year, "values": [getattr(r, m) for m in published.HISTORICAL_MEASURES], "sources": r.sources}
        for r in historical
    ]
    return render(
        request,
        "web/published.html",
        {
            "measures": [(m, MEASURE_LABELS.get(m, m)) for m in published.HISTORICAL_MEASURES],
            "rows": rows,
            "court": court,
            "sources": published.sources(),
            "can_edit": request.user.role == Role.ANALYST,
            "year_form": YearForm(),
        },
    )


@require_POST
@access(Role.ANALYST)
def published_load(request: SignedInRequest) -> HttpResponse:
    counts = published.published_load(actor=request.user)
    messages.success(
        request,
        _("Indlæst: %(h)s år med identificerede, %(c)s rækker domsstatistik.")
        % {"h": counts["historical_identified"], "c": counts["court_statistics"]},
    )
    return redirect("web:published")


@access(Role.ANALYST)
def published_edit(request: SignedInRequest, year: int) -> HttpResponse:
    """Correct (or add) a year's published figures; the audit trail keeps before and after."""
    current = published.historical_get(actor=request.user, year=year)
    initial = {name: getattr(current, name) for name in [*published.HISTORICAL_MEASURES, "sources"]} if current else {}
    form = HistoricalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published.historical_update(actor=request.user, year=year, values=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Tallene for %(year)s er gemt.") % {"year": year})
            return redirect("web:published")
    return render(request, "web/published_edit.html", {"form": form, "year": year})
