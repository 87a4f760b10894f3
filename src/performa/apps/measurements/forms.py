"""Parsing of the data-entry and review forms: Italian numbers and dates, yes/no, N/D.

Forms only parse; the rules (kind, target, deviation explanation, permissions) are checked by
``selectors.entry_assess`` and the services.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performa.apps.measurements.selectors import ValueKind
from performa.apps.measurements.services import MeasurementEntry, evidence_problem
from performa.scoring import ActualValue

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_PLAIN_DOT = re.compile(r"^[+-]?\d*\.\d+$|^[+-]?\d+$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_number(text: str) -> Decimal:
    """An Italian number: ``1.234,5`` → 1234.5, ``12,5`` → 12.5, ``-3`` → -3.

    Dots group thousands when a comma is present or when they group exactly by three
    (``1.234`` is one thousand two hundred thirty-four); a single dot otherwise is a decimal
    point (``12.5``), as a spreadsheet paste may bring. A trailing ``%`` or ``€`` and spaces are
    ignored. Raises ``ValueError`` with an Italian message.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%€").lstrip("€")
    if not cleaned:
        raise ValueError(_("Inserisci un valore."))
    if _GROUPED.match(cleaned):
        normalised = cleaned.replace(".", "").replace(",", ".")
    elif _PLAIN_COMMA.match(cleaned):
        normalised = cleaned.replace(",", ".")
    elif _PLAIN_DOT.match(cleaned):
        normalised = cleaned
    else:
        raise ValueError(
            _("«%(text)s» non è un numero: scrivilo come 1.234,5 (virgola per i decimali).")
            % {"text": text.strip()}
        )
    try:
        return Decimal(normalised)
    except InvalidOperation:  # pragma: no cover - the patterns above only let numbers through
        raise ValueError(_("«%(text)s» non è un numero.") % {"text": text.strip()}) from None


def parse_day(text: str) -> date:
    """A date as ``gg/mm/aaaa`` (or the ``aaaa-mm-gg`` of a date field). ``ValueError`` else."""
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(
        _("«%(text)s» non è una data: scrivila come gg/mm/aaaa (per esempio 31/01/2024).")
        % {"text": cleaned}
    )


class MeasurementEntryForm(forms.Form):
    """A figure as typed: the value for the indicator's kind, or N/D with its reason."""

    ACTIONS = ("draft", "submit", "preview")

    value = forms.CharField(required=False, max_length=64, label=gettext_lazy("Valore rilevato"))
    answer = forms.ChoiceField(
        required=False,
        choices=[("si", gettext_lazy("Sì")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        label=gettext_lazy("Risposta"),
    )
    not_available = forms.BooleanField(
        required=False, label=gettext_lazy("Valore non disponibile (N/D)")
    )
    not_available_reason = forms.CharField(
        required=False, max_length=2000, label=gettext_lazy("Motivo del N/D")
    )
    comment = forms.CharField(required=False, max_length=4000, label=gettext_lazy("Commento"))
    deviation_explanation = forms.CharField(
        required=False, max_length=4000, label=gettext_lazy("Spiegazione dello scostamento")
    )
    evidence = forms.FileField(
        required=False, label=gettext_lazy("Documento di supporto"), allow_empty_file=True
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        required=False, choices=[(action, action) for action in ACTIONS], initial="draft"
    )

    def __init__(self, *args: Any, kind: ValueKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_evidence(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("evidence")
        if upload is None:
            return None
        problem = evidence_problem(name=upload.name or "", size=upload.size or 0, stream=upload)
        if problem is not None:
            raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("not_available"):
            cleaned["parsed_value"] = None
            return cleaned
        try:
            cleaned["parsed_value"] = self._parsed_value(cleaned)
        except ValueError as error:
            field = "answer" if self.kind is ValueKind.YES_NO else "value"
            self.add_error(field, str(error))
        return cleaned

    def _parsed_value(self, cleaned: dict[str, Any]) -> ActualValue:
        if self.kind is ValueKind.YES_NO:
            answer = cleaned.get("answer")
            if answer not in ("si", "no"):
                raise ValueError(_("Scegli sì o no, oppure segna il valore come N/D."))
            return bool(answer == "si")
        text = cleaned.get("value") or ""
        if not text.strip():
            raise ValueError(_("Inserisci il valore, oppure segnalo come non disponibile (N/D)."))
        if self.kind is ValueKind.DATE:
            return parse_day(text)
        if "/" in text or re.match(r"^\d{4}-\d{2}-\d{2}$", text.strip()):
            raise ValueError(
                _("Questo indicatore richiede un numero (per esempio 1.234,5), non una data.")
            )
        return parse_number(text)

    @property
    def action_chosen(self) -> str:
        return str(self.cleaned_data.get("action") or "draft")

    def entry(self) -> MeasurementEntry:
        """The parsed figure (call after ``is_valid()``)."""
        data = self.cleaned_data
        return MeasurementEntry(
            value=data.get("parsed_value"),
            not_available_reason=data.get("not_available_reason", ""),
            comment=data.get("comment", ""),
            deviation_explanation=data.get("deviation_explanation", ""),
        )


class MeasurementPreviewForm(MeasurementEntryForm):
    """The value fields only, for the live achievement preview (no version, no file)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MeasurementReviewForm(forms.Form):
    """The office's decision on a submitted figure."""

    decision = forms.ChoiceField(choices=[("accept", "accept"), ("return", "return")])
    review_comment = forms.CharField(
        required=False, max_length=4000, label=gettext_lazy("Motivo del rinvio")
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class EvidenceRemoveForm(forms.Form):
    """Removing a document: ``confirm`` (set by the confirmation step) and an optional reason."""

    confirm = forms.BooleanField(required=False)
    reason = forms.CharField(
        required=False, max_length=2000, label=gettext_lazy("Motivo della rimozione")
    )

    def choice(self) -> tuple[bool, str]:
        """Whether the removal is confirmed, and the reason (empty if none or invalid)."""
        if not self.is_valid():
            return False, ""
        return bool(self.cleaned_data["confirm"]), str(self.cleaned_data["reason"]).strip()
