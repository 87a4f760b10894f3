"""Input parsing of the appraisal pages: opening a sheet, and one form for every step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.appraisals.models import ReviewOutcome, Scheme
from performa.apps.appraisals.selectors import AssignmentChoices


class AssignForm(forms.Form):
    """The office opens a sheet: person, scheme, evaluator, objectives."""

    person = forms.TypedChoiceField(label=_("Persona valutata"), coerce=int)
    scheme = forms.TypedChoiceField(label=_("Schema di valutazione"), coerce=int)
    evaluator = forms.TypedChoiceField(
        label=_("Valutatore"), coerce=int, required=False, empty_value=None
    )
    evaluator_label = forms.CharField(
        label=_("Oppure: organo che valuta"),
        required=False,
        max_length=255,
        help_text=_("Per il Segretario Generale: la Giunta, su proposta dell'OIV."),
    )
    is_proposed_by_oiv = forms.BooleanField(
        label=_("L'OIV propone la valutazione (Segretario Generale e dirigenti)"), required=False
    )
    objectives = forms.MultipleChoiceField(
        label=_("Obiettivi assegnati"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note dell'assegnazione"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, choices: AssignmentChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(person.pk, person.name) for person in choices.people]
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.fields["scheme"].choices = [  # type: ignore[attr-defined]
            (scheme.pk, scheme.name) for scheme in choices.schemes
        ]
        self.fields["evaluator"].choices = [  # type: ignore[attr-defined]
            ("", _("— un organo collegiale —")),
            *((person.pk, person.name) for person in choices.all_people),
        ]
        self.fields["objectives"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} {name}") for code, name in choices.objectives
        ]
        self.objective_codes = [code for code, _name in choices.objectives]
        for code in self.objective_codes:
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=_("Peso di %(code)s") % {"code": code},
                required=False,
                min_value=Decimal(0),
                max_digits=7,
                decimal_places=4,
                localize=True,
            )

    def objective_weights(self) -> dict[str, Decimal]:
        """The chosen objectives' relative weights (1 when left empty)."""
        return {
            code: self.cleaned_data.get(f"weight_{code}") or Decimal(1)
            for code in self.cleaned_data["objectives"]
        }

    def main_fields(self) -> list[forms.BoundField]:
        """The fields drawn one by one (the weights go next to their objective)."""
        return [self[name] for name in self.fields if not name.startswith("weight_")]

    def objective_rows(self) -> list[tuple[Any, forms.BoundField]]:
        """Each objective's checkbox with its weight field."""
        return [
            (choice, self[f"weight_{code}"])
            for choice, code in zip(self["objectives"], self.objective_codes, strict=True)
        ]


def scheme_of(schemes: list[Scheme], scheme_id: int) -> Scheme:
    """The scheme ``scheme_id`` among the choices (the form already checked it is one)."""
    return next(scheme for scheme in schemes if scheme.pk == scheme_id)


class StepForm(forms.Form):
    """A step's texts and, where it rates, one rating per behaviour (``rating_<code>``)."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    act_reference = forms.CharField(label=_("Atto"), required=False, max_length=255)
    outcome = forms.ChoiceField(
        label=_("Esito"), required=False, choices=[("", "—"), *ReviewOutcome.choices]
    )

    def __init__(self, *args: Any, scheme: Scheme, minimum: int, maximum: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.behaviour_codes = [behaviour.code for behaviour in scheme.behaviours.all()]
        for behaviour in scheme.behaviours.all():
            self.fields[f"rating_{behaviour.code}"] = forms.IntegerField(
                label=behaviour.name, required=False, min_value=minimum, max_value=maximum
            )

    def ratings(self) -> dict[str, int]:
        """The ratings given, by behaviour code (missing ones left out: the service names them)."""
        return {
            code: self.cleaned_data[f"rating_{code}"]
            for code in self.behaviour_codes
            if self.cleaned_data.get(f"rating_{code}") is not None
        }
