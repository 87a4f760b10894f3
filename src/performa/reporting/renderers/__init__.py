"""The registry of report renderers: one per format, all reading the same ``Report``.

The CLI, the web download buttons and the API all go through ``renderer_for``.
"""

from __future__ import annotations

from importlib import import_module

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


def renderer_for(format_name: str) -> Renderer:
    """The renderer of ``format_name``; imported on demand (WeasyPrint is slow to import)."""
    try:
        module_name, class_name = _MODULES[format_name]
    except KeyError:
        raise ValueError(
            f"unknown report format {format_name!r}; use one of {', '.join(FORMATS)}"
        ) from None
    renderer: Renderer = getattr(import_module(module_name), class_name)()
    return renderer


def render(report: Report, format_name: str) -> RenderedFile:
    """``report`` rendered as ``format_name``."""
    return renderer_for(format_name).render(report)
