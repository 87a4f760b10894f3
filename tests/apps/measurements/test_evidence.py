"""Evidence files: allowed types only, at most 10 MB, content matching the extension; removed
by whoever enters the figure while it is being prepared, file included."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from docx import Document

from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.measurements.models import Evidence, Measurement
from performa.apps.measurements.services import (
    EVIDENCE_MAX_BYTES,
    EvidenceError,
    MeasurementEntry,
    MeasurementError,
    MeasurementRefusedError,
    evidence_attach_bytes,
    evidence_problem,
    evidence_remove,
    measurement_accept,
    measurement_return,
    measurement_save_draft,
    measurement_submit,
)

from .conftest import OTHER_UNIT, PROMOTION_NUMBER

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


# -- removal -----------------------------------------------------------------------------------

BASE = "/cciaa-pistoia-prato/2024"
ENTRY = f"{BASE}/indicatori/S1/{PROMOTION_NUMBER}/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def attached(actor, draft, media: Path) -> Evidence:
    """A PDF attached to the officer's draft, stored under the temporary MEDIA_ROOT."""
    return evidence_attach_bytes(
        actor=actor("referente"), measurement=draft, name="verbale.pdf", content=PDF
    )


def remove_url(evidence: Evidence) -> str:
    return f"{BASE}/documenti/{evidence.pk}/rimozione/"


def test_a_removal_deletes_the_row_and_after_the_commit_the_file(
    actor, attached: Evidence, django_capture_on_commit_callbacks
) -> None:
    stored = Path(attached.file.path)
    version = Measurement.objects.get(pk=attached.measurement_id).version
    with django_capture_on_commit_callbacks() as callbacks:
        evidence_remove(actor=actor("referente"), evidence=attached, reason="File sbagliato")
        assert not Evidence.objects.exists()
        assert stored.exists()  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not stored.exists()
    measurement = Measurement.objects.get(pk=attached.measurement_id)
    assert measurement.version == version + 1
    entry = AuditEntry.objects.get(action="evidence_remove")
    assert entry.object_code == f"{PROMOTION_NUMBER} @ S1"
    assert entry.before == {"file": "verbale.pdf", "size": len(PDF), "type": "application/pdf"}
    assert entry.after is None
    assert entry.reason == "File sbagliato"
    assert entry.actor == User.objects.get(username="referente")
    assert entry.cycle_id == measurement.period.cycle_id


def test_a_rolled_back_removal_keeps_row_and_file(
    actor, attached: Evidence, django_capture_on_commit_callbacks
) -> None:
    def remove_then_fail() -> None:
        with transaction.atomic():
            evidence_remove(actor=actor("referente"), evidence=attached)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        remove_then_fail()
    assert callbacks == []
    assert Evidence.objects.filter(pk=attached.pk).exists()
    assert Path(attached.file.path).exists()


def test_a_figure_sent_back_may_lose_its_documents(
    actor, attached: Evidence, django_capture_on_commit_callbacks
) -> None:
    figure = Measurement.objects.get(pk=attached.measurement_id)
    submitted = measurement_submit(
        actor=actor("referente"),
        indicator=figure.indicator,
        period=figure.period,
        entry=MeasurementEntry(Decimal(90)),
        version=figure.version,
    )
    measurement_return(
        actor=actor("controllo"), measurement=submitted, version=submitted.version, comment="No"
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=actor("dirigente"), evidence=attached)
    assert not Evidence.objects.exists()
    assert not Path(attached.file.path).exists()


def _submit(actor, evidence: Evidence) -> Measurement:
    figure = Measurement.objects.get(pk=evidence.measurement_id)
    return measurement_submit(
        actor=actor("referente"),
        indicator=figure.indicator,
        period=figure.period,
        entry=MeasurementEntry(Decimal(90)),
        version=figure.version,
    )


def _accept(actor, evidence: Evidence) -> None:
    submitted = _submit(actor, evidence)
    measurement_accept(actor=actor("controllo"), measurement=submitted, version=submitted.version)


def _validate(actor, evidence: Evidence) -> None:
    cycle_id = Measurement.objects.get(pk=evidence.measurement_id).period.cycle_id
    Cycle.objects.filter(pk=cycle_id).update(state=CycleState.VALIDATED)


def _close(actor, evidence: Evidence) -> None:
    period_id = Measurement.objects.get(pk=evidence.measurement_id).period_id
    MonitoringPeriod.objects.filter(pk=period_id).update(is_open=False)


@pytest.mark.parametrize(
    ("change", "username", "message"),
    [
        (_submit, "referente", "«Inviato»"),
        (_submit, "controllo", "«Inviato»"),
        (_accept, "controllo", "«Accettato»"),
        (_validate, "referente", "validato"),
        (_close, "referente", "è chiuso"),
    ],
)
def test_documents_of_a_figure_no_longer_being_prepared_stay(
    actor, attached: Evidence, change, username: str, message: str
) -> None:
    change(actor, attached)
    with pytest.raises(MeasurementError, match=message):
        evidence_remove(actor=actor(username), evidence=attached)
    assert Evidence.objects.filter(pk=attached.pk).exists()
    assert Path(attached.file.path).exists()
    assert not AuditEntry.objects.filter(action="evidence_remove").exists()


