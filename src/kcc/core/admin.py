from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from kcc.accounts.selectors import roles_of
from kcc.accounts.services import record_password_change, reset_second_factor, revoke_api_tokens, set_roles
from kcc.core import audit, outbox
from kcc.core.calendar import holiday_names
from kcc.core.models import (
    AuditEntry,
    ClosingDay,
    MunicipalityProfile,
    OrganisationUnit,
    OutboxMessage,
    ReachabilityWindow,
    Task,
    User,
)
from kcc.core.roles import Role
from kcc.core.theme import normalised_logo, profile


class ReadOnlyAdmin(admin.ModelAdmin):
    """A business record: read here, changed only in the workspace through its services (rules, audit log).

    ``exclude`` the secrets (status tokens, hashes): a read-only page shows every other field.
    """

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReachabilityWindowInline(admin.TabularInline):
    model = ReachabilityWindow
    extra = 0


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "transfer_policy", "is_external", "is_active"]
    list_filter = ["kind", "transfer_policy", "is_external", "is_active"]
    search_fields = ["name", "code"]
    inlines = [ReachabilityWindowInline]


class UserChangeForm(DjangoUserAdmin.form):
    """Roles as check boxes, saved through ``kcc.accounts.services.set_roles`` (audited)."""

    rollen = forms.MultipleChoiceField(
        label="Rollen",
        choices=[(role.value, role.value) for role in Role],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Uw eigen rollen kunt u niet wijzigen. Superuser wordt iemand alleen via de opdrachtregel.",
    )
    actor: User | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["rollen"] = sorted(roles_of(self.instance))
            if self.actor is not None and self.actor.pk == self.instance.pk:
                # A disabled field keeps its initial value whatever is posted; the service refuses too.
                self.fields["rollen"].disabled = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Roles only through the role service; superuser status and loose permissions not at all here."""

    form = UserChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email", "unit")}),
        ("Rollen en toegang", {"fields": ("rollen", "is_active", "is_staff", "is_superuser")}),
        ("Belangrijke datums", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_filter = ["is_active", "groups"]
    actions = ["reset_second_factor", "revoke_api_tokens"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Only a superuser changes a superuser (password, second factor, roles): no way up by the side door.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (form,), {"actor": request.user})

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and "rollen" in form.cleaned_data:
            set_roles(actor=request.user, user=form.instance, roles=form.cleaned_data["rollen"], via="beheer")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            record_password_change(actor=request.user, user=user, via="beheer")
        return response

    @admin.action(description="Tweestapsverificatie opnieuw laten instellen (telefoon kwijt)")
    def reset_second_factor(self, request, queryset) -> None:
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        for user in queryset:
            reset_second_factor(actor=request.user, user=user)
        self.message_user(request, f"{queryset.count()} gebruiker(s) stellen bij de volgende log-in opnieuw in.")

    @admin.action(description="API-token intrekken")
    def revoke_api_tokens(self, request, queryset) -> None:
        revoked = revoke_api_tokens(actor=request.user, users=queryset)
        self.message_user(request, f"{revoked} API-token(s) ingetrokken.")


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "description"]


class MunicipalityProfileForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label="Nieuw logo",
        required=False,
        help_text="PNG, JPEG of WebP, hooguit 2 MB. Het logo wordt als PNG van hooguit 160 pixels hoog bewaard.",
    )
    remove_logo = forms.BooleanField(label="Logo verwijderen", required=False)
    website = forms.URLField(label="Website", assume_scheme="https")
    working_holidays = forms.MultipleChoiceField(
        label="Feestdagen die werkdag zijn",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Op deze feestdagen is de gemeente open: ze tellen als werkdag voor termijnen en afspraken.",
    )

    class Meta:
        model = MunicipalityProfile
        fields = ["primary_colour", "accent_colour", "font_family", "phone", "address", "website", "email",
                  "working_holidays"]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_holidays"].choices = [(name, name) for name in holiday_names()]

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return normalised_logo(upload) if upload else None

    def save(self, commit: bool = True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            profile.logo = b""
        elif self.cleaned_data.get("logo_upload"):
            profile.logo = self.cleaned_data["logo_upload"]
        if commit:
            profile.save()
        return profile


@admin.register(MunicipalityProfile)
class MunicipalityProfileAdmin(admin.ModelAdmin):
    """One profile: added once (the first page that shows it makes it), never deleted."""

    form = MunicipalityProfileForm
    fieldsets = (
        ("Huisstijl", {"fields": ("logo_upload", "remove_logo", "primary_colour", "accent_colour", "font_family")}),
        ("Contactgegevens voor inwoners", {"fields": ("phone", "address", "website", "email")}),
        ("Werkdagen", {"fields": ("working_holidays",)}),
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        profile()  # the list always has the one row to open
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "gemeenteprofiel_gewijzigd", obj, fields=sorted(form.changed_data))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "purpose"]
    list_filter = ["action", "object_type"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only; a dead letter (status mislukt) can be sent again through the audited service."""

    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "failed_at", "last_error"]
    list_filter = ["status"]
    # Body, headers and attachments carry secret links (status pages, reply addresses): never shown here.
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name not in {"body", "headers", "attachments"}]
    exclude = ["body", "headers", "attachments"]
    actions = ["requeue_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_requeue_permission(self, request) -> bool:
        return request.user.has_perm("core.requeue_outboxmessage")

    @admin.action(description="Opnieuw versturen (mislukte e-mail)", permissions=["requeue"])
    def requeue_selected(self, request, queryset):
        done = 0
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            outbox.requeue(message, user=request.user)
            done += 1
        skipped = queryset.exclude(status=OutboxMessage.Status.FAILED).count()
        self.message_user(request, f"{done} e-mail(s) staan weer in de wachtrij.")
        if skipped:
            self.message_user(
                request, f"{skipped} e-mail(s) overgeslagen: alleen mislukte e-mail kan opnieuw.", messages.WARNING
            )


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "assignee", "unit", "deadline", "status"]
    list_filter = ["kind", "status"]
