"""Admin for the reintegration rates (data with validity periods and a source); no case content here.

Administrators enter rates for any period, past ones too (docs/definitions.md#reintegration-rates):
each needs its source (the legal act or circular), its period may not overlap another period of the
same kind, and whoever entered it is recorded.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import ReintegrationRate


class ReintegrationRateForm(forms.ModelForm):
    class Meta:
        model = ReintegrationRate
        fields = ["kind", "amount_dkk", "valid_from", "valid_to", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, start, end = data.get("kind"), data.get("valid_from"), data.get("valid_to")
        if not data.get("source", "").strip():
            self.add_error("source", _("Angiv kilden: den retsakt eller det cirkulære, satsen står i."))
        if start and end and start > end:
            self.add_error("valid_to", _("Perioden slutter før den begynder."))
        elif kind and start and end:
            clash = (
                ReintegrationRate.objects.filter(kind=kind, valid_from__lte=end, valid_to__gte=start)
                .exclude(pk=self.instance.pk)
                .order_by("valid_from")
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    _("Perioden overlapper satsen af samme slags, der gælder %(start)s–%(end)s.")
                    % {"start": clash.valid_from.isoformat(), "end": clash.valid_to.isoformat()}
                )
        return data


@admin.register(ReintegrationRate)
class ReintegrationRateAdmin(admin.ModelAdmin):
    form = ReintegrationRateForm
    list_display = ["kind", "amount_dkk", "valid_from", "valid_to", "source", "entered_by"]
    list_filter = ["kind"]
    readonly_fields = ["entered_by"]
    ordering = ["-valid_from", "kind"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,  # type: ignore[arg-type]  # the admin site requires a signed-in user
            event="rate.changed" if change else "rate.entered",
            subject=None,
            extra={"kind": obj.kind},
        )
