"""Which model fields look like personal data, for the completeness check of the register of processing."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

# Words in a field name that suggest personal data: whole words of the name (``reporter_email`` →
# ``reporter``, ``email``), English identifiers and the Dutch of older code.
SUSPECT_WORDS = frozenset((
    "name", "naam", "username", "email", "mail", "phone", "telefoon", "mobile", "address", "adres", "street",
    "straat", "house", "huisnummer", "postcode", "city", "woonplaats", "bsn", "birth", "geboortedatum", "caller",
    "sender", "recipient", "recipients", "to", "cc", "note", "notes", "description", "omschrijving", "text",
    "remark", "summary", "answer", "query", "subject", "comment", "detail", "findings", "conclusions", "body",
    "purpose", "reason", "record", "klant", "complainant", "reporter",
))  # fmt: skip
# Field types that hold free text, contact details or documents whatever their name.
SUSPECT_TYPES = (models.TextField, models.EmailField, models.JSONField, models.FileField, models.GenericIPAddressField)
# References to staff (who did what) point to records the register "medewerkers" describes.
STAFF_MODELS = (settings.AUTH_USER_MODEL, "medewerkers.Person")


def project_models() -> list[type[models.Model]]:
    """The concrete models of KCC's own apps (``kcc.*``), the custom user model included."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("kcc.")
        for model in config.get_models()
        if not model._meta.proxy
    ]


def suspect_fields(model: type[models.Model]) -> list[str]:
    """Fields of ``model`` that may hold personal data and so must be declared one way or the other.

    A field with fixed choices holds a code, not free text; a reference to staff is covered by the
    staff registers; both are left out.
    """
    staff = tuple(apps.get_model(label) for label in STAFF_MODELS)
    found = []
    for field in model._meta.get_fields():
        if not field.concrete or field.auto_created or field.choices:
            continue
        if field.is_relation:
            if field.related_model in staff:
                continue
            if field.related_model is not None and field.related_model._meta.label == "contacten.Klant":
                found.append(field.name)
            continue
        words = set(field.name.lower().split("_"))
        if isinstance(field, SUSPECT_TYPES) or words & SUSPECT_WORDS:
            found.append(field.name)
    return found


def declared() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(model label → fields declared personal in a register, model label → fields declared not personal)."""
    from kcc.retentie.registers import NOT_PERSONAL, all_registers

    personal: dict[str, set[str]] = {}
    for register in all_registers():
        for label, names in register.personal_data.items():
            personal.setdefault(label, set()).update(names)
    return personal, {label: set(reasons) for label, reasons in NOT_PERSONAL.items()}


def undeclared_fields(candidates: list[type[models.Model]] | None = None) -> list[str]:
    """``app.Model.field`` for every suspect field no register describes and no reason excuses."""
    personal, not_personal = declared()
    missing = []
    for model in candidates if candidates is not None else project_models():
        label = model._meta.label
        known = personal.get(label, set()) | not_personal.get(label, set())
        missing.extend(f"{label}.{name}" for name in suspect_fields(model) if name not in known)
    return missing


def unknown_declarations() -> list[str]:
    """Declared fields that do not exist (any more): the register would describe data that is not there."""
    personal, not_personal = declared()
    wrong = []
    for label, names in [*personal.items(), *not_personal.items()]:
        try:
            model = apps.get_model(label)
        except LookupError:
            wrong.append(label)
            continue
        fields = {field.name for field in model._meta.get_fields()}
        wrong.extend(f"{label}.{name}" for name in sorted(names - fields))
    return wrong
