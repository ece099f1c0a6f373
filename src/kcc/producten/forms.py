from django import forms

from kcc.producten.models import Product


class ProductForm(forms.ModelForm):
    synonyms = forms.CharField(
        label="Synoniemen", required=False, help_text="Eén per regel.", widget=forms.Textarea(attrs={"rows": 3})
    )
    required_documents = forms.CharField(
        label="Mee te nemen / mee te sturen",
        required=False,
        help_text="Eén per regel.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Product
        fields = [
            "title",
            "synonyms",
            "description",
            "term_amount",
            "term_unit",
            "extendable",
            "extension_amount",
            "lex_silencio",
            "costs",
            "required_documents",
            "unit",
            "appointment_required",
            "vacs",
            "is_active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["synonyms"] = "\n".join(self.instance.synonyms)
            self.initial["required_documents"] = "\n".join(self.instance.required_documents)
