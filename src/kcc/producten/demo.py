"""Demo products: the municipal part of the UPL, with believable facts for what callers ask most."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kcc.core.models import OrganisationUnit, User
from kcc.kennisbank.models import VAC
from kcc.kennisbank.services import save_vac
from kcc.producten.imports import import_upl_csv
from kcc.producten.models import Product
from kcc.producten.services import save_product, unique_slug

UPL_CSV = Path("data") / "producten" / "UPL-actueel.csv"
UPL_BASE = "http://standaarden.overheid.nl/owms/terms/"

# UPL name: own facts (the demo municipality's, modelled on real ones; amounts of 2026)
FACTS: dict[str, dict] = {
    "paspoort": {
        "title": "Paspoort aanvragen",
        "synonyms": ["pas", "reisdocument", "reispas"],
        "term_amount": 5,
        "term_unit": "werkdagen",
        "costs": "€ 84,70 (18 jaar en ouder), € 64,50 (jonger dan 18)",
        "required_documents": ["Uw huidige paspoort of identiteitskaart", "Eén recente pasfoto"],
        "unit": "burgerzaken",
        "appointment_required": True,
        "vac": "demodam-paspoort",
    },
    "identiteitskaart": {
        "title": "Identiteitskaart aanvragen",
        "synonyms": ["ID-kaart", "ID", "id kaart"],
        "term_amount": 5,
        "term_unit": "werkdagen",
        "costs": "€ 77,20 (18 jaar en ouder), € 43,05 (jonger dan 18)",
        "required_documents": ["Uw huidige identiteitskaart of paspoort", "Eén recente pasfoto"],
        "unit": "burgerzaken",
        "appointment_required": True,
    },
    "rijbewijs": {
        "title": "Rijbewijs aanvragen of verlengen",
        "synonyms": ["rijbewijs verlengen", "rijbewijs vernieuwen", "rijbewijs kwijt"],
        "term_amount": 5,
        "term_unit": "werkdagen",
        "costs": "€ 52,20",
        "required_documents": [
            "Uw huidige rijbewijs",
            "Eén recente pasfoto",
            "Vanaf 75 jaar: de Verklaring van Geschiktheid van het CBR",
        ],
        "unit": "burgerzaken",
        "appointment_required": True,
    },
    "brp-uittreksel": {
        "title": "Uittreksel BRP",
        "synonyms": ["uittreksel", "GBA-uittreksel", "bewijs van inschrijving"],
        "costs": "€ 15,10",
        "required_documents": ["Uw paspoort, identiteitskaart of rijbewijs"],
        "unit": "burgerzaken",
        "appointment_required": True,
        "vac": "demodam-uittreksel-brp",
    },
    "huwelijksaangifte": {
        "title": "Melding voorgenomen huwelijk",
        "synonyms": ["ondertrouw", "trouwen", "partnerschap"],
        "costs": "gratis",
        "required_documents": ["Paspoort of identiteitskaart van beide partners"],
        "unit": "burgerzaken",
        "appointment_required": True,
    },
    "omgevingsvergunning": {
        "title": "Omgevingsvergunning",
        "synonyms": ["bouwvergunning", "verbouwing", "dakkapel", "uitbouw"],
        "term_amount": 8,
        "term_unit": "weken",
        "extendable": True,
        "extension_amount": 6,
        "costs": "Leges volgens de legesverordening: 3% van de bouwkosten, minimaal € 150",
        "required_documents": ["Bouwtekeningen", "Situatietekening", "Constructieberekening (bij draagconstructie)"],
        "unit": "bmv",
        "vac": "demodam-omgevingsvergunning",
    },
    "omgevingsvergunning kap": {
        "title": "Kapvergunning",
        "synonyms": ["boom kappen", "kapvergunning"],
        "term_amount": 8,
        "term_unit": "weken",
        "extendable": True,
        "extension_amount": 6,
        "costs": "€ 95,00 per aanvraag",
        "unit": "bmv",
    },
    "parkeervergunning": {
        "title": "Parkeervergunning voor bewoners",
        "synonyms": ["bewonersvergunning", "parkeerkaart", "parkeren"],
        "term_amount": 8,
        "term_unit": "weken",
        "costs": "€ 120,00 per jaar voor de eerste auto",
        "required_documents": ["Kentekenbewijs op uw naam of een verklaring van uw werkgever of leasemaatschappij"],
        "unit": "stad",
        "vac": "demodam-parkeervergunning",
    },
    "gehandicaptenparkeerkaart": {
        "title": "Gehandicaptenparkeerkaart",
        "synonyms": ["GPK", "invalidenparkeerkaart"],
        "term_amount": 8,
        "term_unit": "weken",
        "extendable": True,
        "extension_amount": 4,
        "costs": "€ 150,00 (inclusief medische keuring)",
        "unit": "wmo",
    },
    "hondenbelasting": {
        "title": "Hondenbelasting",
        "synonyms": ["hond aanmelden", "hond afmelden", "belasting hond"],
        "costs": "€ 118,00 per hond per jaar",
        "unit": "belastingen",
        "vac": "demodam-hondenbelasting",
    },
}

TERM_VAC = {
    "external_id": "demodam-producten-termijn-omgevingsvergunning",
    "vraag": "Hoe lang duurt het voordat ik mijn omgevingsvergunning krijg?",
    "antwoord": (
        "<p>[[product:omgevingsvergunning:beslistermijn]]</p>"
        "<p>Kosten: [[product:omgevingsvergunning:kosten]].</p>"
        "<p>Wat u meestuurt: [[product:omgevingsvergunning:documenten]].</p>"
    ),
    "trefwoorden": ["bouwvergunning duur", "hoe lang vergunning", "beslistermijn"],
}


def _shared_dir() -> Path:
    """``KCC_SHARED_DIR``, else ``../shared`` next to the checkout (as the kennisbank demo does)."""
    if configured := os.environ.get("KCC_SHARED_DIR"):
        return Path(configured)
    return Path(settings.BASE_DIR).parents[1].parent / "shared"


@transaction.atomic
def load() -> list[str]:
    lines = []
    path = _shared_dir() / UPL_CSV
    if path.exists():
        report = import_upl_csv(path)
        lines.append(
            f"UPL: {len(report.added)} producten toegevoegd, {len(report.updated)} bijgewerkt, "
            f"{len(report.unchanged)} ongewijzigd, {len(report.rejected)} afgewezen"
        )
    else:
        lines.append(f"UPL overgeslagen: {path} niet gevonden (zet KCC_SHARED_DIR); alleen de bekende producten")
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    editor = User.objects.filter(username="redacteur").first()
    for upl_name, facts in FACTS.items():
        facts = dict(facts)
        vac_id = facts.pop("vac", None)
        facts["unit"] = units.get(facts["unit"])
        product = Product.objects.filter(upl_name=upl_name).first()
        if product is None:
            product = Product.objects.create(
                upl_name=upl_name, upl_uri=f"{UPL_BASE}{upl_name.replace(' ', '_')}", slug=unique_slug(upl_name)
            )
        if product.title:  # already set up: keep what the municipality changed since
            continue
        vacs = list(VAC.objects.filter(external_id=vac_id)) if vac_id else None
        save_product(product, actor=editor, vacs=vacs, **facts)
    if not VAC.objects.filter(external_id=TERM_VAC["external_id"]).exists():
        vac = save_vac(
            actor=editor,
            vraag=TERM_VAC["vraag"],
            antwoord=TERM_VAC["antwoord"],
            trefwoorden=TERM_VAC["trefwoorden"],
            status=VAC.Status.ACTIVE,
            is_public=True,
            source="demodam",
            external_id=TERM_VAC["external_id"],
            owner_unit=units.get("bmv"),
        )
        Product.objects.get(upl_name="omgevingsvergunning").vacs.add(vac)
    lines.append(f"{len(FACTS)} producten met termijn, kosten en afdeling; VAC met ingesloten beslistermijn")
    return lines
