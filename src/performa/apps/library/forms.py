"""Forms of the library: they parse input; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.library.choices import DEFAULT_COMPARATOR, comparators_for
from performa.apps.library.models import LibraryIndicator
from performa.apps.library.selectors import SCOPE_ALL, SCOPE_COMMON, SCOPE_OWN
from performa.apps.measurements.forms import parse_number
from performa.apps.plans.formulas import formula_problem
from performa.apps.plans.models import IndicatorComparator, PlanNode

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def style_form(form: forms.BaseForm) -> None:
    """Bootstrap Italia classes on every widget (errors are marked by Django's aria-invalid)."""
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        # ``_errors``, not ``errors``: styling must not run the validation itself.
        errors = getattr(form, "_errors", None)
        if errors and bound.name in errors:
            css += " is-invalid"
        widget.attrs["class"] = css


class ItalianDecimalField(forms.CharField):
    """A number written the Italian way (``1.234,5``) whatever the browser's language, parsed
    like the figures of data entry; optional, at least ``min_value`` when given."""

    def __init__(self, *, min_value: Decimal | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.min_value = min_value
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "40"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(_("Il numero è troppo lungo."))
        try:
            number = parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if abs(number) >= Decimal(10) ** 14:
            raise forms.ValidationError(_("Il numero è troppo grande."))
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(
                _("Il valore non può essere minore di %(min)s.") % {"min": self.min_value}
            )
        return number


class LibrarySearchForm(forms.Form):
    """The list's search box and filter (GET)."""

    q = forms.CharField(label=_("Cerca per codice o denominazione"), required=False, max_length=200)
    ambito = forms.ChoiceField(
        label=_("Mostra"),
        required=False,
        choices=[
            (SCOPE_ALL, _("Tutti gli indicatori")),
            (SCOPE_COMMON, _("Solo la libreria comune")),
            (SCOPE_OWN, _("Solo gli indicatori dell'amministrazione")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)


class LibraryIndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    """An own entry's fields, and the version the page was built from."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LibraryIndicator
        fields = [
            "code",
            "name",
            "description",
            "unit",
            "value_type",
            "polarity",
            "formula",
            "data_source",
            "responsible_unit",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "formula": forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version
        style_form(self)

    def clean_formula(self) -> str:
        formula: str = self.cleaned_data.get("formula", "").strip()
        problem = formula_problem(formula)
        if problem:
            raise forms.ValidationError(problem)
        return formula

    def full_clean(self) -> None:
        super().full_clean()
        style_form(self)


class ObjectiveChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class AdoptionForm(forms.Form):
    """The cycle's code, target and optional objective of an adoption."""

    code = forms.CharField(
        label=_("Codice nel ciclo"),
        max_length=64,
        required=False,
        help_text=_("Vuoto: il codice della libreria. Se è già usato nel ciclo indicane un altro."),
    )
    comparator = forms.ChoiceField(label=_("Operatore"))
    target_value = ItalianDecimalField(label=_("Target"))
    target_upper = ItalianDecimalField(label=_("Limite superiore (solo per «tra»)"))
    target_due_on = forms.DateField(
        label=_("Scadenza (solo per «entro»)"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    target_expected = forms.TypedChoiceField(
        label=_("Risposta attesa (solo per «sì/no»)"),
        required=False,
        choices=[("", "—"), ("si", _("Sì")), ("no", _("No"))],
        coerce=lambda value: value == "si",
        empty_value=None,
    )
    node = ObjectiveChoiceField(
        label=_("Obiettivo a cui collegarlo"),
        queryset=PlanNode.objects.none(),
        required=False,
        empty_label=_("— nessuno per ora —"),
    )
    weight = ItalianDecimalField(
        label=_("Peso % nell'obiettivo"),
        min_value=Decimal(0),
        help_text=_("Vuoto: l'obiettivo divide il peso in parti uguali tra i suoi indicatori."),
    )
    reason = forms.CharField(label=_("Nota per il registro delle modifiche"), required=False)

    def __init__(
        self, *args: Any, entry: LibraryIndicator, nodes: list[PlanNode], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        allowed = comparators_for(entry.value_type)
        comparator_field = self.fields["comparator"]
        assert isinstance(comparator_field, forms.ChoiceField)
        comparator_field.choices = [
            (value, label) for value, label in IndicatorComparator.choices if value in allowed
        ]
        comparator_field.initial = DEFAULT_COMPARATOR[entry.polarity]
        self.fields["code"].initial = entry.code
        node_field = self.fields["node"]
        assert isinstance(node_field, forms.ModelChoiceField)
        node_field.queryset = PlanNode.objects.filter(pk__in=[node.pk for node in nodes]).order_by(
            "position"
        )
        style_form(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_form(self)


class AddFromCycleForm(forms.Form):
    """A cycle indicator to copy into the library, with an optional new code."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label=_("Codice nella libreria"), max_length=64, required=False)
