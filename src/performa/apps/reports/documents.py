"""The Relazione of a cycle: composed once from the stored data, rendered in every format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from performa.apps.administrations.selectors import branding_of
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.plans.selectors import plan_data_for
from performa.reporting.compose import compose_report
from performa.reporting.document import RenderedFile, Report
from performa.reporting.renderers import FORMATS, renderer_for


def report_for(*, cycle: Cycle, generated_at: datetime | None = None) -> Report:
    """The Relazione of ``cycle`` as a document, every figure computed once from the data."""
    plan = plan_data_for(cycle=cycle)
    scored = cycle_scores(cycle=cycle, plan=plan)
    branding = branding_of(administration=cycle.administration)
    return compose_report(plan, scored, branding=branding, generated_at=generated_at)


def report_template_dirs(cycle: Cycle) -> tuple[Path, ...]:
    """``$PERFORMA_HOME/templates/<administration code>/`` when the administration has one.

    Files there (``reporting/report.html``, ``reporting/report.css``, the ``_*.html`` parts)
    replace the built-in ones for that administration's reports.
    """
    directory = Path(settings.PERFORMA_HOME) / "templates" / cycle.administration.code
    return (directory,) if directory.is_dir() else ()


def report_file_name(cycle: Cycle, extension: str) -> str:
    """``relazione-performance-2024-cciaa-pistoia-prato.pdf``."""
    return f"relazione-performance-{cycle.year}-{cycle.administration.code}.{extension}"


def report_render(
    *, cycle: Cycle, formats: Sequence[str] = FORMATS, generated_at: datetime | None = None
) -> list[RenderedFile]:
    """The Relazione of ``cycle`` in each of ``formats``, all from one composed document.

    Raises ``ValueError`` for an unknown format.
    """
    template_dirs = report_template_dirs(cycle)
    renderers = [renderer_for(name, template_dirs=template_dirs) for name in formats]
    report = report_for(cycle=cycle, generated_at=generated_at or timezone.localtime())
    files = []
    for renderer in renderers:
        rendered = renderer.render(report)
        files.append(
            RenderedFile(
                name=report_file_name(cycle, renderer.extension),
                media_type=rendered.media_type,
                content=rendered.content,
            )
        )
    return files


def report_write(*, cycle: Cycle, directory: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Render the Relazione of ``cycle`` into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for rendered in report_render(cycle=cycle, formats=formats):
        path = directory / rendered.name
        path.write_bytes(rendered.content)
        written.append(path)
    return written
