"""The per-person PDF of an evaluation sheet: the page's own data, printed by WeasyPrint as a
tagged PDF/A-3a like the Relazione (STACK §5.4)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from performa.apps.appraisals.models import Sheet
from performa.apps.appraisals.selectors import SheetPage, Summary
from performa.reporting.charts import ChartData, ChartKind, Series, chart_figure
from performa.reporting.document import Figure
from performa.reporting.renderers.pdf import (
    LOCAL_PROTOCOLS,
    OUTPUT_INTENT,
    PDF_VARIANT,
    _output_intent_stylesheet,
)


def sheet_pdf_name(sheet: Sheet) -> str:
    """``scheda-valutazione-2024-DIR-PROM.pdf``."""
    return f"scheda-valutazione-{sheet.cycle.year}-{sheet.person.code}.pdf"


def sheet_pdf(page: SheetPage) -> bytes:
    """``page`` (already filtered for its viewer) as an A4 PDF/A-3a, in Italian whatever the
    reader's interface language: it is an act of the administration, like the Relazione."""
    with translation.override("it"):
        html = render_to_string("appraisals/sheet_pdf.html", {"page": page, "sheet": page.sheet})
    url_fetcher = URLFetcher(allowed_protocols=LOCAL_PROTOCOLS)
    color_profiles: dict[str, Any] = {}
    CSS(string=_output_intent_stylesheet(), url_fetcher=url_fetcher, color_profiles=color_profiles)
    document = HTML(string=html, base_url=str(Path.cwd()), url_fetcher=url_fetcher).render(
        color_profiles=color_profiles
    )
    content: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, output_intent=OUTPUT_INTENT)
    return content


def summary_chart(summary: Summary) -> Figure | None:
    """The distribution as columns (bands × categories), drawn like the Relazione's charts;
    ``None`` with nothing evaluated. The page keeps the table as the accessible data."""
    if not summary.evaluated_count or not summary.rows:
        return None
    data = ChartData(
        categories=tuple(row.band for row in summary.rows),
        series=tuple(
            Series(label, tuple(Decimal(row.cells[index]) for row in summary.rows))
            for index, (_value, label) in enumerate(summary.categories)
        ),
        unit="N.",
    )
    return chart_figure(
        ChartKind.COLUMN,
        data,
        key="distribuzione-valutazioni",
        caption="Valutazioni per fascia e categoria",
    )
