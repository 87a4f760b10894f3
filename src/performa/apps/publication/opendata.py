"""Open data: the tables of a published year (objectives, indicators, links), their schema
and their CSV and JSON encodings. One row iterator per table, one encoder per format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext_noop

# gettext_noop: the published schema stays Italian; the pages translate these at display.
LICENCE: Final = {
    "name": "CC-BY-4.0",
    "title": gettext_noop("Creative Commons Attribuzione 4.0 Internazionale"),
    "path": "https://creativecommons.org/licenses/by/4.0/deed.it",
}
"""D.Lgs. 33/2013 art. 7: published data may be reused with attribution only."""


@dataclass(frozen=True, slots=True)
class Field:
    """A column: name, Table Schema type, Italian description."""

    name: str
    type: str
    description: str


_COMMON = (
    Field("administration_code", "string", "Codice dell'amministrazione"),
    Field("year", "integer", "Anno del ciclo della performance"),
)
_SCORES = (
    Field("computed_percent", "number", "Grado di raggiungimento calcolato (0-100)"),
    Field(
        "evaluated_percent",
        "number",
        "Grado di raggiungimento valutato (0-100), dopo l'eventuale intervento motivato",
    ),
    Field("status", "string", "Stato (codice): on_track, critical, off_target, achieved, ..."),
    Field("status_label", "string", "Stato come lo scrive la Relazione"),
)


@dataclass(frozen=True, slots=True)
class Dataset:
    """A table of a published year; ``key`` is the list of the snapshot it reads."""

    name: str
    title: str
    description: str
    key: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]


DATASETS: Final = {
    "obiettivi": Dataset(
        name="obiettivi",
        title=gettext_noop("Albero della performance: aree e obiettivi"),
        description=gettext_noop(
            "Ogni nodo dell'albero della performance (aree strategiche, obiettivi strategici e "
            "operativi) con il peso e, dopo la validazione dell'OIV, il grado di "
            "raggiungimento e lo stato."
        ),
        key="objectives",
        fields=(
            *_COMMON,
            Field("code", "string", "Codice del nodo"),
            Field("parent_code", "string", "Codice del nodo superiore (vuoto: l'ente)"),
            Field("level", "string", "Livello (chiave)"),
            Field("level_name", "string", "Livello (nome)"),
            Field("name", "string", "Denominazione"),
            Field("description", "string", "Descrizione"),
            Field("weight", "number", "Peso nel livello superiore (%)"),
            Field("owner_unit", "string", "Unità organizzativa responsabile"),
            *_SCORES,
        ),
        primary_key=("administration_code", "year", "code"),
    ),
    "indicatori": Dataset(
        name="indicatori",
        title=gettext_noop("Indicatori, target e valori rilevati"),
        description=gettext_noop(
            "Ogni indicatore con la regola di confronto, il target dell'anno, la baseline e, "
            "dopo la validazione dell'OIV, il valore rilevato, il grado di raggiungimento e lo "
            "stato."
        ),
        key="indicators",
        fields=(
            *_COMMON,
            Field("code", "string", "Codice dell'indicatore"),
            Field("name", "string", "Denominazione"),
            Field("description", "string", "Descrizione o formula"),
            Field("unit", "string", "Unità di misura"),
            Field("operator", "string", "Confronto: >=, >, <=, <, =, between, entro, si/no"),
            Field(
                "target",
                "string",
                "Target: numero (punto decimale), data ISO 8601 per 'entro', true/false per si/no",
            ),
            Field("target_upper", "number", "Limite superiore del target (solo 'between')"),
            Field("baseline", "number", "Valore di partenza"),
            Field("baseline_year", "integer", "Anno della baseline"),
            Field("data_source", "string", "Fonte del dato"),
            Field(
                "actual", "string", "Valore rilevato a consuntivo, nello stesso formato del target"
            ),
            *_SCORES,
        ),
        primary_key=("administration_code", "year", "code"),
    ),
    "collegamenti": Dataset(
        name="collegamenti",
        title=gettext_noop("Indicatori degli obiettivi, con il peso"),
        description=gettext_noop(
            "Quali indicatori misurano ciascun obiettivo e con quale peso (un indicatore può "
            "misurare più obiettivi)."
        ),
        key="links",
        fields=(
            *_COMMON,
            Field("objective_code", "string", "Codice dell'obiettivo"),
            Field("indicator_code", "string", "Codice dell'indicatore"),
            Field("weight", "number", "Peso dell'indicatore nell'obiettivo (%)"),
            *_SCORES,
        ),
        primary_key=("administration_code", "year", "objective_code", "indicator_code"),
    ),
}


def _typed(field: Field, value: Any) -> Any:
    """A number as a JSON number (the snapshot keeps exact decimal strings)."""
    if value is None or value == "":
        return None
    if field.type == "number":
        return float(value)
    if field.type == "integer":
        return int(value)
    return value


def dataset_rows(
    dataset: Dataset, snapshot: dict[str, Any], *, typed: bool = False
) -> Iterator[dict[str, Any]]:
    """The rows of ``dataset`` in ``snapshot``, every field present (``None`` when empty);
    ``typed`` turns numbers into JSON numbers, else they stay exact decimal strings."""
    common = {"administration_code": snapshot["administration"]["code"], "year": snapshot["year"]}
    for item in snapshot[dataset.key]:
        row = {**common, **item}
        yield {
            field.name: _typed(field, row.get(field.name)) if typed else row.get(field.name)
            for field in dataset.fields
        }


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The dataset's Frictionless Table Schema."""
    return {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "fields": [
            {"name": field.name, "type": field.type, "description": field.description}
            for field in dataset.fields
        ],
        "primaryKey": list(dataset.primary_key),
        "licenses": [LICENCE],
    }


def csv_bytes(dataset: Dataset, snapshot: dict[str, Any]) -> bytes:
    """UTF-8 CSV with a header row, comma separated, decimal point (as the schema says)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[field.name for field in dataset.fields])
    writer.writeheader()
    for row in dataset_rows(dataset, snapshot):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue().encode()


def json_bytes(dataset: Dataset, snapshot: dict[str, Any], *, schema_url: str) -> bytes:
    """JSON: the dataset's metadata (title, licence, schema) and its rows."""
    document = {
        "dataset": dataset.name,
        "title": dataset.title,
        "administration": snapshot["administration"],
        "year": snapshot["year"],
        "license": LICENCE,
        "schema": schema_url,
        "rows": list(dataset_rows(dataset, snapshot, typed=True)),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
