"""The Relazione of a cycle: composed once from the stored data, rendered in every format."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from performa.apps.administrations.selectors import branding_of
from performa.apps.appraisals.selectors import individual_objectives_for_report
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.versions import plan_version_reference_for
from performa.apps.staff.selectors import staff_data_for, staff_report_tables_for
from performa.apps.surveys.selectors import survey_tables_in
from performa.reporting.compose import compose_report
from performa.reporting.document import RenderedFile, Report
from performa.reporting.gender import tables_merged
from performa.reporting.renderers import FORMATS, renderer_for

BUILT_IN_TEMPLATES = Path(__file__).resolve().parents[2] / "reporting" / "templates"


def report_for(*, cycle: Cycle, generated_at: datetime | None = None) -> Report:
    """The Relazione of ``cycle`` as a document, every figure computed once from the data."""
    plan = survey_tables_in(plan_data_for(cycle=cycle), cycle=cycle)
    scored = cycle_scores(cycle=cycle, plan=plan)
    branding = branding_of(administration=cycle.administration)
    plan = dataclasses.replace(
        plan,
        context_tables=tables_merged(plan.context_tables, staff_report_tables_for(cycle=cycle)),
    )
    return compose_report(
        plan,
        scored,
        branding=branding,
        generated_at=generated_at,
        plan_version=plan_version_reference_for(cycle=cycle),
        individual_objectives=individual_objectives_for_report(cycle=cycle) or None,
        staff=staff_data_for(cycle=cycle),
    )


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


def report_file(*, cycle: Cycle, format_name: str) -> RenderedFile:
    """The Relazione of ``cycle`` in ``format_name``, rendered once per content.

    The composed document is cheap (a few hundred milliseconds) next to a PDF (seconds), so
    the file is kept under ``$PERFORMA_HOME/cache/reports/`` keyed by a digest of the document
    itself, of the templates and of performa's version: any change that would show in the
    Relazione (a figure, a name, a branding colour, an overridden template) makes a new file,
    and the second download of unchanged data is immediate. The cover's "generated on" date
    is the first rendering's. Raises ``ValueError`` for an unknown format.
    """
    template_dirs = report_template_dirs(cycle)
    renderer = renderer_for(format_name, template_dirs=template_dirs)
    generated_at = timezone.localtime()
    report = report_for(cycle=cycle, generated_at=generated_at)
    name = report_file_name(cycle, renderer.extension)
    directory = Path(settings.PERFORMA_HOME) / "cache" / "reports"
    digest = _content_digest(report, format_name, template_dirs)
    cached = directory / f"{Path(name).stem}-{digest}.{renderer.extension}"
    if cached.is_file():
        return RenderedFile(name=name, media_type=renderer.media_type, content=cached.read_bytes())
    content = renderer.render(report).content
    _replace_cached(
        directory, cached, content, stale_pattern=f"{Path(name).stem}-*.{renderer.extension}"
    )
    return RenderedFile(name=name, media_type=renderer.media_type, content=content)


def _content_digest(report: Report, format_name: str, template_dirs: Iterable[Path]) -> str:
    """What the rendered file depends on, hashed (the rendering time left out)."""
    digest = hashlib.sha256()
    digest.update(repr(dataclasses.replace(report, generated_at=None)).encode())
    digest.update(f"\0{format_name}\0{version('performa')}\0".encode())
    digest.update(_templates_digest(BUILT_IN_TEMPLATES).encode())
    for directory in template_dirs:  # overrides change while the server runs: never memoised
        digest.update(_templates_digest.__wrapped__(directory).encode())
    return digest.hexdigest()[:24]


@cache
def _templates_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _replace_cached(directory: Path, cached: Path, content: bytes, *, stale_pattern: str) -> None:
    """Write ``cached`` atomically (concurrent downloads may race) and drop earlier versions."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(stale_pattern):
        stale.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
    with os.fdopen(handle, "wb") as partial:
        partial.write(content)
    os.replace(temporary, cached)
