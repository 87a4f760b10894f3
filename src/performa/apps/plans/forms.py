"""Parsing of the plan editor's forms: Italian numbers (``12,5``) and dates, yes/no.

Forms only parse; the rules of the plan (codes, levels, targets, weights) are the services'
(``plans.editing``), whose refusals the views put back on the fields they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performa.apps.administrations.models import Administration, OrganisationalUnit, Person
from performa.apps.measurements.forms import parse_day, parse_number
from performa.apps.plans.editing import (
    BaseMeasureFields,
    IndicatorFields,
    NodeFields,
    later_target_field,
)
from performa.apps.plans.models import Indicator, IndicatorComparator
from performa.apps.plans.year_targets import YEARS_AHEAD, year_target_of
from performa.scoring.model import Comparator, Target
from performa.workbook.data import YearTarget


class _ParsedTextField(forms.Field):
    """A value typed as text and parsed by ``parse`` (an Italian number, a date...)."""

    widget = forms.TextInput

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if self.max_length is not None:
            attrs["maxlength"] = str(self.max_length)
        return attrs

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        if self.max_length is not None and len(text) > self.max_length:
            raise forms.ValidationError(_("Valore troppo lungo."))
        try:
            return self.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ItalianDecimalField(_ParsedTextField):
    """A number typed the Italian way (``1.234,5``; ``12.5`` from a paste is fine too)."""

    def parse(self, text: str) -> Decimal:
        return parse_number(text)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value.normalize() + 0, "f").replace(".", ",")
        return value


class ItalianDateField(_ParsedTextField):
    """A date as ``gg/mm/aaaa`` or the ``aaaa-mm-gg`` of a date input."""

    def parse(self, text: str) -> date:
        return parse_day(text)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return value


def _styled(widget: forms.Widget) -> None:
    """Bootstrap Italia's class on a visible widget."""
    if isinstance(widget, forms.HiddenInput | forms.CheckboxInput):
        return
    widget.attrs.setdefault(
        "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
    )


