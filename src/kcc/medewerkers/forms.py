"""Forms of the workspace pages; the rules themselves are in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from kcc.medewerkers.models import Absence


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=Absence.Kind.choices)
    start_date = forms.DateField(label="Van (datum)", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Van (tijd, leeg: hele dag)", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = forms.DateField(
        label="Tot en met (datum, leeg: onbepaalde tijd)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_time = forms.TimeField(
        label="Tot (tijd, leeg: einde van de dag)", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(label="Toelichting (geen medische gegevens)", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("end_time") and not data.get("end_date"):
            self.add_error("end_date", "Vul ook de einddatum in als u een eindtijd noemt.")
        return data
