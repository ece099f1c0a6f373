from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's length rule with a Dutch message (Django 5.2's Dutch translation lacks this one)."""

    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort. Het moet minimaal {self.min_length} tekens bevatten."

    def get_help_text(self) -> str:
        return f"Uw wachtwoord moet minimaal {self.min_length} tekens bevatten."
