"""The analyst's dark-figure page (docs/estimation.md#the-analysts-page, docs/web.md).

Choose the year and the lists of the registry, or upload a capture table; the run is kept
(`spor.estimation.models.EstimateRun`) and computed in the background while its page polls the
progress (htmx every second); the finished run shows the estimate, its interval, Chao's floor,
the diagnostics, the sensitivity table and the caveats in Danish, and offers the report (HTML,
PDF). Analysts see pseudonymous counts only: nothing here names a person.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from spor.estimation import report
from spor.estimation.estimate import result_from_json
from spor.estimation.models import EstimateRun, RunStatus
from spor.estimation.registry import DEFAULT_MAPPING, capture_tables_from_registry
from spor.estimation.runs import run_create, run_stalled, run_start
from spor.estimation.table import CaptureTable, TableError, parse_csv
from spor.organisations.access import access
from spor.organisations.models import Role, User
from spor.web.forms import SporForm

MAX_UPLOAD = 1_000_000  # bytes: a capture table of 12 lists is about 60 kB
RUNS_SHOWN = 20
LIST_LABELS = {
    "police": _lazy("Politiet"),
    "dis": _lazy("Udlændingestyrelsen (DIS)"),
    "ngo": _lazy("NGO'er"),
    "cmm": _lazy("CMM's hotline og selvhenvendelser"),
}
METHOD_CHOICES = [
    ("stepwise", _lazy("Trinvis, p < 0,02 (Chan, Silverman & Vincent 2021)")),
    ("homeoffice", _lazy("Home Office-metoden (AIC og Wald p < 0,05)")),
    ("bic", _lazy("BIC over alle hierarkiske modeller")),
    ("downhill", _lazy("Nedadgående BIC-søgning")),
    ("dga", _lazy("Bayesiansk modelgennemsnit (Madigan & York 1997)")),
    ("lcmcr", _lazy("Latent klasse-model, LCMCR (Manrique-Vallier 2016)")),
]
STAGES = {
    "": _lazy("Venter på at starte"),
    "estimate": _lazy("Skønner og beregner intervallet (bootstrap)"),
    "sensitivity": _lazy("Beregner følsomhedstabellen"),
    "report": _lazy("Skriver rapporten"),
}


class EstimateForm(SporForm):
    source = forms.ChoiceField(
        label=_lazy("Data"),
        choices=[("registry", _lazy("Registret: et år og dets lister")), ("upload", _lazy("En overlapstabel (CSV)"))],
        widget=forms.RadioSelect,
        initial="registry",
    )
    year = forms.IntegerField(label=_lazy("År"), min_value=2000, max_value=2100, required=False)
    lists = forms.MultipleChoiceField(
        label=_lazy("Lister"),
        choices=[(name, LIST_LABELS.get(name, name)) for name in DEFAULT_MAPPING],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_lazy(
            "Mindst to. En person står på en liste, når en henvendelse, vurdering eller afgørelse kom derfra."
        ),
    )
    population = forms.ChoiceField(
        label=_lazy("Population"),
        choices=[
            ("identified", _lazy("Identificerede ofre i året (positiv afgørelse)")),
            ("assessed", _lazy("Alle vurderede i året")),
        ],
        initial="identified",
    )
    table = forms.FileField(
        label=_lazy("Overlapstabel"),
        required=False,
        help_text=_lazy("CSV: én 0/1-kolonne pr. liste og til sidst count; historien med lutter 0 er ikke en række."),
    )
    method = forms.ChoiceField(label=_lazy("Metode"), choices=METHOD_CHOICES, initial="stepwise")
    resamples = forms.TypedChoiceField(
        label=_lazy("Bootstrap-gensamplinger"),
        coerce=int,
        choices=[(1000, "1.000"), (200, "200"), (0, _lazy("ingen (betinget profilinterval)"))],
        initial=1000,
    )
    sensitivity_resamples = forms.TypedChoiceField(
        label=_lazy("Følsomhedstabellens intervaller"),
        coerce=int,
        choices=[(0, _lazy("profilintervaller (hurtigt)")), (200, _lazy("BCa med 200 gensamplinger (langsomt)"))],
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["lists"].initial = list(DEFAULT_MAPPING)
        self.capture: CaptureTable | None = None
        self.inputs: dict[str, Any] = {}
        self.notes: list[dict[str, Any]] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == "upload":
            self._clean_upload(data.get("table"))
        elif data.get("source") == "registry":
            self._clean_registry(data)
        return data

    def _clean_upload(self, upload: Any) -> None:
        if upload is None:
            self.add_error("table", _("Vælg en CSV-fil med overlapstabellen."))
            return
        if upload.size > MAX_UPLOAD:
            self.add_error("table", _("Filen er for stor (højst 1 MB)."))
            return
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("table", _("Filen er ikke UTF-8-tekst."))
            return
        name = upload.name.rsplit("/", 1)[-1][:100]
        try:
            self.capture = parse_csv(text, name=name)
        except TableError as exc:
            for line in str(exc).splitlines()[:20]:
                self.add_error("table", line)
            return
        self.inputs = {"kind": "upload", "filename": name, "data_date": timezone.localdate().isoformat()}

    def _clean_registry(self, data: dict[str, Any]) -> None:
        year, lists = data.get("year"), data.get("lists") or []
        if year is None:
            self.add_error("year", _("Skriv året."))
        if len(lists) < 2:
            self.add_error("lists", _("Vælg mindst to lister."))
        if year is None or len(lists) < 2:
            return
        try:
            found = capture_tables_from_registry(year, lists, population=data["population"])
        except TableError as exc:
            self.add_error(None, str(exc))
            return
        self.capture = found.tables[""]
        if found.unlisted.get(""):
            self.notes.append(
                {"key": "unlisted", "params": {"count": found.unlisted[""], "population": found.population[""]}}
            )
        self.inputs = {
            "kind": "registry",
            "year": year,
            "lists": list(lists),
            "population": data["population"],
            "data_date": date.today().isoformat(),
        }


@access(Role.ANALYST)
def estimate_new(request: HttpRequest) -> HttpResponse:
    """The form, and the runs kept so far (newest first)."""
    form = EstimateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.capture is not None:
        assert isinstance(request.user, User)
        run = run_create(
            actor=request.user,
            table=form.capture,
            inputs=form.inputs,
            method=form.cleaned_data["method"],
            resamples=form.cleaned_data["resamples"],
            sensitivity_resamples=form.cleaned_data["sensitivity_resamples"],
            notes=form.notes,
        )
        run_start(run)
        return redirect("web:estimate-run", code=run.code)
    runs = EstimateRun.objects.select_related("created_by").defer("report_html", "report_pdf")[:RUNS_SHOWN]
    return render(request, "web/estimate_new.html", {"form": form, "runs": runs, "stages": STAGES})


def _run(code: UUID) -> EstimateRun:
    try:
        return EstimateRun.objects.select_related("created_by").get(code=code)
    except EstimateRun.DoesNotExist:
        raise Http404 from None


@access(Role.ANALYST)
@require_GET
def estimate_run(request: HttpRequest, code: UUID) -> HttpResponse:
    run = _run(code)
    return render(request, "web/estimate_run.html", _context(request, run))


@access(Role.ANALYST)
@require_GET
def estimate_status(request: HttpRequest, code: UUID) -> HttpResponse:
    """The progress fragment the run page polls; when the run has ended, htmx reloads the page."""
    run = _run(code)
    response = render(request, "web/_estimate_status.html", _context(request, run))
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        response["HX-Refresh"] = "true"
    return response


@access(Role.ANALYST)
@require_GET
def estimate_report(request: HttpRequest, code: UUID, kind: str) -> HttpResponse:
    """The report as a download (HTML or PDF), as it was written when the run finished."""
    run = _run(code)
    if run.status != RunStatus.DONE or kind not in ("pdf", "html"):
        raise Http404
    stamp = run.created_at.strftime("%Y%m%d-%H%M")
    if kind == "pdf":
        response = HttpResponse(bytes(run.report_pdf), content_type="application/pdf")
    else:
        response = HttpResponse(run.report_html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moerketal-{stamp}.{kind}"'
    return response


def _context(request: HttpRequest, run: EstimateRun) -> dict[str, Any]:
    context: dict[str, Any] = {
        "run": run,
        "stage": STAGES.get(run.stage, run.stage),
        "stalled": run_stalled(run),
        "method": dict(METHOD_CHOICES).get(run.settings["method"], run.settings["method"]),
        "inputs": run.inputs,
    }
    if run.status == RunStatus.DONE and run.result:
        lang = getattr(request, "LANGUAGE_CODE", "da")[:2]
        result = result_from_json(run.result, run.notes)
        context["report"] = report.report_context(result, lang if lang in ("da", "en") else "da")
    return context
