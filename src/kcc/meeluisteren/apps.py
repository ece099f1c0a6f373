from django.apps import AppConfig


class MeeluisterenConfig(AppConfig):
    name = "kcc.meeluisteren"
    label = "meeluisteren"
    verbose_name = "Meeluisteren"
    default_auto_field = "django.db.models.BigAutoField"
    # The teamleider listens in, reviews and sees every review and the findings; an agent sees the
    # reviews of his own contacts only (feedback for him, not about colleagues).
    role_permissions = {
        "Teamleider KCC": ["add_review", "view_review", "view_all_reviews"],
        "Beheerder": ["view_review", "view_all_reviews"],
        "KCC-medewerker": ["view_review", "view_own_reviews"],
    }

    def ready(self) -> None:
        from kcc.contacten.selectors import ContactAction, register_contact_action
        from kcc.core.workspace import NavItem, register_nav

        register_contact_action(
            ContactAction("beoordelen", "Beoordelen (meeluisteren)", "meeluisteren:new", "meeluisteren.add_review",
                          order=90, own_contact=False, contact_in_path=True)
        )  # fmt: skip

        register_nav(NavItem("Meeluisteren", "meeluisteren:list", "meeluisteren.view_all_reviews", order=75))
        register_nav(NavItem("Mijn beoordelingen", "meeluisteren:list", "meeluisteren.view_own_reviews", order=76))
