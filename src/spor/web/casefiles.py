"""The case file's pages: the journal and the documents of a case (docs/web.md#case-file).

The case page shows both through one include (`casefiles/_section.html`, filled by the
`case_file` tag); adding a note and uploading a document are action pages of their own, and a
download is always an attachment, never shown inline.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from spor.casefiles import selectors, services, uploads
from spor.casefiles.models import DocumentKind
from spor.cases.selectors import case_get_for
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.web.casework.flow import Action, add_service_errors, run
from spor.web.casework.views import not_found_is_404
from spor.web.forms import SporForm

CENTRE = (Role.CASEWORKER, Role.MANAGER)


class NoteForm(SporForm):
    text = forms.CharField(
        label=gettext_lazy("Notat"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.NOTE_MAX_LENGTH}),
        help_text=gettext_lazy("Højst 10.000 tegn. Et notat kan ikke ændres bagefter, kun rettes med et nyt notat."),
    )


class UploadForm(SporForm):
    kind = forms.ChoiceField(label=gettext_lazy("Slags dokument"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("Fil"), help_text=gettext_lazy("PDF, PNG, JPEG, DOCX, ODT eller ren tekst.")
    )


def _case_url(case: Any) -> str:
    return reverse("casework:case-detail", args=[case.code])


@access(*CENTRE)
@not_found_is_404
def journal_note_add(request: SignedInRequest, code: Any) -> HttpResponse:
    """Add a note; `?retter=<note>` makes it a correction of that note of the same case."""
    case = case_get_for(actor=request.user, code=code)
    corrects = None
    if request.GET.get("retter"):
        corrects = selectors.journal_note_get_for(actor=request.user, case=case, code=request.GET["retter"])
    form = NoteForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.journal_note_add(actor=request.user, case=case, text=data["text"], corrects=corrects)

    url = _case_url(case) + "#journal"
    title = _("Ret notat") if corrects else _("Nyt notat")
    return run(request, Action(form, perform, url, _("Notatet er gemt."), title, url, {"case": case}))


@csrf_exempt
@access(*CENTRE)
def document_upload(request: HttpRequest, code: Any) -> HttpResponse:
    """The upload limit goes in before the CSRF check reads the body (docs/casefiles.md#documents)."""
    handler = uploads.install(request) if request.method == "POST" else None
    return _document_upload(request, code, handler)


@csrf_protect
@not_found_is_404
def _document_upload(request: SignedInRequest, code: Any, handler: uploads.LimitHandler | None) -> HttpResponse:
    case = case_get_for(actor=request.user, code=code)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST":
        too_large = handler.too_large if handler else None
        if too_large:
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", services.document_size_error(too_large))
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.document_upload(
                    actor=request.user, case=case, upload=upload, name=upload.name, kind=form.cleaned_data["kind"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Dokumentet er gemt."))
                return HttpResponseRedirect(_case_url(case) + "#dokumenter")
    context = {"form": form, "case": case, "title": _("Tilføj dokument"), "cancel_url": _case_url(case)}
    return render(request, "casefiles/upload.html", context, status=400 if request.method == "POST" else 200)


@access(*CENTRE)
def document_download(request: SignedInRequest, code: Any, document: Any) -> Any:  # a streaming response
    """Always an attachment, with the type found at upload and nosniff; the read is logged."""
    try:
        case = case_get_for(actor=request.user, code=code)
        download = selectors.document_open_for(actor=request.user, case=case, code=document)
    except NotFound:
        raise Http404 from None
    return download.as_attachment()
