"""Input parsing of the cruscotto's query string: period and filters (unknown values match
nothing; the selector decides what they mean)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.dashboards.selectors import DashboardFilters


class DashboardFilterForm(forms.Form):
    """``?periodo=&area=&unita=&responsabile=&stato=`` (Italian, as users see them in the URL)."""

    periodo = forms.CharField(label=_("Rilevazione"), required=False, max_length=32)
    area = forms.CharField(label=_("Area strategica"), required=False, max_length=64)
    unita = forms.CharField(label=_("Unità organizzativa"), required=False, max_length=64)
    responsabile = forms.CharField(label=_("Responsabile"), required=False, max_length=64)
    stato = forms.CharField(label=_("Stato"), required=False, max_length=32)

    def _value(self, name: str) -> str:
        if not self.is_valid():
            return str(self.cleaned_data.get(name, "") or "")
        return str(self.cleaned_data[name] or "")

    def period_code(self) -> str:
        """The period asked for, or "" (the default period)."""
        return self._value("periodo")

    def filters(self) -> DashboardFilters:
        """The filters asked for; a field too long to be a code is ignored."""
        return DashboardFilters(
            area=self._value("area"),
            unit=self._value("unita"),
            manager=self._value("responsabile"),
            status=self._value("stato"),
        )
