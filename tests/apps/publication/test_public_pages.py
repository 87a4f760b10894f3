"""The public pages: no log-in, only the current publication, cacheable with an ETag."""

from __future__ import annotations

from django.test import Client

from performa.apps.publication.models import Publication
from tests.apps.publication.conftest import ADMINISTRATION, YEAR

BASE = f"/trasparenza/{ADMINISTRATION}/{YEAR}/"


def test_nothing_is_public_before_the_office_publishes(adopted) -> None:
    client = Client()
    assert client.get(BASE).status_code == 404
    assert client.get(f"/trasparenza/{ADMINISTRATION}/").status_code == 404
    assert ADMINISTRATION not in client.get("/trasparenza/").text


def test_the_published_plan_shows_its_tree_and_targets_without_scores(plan_published) -> None:
    response = Client().get(BASE)
    assert response.status_code == 200
    text = response.text
    assert "Piano adottato" in text
    assert "Delibera di Giunta n. 5/2024" in text
    assert "Performance complessiva" not in text
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] == f'"{plan_published.digest[:32]}-it"'


def test_a_page_the_visitor_holds_answers_304_in_the_same_language_only(plan_published) -> None:
    client = Client()
    etag = client.get(BASE)["ETag"]
    assert client.get(BASE, headers={"if-none-match": etag}).status_code == 304
    client.cookies["django_language"] = "en"  # the language switcher's choice
    english = client.get(BASE, headers={"if-none-match": etag})
    assert english.status_code == 200
    assert english["ETag"] != etag


def test_the_published_results_show_scores_statuses_and_documents(results_published) -> None:
    client = Client()
    text = client.get(BASE).text
    assert "Performance complessiva dell'ente" in text
    assert "96,41" in text
    assert "RAGGIUNTO" in text
    pdf = client.get(BASE + "relazione.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    html = client.get(BASE + "relazione.html")
    assert html.status_code == 200
    assert b"Relazione" in b"".join(html.streaming_content)  # type: ignore[attr-defined]
    validation = client.get(BASE + "atti/validazione/")
    assert "Verbale OIV n. 1/2025" in validation.text


def test_a_withdrawn_publication_leaves_the_public_pages(
    plan_published: Publication, actor
) -> None:
    from performa.apps.publication.services import publication_withdraw

    publication_withdraw(actor=actor("office"), publication=plan_published)
    assert Client().get(BASE).status_code == 404


def test_unknown_objects_answer_404(plan_published) -> None:
    client = Client()
    assert client.get(BASE + "obiettivi/NESSUNO/").status_code == 404
    assert client.get(BASE + "indicatori/NESSUNO/").status_code == 404
    assert client.get(BASE + "relazione.pdf").status_code == 404  # plan only: no report yet
    assert client.get(BASE + "relazione.docx").status_code == 404
    assert client.get(f"/trasparenza/{ADMINISTRATION}/2023/").status_code == 404
