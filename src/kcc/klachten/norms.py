"""The Nationale ombudsman's behoorlijkheidsnormen (Behoorlijkheidswijzer) that complaint signals touch.

A complaint under the Awb is about how the municipality behaved; the ombudsman judges that behaviour
against 22 norms in four groups. Every recognition signal names the norm it touches, so an agent and
the klachtcoördinator see *why* a quiet story ("zou binnen acht weken beslissen, nu half oktober")
is a complaint: a promise not kept is a breach of betrouwbaarheid, whoever uses the word "klacht".
Only the norms a signal can point at are listed.
"""

from __future__ import annotations

from enum import Enum


class Norm(Enum):
    """A norm: its Dutch name, its group in the Behoorlijkheidswijzer, and what it asks (B1 Dutch)."""

    TRANSPARENCY = ("Transparant", "Open en duidelijk", "De inwoner weet waar hij aan toe is, ook bij een klacht.")
    INFORMATION = (
        "Goede informatieverstrekking",
        "Open en duidelijk",
        "De gemeente geeft juiste, volledige en tijdige informatie.",
    )
    LISTENING = ("Luisteren naar de burger", "Open en duidelijk", "De inwoner voelt zich gehoord en serieus genomen.")
    REASONING = (
        "Goede motivering",
        "Open en duidelijk",
        "Een besluit of antwoord legt uit waarom, en gaat in op de punten van de inwoner.",
    )
    DECENCY = ("Fatsoenlijke bejegening", "Respectvol", "Medewerkers zijn beleefd, respectvol en behulpzaam.")
    COOPERATION = (
        "Samenwerking",
        "Betrokken en oplossingsgericht",
        "Afdelingen werken samen; de inwoner wordt goed doorverwezen.",
    )
    PROMPTNESS = (
        "Voortvarendheid",
        "Betrokken en oplossingsgericht",
        "De gemeente handelt snel en houdt zich aan termijnen.",
    )
    DEESCALATION = (
        "De-escalatie",
        "Betrokken en oplossingsgericht",
        "Bij een oplopend conflict zoekt de gemeente persoonlijk contact.",
    )
    RELIABILITY = (
        "Betrouwbaarheid",
        "Eerlijk en betrouwbaar",
        "De gemeente komt afspraken en toezeggingen na en houdt zich aan wat zij schreef.",
    )
    ORGANISATION = (
        "Goede organisatie",
        "Eerlijk en betrouwbaar",
        "Bereikbaar, dossiers op orde, de zaak loopt zonder dat de inwoner steeds moet bellen.",
    )
    PROFESSIONALISM = (
        "Professionaliteit",
        "Eerlijk en betrouwbaar",
        "Werk wordt vakkundig gedaan; fouten en schade worden hersteld.",
    )
    OWN_WORDS = (
        "Klachtwens",
        "Awb hoofdstuk 9",
        "De inwoner noemt het zelf een klacht; de norm volgt uit het verhaal.",
    )

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def group(self) -> str:
        return self.value[1]

    @property
    def description(self) -> str:
        return self.value[2]
