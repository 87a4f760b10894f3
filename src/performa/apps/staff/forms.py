"""Forms of the organisation and staff pages: they only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.contexts.forms import MAX_UPLOAD_BYTES, styled
from performa.apps.staff.models import StaffBreakdown, StaffGender, StaffMeasure


class _GridForm(forms.Form):
    """A table typed in the page or uploaded: the file wins when both are given."""

    grid = forms.CharField(
        label=_("Dati"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"}),
        max_length=500_000,
        required=False,
    )
    file = forms.FileField(label=_("Oppure importa un file CSV o XLSX"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("Il file supera i 5 MB."))
        if upload is None and not (cleaned.get("grid") or "").strip():
            self.add_error("grid", _("Scrivi i dati o scegli un file."))
        return cleaned


class StaffFiguresForm(_GridForm):
    """The cycle's staff figures: misura; dimensione; voce; genere; valore."""

    as_of = forms.CharField(label=_("Data di riferimento"), max_length=32, required=False)
    note = forms.CharField(
        label=_("Nota sui dati (mostrata nel bilancio di genere)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class BodyMembersForm(_GridForm):
    """The cycle's bodies and members: organo; tipo; nome; ruolo; settore; dal; al; nota."""


class IndicatorSourceForm(forms.Form):
    """An indicator whose actual comes from a staff figure."""

    indicator = forms.CharField(label=_("Codice dell'indicatore"), max_length=64)
    measure = forms.ChoiceField(label=_("Misura"), choices=StaffMeasure.choices)
    breakdown = forms.ChoiceField(label=_("Dimensione"), choices=StaffBreakdown.choices)
    item = forms.CharField(label=_("Voce"), max_length=200, initial="Totale")
    gender = forms.ChoiceField(label=_("Genere"), choices=StaffGender.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
