"""Configuration for beheerders: IMAP mailboxes (password encrypted), unit agreements, the jargon list."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from kcc.mail import passwords
from kcc.mail.models import JargonTerm, Mailbox, UnitMailSettings


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label="Wachtwoord",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leeg laten om het huidige wachtwoord te houden. Wordt versleuteld opgeslagen.",
    )

    class Meta:
        model = Mailbox
        fields = ["name", "host", "port", "use_ssl", "username", "password", "folder", "after_read", "move_to"]
        fields += ["is_active"]

    def save(self, commit: bool = True) -> Mailbox:
        mailbox = super().save(commit=False)
        if self.cleaned_data.get("password"):
            mailbox.password_encrypted = passwords.encrypt(self.cleaned_data["password"])
        if commit:
            mailbox.save()
        return mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("name", "host", "username", "folder", "after_read", "is_active", "last_polled_at", "last_error")
    readonly_fields = ("uid_validity", "last_uid", "last_polled_at", "last_error")


@admin.register(UnitMailSettings)
class UnitMailSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "answer_days", "reminder_days_before", "answers_directly")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)


@admin.register(JargonTerm)
class JargonTermAdmin(admin.ModelAdmin):
    list_display = ("term", "suggestion")
    search_fields = ("term", "suggestion")
