"""Forms of the context table pages: they only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from performa.apps.contexts.models import ChartKind, ContextSection

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ContextTableMetaForm(forms.Form):
    """What describes a table besides its cells."""

    code = forms.SlugField(
        label=_("Codice"),
        max_length=64,
        help_text=_("Lettere minuscole, cifre e trattini: identifica la tabella nel ciclo."),
    )
    title = forms.CharField(label=_("Titolo"), max_length=500)
    section = forms.ChoiceField(label=_("Sezione della Relazione"), choices=ContextSection.choices)
    unit = forms.CharField(
        label=_("Unità di misura"),
        max_length=32,
        required=False,
        help_text=_("Per esempio: N., %, €, var. %. Una colonna «Unità» la dà riga per riga."),
    )
    source = forms.CharField(
        label=_("Fonte"),
        max_length=500,
        required=False,
        help_text=_("Per esempio: Elaborazioni su dati ISTAT-Coeweb (2025)."),
    )
    chart = forms.ChoiceField(label=_("Grafico"), choices=ChartKind.choices, required=False)
    note = forms.CharField(
        label=_("Nota"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)


def styled(form: forms.Form) -> None:
    """Bootstrap Italia classes and error attributes on every widget of ``form``."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.ClearableFileInput):
            css = "form-control"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{css} {existing}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"


class ContextTableForm(ContextTableMetaForm):
    """A table typed in the page: its cells as lines of text separated by semicolons."""

    grid = forms.CharField(
        label=_("Righe e colonne"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"}),
        max_length=200_000,
        help_text=_(
            "Una riga per riga della tabella, celle separate da punto e virgola (o incollate "
            "da un foglio di calcolo). La prima riga contiene le etichette delle colonne, la "
            "prima colonna le etichette delle righe. Decimali con la virgola: 1.779,4."
        ),
    )


class ContextTableImportForm(ContextTableMetaForm):
    """A table uploaded as a CSV or XLSX file."""

    file = forms.FileField(
        label=_("File CSV o XLSX"),
        help_text=_(
            "Prima riga: etichette delle colonne; prima colonna: etichette delle righe. "
            "Dell'XLSX si legge il primo foglio."
        ),
    )
    replace_existing = forms.BooleanField(
        label=_("Sostituisci la tabella con lo stesso codice, se esiste"), required=False
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Il file supera i 5 MB."))
        return upload
