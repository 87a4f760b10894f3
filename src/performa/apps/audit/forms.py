"""Input parsing of the audit list's filters (query string, Italian names)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.audit.selectors import AuditFilters

_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class AuditFilterForm(forms.Form):
    """``?oggetto=&azione=&utente=&dal=&al=``; an invalid field is reported and ignored."""

    oggetto = forms.CharField(label=_("Oggetto (codice)"), required=False, max_length=255)
    azione = forms.CharField(label=_("Azione"), required=False, max_length=64)
    utente = forms.CharField(label=_("Utente"), required=False, max_length=150)
    dal = forms.DateField(
        label=_("Dal"),
        required=False,
        input_formats=_DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    al = forms.DateField(
        label=_("Al"),
        required=False,
        input_formats=_DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, object] | None:
        cleaned = super().clean()
        if cleaned is not None:
            start, end = cleaned.get("dal"), cleaned.get("al")
            if start and end and start > end:
                self.add_error("al", _("La data finale precede quella iniziale."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters (a field with an error counts as empty)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            object_code=str(data.get("oggetto") or ""),
            action=str(data.get("azione") or ""),
            user=str(data.get("utente") or ""),
            date_from=data.get("dal"),
            date_to=data.get("al"),
        )
