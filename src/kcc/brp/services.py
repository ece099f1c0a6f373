"""Identifying a caller in the BRP: search with a stated purpose, then link the chosen person.

Every search states its purpose (doelbinding): it is sent to the BRP (or its gateway) in the
configured headers with the agent's user name, and written to the audit log whatever the outcome.
The persons found are shown with their BSN masked; the chosen one travels back in a sealed,
short-lived token (encrypted and authenticated, bound to the contact), so no full BSN is ever in
the page. Linking goes through :func:`kcc.contacten.services.identify_klant`, which keeps the BSN
with its purpose, encrypted, as for any other identification.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import asdict
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kcc.brp.client import BrpClient, BrpFout, Persoon
from kcc.brp.config import brp_config
from kcc.brp.models import Identification
from kcc.contacten import services as contact_services
from kcc.contacten.models import Contactmoment, Klant
from kcc.contacten.privacy import normalise_address, validate_bsn
from kcc.core import audit
from kcc.core.models import User

BY_BSN = "bsn"
BY_ADDRESS = "adres"
BY_NAME = "naam"
QUERY_TYPES = {
    BY_BSN: "RaadpleegMetBurgerservicenummer",
    BY_ADDRESS: "ZoekMetPostcodeEnHuisnummer",
    BY_NAME: "ZoekMetGeslachtsnaamEnGeboortedatum",
}
SELECTION_SECONDS = 15 * 60
# Voorvoegsels are split off the surname: the BRP searches the geslachtsnaam without them.
_PREFIXES = sorted(
    [
        "van der",
        "van den",
        "van de",
        "van 't",
        "in 't",
        "op de",
        "op den",
        "uit de",
        "uit den",
        "van",
        "de",
        "den",
        "der",
        "het",
        "'t",
        "te",
        "ten",
        "ter",
        "la",
        "le",
        "du",
        "d'",
    ],
    key=len,
    reverse=True,
)
_NAME = re.compile(r"^[a-zA-Z0-9À-ž .\-']{1,200}$")


def enabled() -> bool:
    return brp_config().enabled


def split_surname(text: str) -> tuple[str, str]:
    """``("van der", "Berg")`` for "van der Berg": the voorvoegsel and the geslachtsnaam."""
    name = " ".join(text.split())
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return prefix, name[len(prefix) + 1 :]
    return "", name


def build_query(kind: str, *, bsn: str = "", address: str = "", surname: str = "", birth_date: date | None = None):
    """The BRP query for one of the three ways of searching; ``ValidationError`` per field when incomplete."""
    if kind == BY_BSN:
        if not bsn.strip():
            raise ValidationError({"bsn": "Vul het BSN in."})
        try:
            number = validate_bsn(bsn)
        except ValidationError as error:
            raise ValidationError({"bsn": error.messages}) from None
        return {"type": QUERY_TYPES[kind], "burgerservicenummer": [number]}
    if kind == BY_ADDRESS:
        if not address.strip():
            raise ValidationError({"adres": "Vul postcode en huisnummer in, bijvoorbeeld 1234 AB 10."})
        try:
            postcode_number = normalise_address(address)
        except ValidationError as error:
            raise ValidationError({"adres": error.messages}) from None
        postcode, rest = postcode_number.split(" ", 1)
        if postcode.startswith("0"):
            raise ValidationError({"adres": "Een Nederlandse postcode begint niet met 0."})
        number = re.match(r"\d+", rest).group()
        addition = rest[len(number) :].lstrip("-")
        query = {"type": QUERY_TYPES[kind], "postcode": postcode, "huisnummer": int(number)}
        if len(addition) == 1 and addition.isalpha():
            query["huisletter"] = addition
        elif addition:
            query["huisnummertoevoeging"] = addition[:4]
        if not 1 <= query["huisnummer"] <= 99999:
            raise ValidationError({"adres": "Het huisnummer ligt tussen 1 en 99999."})
        return query
    if kind == BY_NAME:
        errors = {}
        prefix, geslachtsnaam = split_surname(surname)
        if not geslachtsnaam:
            errors["achternaam"] = "Vul de achternaam in."
        elif not _NAME.match(geslachtsnaam):
            errors["achternaam"] = "Een achternaam bestaat uit letters, spaties, punten, koppeltekens of apostrofs."
        if birth_date is None:
            errors["geboortedatum"] = "Vul de geboortedatum in."
        if errors:
            raise ValidationError(errors)
        query = {"type": QUERY_TYPES[kind], "geslachtsnaam": geslachtsnaam, "geboortedatum": birth_date.isoformat()}
        if prefix:
            query["voorvoegsel"] = prefix
        return query
    raise ValidationError(
        {"zoekwijze": "Kies hoe u wilt zoeken: BSN, postcode en huisnummer, of naam en geboortedatum."}
    )


def _ensure_may_search(contact: Contactmoment, user: User) -> None:
    if not user.has_perm("brp.lookup_person"):
        raise PermissionDenied("U mag geen personen in het BRP opzoeken.")
    if contact.agent_id != user.pk:
        raise PermissionDenied("Dit contact is van een andere medewerker.")
    if not contact.is_running:
        raise ValidationError({"zoekwijze": "Dit contact is afgesloten; identificeer de beller tijdens het contact."})


def search(contact: Contactmoment, *, user: User, kind: str, purpose: str, **criteria) -> list[Persoon]:
    """Search the BRP for the caller of ``contact``; audited with the purpose, whatever the outcome."""
    _ensure_may_search(contact, user)
    config = brp_config()
    if not config.enabled:
        raise BrpFout("Het BRP is niet ingesteld in KCC.")
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ValidationError({"doel": "Leg vast waarvoor u de persoon in het BRP opzoekt (doelbinding)."})
    query = build_query(kind, **criteria)
    outcome = "fout"
    try:
        persons = BrpClient(config).personen(query, purpose=purpose, user=user.get_username())
        outcome = f"{len(persons)} gevonden"
    finally:
        audit.record(
            user, "brp_geraadpleegd", contact, purpose=purpose[:300], zoekwijze=query["type"], uitkomst=outcome
        )
    return persons


def _fernet() -> Fernet:
    secret = settings.KCC_FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"kcc.brp.selectie:{secret}".encode()).digest()))


def seal_selection(contact: Contactmoment, person: Persoon, purpose: str) -> str:
    """The person as the agent may choose them: encrypted, bound to the contact, valid for 15 minutes."""
    payload = {"contact": contact.pk, "purpose": purpose, **asdict(person)}
    return _fernet().encrypt(json.dumps(payload).encode()).decode()


@transaction.atomic
def identify(contact: Contactmoment, *, user: User, selection: str) -> Klant:
    """Make the chosen person the contact's klant (BSN kept with the search's purpose)."""
    _ensure_may_search(contact, user)
    try:
        payload = json.loads(_fernet().decrypt(selection.encode(), ttl=SELECTION_SECONDS))
    except (InvalidToken, ValueError):
        raise ValidationError({"selectie": "Deze keuze is verlopen of ongeldig. Zoek de persoon opnieuw op."}) from None
    if payload.get("contact") != contact.pk:
        raise ValidationError({"selectie": "Deze keuze hoort bij een ander contact. Zoek de persoon opnieuw op."})
    klant = contact_services.identify_klant(
        contact, user=user, name=payload["naam"], bsn=payload["bsn"], bsn_purpose=payload["purpose"]
    )
    Identification.objects.update_or_create(
        contact=contact, defaults={"klant": klant, "secret": payload["geheim"], "identified_by": user}
    )
    audit.record(
        user, "klant_geidentificeerd_in_brp", contact, purpose=payload["purpose"][:300], geheimhouding=payload["geheim"]
    )
    return klant
