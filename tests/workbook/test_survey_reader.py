"""Survey answer files as exported by common tools, and every error located."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from performa.scoring.surveys import survey_statistics
from performa.workbook.survey_reader import SurveyFileError, read_survey_file

GOOGLE_FORMS = (
    '"Informazioni cronologiche","Indirizzo email","Servizio utilizzato",'
    '"Cortesia del personale","Giudizio complessivo sul servizio (1-10)"\n'
    '"2024/09/25 10:01:02","a@example.org","Registro imprese","9","8"\n'
    '"2024/09/25 10:05:00","b@example.org","Registro imprese","","6"\n'
    '"2024/09/26 11:00:00","c@example.org","Front office","10","10"\n'
)


def read(text: str, name: str = "risposte.csv", **options):
    return read_survey_file(name, text.encode("utf-8"), **options)


def test_a_google_forms_export_is_read_without_its_metadata_and_personal_data() -> None:
    result = read(GOOGLE_FORMS)
    assert result.errors == ()
    survey = result.survey
    assert survey is not None
    assert survey.service_header == "Servizio utilizzato"
    assert [column.header for column in survey.columns] == [
        "Cortesia del personale",
        "Giudizio complessivo sul servizio (1-10)",
    ]
    assert survey.dropped_headers == ("Informazioni cronologiche", "Indirizzo email")
    assert survey.key_header == "Giudizio complessivo sul servizio (1-10)"
    assert [row.values for row in survey.rows] == [
        (Decimal(9), Decimal(8)),
        (None, Decimal(6)),
        (Decimal(10), Decimal(10)),
    ]
    assert "a@example.org" not in repr(survey)
    stats = survey_statistics(survey.key_answers())
    assert stats.overall.mean == Decimal(8)
    registry = stats.of("Registro imprese")
    assert registry is not None
    assert registry.mean == Decimal(7)


def test_semicolons_bom_and_italian_decimal_commas() -> None:
    text = "\ufeffServizio;Tipo utente;Voto complessivo\nMetrologia;Impresa;7,5\nMetrologia;Professionista;8\n"
    result = read_survey_file("r.csv", text.encode("utf-8"))
    assert result.survey is not None
    assert result.survey.separator == ";"
    assert [column.is_mark for column in result.survey.columns] == [False, True]
    assert [row.values for row in result.survey.rows] == [
        ("Impresa", Decimal("7.5")),
        ("Professionista", Decimal(8)),
    ]


def test_windows_1252_files_and_tab_separators_are_read() -> None:
    content = "Ufficio\tQualità\nCittà\t9\n".encode("cp1252")
    result = read_survey_file("r.csv", content)
    assert result.survey is not None
    assert result.survey.columns[0].header == "Qualità"
    assert result.survey.rows[0].service == "Città"


def test_marks_with_labels_and_no_answers() -> None:
    text = "Servizio,Giudizio\nOCC,8 - Buono\nOCC,Non so\nOCC,\nOCC,10 – Ottimo\n"
    survey = read(text).survey
    assert survey is not None
    assert [row.values[0] for row in survey.rows] == [Decimal(8), None, None, Decimal(10)]


def test_the_key_question_is_the_last_mark_question_without_a_complessivo_header() -> None:
    survey = read("Servizio,Cortesia,Tempi\nRI,9,4\n").survey
    assert survey is not None
    assert survey.key_header == "Tempi"


def test_the_key_question_can_be_chosen() -> None:
    survey = read("Servizio,Cortesia,Tempi\nRI,9,4\n", key_question="cortesia").survey
    assert survey is not None
    assert survey.key_header == "Cortesia"


def test_a_microsoft_forms_xlsx_export() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "ID",
            "Ora di inizio",
            "Ora di completamento",
            "Posta elettronica",
            "Nome",
            "Ufficio",
            "Soddisfazione complessiva",
        ]
    )
    sheet.append([1, "25/09/2024 10:00", "25/09/2024 10:03", "anonymous", None, "Protesti", 7])
    sheet.append([2, "25/09/2024 11:00", "25/09/2024 11:03", "anonymous", None, "Protesti", 7.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    survey = read_survey_file("Risposte.xlsx", buffer.getvalue()).survey
    assert survey is not None
    assert survey.service_header == "Ufficio"
    assert [row.values for row in survey.rows] == [(Decimal(7),), (Decimal("7.5"),)]
    assert len(survey.dropped_headers) == 5


def test_a_limesurvey_export_drops_its_technical_columns() -> None:
    text = "id,submitdate,lastpage,startlanguage,seed,Servizio,Giudizio complessivo\n1,2024-09-25,3,it,123,ADR,9\n"
    survey = read(text).survey
    assert survey is not None
    assert [column.header for column in survey.columns] == ["Giudizio complessivo"]


def messages(result) -> list[str]:
    assert result.survey is None
    return [str(error) for error in result.errors]


def test_every_wrong_mark_is_located_by_row_and_column() -> None:
    text = "Servizio,Giudizio\nRI,8\nRI,otto\nRI,11\nRI,0\nRI,9\n"
    assert messages(read(text)) == [
        "riga 3, colonna 'Giudizio': «otto» non è un voto da 1 a 10.",
        "riga 4, colonna 'Giudizio': il voto 11 è fuori dalla scala da 1 a 10.",
        "riga 5, colonna 'Giudizio': il voto 0 è fuori dalla scala da 1 a 10.",
    ]


def test_a_missing_service_column_is_refused() -> None:
    assert messages(read("Cortesia,Giudizio\n9,8\n")) == [
        "riga 1: manca la colonna del servizio: serve una colonna di testo intitolata, per "
        "esempio, «Servizio», «Servizio utilizzato» o «Ufficio»."
    ]


def test_a_file_without_mark_questions_is_refused() -> None:
    assert messages(read("Servizio,Commento\nRI,bene\n")) == [
        "riga 1: nessuna colonna di voti da 1 a 10: le domande devono avere risposte numeriche."
    ]


def test_rows_longer_than_the_header_point_to_the_separator() -> None:
    text = "Servizio;Giudizio\nRI;8\nRI;7,5;x\n"
    assert messages(read(text)) == [
        "riga 3: 3 valori ma 2 intestazioni: controlla il separatore (; o ,) e le virgolette."
    ]


def test_blank_and_repeated_headers_are_refused() -> None:
    assert messages(read("Servizio,,Giudizio,giudizio\nRI,1,8,9\n")) == [
        "riga 1: la colonna 2 non ha intestazione: ogni domanda ne vuole una.",
        "riga 1, colonna 'giudizio': intestazione ripetuta: rinomina una delle due colonne.",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", b"  \n", "il file è vuoto."),
        ("r.ods", b"anything", "formato «.ods» non letto: salva le risposte come .csv o .xlsx."),
        ("r.xlsx", b"PK not a zip", "il file non è un foglio .xlsx leggibile."),
        ("r.csv", b"Servizio,Giudizio\n", "il file non contiene risposte (solo l'intestazione)."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(name, content, message) -> None:
    assert messages(read_survey_file(name, content)) == [message]


def test_an_unknown_chosen_question_is_refused() -> None:
    assert messages(read("Servizio,Giudizio\nRI,8\n", key_question="Tempi")) == [
        "riga 1: la domanda «Tempi» non è tra le colonne di voti del file."
    ]


def test_errors_print_without_location_when_they_have_none() -> None:
    assert str(SurveyFileError("x")) == "x"
