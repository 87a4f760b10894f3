"""The appraisal pages: who gets which answer, the audited readings, the steps and the PDF."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import pikepdf
import pytest
from django.conf import settings

from performa.apps.appraisals.models import SheetState
from performa.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

BASE = "/cciaa-pistoia-prato/2024/valutazioni-individuali/"


def test_the_list_shows_my_sheet_and_the_ones_i_evaluate(demo_sheets, client_as) -> None:
    page = client_as("segretario").get(BASE).content.decode()
    assert "La mia scheda" in page
    assert "Catia Baroncelli" in page
    assert "Daniele Bosi" in page
    assert "Gianluca Morosi" in page


def test_the_list_of_a_viewer_shows_no_one(demo_sheets, client_as) -> None:
    page = client_as("lettore").get(BASE).content.decode()
    assert "Non hai una scheda di valutazione" in page
    for name in ("Catia Baroncelli", "Daniele Bosi", "Gianluca Morosi"):
        assert name not in page


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("controllo", 200),
        ("oiv", 200),
        ("segretario", 200),
        ("morosi", 200),
        ("dirigente", 404),
        ("referente", 404),
        ("lettore", 404),
    ],
)
def test_a_sheet_page_answers_404_to_who_may_not_read_it(
    demo_sheets, client_as, username, status
) -> None:
    sheet = demo_sheets["DIR-TUT"]
    before = AuditEntry.objects.filter(action="appraisal_viewed").count()
    response = client_as(username).get(f"{BASE}{sheet.pk}/")
    assert response.status_code == status
    after = AuditEntry.objects.filter(action="appraisal_viewed").count()
    assert after == before + (1 if status == 200 else 0)


def test_the_sheet_page_shows_the_components_from_the_scoring_engine(demo_sheets, client_as):
    response = client_as("segretario").get(f"{BASE}{demo_sheets['SG'].pk}/")
    page = response.content.decode().replace("\xa0", " ")
    assert "Performance organizzativa" in page
    assert "96,41 %" in page
    assert "Eccellente" in page


def test_the_person_does_not_see_the_oiv_proposal_before_the_evaluation(demo_sheets, client_as):
    sheet = demo_sheets["DIR-TUT"]  # proposed: 4 4 4 5
    as_person = client_as("morosi").get(f"{BASE}{sheet.pk}/")
    as_evaluator = client_as("segretario").get(f"{BASE}{sheet.pk}/")
    assert "Registra la valutazione finale" in as_evaluator.content.decode()
    assert "Registra la valutazione finale" not in as_person.content.decode()
    assert as_evaluator.context["page"].behaviours[0].proposed_rating == 4
    assert as_person.context["page"].behaviours[0].proposed_rating is None


def test_a_step_through_the_page_moves_the_sheet_and_a_refused_one_explains(
    demo_sheets, client_as
) -> None:
    sheet = demo_sheets["DIR-TUT"]
    client = client_as("segretario")
    refused = client.post(f"{BASE}{sheet.pk}/valutazione/", {"note": "Bene.", "rating_C1": "4"})
    assert refused.status_code == 400
    assert "Manca il voto di «Gestione e sviluppo dei collaboratori»" in refused.content.decode()
    ratings = {"rating_C1": "4", "rating_C2": "4", "rating_C3": "4", "rating_C4": "5"}
    done = client.post(f"{BASE}{sheet.pk}/valutazione/", {"note": "Bene.", **ratings})
    assert done.status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == SheetState.EVALUATED


def test_a_forged_step_of_someone_else_is_403_and_changes_nothing(demo_sheets, client_as):
    sheet = demo_sheets["DIR-TUT"]
    response = client_as("controllo").post(f"{BASE}{sheet.pk}/presa-visione/", {"note": ""})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.state == SheetState.PROPOSED


def test_the_pdf_is_a_tagged_pdf_a_with_the_sheet_and_is_audited(demo_sheets, client_as):
    sheet = demo_sheets["SG"]
    response = client_as("oiv").get(f"{BASE}{sheet.pk}/scheda.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "scheda-valutazione-2024-SG.pdf" in response["Content-Disposition"]
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as metadata:
            assert metadata.get("pdfaid:part") == "3"
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = text.replace("\xa0", " ")
    assert "Catia Baroncelli" in text
    assert "96,41 %" in text
    assert AuditEntry.objects.filter(action="appraisal_viewed", reason="pdf").count() == 1


def test_in_english_the_page_names_the_components_and_the_pdf_stays_italian(
    demo_sheets, client_as
) -> None:
    client = client_as("oiv")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sheet = demo_sheets["SG"]
    page = client.get(f"{BASE}{sheet.pk}/").content.decode()
    assert "Individual objectives" in page
    assert "Obiettivi individuali" not in page
    response = client.get(f"{BASE}{sheet.pk}/scheda.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Obiettivi individuali" in text
    assert "Valutata" in text, "the state, a translated label, is Italian too"
    assert "Individual objectives" not in text
    assert "Evaluated" not in text


def test_the_pdf_of_a_sheet_one_may_not_read_is_404(demo_sheets, client_as) -> None:
    response = client_as("dirigente").get(f"{BASE}{demo_sheets['SG'].pk}/scheda.pdf")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [("controllo", 200), ("oiv", 200), ("segretario", 200), ("dirigente", 403), ("lettore", 403)],
)
def test_the_summary_page_is_for_the_office_the_oiv_and_the_segretario(
    demo_sheets, client_as, username, status
) -> None:
    response = client_as(username).get(f"{BASE}riepilogo/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Valutazioni per fascia e categoria" in page
        assert "<svg" in page
        assert 'role="img"' in page
        assert "Morosi" not in page
        assert "Bosi" not in page


def test_the_office_opens_a_sheet_through_the_page(demo_sheets, client_as, cast) -> None:
    from performa.apps.administrations.models import Person
    from performa.apps.appraisals.models import Scheme, Sheet

    Sheet.objects.filter(person__code="DIR-PROM").delete()
    client = client_as("controllo")
    assert client.get(f"{BASE}nuova/").status_code == 200
    response = client.post(
        f"{BASE}nuova/",
        {
            "person": Person.objects.get(code="DIR-PROM").pk,
            "scheme": Scheme.objects.get(code="dirigenti").pk,
            "evaluator": Person.objects.get(code="SG").pk,
            "is_proposed_by_oiv": "on",
            "objectives": ["01_01_0501", "01_01_0502"],
            "weight_01_01_0501": "2,5",
            "weight_01_01_0503": "7",  # not chosen: ignored
            "note": "Obiettivi 2024",
        },
    )
    assert response.status_code == 302
    sheet = Sheet.objects.get(person__code="DIR-PROM")
    assert sheet.is_proposed_by_oiv
    weights = dict(sheet.objectives.values_list("node__code", "weight"))
    assert weights == {"01_01_0501": Decimal("2.5"), "01_01_0502": Decimal(1)}


def test_a_negative_weight_is_refused_on_the_page(demo_sheets, client_as) -> None:
    from performa.apps.administrations.models import Person
    from performa.apps.appraisals.models import Scheme, Sheet

    Sheet.objects.filter(person__code="DIR-PROM").delete()
    response = client_as("controllo").post(
        f"{BASE}nuova/",
        {
            "person": Person.objects.get(code="DIR-PROM").pk,
            "scheme": Scheme.objects.get(code="dirigenti").pk,
            "evaluator": Person.objects.get(code="SG").pk,
            "objectives": ["01_01_0501"],
            "weight_01_01_0501": "-1",
        },
    )
    assert response.status_code == 400
    assert not Sheet.objects.filter(person__code="DIR-PROM").exists()


def test_only_the_office_opens_sheets(demo_sheets, client_as) -> None:
    assert client_as("segretario").get(f"{BASE}nuova/").status_code == 403
