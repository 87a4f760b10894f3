"""The registry of report renderers: one per format, all reading the same ``Report``.

The CLI, the web download buttons and the API all go through ``renderer_for``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path

from performa.reporting.document import RenderedFile, Renderer, Report

__all__ = ["FORMATS", "render", "renderer_for"]

FORMATS: tuple[str, ...] = ("pdf", "docx", "xlsx", "html")
"""Every output format, in the order the web app offers them."""

_MODULES = {
    "html": ("performa.reporting.renderers.html", "HtmlRenderer"),
    "pdf": ("performa.reporting.renderers.pdf", "PdfRenderer"),
    "docx": ("performa.reporting.renderers.docx", "DocxRenderer"),
    "xlsx": ("performa.reporting.renderers.xlsx", "XlsxRenderer"),
}


_TEMPLATED = frozenset({"html", "pdf"})
"""Formats drawn from HTML templates, which an administration may override."""


def renderer_for(format_name: str, *, template_dirs: Iterable[str | Path] = ()) -> Renderer:
    """The renderer of ``format_name``; imported on demand (WeasyPrint is slow to import).

    ``template_dirs`` are searched before the built-in templates by the HTML and PDF
    renderers, so an administration can replace any part of the page without touching code.
    """
    try:
        module_name, class_name = _MODULES[format_name]
    except KeyError:
        raise ValueError(
            f"unknown report format {format_name!r}; use one of {', '.join(FORMATS)}"
        ) from None
    renderer_class = getattr(import_module(module_name), class_name)
    renderer: Renderer = (
        renderer_class(tuple(template_dirs)) if format_name in _TEMPLATED else renderer_class()
    )
    return renderer


def render(report: Report, format_name: str) -> RenderedFile:
    """``report`` rendered as ``format_name``."""
    return renderer_for(format_name).render(report)
