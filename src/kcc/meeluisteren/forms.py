from __future__ import annotations

from django import forms

from kcc.meeluisteren.models import Answer, Item


class ReviewForm(forms.Form):
    """One ja/nee/n.v.t. choice and a remark per checklist item, and general remarks."""

    summary = forms.CharField(label="Algemene opmerkingen", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=4000)  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for item in Item:
            self.fields[f"{item.value}"] = forms.ChoiceField(
                label=item.label, choices=Answer.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Kies ja, nee of n.v.t. bij: {item.label}"},
            )  # fmt: skip
            self.fields[f"{item.value}_opmerking"] = forms.CharField(
                label="Opmerking", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
            )

    def items(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[item.value], self[f"{item.value}_opmerking"]) for item in Item]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {item.value: (data[item.value], data.get(f"{item.value}_opmerking", "")) for item in Item}