class _StyledForm(forms.Form):
    """Bootstrap Italia's classes on every visible widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _styled(field.widget)


class NodeForm(_StyledForm):
    """A node's own fields; ``seen`` is the token of the node as loaded (edits only)."""

    code = forms.CharField(max_length=64, label=gettext_lazy("Codice"))
    name = forms.CharField(max_length=500, label=gettext_lazy("Denominazione"))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Descrizione")
    )
    weight = ItalianDecimalField(
        required=False,
        max_length=32,
        label=gettext_lazy("Peso %"),
        help_text=gettext_lazy("Da 0 a 100, per esempio 12,5; vuoto se il nodo non ha peso."),
    )
    owner_unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nessuna —"),
        label=gettext_lazy("Unità responsabile"),
    )
    manager = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nessuno —"),
        label=gettext_lazy("Responsabile"),
    )
    reason = forms.CharField(
        required=False, max_length=2000, label=gettext_lazy("Motivo della modifica")
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, administration: Administration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["owner_unit"]
        people = self.fields["manager"]
        assert isinstance(units, forms.ModelChoiceField)
        assert isinstance(people, forms.ModelChoiceField)
        units.queryset = OrganisationalUnit.objects.filter(administration=administration)
        people.queryset = Person.objects.filter(administration=administration)

    def node_fields(self) -> NodeFields:
        data = self.cleaned_data
        return NodeFields(
            code=data["code"],
            name=data["name"],
            description=data["description"],
            weight=data["weight"],
            owner_unit=data["owner_unit"],
            manager=data["manager"],
        )


class NodeMoveForm(_StyledForm):
    """The new parent (by code; empty: under the entity) and place among its children."""

    parent = forms.CharField(
        required=False, max_length=64, label=gettext_lazy("Nuovo nodo superiore")
    )
    position = forms.IntegerField(
        required=False,
        min_value=1,
        label=gettext_lazy("Posizione tra i figli"),
        help_text=gettext_lazy("1 per il primo; vuoto per metterlo in fondo."),
    )
    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Motivo"))
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class NodeDeleteForm(_StyledForm):
    """The confirmation of a deletion; ``cascade`` to delete the whole subtree."""

    cascade = forms.BooleanField(
        required=False, label=gettext_lazy("Elimina anche tutti i nodi sotto questo")
    )
    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Motivo"))


class LinkForm(_StyledForm):
    """A link's weight; ``indicator`` (a code) when a link is added."""

    indicator = forms.CharField(required=False, max_length=64, label=gettext_lazy("Indicatore"))
    weight = ItalianDecimalField(required=False, max_length=32, label=gettext_lazy("Peso %"))
    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Motivo"))
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class WeightPreviewForm(forms.Form):
    """What the preview needs: a node, optionally one of its indicators, and the new weight."""

    node = forms.CharField(max_length=64)
    indicator = forms.CharField(required=False, max_length=64)
    weight = ItalianDecimalField(required=False, max_length=32)


_EXPECTED = {"si": True, "no": False}

_LATER_PARTS = ("comparator", "value", "upper", "due_on", "expected")


def _later_target_fields(offset: int) -> dict[str, forms.Field]:
    """The fields of the target for the cycle year + ``offset``, shaped as the cycle's own."""
    return {
        later_target_field(offset, "comparator"): forms.ChoiceField(
            required=False,
            choices=[("", gettext_lazy("— nessun target —")), *IndicatorComparator.choices],
            label=gettext_lazy("Operatore"),
        ),
        later_target_field(offset, "value"): ItalianDecimalField(
            required=False, max_length=40, label=gettext_lazy("Target")
        ),
        later_target_field(offset, "upper"): ItalianDecimalField(
            required=False,
            max_length=40,
            label=gettext_lazy("Limite superiore"),
            help_text=gettext_lazy("Solo con l'operatore «tra»."),
        ),
        later_target_field(offset, "due_on"): ItalianDateField(
            required=False,
            max_length=10,
            label=gettext_lazy("Scadenza"),
            help_text=gettext_lazy("Solo con l'operatore «entro»: gg/mm/aaaa."),
        ),
        later_target_field(offset, "expected"): forms.ChoiceField(
            required=False,
            choices=[("", "—"), ("si", gettext_lazy("Sì")), ("no", gettext_lazy("No"))],
            label=gettext_lazy("Risposta attesa"),
            help_text=gettext_lazy("Solo con l'operatore «sì/no»."),
        ),
    }


@dataclass(frozen=True, slots=True)
class LaterTargetFieldset:
    """The bound fields of one later year's target, for the template."""

    year: int | None
    offset: int
    fields: list[forms.BoundField]


class IndicatorForm(_StyledForm):
    """An indicator's definition and target; the target fields that count follow the
    comparator (a value; a range; a due date; the expected answer)."""

    code = forms.CharField(max_length=64, label=gettext_lazy("Codice"))
    name = forms.CharField(max_length=500, label=gettext_lazy("Denominazione"))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Descrizione")
    )
    unit = forms.CharField(required=False, max_length=32, label=gettext_lazy("Unità di misura"))
    comparator = forms.ChoiceField(
        choices=IndicatorComparator.choices, label=gettext_lazy("Operatore del target")
    )
    target_value = ItalianDecimalField(required=False, max_length=40, label=gettext_lazy("Target"))
    target_upper = ItalianDecimalField(
        required=False,
        max_length=40,
        label=gettext_lazy("Limite superiore"),
        help_text=gettext_lazy("Solo con l'operatore «tra»."),
    )
    target_due_on = ItalianDateField(
        required=False,
        max_length=10,
        label=gettext_lazy("Scadenza"),
        help_text=gettext_lazy("Solo con l'operatore «entro»: gg/mm/aaaa."),
    )
    target_expected = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("si", gettext_lazy("Sì")), ("no", gettext_lazy("No"))],
        label=gettext_lazy("Risposta attesa"),
        help_text=gettext_lazy("Solo con l'operatore «sì/no»."),
    )
    baseline = ItalianDecimalField(required=False, max_length=40, label=gettext_lazy("Baseline"))
    baseline_year = forms.IntegerField(required=False, label=gettext_lazy("Anno della baseline"))
    data_source = forms.CharField(
        required=False, max_length=500, label=gettext_lazy("Fonte dei dati")
    )
    formula = forms.CharField(
        required=False,
        max_length=4000,
        label=gettext_lazy("Formula"),
        help_text=gettext_lazy(
            "Facoltativa. Il valore si calcola dalle misure di base, scritte con il loro codice: "
            "+ - * / e parentesi, abs, min, max, round. Esempio: «pagate_30gg / totali * 100»."
        ),
    )
    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Motivo"))
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    later_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cycle_year: int | None = None, **kwargs: Any) -> None:
        self.cycle_year = cycle_year
        super().__init__(*args, **kwargs)
        for offset in range(1, YEARS_AHEAD + 1):
            for name, field in _later_target_fields(offset).items():
                _styled(field.widget)
                self.fields[name] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for offset in range(1, YEARS_AHEAD + 1):
            comparator = later_target_field(offset, "comparator")
            filled = any(
                data.get(later_target_field(offset, part)) not in (None, "")
                for part in _LATER_PARTS[1:]
            )
            if filled and not data.get(comparator) and comparator not in self.errors:
                self.add_error(comparator, _("Scegli l'operatore o svuota i campi di quest'anno."))
        return data

    def later_fieldsets(self) -> list[LaterTargetFieldset]:
        """The later years' target fields grouped by year (N+1, N+2)."""
        return [
            LaterTargetFieldset(
                year=None if self.cycle_year is None else self.cycle_year + offset,
                offset=offset,
                fields=[self[later_target_field(offset, part)] for part in _LATER_PARTS],
            )
            for offset in range(1, YEARS_AHEAD + 1)
        ]

    def has_later_targets(self) -> bool:
        """Whether the submitted form carries the later years' targets (an older form, or a
        client that does not know them, leaves them as they are)."""
        return "later_seen" in self.data

    def later_targets(self) -> tuple[YearTarget, ...]:
        """The later years' targets typed, one per year with an operator chosen."""
        if self.cycle_year is None:
            raise ValueError("the cycle year is needed to date the later targets")
        data = self.cleaned_data
        targets = []
        for offset in range(1, YEARS_AHEAD + 1):
            part = {name: data.get(later_target_field(offset, name)) for name in _LATER_PARTS}
            if not part["comparator"]:
                continue
            targets.append(
                YearTarget(
                    year=self.cycle_year + offset,
                    target=Target(
                        comparator=Comparator(part["comparator"]),
                        value=part["value"],
                        upper=part["upper"],
                        due_on=part["due_on"],
                        expected=_EXPECTED.get(part["expected"] or ""),
                    ),
                )
            )
        return tuple(targets)

    def indicator_fields(self) -> IndicatorFields:
        data = self.cleaned_data
        return IndicatorFields(
            code=data["code"],
            name=data["name"],
            comparator=data["comparator"],
            unit=data["unit"],
            target_value=data["target_value"],
            target_upper=data["target_upper"],
            target_due_on=data["target_due_on"],
            target_expected=_EXPECTED.get(data["target_expected"] or ""),
            baseline=data["baseline"],
            baseline_year=data["baseline_year"],
            data_source=data["data_source"],
            description=data["description"],
            formula=data["formula"],
        )


