"""The common library's entries, as the reference report prints them (see library/common.py;
`manage.py performa_library_seed` brings an existing database up to date)."""

from typing import Any

from django.db import migrations

_DOUBLE = (
    "Obiettivo comune di sistema Unioncamere «Favorire la doppia transizione» "
    "(digitale ed ecologica)."
)
_HUMAN = (
    "Obiettivo comune di sistema Unioncamere «Consolidare il capitale umano e orientarlo verso "
    "i processi primari di servizio alle imprese e utenti»."
)
_SOURCE = "Relazione sulla performance 2024 della CCIAA di Pistoia-Prato, obiettivo %s."

# Frozen here: a migration must not change when the application's data module does.
_ROWS = (
    ("OC_TD_01", "Livelli di attività di valutazione della maturità digitale delle imprese",
     "N.", "number", _DOUBLE, "01_01_UIC01"),
    ("OC_TD_02", "Azioni di diffusione della cultura digitale realizzate dal PID",
     "N.", "number", _DOUBLE, "01_01_UIC01"),
    ("DC_CCU_01", "Grado di utilizzo del modello di recruitment «per competenze»",
     "%", "percent", _HUMAN, "03_01_UIC01"),
    ("S13", "Indice di struttura demografica del personale", "%", "percent", _HUMAN,
     "03_01_UIC01"),
    ("S14", "Tasso di sostituzione (unità)", "%", "percent", _HUMAN, "03_01_UIC01"),
)


def seed(apps: Any, schema_editor: Any) -> None:
    library_indicator = apps.get_model("library", "LibraryIndicator")
    for code, name, unit, value_type, description, objective in _ROWS:
        library_indicator.objects.get_or_create(
            owner=None,
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "value_type": value_type,
                "polarity": "higher",
                "description": description,
                "notes": _SOURCE % objective,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("library", "0001_library_indicators_and_adoptions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
