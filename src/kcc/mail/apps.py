from django.apps import AppConfig

_VIEW = ["view_thread", "view_message"]
_HANDLE = [*_VIEW, "handle_thread", "view_all_threads", "view_forward"]
_JARGON = ["view_jargonterm", "add_jargonterm", "change_jargonterm", "delete_jargonterm"]
_CONFIG = [
    "view_mailbox",
    "add_mailbox",
    "change_mailbox",
    "delete_mailbox",
    "view_unitmailsettings",
    "add_unitmailsettings",
    "change_unitmailsettings",
    "delete_unitmailsettings",
]


class MailConfig(AppConfig):
    name = "kcc.mail"
    label = "mail"
    verbose_name = "E-mail"
    default_auto_field = "django.db.models.BigAutoField"
    # Mail content is for the KCC (agents, teamleider) and, for what was forwarded to them, the
    # back office. Beheerder configures mailboxes and units; redacteur keeps the jargon list.
    role_permissions = {
        "KCC-medewerker": [*_HANDLE, "view_jargonterm"],
        "Teamleider KCC": [*_HANDLE, *_JARGON],
        "Backoffice-medewerker": [*_VIEW, "view_forward", "answer_forward"],
        "Redacteur": _JARGON,
        "Beheerder": [*_CONFIG, *_JARGON],
    }

    def ready(self) -> None:
        from kcc.contacten.selectors import KlantbeeldSection, register_klantbeeld_section
        from kcc.core.workspace import NavItem, register_header_badge, register_nav, register_work
        from kcc.mail import tasks  # noqa: F401  (registers IMAP polling and the deadline scan)
        from kcc.mail.workspace import forward_work, klantbeeld_threads, open_mail_badge

        register_nav(NavItem("E-mail", "mail:queue", "mail.handle_thread", order=35))
        register_nav(NavItem("Doorgestuurde e-mail", "mail:backoffice", "mail.answer_forward", order=36))
        register_nav(NavItem("Jargonlijst", "mail:jargon", "mail.change_jargonterm", order=90))
        register_header_badge(open_mail_badge)
        register_work(forward_work)
        register_klantbeeld_section(
            KlantbeeldSection(
                key="mail",
                label="E-mails",
                template="mail/klantbeeld_section.html",
                load=klantbeeld_threads,
                order=25,
            )
        )
