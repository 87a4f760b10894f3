"""Input parsing of interventions: an evaluated score (Italian decimal comma accepted) and a
justification. The rules (range, lock, permission) are the service's."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PercentField(forms.Field):
    """A percent written the Italian way ("85,5", "85,5 %") or with a dot; at most 4 decimals."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> Decimal | None:
        text = "" if value in self.empty_values else str(value).strip().removesuffix("%").strip()
        if not text:
            return None
        if len(text) > 16:
            raise forms.ValidationError(_("Scrivi un numero, ad esempio 85,5."), code="invalid")
        if "," in text and "." in text:
            raise forms.ValidationError(
                _("Scrivi il punteggio senza separatore delle migliaia, ad esempio 85,5."),
                code="invalid",
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(
                _("Scrivi un numero, ad esempio 85,5."), code="invalid"
            ) from None
        if not number.is_finite():
            raise forms.ValidationError(_("Scrivi un numero, ad esempio 85,5."), code="invalid")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            raise forms.ValidationError(_("Usa al massimo quattro decimali."), code="decimals")
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError(
                _("Il punteggio valutato deve essere compreso tra 0 e 100."), code="range"
            )
        return number


class OverrideForm(forms.Form):
    """Set an evaluated score."""

    evaluated_percent = PercentField(
        label=_("Punteggio valutato (%)"),
        error_messages={"required": _("Scrivi il punteggio valutato, da 0 a 100.")},
        help_text=_("Da 0 a 100; la virgola decimale è ammessa, ad esempio 85,5."),
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
        ),
    )
    justification = forms.CharField(
        label=_("Motivazione"),
        error_messages={
            "required": _("La motivazione è obbligatoria: spiega perché il punteggio cambia.")
        },
        help_text=_("Obbligatoria: resta nel registro delle modifiche e nella Relazione."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        max_length=4000,
    )


class OverrideRemoveForm(forms.Form):
    """Remove an evaluated score: the computed one counts again."""

    justification = forms.CharField(
        label=_("Motivazione della rimozione"),
        error_messages={
            "required": _("La motivazione è obbligatoria: spiega perché l'intervento è rimosso.")
        },
        help_text=_("Obbligatoria: resta nel registro delle modifiche."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=4000,
    )
