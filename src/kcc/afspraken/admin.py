from django.contrib import admin

from kcc.afspraken.models import Appointment, AppointmentType, Desk, IntakeQuestion, Location, OpeningHours
from kcc.core.admin import ReadOnlyAdmin


class IntakeQuestionInline(admin.TabularInline):
    model = IntakeQuestion
    fk_name = "appointment_type"
    extra = 0


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "product", "duration_minutes", "is_default", "is_active"]
    inlines = [IntakeQuestionInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class DeskInline(admin.TabularInline):
    model = Desk
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "slot_minutes", "is_active"]
    inlines = [OpeningHoursInline, DeskInline]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    """Read-only: booking, changing and cancelling go through kcc.afspraken.services (no double booking, mail)."""

    list_display = ["number", "starts_at", "appointment_type", "location", "desk", "status", "channel"]
    list_filter = ["status", "location", "channel"]
    search_fields = ["number"]
    exclude = ["token"]
