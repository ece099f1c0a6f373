from django import forms

from kcc.brp.services import BY_ADDRESS, BY_BSN, BY_NAME


class SearchForm(forms.Form):
    """Ids start with ``brp_``: the contact page has its own BSN and address fields."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, auto_id="brp_%s", **kwargs)

    zoekwijze = forms.ChoiceField(
        label="Zoeken op",
        choices=[(BY_BSN, "op BSN"), (BY_ADDRESS, "op adres"), (BY_NAME, "op naam en geboortedatum")],
        widget=forms.RadioSelect,
        initial=BY_ADDRESS,
    )
    bsn = forms.CharField(label="BSN", max_length=12, required=False)
    adres = forms.CharField(
        label="Postcode en huisnummer", max_length=20, required=False, help_text="Bijvoorbeeld 1234 AB 10."
    )
    achternaam = forms.CharField(label="Achternaam", max_length=200, required=False)
    geboortedatum = forms.DateField(
        label="Geboortedatum", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    doel = forms.CharField(
        label="Waarom zoekt u deze persoon op? (doelbinding, wordt vastgelegd)", max_length=300, required=True
    )


class ChooseForm(forms.Form):
    selectie = forms.CharField(max_length=2000)
