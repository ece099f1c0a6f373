"""Beheer of the directory in the Django admin. Saves go through the services (validation, index)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from kcc.core.admin import ReadOnlyAdmin
from kcc.medewerkers import indexing
from kcc.medewerkers.models import Absence, Flag, Membership, Person, UnitProfile
from kcc.medewerkers.services import clean_phone, clean_schedule, clean_skills


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


class AbsenceInline(admin.TabularInline):
    """Read-only here: absences are entered on the person's page, where overlaps are refused."""

    model = Absence
    extra = 0
    fields = ["kind", "starts_at", "ends_at", "note", "entered_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PersonAdminForm(forms.ModelForm):
    """The same checks as the services, as form errors."""

    class Meta:
        model = Person
        fields = [
            "name",
            "function",
            "email",
            "phone_internal",
            "phone_mobile",
            "show_mobile",
            "skills",
            "schedule",
            "user",
            "stand_in_person",
            "stand_in_unit",
            "is_active",
        ]

    def clean_phone_internal(self) -> str:
        return clean_phone(self.cleaned_data["phone_internal"], "Intern nummer")

    def clean_phone_mobile(self) -> str:
        return clean_phone(self.cleaned_data["phone_mobile"], "Mobiel nummer")

    def clean_skills(self) -> list[str]:
        return clean_skills(self.cleaned_data["skills"])

    def clean_schedule(self) -> dict[str, list[str]]:
        return clean_schedule(self.cleaned_data["schedule"])

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "function", "email", "phone_internal", "is_active"]
    list_filter = ["is_active", "memberships__unit"]
    search_fields = ["name", "email", "function", "phone_internal"]
    autocomplete_fields = ["stand_in_person", "stand_in_unit", "user"]
    inlines = [MembershipInline, AbsenceInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        indexing.index_person(form.instance)

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        person_id = obj.pk
        super().delete_model(request, obj)
        indexing.remove_person(person_id)


@admin.register(UnitProfile)
class UnitProfileAdmin(admin.ModelAdmin):
    list_display = ["unit", "confirm_every_weeks", "confirmed_at", "confirmed_by"]
    readonly_fields = ["confirmed_at", "confirmed_by"]
    search_fields = ["unit__name", "unit__code"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "person", "unit", "reported_by"]
    list_filter = ["kind"]
