"""Forms of the plan's versions: they only parse the act and reason; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PlanAdoptionForm(forms.Form):
    """The act that adopted the plan (version 1)."""

    act_reference = forms.CharField(
        label=_("Estremi dell'atto di adozione"),
        max_length=255,
        help_text=_("Per esempio: Delibera di Giunta n. 5."),
    )
    act_on = forms.DateField(label=_("Data dell'atto"), input_formats=DATE_INPUT_FORMATS)


class PlanRevisionForm(forms.Form):
    """The act that approves a revision (variazione) of the plan, and why."""

    act_reference = forms.CharField(
        label=_("Estremi dell'atto di variazione"),
        max_length=255,
        help_text=_("Per esempio: Delibera di Giunta n. 48."),
    )
    act_on = forms.DateField(label=_("Data dell'atto"), input_formats=DATE_INPUT_FORMATS)
    reason = forms.CharField(
        label=_("Motivo della variazione"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanRevisionCancelForm(forms.Form):
    """Withdrawing an open revision: an optional reason for the audit trail."""

    reason = forms.CharField(label=_("Motivo"), required=False, max_length=1000)
