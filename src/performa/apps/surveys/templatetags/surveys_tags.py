"""The survey an indicator takes its value from, on the indicator tables and in their trace."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import template

from performa.apps.cycles.models import Cycle
from performa.apps.surveys.models import SurveyIndicatorLink
from performa.apps.surveys.selectors import mean_text, percent_text
from performa.reporting.formatting import format_number

register = template.Library()


def _link(context: template.Context, cycle: Cycle, code: str) -> SurveyIndicatorLink | None:
    """One query per page: every link of the cycle, kept in the render context."""
    render_context: Any = context.render_context
    cache = cast(
        dict[int, dict[str, SurveyIndicatorLink]], render_context.setdefault("survey_links", {})
    )
    if cycle.pk not in cache:
        cache[cycle.pk] = {
            link.indicator.code: link
            for link in SurveyIndicatorLink.objects.filter(
                administration=cycle.administration, survey__cycle=cycle
            ).select_related("survey", "indicator")
        }
    found: SurveyIndicatorLink | None = cache[cycle.pk].get(code)
    return found


@register.inclusion_tag("surveys/_indicator_source.html", takes_context=True)
def survey_source(context: template.Context, cycle: Cycle, code: str) -> dict[str, Any]:
    """ "Valore da indagine …" under an indicator fed by a survey (nothing otherwise)."""
    return {"cycle": cycle, "link": _link(context, cycle, code), "as_trace": False}


@register.inclusion_tag("surveys/_indicator_source.html", takes_context=True)
def survey_trace(context: template.Context, cycle: Cycle, code: str) -> dict[str, Any]:
    """The same as a step of "Come è calcolato" (a ``<dt>``/``<dd>`` pair)."""
    return {"cycle": cycle, "link": _link(context, cycle, code), "as_trace": True}


@register.filter
def whole_number(value: int | None) -> str:
    """A count the Italian way ("1.523"), "—" when missing."""
    return "—" if value is None else format_number(Decimal(value), 0)


@register.filter
def mean_mark(value: Decimal | None) -> str:
    """A mean mark with two decimals ("8,20"), "—" when missing."""
    return mean_text(value)


@register.filter
def share(value: Decimal | None) -> str:
    """A share with one decimal ("87,9 %"), "—" when missing."""
    return percent_text(value)
