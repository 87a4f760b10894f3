"""``staff_source``: on an indicator's row, the staff figure its actual comes from, if linked."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from performa.apps.cycles.models import Cycle
from performa.apps.staff.selectors import staff_source_line

register = template.Library()


@register.simple_tag
def staff_source(cycle: Cycle, indicator_code: str) -> SafeString | str:
    """ "Fonte: dati del personale – …: 80,5" under a linked indicator; nothing otherwise."""
    line = staff_source_line(cycle=cycle, indicator_code=indicator_code)
    if line is None:
        return ""
    return format_html(
        '<span class="d-block small staff-source">{}: {}</span>',
        _("Fonte: dati del personale"),
        line,
    )
