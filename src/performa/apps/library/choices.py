"""The kinds of value and the polarities of library indicators, with Italian labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.plans.models import IndicatorComparator


class ValueType(models.TextChoices):
    """What an indicator's figure is: the scoring core knows numbers, dates and yes/no answers;
    a percent is a number shown with "%"."""

    NUMBER = "number", _("Numero")
    PERCENT = "percent", _("Percentuale")
    DATE = "date", _("Data")
    YES_NO = "yes_no", _("Sì/no")


class Polarity(models.TextChoices):
    """Which way is better: it gives the comparator an adoption starts from."""

    HIGHER = "higher", _("Più alto è meglio (>=)")
    LOWER = "lower", _("Più basso è meglio (<=)")
    DEADLINE = "deadline", _("Entro una scadenza")
    YES_NO = "yes_no", _("Sì/no")


DEFAULT_COMPARATOR: dict[str, str] = {
    Polarity.HIGHER: IndicatorComparator.AT_LEAST,
    Polarity.LOWER: IndicatorComparator.AT_MOST,
    Polarity.DEADLINE: IndicatorComparator.DEADLINE,
    Polarity.YES_NO: IndicatorComparator.YES_NO,
}
"""The comparator each polarity is normally used with."""

POLARITIES_FOR_TYPE: dict[str, frozenset[str]] = {
    ValueType.NUMBER: frozenset({Polarity.HIGHER, Polarity.LOWER}),
    ValueType.PERCENT: frozenset({Polarity.HIGHER, Polarity.LOWER}),
    ValueType.DATE: frozenset({Polarity.DEADLINE}),
    ValueType.YES_NO: frozenset({Polarity.YES_NO}),
}

NUMERIC_COMPARATORS: frozenset[str] = frozenset(
    {
        IndicatorComparator.AT_LEAST,
        IndicatorComparator.MORE_THAN,
        IndicatorComparator.AT_MOST,
        IndicatorComparator.LESS_THAN,
        IndicatorComparator.EQUAL,
        IndicatorComparator.BETWEEN,
    }
)


def comparators_for(value_type: str) -> frozenset[str]:
    """The comparators an indicator of ``value_type`` may be adopted with."""
    if value_type == ValueType.DATE:
        return frozenset({IndicatorComparator.DEADLINE})
    if value_type == ValueType.YES_NO:
        return frozenset({IndicatorComparator.YES_NO})
    return NUMERIC_COMPARATORS


class AdoptionOrigin(models.TextChoices):
    """How a library entry and a cycle indicator came together."""

    ADOPTED = "adopted", _("Adottato dalla libreria")
    ADDED = "added", _("Aggiunto alla libreria da questo indicatore")
