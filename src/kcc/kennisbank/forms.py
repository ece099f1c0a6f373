"""Forms of the knowledge-base workspace: they validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kcc.core.models import OrganisationUnit, Task, User
from kcc.kennisbank.models import VAC, Feedback, NewsItem


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: per field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class VACForm(forms.ModelForm):
    """The editor's form. Lists are typed as text: trefwoorden by comma, links one per line."""

    trefwoorden = forms.CharField(
        label="Trefwoorden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Gescheiden door komma's. Zet er ook de woorden in die bellers zelf gebruiken.",
    )
    links = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eén link per regel: omschrijving | https://adres",
    )
    related = forms.CharField(
        label="Gerelateerde VAC's",
        required=False,
        help_text="De nummers van de VAC's, gescheiden door komma's (het nummer staat bij elke VAC in de lijst).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = VAC
        fields = [
            "vraag",
            "antwoord",
            "toelichting",
            "trefwoorden",
            "doelgroep",
            "afdelingen",
            "owner_user",
            "owner_unit",
            "status",
            "is_public",
            "review_date",
            "links",
        ]
        widgets = {
            "antwoord": forms.Textarea(attrs={"rows": 10}),
            "toelichting": forms.Textarea(attrs={"rows": 3}),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "afdelingen": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "antwoord": "Gebruik korte zinnen. Toegestaan: alinea's, opsommingen, vet, links en tabellen.",
            "afdelingen": "Houd Ctrl (of Cmd) ingedrukt om meer afdelingen te kiezen.",
        }

    SERVICE_FIELDS = (
        "vraag",
        "antwoord",
        "toelichting",
        "trefwoorden",
        "doelgroep",
        "owner_user",
        "owner_unit",
        "status",
        "is_public",
        "review_date",
        "links",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["owner_unit"].queryset = OrganisationUnit.objects.filter(is_active=True)
        self.fields["afdelingen"].queryset = OrganisationUnit.objects.filter(is_active=True)
        if self.instance.pk and not self.is_bound:
            self.initial["trefwoorden"] = ", ".join(self.instance.trefwoorden)
            links = self.instance.links
            self.initial["links"] = "\n".join(f"{link.get('label', '')} | {link.get('url', '')}" for link in links)
            self.initial["related"] = ", ".join(str(pk) for pk in self.instance.related.values_list("pk", flat=True))
            self.initial["version"] = self.instance.version

    def clean_trefwoorden(self) -> list[str]:
        return [word.strip() for word in self.cleaned_data["trefwoorden"].split(",") if word.strip()]

    def clean_links(self) -> list[dict[str, str]]:
        """``omschrijving | adres`` per line; ``save_vac`` checks the addresses."""
        links = []
        for line in self.cleaned_data["links"].splitlines():
            label, _, url = line.rpartition("|")
            if url.strip():
                links.append({"label": label.strip(), "url": url.strip()})
        return links

    def clean_related(self) -> list[VAC]:
        raw = [part.strip() for part in self.cleaned_data["related"].replace(";", ",").split(",") if part.strip()]
        if not all(part.isdigit() for part in raw):
            raise ValidationError("Vul alleen VAC-nummers in, gescheiden door komma's.")
        wanted = {int(part) for part in raw}
        found = VAC.objects.in_bulk(wanted)
        if missing := sorted(wanted - set(found)):
            raise ValidationError(f"Deze VAC-nummers bestaan niet: {', '.join(map(str, missing))}.")
        return list(found.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        version = data.get("version")
        if self.instance.pk and version is not None and version != VAC.objects.get(pk=self.instance.pk).version:
            raise ValidationError(
                "Iemand anders heeft deze VAC intussen gewijzigd. Open de VAC opnieuw en breng uw wijziging "
                "opnieuw aan."
            )
        return data


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label="Wat is er aan de hand?", choices=Feedback.Kind.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Uw toelichting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld wat er niet klopt, of welke woorden u gebruikte om te zoeken.",
    )
    zoeklog = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MissingFeedbackForm(forms.Form):
    query = forms.CharField(label="Waar zocht u naar?", max_length=200, required=False)
    note = forms.CharField(
        label="Welke informatie ontbreekt?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(
        label="Afdeling (als u die weet)",
        queryset=OrganisationUnit.objects.filter(is_active=True),
        required=False,
        empty_label="Weet ik niet: stuur naar de redactie",
    )
    zoeklog = forms.IntegerField(required=False, widget=forms.HiddenInput)


class HandleFeedbackForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (Task.Status.IN_PROGRESS, "In behandeling"),
            (Task.Status.DONE, "Afgehandeld: aangepast of beantwoord"),
            (Task.Status.REJECTED, "Afgewezen: niet nodig"),
        ],
    )
    answer = forms.CharField(
        label="Antwoord aan de medewerker",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht bij afhandelen of afwijzen. De medewerker ziet dit bij ‘Mijn feedback’.",
    )


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "importance", "published_from", "published_until"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "published_from": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "published_until": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {"published_until": "Leeg laten: zichtbaar tot u het bericht verwijdert."}
