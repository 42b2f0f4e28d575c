"""Forms of the web application's own pages, with the design system's classes (DKFDS)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

#: DKFDS classes by widget; CheckboxSelectMultiple before RadioSelect (Django subclasses it).
WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),
]


class SporForm(forms.Form):
    """A form whose widgets carry DKFDS classes and point to their hints and errors (WCAG 1.3.1)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(field.widget, kind)), "form-input")
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    widget.attrs["aria-describedby"] = f"id_{name}_error"


class LoginForm(SporForm):
    username = forms.CharField(
        label=_("Brugernavn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Adgangskode"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpForm(SporForm):
    otp_token = forms.RegexField(
        label=_("Engangskode"),
        regex=r"^\s*\d{6}\s*$",
        help_text=_("De seks cifre fra din godkendelsesapp."),
        error_messages={"invalid": _("Skriv de seks cifre fra din godkendelsesapp.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7"}),
    )


class EnrolmentCodeForm(SporForm):
    enrolment_code = forms.CharField(
        label=_("Tilmeldingskode"),
        max_length=40,
        help_text=_("Koden, din leder eller administratoren har givet dig (fx ABCD-EFGH-JKMN-PQRS)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
