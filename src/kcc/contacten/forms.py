"""Input shapes of the workspace screens; the rules themselves live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from kcc.contacten.models import Callback, Channel, ComplaintOffer, Handling, QuestionType, Signal, TransferAttempt
from kcc.core.models import OrganisationUnit, User


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _units(label: str = "Eenheid") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        OrganisationUnit.objects.filter(is_active=True).order_by("name"),
        label=label,
        required=False,
        to_field_name="code",
        empty_label="(geen)",
    )


class CallerForm(forms.Form):
    channel = forms.ChoiceField(label="Kanaal", choices=Channel.choices)
    phone = forms.CharField(label="Telefoonnummer", required=False, max_length=30)
    email = forms.CharField(label="E-mail", required=False, max_length=254)
    address = forms.CharField(label="Postcode en huisnummer", required=False, max_length=30)


class KlantForm(forms.Form):
    name = forms.CharField(label="Naam", required=False, max_length=200)
    bsn = forms.CharField(label="BSN (alleen als de vraag het nodig heeft)", required=False, max_length=12)
    bsn_purpose = forms.CharField(label="Waarvoor is het BSN nodig?", required=False, max_length=300)


class QuestionForm(forms.Form):
    question_type = forms.ChoiceField(label="Vraagsoort", choices=QuestionType.choices)
    handling = forms.ChoiceField(label="Afhandeling", choices=Handling.choices)
    unit = _units()
    subject = forms.CharField(label="Gekoppelde melding of zaak", required=False, max_length=60)
    notes = forms.CharField(label="Notities", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionEditForm(QuestionForm):
    complaint_offer = forms.ChoiceField(label="Klachtprocedure", choices=ComplaintOffer.choices, required=False)
    vacs = forms.TypedMultipleChoiceField(label="Geraadpleegde VAC's", coerce=int, required=False)

    def __init__(self, *args, vac_choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vacs"].choices = vac_choices
        self.fields["vacs"].widget = forms.CheckboxSelectMultiple(choices=vac_choices)


class TransferRecordForm(forms.Form):
    """The transfer panel's buttons: the target is the panel's person or unit, never typed by hand."""

    OUTCOMES = [("bereikt", "Bereikt"), ("vervanger", "Vervanger bereikt"), ("niet_bereikt", "Niet bereikt")]

    doel = forms.ChoiceField(choices=TransferAttempt.Target.choices)
    persoon = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    eenheid = forms.CharField(required=False, max_length=40)
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=OUTCOMES)
    reden = forms.ChoiceField(
        label="Reden niet bereikt", choices=[("", "—"), *TransferAttempt.Reason.choices], required=False
    )
    warm = forms.BooleanField(label="Warm doorverbonden (aangekondigd)", required=False)
    afwijkreden = forms.CharField(label="Waarom toch doorverbinden?", required=False, max_length=300)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("uitkomst") == "niet_bereikt" and not data.get("reden"):
            self.add_error("reden", "Kies waarom de poging niet is gelukt.")
        return data


class HandoffForm(forms.Form):
    reason = forms.CharField(
        label="Waarom zet u het contact door?", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    to = forms.ModelChoiceField(
        User.objects.none(), label="Aan wie?", required=False, empty_label="Iedere senior of teamleider"
    )

    def __init__(self, *args, seniors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = seniors


class CallbackForm(forms.Form):
    unit = _units()
    person = forms.IntegerField(widget=forms.HiddenInput, required=False)
    question = forms.IntegerField(widget=forms.HiddenInput, required=False)
    contact = forms.IntegerField(widget=forms.HiddenInput, required=False)
    question_text = forms.CharField(label="Vraag van de beller", widget=forms.Textarea(attrs={"rows": 3}))
    callback_phone = forms.CharField(label="Terugbelnummer", max_length=30)
    preferred_time = forms.CharField(label="Voorkeurstijd", required=False, max_length=100)
    urgency = forms.ChoiceField(label="Urgentie", choices=Callback.Urgency.choices)
    reason = forms.ChoiceField(label="Reden", choices=Callback.Reason.choices)


class CallbackCloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Uitkomst", choices=Callback.Outcome.choices)
    call_attempts = forms.IntegerField(label="Aantal belpogingen", min_value=0, max_value=20, initial=1)
    note = forms.CharField(label="Wat heeft u gedaan?", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SignalForm(forms.Form):
    kind = forms.ChoiceField(label="Wat klopt er niet?", choices=Signal.Kind.choices)
    description = forms.CharField(label="Omschrijving", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    owner_unit = _units("Eigenaar (leeg: teamleider KCC)")
    contact = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignalAnswerForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[c for c in Signal.Status.choices if c[0] != Signal.Status.OPEN])
    answer = forms.CharField(label="Antwoord aan de melder", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PurposeForm(forms.Form):
    purpose = forms.CharField(label="Waarom wilt u het BSN zien?", max_length=300)
