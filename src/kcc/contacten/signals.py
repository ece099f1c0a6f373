"""Signals other capabilities listen to."""

from django.dispatch import Signal

# Sent by ``services.store_contacts`` after a bulk insert (which sends no ``post_save``), inside its
# transaction, with ``contact_ids``: the new contacts, their questions and transfer attempts.
contacts_stored = Signal()

# Sent inside the closing transaction with ``contact``: the contact ended (a call hung up, an e-mail
# thread got its end state); every question it has is complete by the FCR rule.
contact_closed = Signal()

# Sent inside the service's transaction with ``callback`` when a callback request is made and when
# it is closed (done or not reached): the integrations queue what the other systems must know.
callback_created = Signal()
callback_closed = Signal()
