"""Forms of the intake (public and agent) and of the back office. They validate input shapes;
the rules (location inside the municipality, feedback needs contact details, photos) are in
:mod:`kcc.meldingen.services`, whose errors :func:`apply_errors` puts on the right field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from kcc.core.models import OrganisationUnit
from kcc.meldingen import selectors, services
from kcc.meldingen.models import DESCRIPTION_MAX_LENGTH, Category, Channel, DelayReason, Feedback


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: per field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def category_choices() -> list:
    choices: list = [("", "Kies een onderwerp")]
    for main, subs in selectors.category_tree():
        choices.append((main.name, [(sub.code, sub.name) for sub in subs]))
    return choices


class MeldingForm(forms.Form):
    """The public web form; the agent's intake adds channel and origin."""

    category = forms.ChoiceField(label="Waar gaat uw melding over?", choices=())
    description = forms.CharField(
        label="Wat is er aan de hand?",
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_LENGTH}),
        help_text=f"Beschrijf het probleem zo precies mogelijk. Maximaal {DESCRIPTION_MAX_LENGTH} tekens.",
    )
    is_urgent = forms.BooleanField(label="Er is direct gevaar voor mensen of verkeer", required=False)
    street = forms.CharField(label="Straat", required=False, max_length=200)
    house_number = forms.CharField(label="Huisnummer", required=False, max_length=20)
    postcode = forms.CharField(label="Postcode", required=False, max_length=7, help_text="Bijvoorbeeld 3011 AB")
    city = forms.CharField(label="Plaats", required=False, max_length=100)
    location_note = forms.CharField(
        label="Waar precies?", required=False, max_length=300, help_text="Bijvoorbeeld: bij de bushalte, naast de bank."
    )
    lat = forms.FloatField(label="Breedtegraad", required=False, help_text="Bijvoorbeeld 51.9225")
    lon = forms.FloatField(label="Lengtegraad", required=False, help_text="Bijvoorbeeld 4.4792")
    photos = MultipleFileField(
        label="Foto's",
        required=False,
        help_text="JPG of PNG. Wij halen de gegevens uit de foto (zoals de plek en het toestel) weg.",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    name = forms.CharField(label="Naam", required=False, max_length=200)
    email = forms.CharField(label="E-mailadres", required=False, max_length=254)
    phone = forms.CharField(label="Telefoonnummer", required=False, max_length=30)
    feedback = forms.ChoiceField(
        label="Wilt u horen wat er met uw melding gebeurt?",
        choices=[
            (Feedback.EMAIL, "Ja, per e-mail"),
            (Feedback.PHONE, "Ja, bel mij"),
            (Feedback.NONE, "Nee, dat hoeft niet"),
        ],
        widget=forms.RadioSelect,
        initial=Feedback.NONE,
    )
    existing = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["category"].widget.attrs.update(
            {"hx-get": reverse("melden:category-fields"), "hx-target": "#category-fields", "hx-swap": "outerHTML"}
        )
        self.fields["photos"].widget.attrs.update(
            {
                "hx-post": reverse("melden:photo-location"),
                "hx-encoding": "multipart/form-data",
                "hx-target": "#photo-location",
                "hx-swap": "outerHTML",
                "hx-include": "this",
            }
        )

    def clean_category(self) -> Category | None:
        return selectors.active_categories().filter(code=self.cleaned_data["category"]).first()

    def intake(self, *, channel: str, extra: dict[str, Any]) -> services.Intake:
        data = self.cleaned_data
        return services.Intake(
            category=data["category"],
            description=data["description"],
            location=services.Location.from_cleaned(data),
            reporter=services.Reporter(
                name=data["name"], email=data["email"], phone=data["phone"], feedback=data["feedback"]
            ),
            channel=channel,
            is_urgent=data["is_urgent"],
            extra=extra,
            photos=data["photos"],
            origin_type=data.get("origin_type", ""),
            origin_id=data.get("origin_id", ""),
        )


class AgentMeldingForm(MeldingForm):
    channel = forms.ChoiceField(
        label="Kanaal",
        choices=[(Channel.PHONE, "Telefoon"), (Channel.DESK, "Balie"), (Channel.EMAIL, "E-mail")],
        initial=Channel.PHONE,
    )
    origin_type = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    origin_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].label = "Categorie"
        self.fields["description"].label = "Omschrijving"
        self.fields["is_urgent"].label = "Spoed: er is direct gevaar"
        self.fields["feedback"].label = "Terugkoppeling aan de melder"
        self.fields["feedback"].choices = [
            (Feedback.EMAIL, "Per e-mail"),
            (Feedback.PHONE, "Per telefoon"),
            (Feedback.NONE, "Geen"),
        ]


class TransitionForm(forms.Form):
    text = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    planned_date = forms.DateField(
        label="Nieuwe verwachte datum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.ModelChoiceField(
        label="Afdeling", required=False, queryset=OrganisationUnit.objects.filter(is_active=True)
    )
    delay_reason = forms.ModelChoiceField(
        label="Reden van vertraging", required=False, queryset=DelayReason.objects.filter(is_active=True)
    )
    delay_text = forms.CharField(
        label="Toelichting op de vertraging", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