def test_another_units_documents_are_refused(actor, indicator, period, media) -> None:
    figure = measurement_save_draft(
        actor=actor("controllo"),
        indicator=indicator(OTHER_UNIT),
        period=period,
        entry=MeasurementEntry(Decimal(200)),
        version=0,
    )
    evidence = evidence_attach_bytes(
        actor=actor("controllo"), measurement=figure, name="x.pdf", content=PDF
    )
    with pytest.raises(MeasurementRefusedError):
        evidence_remove(actor=actor("referente"), evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_entry_form_offers_to_remove_each_document_with_a_confirmation(
    client_as, attached: Evidence
) -> None:
    text = client_as("referente").get(ENTRY, **HTMX).content.decode()
    entry_form, after = text.split("</form>", 1)
    button = f'<button type="submit" form="evidence-remove-{attached.pk}"'
    assert button in entry_form
    assert 'Rimuovi<span class="visually-hidden"> verbale.pdf</span>' in entry_form
    # Every submit button before "Invia" belongs to another form: Enter still sends the figure.
    before_send = entry_form.split('<button type="submit" name="action" value="submit"')[0]
    assert before_send.count('type="submit"') == before_send.count('type="submit" form=')
    removal = after.split(f'id="evidence-remove-{attached.pk}"', 1)[1].split("</form>")[0]
    assert f'method="post" action="{remove_url(attached)}"' in removal
    assert f'hx-post="{remove_url(attached)}"' in removal
    assert 'hx-confirm="Rimuovere il documento «verbale.pdf»? Il file sarà eliminato."' in removal
    assert 'name="csrfmiddlewaretoken"' in removal


def test_a_submitted_figures_form_offers_no_removal(client_as, actor, attached: Evidence) -> None:
    _submit(actor, attached)
    text = client_as("referente").get(ENTRY, **HTMX).content.decode()
    assert "verbale.pdf" in text
    assert remove_url(attached) not in text


def test_removing_with_htmx_returns_the_list_and_the_new_version(
    client_as, attached: Evidence, django_capture_on_commit_callbacks
) -> None:
    stored = Path(attached.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("referente").post(remove_url(attached), {"confirm": "1"}, **HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="evidence-list-')
    assert "Documento «verbale.pdf» rimosso." in text
    assert "Documenti già caricati" not in text
    version = Measurement.objects.get(pk=attached.measurement_id).version
    assert f'id="version-{attached.measurement.indicator_id}" value="{version}"' in text
    assert 'hx-swap-oob="true"' in text
    assert not Evidence.objects.exists()
    assert not stored.exists()


def test_without_javascript_a_confirmation_page_comes_first(
    client_as, attached: Evidence, django_capture_on_commit_callbacks
) -> None:
    client = client_as("referente")
    asked = client.post(remove_url(attached), {"value": "90", "version": "2"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Rimuovere il documento «verbale.pdf»?" in page
    assert 'name="confirm" value="1"' in page
    assert Evidence.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(attached), {"confirm": "1", "reason": "Doppione"})
    assert response.status_code == 302
    assert response["Location"] == ENTRY
    assert "Documento «verbale.pdf» rimosso." in client.get(ENTRY).content.decode()
    assert not Evidence.objects.exists()
    assert not Path(attached.file.path).exists()
    assert AuditEntry.objects.get(action="evidence_remove").reason == "Doppione"


def test_a_removal_by_get_is_not_allowed(client_as, attached: Evidence) -> None:
    assert client_as("referente").get(remove_url(attached)).status_code == 405
    assert Evidence.objects.exists()


@pytest.mark.parametrize("username", ["dirigente", "referente", "lettore", "oiv"])
def test_a_forged_removal_of_another_units_document_is_refused(
    client_as, actor, indicator, period, media, username: str
) -> None:
    figure = measurement_save_draft(
        actor=actor("controllo"),
        indicator=indicator(OTHER_UNIT),
        period=period,
        entry=MeasurementEntry(Decimal(200)),
        version=0,
    )
    evidence = evidence_attach_bytes(
        actor=actor("controllo"), measurement=figure, name="x.pdf", content=PDF
    )
    response = client_as(username).post(remove_url(evidence), {"confirm": "1"})
    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Path(evidence.file.path).exists()


@pytest.mark.parametrize("change", [_submit, _accept, _validate, _close])
@pytest.mark.parametrize("data", [{"confirm": "1"}, {}])
def test_a_forged_removal_from_a_figure_no_longer_being_prepared_is_refused(
    client_as, actor, attached: Evidence, change, data: dict[str, str]
) -> None:
    change(actor, attached)
    response = client_as("controllo").post(remove_url(attached), data)
    assert response.status_code == 400
    assert Evidence.objects.filter(pk=attached.pk).exists()
    assert Path(attached.file.path).exists()
    assert not AuditEntry.objects.filter(action="evidence_remove").exists()


def test_a_refusal_with_htmx_shows_the_reason_in_the_list(
    client_as, actor, attached: Evidence
) -> None:
    _submit(actor, attached)
    response = client_as("referente").post(remove_url(attached), {"confirm": "1"}, **HTMX)
    assert response.status_code == 200
    assert "i suoi documenti non si rimuovono" in response.content.decode()
    assert Evidence.objects.filter(pk=attached.pk).exists()


def test_a_user_of_another_administration_gets_404(attached: Evidence) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    client = Client()
    client.force_login(outsider)
    assert client.post(remove_url(attached), {"confirm": "1"}).status_code == 404
    assert Evidence.objects.filter(pk=attached.pk).exists()
