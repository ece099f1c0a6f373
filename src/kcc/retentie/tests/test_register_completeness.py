"""The register of processing must describe every field that may hold personal data."""

from django.db import models
from django.test.utils import isolate_apps

from kcc.retentie import personal_data
from kcc.retentie.registers import NOT_PERSONAL, all_registers


def test_every_suspect_field_of_every_model_is_declared_personal_or_excused():
    missing = personal_data.undeclared_fields()
    assert missing == [], (
        "Deze velden lijken persoonsgegevens maar staan niet in kcc/retentie/registers.py "
        f"(onder een register, of in NOT_PERSONAL met de reden): {missing}"
    )


def test_every_declaration_names_a_field_that_exists():
    assert personal_data.unknown_declarations() == []


def test_no_field_is_both_personal_and_not_personal():
    personal, _ = personal_data.declared()
    both = {f"{label}.{name}" for label, names in NOT_PERSONAL.items() for name in names} & {
        f"{label}.{name}" for label, names in personal.items() for name in names
    }
    assert both == set()


@isolate_apps("kcc.meldingen")
def test_a_new_personal_field_on_a_model_is_flagged():
    class Melding(models.Model):  # the same label as the real one: declared fields count, new ones do not
        reporter_name = models.CharField(max_length=200)
        reporter_birth_date = models.DateField(null=True)
        street = models.CharField(max_length=200)
        status_note = models.TextField()
        status = models.CharField(max_length=20, choices=[("a", "a")])

        class Meta:
            app_label = "meldingen"

        def __str__(self) -> str:
            return self.reporter_name

    assert personal_data.undeclared_fields([Melding]) == [
        "meldingen.Melding.reporter_birth_date",
        "meldingen.Melding.status_note",
    ]


def test_every_register_states_purpose_ground_term_and_readers():
    for register in all_registers():
        assert register.purpose and register.legal_basis and register.retention_basis, register.key
        assert register.readers, register.key
        assert (register.default_months or 0) >= 1 or register.manual_retention, register.key
