"""Parsing of the survey forms: the import (file, scale, bands), links, earlier years.

Forms only parse; the rules are the services' (and the file's the reader's).
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any, Final

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performa.apps.measurements.forms import parse_number
from performa.apps.surveys.models import SurveyKind, SurveyStatisticChoice
from performa.scoring.surveys import SurveyScale

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""5 MB: about 50.000 questionnaires of ten questions."""


class StyledForm(forms.Form):
    """Bootstrap Italia classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ItalianDecimalField(forms.CharField):
    """A number written the Italian way ("7,5"); empty gives ``None`` when not required."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class SurveyImportForm(StyledForm):
    """The import: what the survey is, its scale and bands, and the file (or, when confirming
    a preview, the file's bytes carried in ``content``)."""

    kind = forms.ChoiceField(label=gettext_lazy("Tipo di indagine"), choices=SurveyKind.choices)
    title = forms.CharField(label=gettext_lazy("Titolo"), max_length=200)
    method_note = forms.CharField(
        label=gettext_lazy("Nota metodologica"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Come è stata condotta: canali, periodo, destinatari."),
    )
    file = forms.FileField(
        label=gettext_lazy("File delle risposte (.csv o .xlsx)"),
        required=False,
        help_text=gettext_lazy(
            "Una riga per questionario, una colonna per domanda e una colonna con il servizio, "
            "come lo esportano Google Moduli, Microsoft Forms o LimeSurvey."
        ),
    )
    contacted_count = forms.IntegerField(
        label=gettext_lazy("Utenti invitati"), required=False, min_value=1
    )
    fielded_from = forms.DateField(
        label=gettext_lazy("Inizio della rilevazione"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    fielded_to = forms.DateField(
        label=gettext_lazy("Fine della rilevazione"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    key_question = forms.CharField(
        label=gettext_lazy("Domanda del giudizio complessivo"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "Vuoto: la domanda che dice «complessivo», altrimenti l'ultima domanda con voti."
        ),
    )
    scale_minimum = ItalianDecimalField(label=gettext_lazy("Voto minimo"), initial="1")
    scale_maximum = ItalianDecimalField(label=gettext_lazy("Voto massimo"), initial="10")
    satisfied_from = ItalianDecimalField(label=gettext_lazy("Soddisfatti da"), initial="7")
    dissatisfied_up_to = ItalianDecimalField(
        label=gettext_lazy("Insoddisfatti fino a"), initial="4"
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [
            data.get(name)
            for name in ("scale_minimum", "scale_maximum", "satisfied_from", "dissatisfied_up_to")
        ]
        numbers = [value for value in values if isinstance(value, Decimal)]
        if len(numbers) == len(values):
            try:
                data["scale"] = SurveyScale(numbers[0], numbers[1], numbers[2], numbers[3])
            except ValueError:
                self.add_error(
                    "satisfied_from",
                    _(
                        "Le fasce vanno in ordine: voto minimo ≤ insoddisfatti fino a < "
                        "soddisfatti da ≤ voto massimo."
                    ),
                )
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_FILE_BYTES:
                self.add_error("file", _("Il file supera i 5 MB."))
            else:
                data["bytes"] = upload.read()
                data["file_name"] = upload.name
        elif data.get("content"):
            try:
                data["bytes"] = base64.b64decode(data["content"], validate=True)
            except (binascii.Error, ValueError):
                self.add_error(
                    "file", _("Il file dell'anteprima è illeggibile: caricalo di nuovo.")
                )
        else:
            self.add_error("file", _("Scegli il file delle risposte."))
        return data

    @staticmethod
    def encoded(content: bytes) -> str:
        """The file's bytes as the hidden field carries them to the confirmation."""
        return base64.b64encode(content).decode("ascii")


class SurveyLinkForm(StyledForm):
    """An indicator to feed, the statistic and the service (blank: the whole survey)."""

    indicator = forms.CharField(label=gettext_lazy("Indicatore"))
    statistic = forms.ChoiceField(
        label=gettext_lazy("Statistica"), choices=SurveyStatisticChoice.choices
    )
    service = forms.ChoiceField(label=gettext_lazy("Servizio"), required=False)

    def __init__(self, *args: Any, services: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ChoiceField)
        service_field.choices = [("", _("Tutti i servizi (complessivo)"))] + [
            (name, name) for name in services
        ]


class EarlierYearForm(StyledForm):
    """A published result of an earlier year (whole survey)."""

    year = forms.IntegerField(label=gettext_lazy("Anno"), min_value=1990, max_value=2100)
    mean = ItalianDecimalField(label=gettext_lazy("Voto medio"), required=False)
    satisfaction_percent = ItalianDecimalField(
        label=gettext_lazy("Indice di soddisfazione (%)"), required=False
    )
    answer_count = forms.IntegerField(label=gettext_lazy("Risposte"), required=False, min_value=0)
    source = forms.CharField(label=gettext_lazy("Fonte"), required=False, max_length=300)
