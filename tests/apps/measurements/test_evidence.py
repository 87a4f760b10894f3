"""Evidence files: allowed types only, at most 10 MB, content matching the extension."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.models import Evidence
from performa.apps.measurements.services import (
    EVIDENCE_MAX_BYTES,
    EvidenceError,
    MeasurementEntry,
    MeasurementRefusedError,
    evidence_attach_bytes,
    evidence_problem,
    measurement_save_draft,
)

from .conftest import PROMOTION_NUMBER

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes() -> bytes:
    stream = io.BytesIO()
    document = Document()
    document.add_paragraph("Verbale")
    document.save(stream)
    return stream.getvalue()


def xlsx_bytes() -> bytes:
    stream = io.BytesIO()
    openpyxl.Workbook().save(stream)
    return stream.getvalue()


def opendocument_bytes(media_type: str) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("mimetype", media_type)
        archive.writestr("content.xml", "<office:document-content/>")
    return stream.getvalue()


def problem(name: str, content: bytes, size: int | None = None) -> str | None:
    return evidence_problem(
        name=name, size=len(content) if size is None else size, stream=io.BytesIO(content)
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verbale.pdf", PDF),
        ("grafico.PNG", PNG),
        ("foto.jpg", JPG),
        ("foto.jpeg", JPG),
        ("relazione.docx", docx_bytes()),
        ("dati.xlsx", xlsx_bytes()),
        ("relazione.odt", opendocument_bytes("application/vnd.oasis.opendocument.text")),
        ("dati.ods", opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")),
    ],
)
def test_allowed_files_pass_the_checks(name: str, content: bytes) -> None:
    assert problem(name, content) is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe", b"MZ\x90\x00", "Tipo di file non ammesso"),
        ("pagina.html", b"<html></html>", "Tipo di file non ammesso"),
        ("senza-estensione", PDF, "Tipo di file non ammesso"),
        ("finto.pdf", PNG, "non corrisponde all'estensione .pdf"),
        ("finto.png", PDF, "non corrisponde"),
        ("finto.docx", xlsx_bytes(), "non corrisponde"),
        ("finto.xlsx", b"PK\x03\x04 not really a zip", "non corrisponde"),
        (
            "finto.odt",
            opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "non corrisponde",
        ),
        ("vuoto.pdf", b"", "vuoto"),
    ],
)
def test_refused_files_say_why(name: str, content: bytes, message: str) -> None:
    refusal = problem(name, content)
    assert refusal is not None
    assert message in refusal


def test_files_over_10_mb_are_refused() -> None:
    assert problem("grande.pdf", PDF, size=EVIDENCE_MAX_BYTES) is None
    refusal = problem("grande.pdf", PDF, size=EVIDENCE_MAX_BYTES + 1)
    assert refusal is not None
    assert "supera i 10 MB" in refusal


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft(actor, indicator, period):
    return measurement_save_draft(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90)),
        version=0,
    )


def test_an_attached_file_is_stored_under_media_root_with_a_random_name(
    actor, draft, media: Path
) -> None:
    evidence = evidence_attach_bytes(
        actor=actor("referente"), measurement=draft, name="verbale.pdf", content=PDF
    )
    assert evidence.original_name == "verbale.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media / "evidence")
    assert stored.name != "verbale.pdf"
    assert stored.suffix == ".pdf"
    assert stored.read_bytes() == PDF
    draft.refresh_from_db()
    assert draft.version == 2
    assert AuditEntry.objects.filter(action="evidence_attach").count() == 1


def test_a_refused_file_stores_nothing(actor, draft, media: Path) -> None:
    with pytest.raises(EvidenceError, match="non corrisponde"):
        evidence_attach_bytes(
            actor=actor("referente"), measurement=draft, name="x.pdf", content=PNG
        )
    assert not Evidence.objects.exists()
    assert not any(media.rglob("*.*"))


def test_evidence_of_another_units_figure_is_refused(actor, indicator, period, media) -> None:
    figure = measurement_save_draft(
        actor=actor("controllo"),
        indicator=indicator("01_04_CP01_I01"),
        period=period,
        entry=MeasurementEntry(Decimal(200)),
        version=0,
    )
    with pytest.raises(MeasurementRefusedError):
        evidence_attach_bytes(
            actor=actor("referente"), measurement=figure, name="x.pdf", content=PDF
        )


def test_the_entry_form_uploads_and_anyone_in_the_cycle_downloads(
    client_as, draft, media, cycle: Cycle
) -> None:
    url = f"/cciaa-pistoia-prato/2024/indicatori/S1/{PROMOTION_NUMBER}/"
    response = client_as("referente").post(
        url,
        {
            "value": "90",
            "version": str(draft.version),
            "action": "draft",
            "evidence": SimpleUploadedFile("delibera.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client_as("lettore").get(f"/cciaa-pistoia-prato/2024/documenti/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="delibera.pdf"' in download["Content-Disposition"]
    assert download.content == PDF


def test_the_entry_form_shows_why_a_file_is_refused(client_as, draft, media) -> None:
    url = f"/cciaa-pistoia-prato/2024/indicatori/S1/{PROMOTION_NUMBER}/"
    response = client_as("referente").post(
        url,
        {
            "value": "95",
            "version": str(draft.version),
            "action": "draft",
            "evidence": SimpleUploadedFile("script.js", b"alert(1)", "text/javascript"),
        },
    )
    assert response.status_code == 400
    assert "Tipo di file non ammesso (script.js)" in response.content.decode()
    draft.refresh_from_db()
    assert draft.value_number == Decimal(90)  # nothing saved
