"""Signals other capabilities listen to."""

from django.dispatch import Signal

# Sent by ``services.store_contacts`` after a bulk insert (which sends no ``post_save``), inside its
# transaction, with ``contact_ids``: the new contacts, their questions and transfer attempts.
contacts_stored = Signal()
