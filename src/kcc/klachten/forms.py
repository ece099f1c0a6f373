"""Forms of the complaint screens: input validation only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from kcc.core.models import OrganisationUnit, User
from kcc.klachten.models import Complaint, RecognitionDecision, RecognitionReview


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (on the field when it names one of ours)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class PublicComplaintForm(forms.Form):
    description = forms.CharField(
        label="Waar gaat uw klacht over?",
        help_text="Beschrijf wat er gebeurde, wanneer en wie erbij betrokken was (als u dat weet).",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
    )
    conduct_date = forms.DateField(
        label="Wanneer gebeurde het?", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(
        label="Uw naam", max_length=200, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    address = forms.CharField(
        label="Straat en huisnummer",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label="Postcode", max_length=10, required=False, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label="Woonplaats",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label="E-mailadres", required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label="Telefoonnummer", max_length=30, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    # Left empty by people; bots fill it in.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("website"):
            raise ValidationError("Uw klacht kon niet worden verstuurd.")
        if not (data.get("email") or (data.get("address") and data.get("name")) or data.get("phone")):
            raise ValidationError(
                "Vul uw e-mailadres, telefoonnummer of naam en adres in, zodat wij op uw klacht kunnen reageren."
            )
        return data


class RegisterComplaintForm(forms.Form):
    channel = forms.ChoiceField(label="Kanaal", choices=Complaint.Channel.choices)
    form = forms.ChoiceField(label="Vorm", choices=Complaint.Form.choices)
    received_on = forms.DateField(label="Ontvangen op", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="Omschrijving van de gedraging", widget=forms.Textarea(attrs={"rows": 5}))
    conduct_date = forms.DateField(
        label="Datum van de gedraging", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label="Naam klager", max_length=200, required=False)
    address = forms.CharField(label="Adres", max_length=200, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    city = forms.CharField(label="Woonplaats", max_length=100, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(label="Telefoon", max_length=30, required=False)
    subject_unit = forms.ModelChoiceField(
        label="Eenheid waarover geklaagd wordt",
        queryset=OrganisationUnit.objects.filter(is_active=True),
        required=False,
    )
    advisory_committee = forms.BooleanField(label="Behandeling met adviescommissie (10 weken)", required=False)
    origin_type = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    origin_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def _users():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name")


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="Klachtbehandelaar", queryset=_users())


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(label="Medewerker", queryset=_users())


class HearingOfferForm(forms.Form):
    hearing_date = forms.DateField(label="Datum van het horen", widget=forms.DateInput(attrs={"type": "date"}))


class HearingRecordForm(forms.Form):
    record = forms.CharField(label="Verslag van het horen", widget=forms.Textarea(attrs={"rows": 6}))


class HearingSkipForm(forms.Form):
    ground = forms.ChoiceField(
        label="Grond (Awb 9:10 lid 2)", choices=Complaint.HearingSkip.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="Verdagen met (dagen, ten hoogste 28)", min_value=1, max_value=366)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))


class PostponeForm(forms.Form):
    new_deadline = forms.DateField(label="Nieuwe uiterste datum", widget=forms.DateInput(attrs={"type": "date"}))
    consent_received_on = forms.DateField(
        label="Schriftelijke instemming ontvangen op", widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_reference = forms.CharField(label="Vindplaats van de instemming", max_length=200)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    ground = forms.ChoiceField(
        label="Grond (Awb 9:8)", choices=Complaint.NotHandledGround.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 4}))


class SettleForm(forms.Form):
    note = forms.CharField(label="Wat is er afgesproken?", widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    findings = forms.CharField(label="Bevindingen", widget=forms.Textarea(attrs={"rows": 5}))
    judgment = forms.ChoiceField(label="Oordeel", choices=Complaint.Judgment.choices, widget=forms.RadioSelect)
    conclusions = forms.CharField(label="Conclusies", widget=forms.Textarea(attrs={"rows": 4}))


class RecognitionChoiceForm(forms.Form):
    origin_type = forms.CharField(max_length=100)
    origin_id = forms.CharField(max_length=64)
    choice = forms.ChoiceField(choices=RecognitionDecision.Choice.choices)
    text = forms.CharField(required=False, max_length=20_000)


class RecognitionReviewForm(forms.Form):
    origin_type = forms.CharField(max_length=100)
    origin_id = forms.CharField(max_length=64)
    label = forms.ChoiceField(label="Oordeel", choices=RecognitionReview.Label.choices)