def later_targets_initial(indicator: Indicator, *, cycle_year: int) -> dict[str, Any]:
    """The initial values of ``indicator``'s stored later-year targets for the form."""
    initial: dict[str, Any] = {}
    for row in indicator.year_targets.order_by("year"):
        later = year_target_of(row)
        offset = later.year - cycle_year
        target = later.target
        values = {
            "comparator": target.comparator.value,
            "value": target.value,
            "upper": target.upper,
            "due_on": target.due_on,
            "expected": expected_choice(target.expected),
        }
        initial.update({later_target_field(offset, name): value for name, value in values.items()})
    return initial


def expected_choice(value: bool | None) -> str:
    """The form value of a stored expected answer."""
    if value is None:
        return ""
    return "si" if value else "no"


class BaseMeasureForm(_StyledForm):
    """A base measure's definition; its code is the name formulas write."""

    code = forms.CharField(
        max_length=64,
        label=gettext_lazy("Codice"),
        help_text=gettext_lazy(
            "Il nome che le formule usano: lettere, cifre e _, senza spazi (es. fatture_pagate)."
        ),
    )
    name = forms.CharField(max_length=500, label=gettext_lazy("Denominazione"))
    unit = forms.CharField(required=False, max_length=32, label=gettext_lazy("Unità di misura"))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Descrizione")
    )
    data_source = forms.CharField(
        required=False, max_length=500, label=gettext_lazy("Fonte dei dati")
    )
    responsible_unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nessuna —"),
        label=gettext_lazy("Unità che la rileva"),
        help_text=gettext_lazy("Il suo personale ne inserisce i valori."),
    )
    reason = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Motivo"))

    def __init__(self, *args: Any, administration: Administration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["responsible_unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = OrganisationalUnit.objects.filter(administration=administration)

    def base_measure_fields(self) -> BaseMeasureFields:
        data = self.cleaned_data
        return BaseMeasureFields(
            code=data["code"],
            name=data["name"],
            unit=data["unit"],
            description=data["description"],
            data_source=data["data_source"],
            responsible_unit=data["responsible_unit"],
        )
