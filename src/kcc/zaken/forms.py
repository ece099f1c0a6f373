"""Forms of the back office: register a zaak, suspend its term and end the suspension.

The forms only read input; the rules are in :mod:`kcc.zaken.services` (the same calls the API makes).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kcc.core.models import User
from kcc.zaken.models import SuspensionReason, ZaakType
from kcc.zaken.selectors import registrable_zaaktypen


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ZaakTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ZaakType) -> str:
        return f"{obj.name} ({obj.product.display_title})"


class ZaakCreateForm(forms.Form):
    zaaktype = ZaakTypeChoiceField(
        label="Zaaktype (product)",
        queryset=ZaakType.objects.none(),
        empty_label="Kies het zaaktype",
        error_messages={"required": "Kies het zaaktype.", "invalid_choice": "Kies een zaaktype uit de lijst."},
    )
    start_date = forms.DateField(
        label="Startdatum (dag van ontvangst)",
        widget=DateInput(),
        error_messages={"required": "Vul de startdatum in.", "invalid": "Vul een geldige datum in."},
    )
    description = forms.CharField(label="Omschrijving", max_length=200, required=False)
    phone = forms.CharField(label="Telefoonnummer aanvrager", max_length=20, required=False)
    email = forms.EmailField(
        label="E-mailadres aanvrager", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    bsn = forms.CharField(label="BSN aanvrager", max_length=11, required=False)
    bsn_purpose = forms.CharField(label="Waarvoor is het BSN nodig? (wordt vastgelegd)", max_length=300, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["zaaktype"].queryset = registrable_zaaktypen(user).filter(is_active=True)


class SuspendForm(forms.Form):
    reason = forms.ChoiceField(
        label="Grond (Awb art. 4:15)",
        choices=[("", "Kies de grond"), *SuspensionReason.choices],
        error_messages={"required": "Kies de grond voor de opschorting."},
    )
    start_date = forms.DateField(
        label="Datum van het verzoek (de termijn staat stil vanaf de dag erna)",
        widget=DateInput(),
        error_messages={"required": "Vul de datum van het verzoek in.", "invalid": "Vul een geldige datum in."},
    )
    until = forms.DateField(
        label="Gestelde termijn tot en met (verplicht bij aanvullen en bij instemming)",
        widget=DateInput(),
        required=False,
        error_messages={"invalid": "Vul een geldige datum in."},
    )
    note = forms.CharField(label="Toelichting (intern)", max_length=500, required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EndSuspensionForm(forms.Form):
    end_date = forms.DateField(
        label="Aanvulling ontvangen op (die dag telt nog mee)",
        widget=DateInput(),
        error_messages={"required": "Vul de datum in.", "invalid": "Vul een geldige datum in."},
    )
    note = forms.CharField(label="Toelichting voor de aanvrager", max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


def add_service_errors(form: forms.Form, error: ValidationError, *, plain_field: str | None = None) -> None:
    """Show a service's ``ValidationError`` at the form's fields (an error without field at ``plain_field``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(plain_field, error)
        return
    for key, messages in error.message_dict.items():
        form.add_error(key if key in form.fields else None, messages)
