"""Forms of the cycle pages: they only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PeriodDeadlineForm(forms.Form):
    """The deadline of a monitoring period; empty removes it."""

    deadline_on = forms.DateField(
        label=_("Scadenza"), required=False, input_formats=DATE_INPUT_FORMATS
    )


class PeriodChangeForm(forms.Form):
    """Opening or closing a period: an optional reason for the audit trail."""

    reason = forms.CharField(label=_("Motivo"), required=False, max_length=1000)


class ValidationForm(forms.Form):
    """The OIV's validation act: reference, date and text, and an explicit confirmation."""

    act_reference = forms.CharField(
        label=_("Estremi dell'atto"),
        max_length=255,
        help_text=_("Per esempio: verbale dell'OIV n. 3 del 2025."),
    )
    act_on = forms.DateField(label=_("Data dell'atto"), input_formats=DATE_INPUT_FORMATS)
    text = forms.CharField(
        label=_("Testo della validazione"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    confirm = forms.BooleanField(
        label=_(
            "Confermo la validazione: il ciclo diventerà di sola lettura e i risultati saranno congelati."
        ),
        error_messages={"required": _("Conferma la validazione per procedere.")},
    )


class CycleCreateForm(forms.Form):
    """A new, empty cycle: its year and, optionally, its title."""

    year = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Titolo"),
        required=False,
        max_length=255,
        help_text=_("Per esempio «Piano della performance 2026»; vuoto per il titolo standard."),
    )
