"""Demo content of the knowledge base: municipal VAC's, news for agents, and the Rijksoverheid FAQ.

Idempotent: VAC's are keyed on their ``external_id`` and news on its title, so running
``kcc demo`` again changes nothing that is already there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit, User
from kcc.kennisbank.importers import import_file
from kcc.kennisbank.models import VAC, NewsItem
from kcc.kennisbank.services import save_news, save_vac

DEMO_SOURCE = "demo"
RIJKSOVERHEID_CSV = Path("data") / "kennisbank" / "rijksoverheid_vacs_bzk.csv"


@dataclass(frozen=True)
class DemoVAC:
    key: str
    vraag: str
    antwoord: str
    trefwoorden: list[str]
    afdelingen: list[str]
    toelichting: str = ""
    doelgroep: str = VAC.Audience.CITIZEN
    review_in_days: int = 180
    owner_unit: str = ""
    related: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


VACS = [
    DemoVAC(
        key="afvalkalender",
        vraag="Wanneer wordt mijn afval opgehaald?",
        antwoord="<p>Op de afvalkalender ziet u per adres op welke dagen het restafval, gft, papier en plastic "
        "worden opgehaald. U vindt de kalender op www.demodam.nl/afvalkalender of in de app van Afvalbedrijf "
        "De Man.</p><p>Zet uw container op de ophaaldag vóór 07.30 uur aan de straat, met de handgreep naar de "
        "weg.</p>",
        toelichting="Vraag naar postcode en huisnummer en kijk samen met de beller op de kalender. Is de container "
        "niet geleegd? Maak dan een melding bij Afvalbedrijf De Man (categorie afvalinzameling).",
        trefwoorden=["afvalkalender", "vuilnis", "container", "kliko", "gft", "ophaaldag", "vuilniswagen"],
        afdelingen=["afvalbedrijf"],
        related=["grofvuil"],
        links=[{"label": "Afvalkalender", "url": "https://www.demodam.nl/afvalkalender"}],
    ),
    DemoVAC(
        key="grofvuil",
        vraag="Hoe laat ik grofvuil ophalen?",
        antwoord="<p>Grofvuil is afval dat niet in uw container past, zoals meubels, matrassen en tapijt. U kunt "
        "het <strong>gratis</strong> laten ophalen, maximaal 4 keer per jaar en 2 m³ per keer.</p><ul><li>Maak "
        "online een afspraak op www.demodam.nl/grofvuil of bel 14 0123.</li><li>Zet het grofvuil op de "
        "afgesproken dag vóór 07.30 uur aan de straat.</li></ul><p>U kunt grofvuil ook zelf gratis brengen naar "
        "de milieustraat.</p>",
        toelichting="Elektrische apparaten, bouw- en sloopafval en asbest halen we niet op als grofvuil. "
        "Verwijs voor asbest naar de milieustraat (verpakt en afgeplakt).",
        trefwoorden=["grofvuil", "grof huisvuil", "bankstel", "matras", "oud meubilair", "milieustraat", "bulkafval"],
        afdelingen=["afvalbedrijf"],
        related=["afvalkalender"],
        links=[{"label": "Grofvuil aanmelden", "url": "https://www.demodam.nl/grofvuil"}],
    ),
    DemoVAC(
        key="parkeervergunning",
        vraag="Hoe vraag ik een parkeervergunning aan?",
        antwoord="<p>Woont u in een gebied met betaald parkeren? Dan kunt u een parkeervergunning voor bewoners "
        "aanvragen op www.demodam.nl/parkeren. U logt in met DigiD.</p><p>U hebt nodig:</p><ul><li>het kenteken "
        "van de auto;</li><li>als de auto niet op uw naam staat: een verklaring van de eigenaar of uw "
        "leasecontract.</li></ul><p>Per adres geven we maximaal 2 vergunningen uit. De kosten staan op de "
        "website.</p>",
        toelichting="Wachtlijst in de binnenstad: verwijs naar de website voor de actuele wachttijd. Een "
        "bezoekersvergunning is een ander product (zelfde pagina).",
        trefwoorden=["parkeervergunning", "parkeren", "vergunning auto", "bewonersvergunning", "parkeerkaart"],
        afdelingen=["realisatie-beheer"],
        links=[{"label": "Parkeren in Demodam", "url": "https://www.demodam.nl/parkeren"}],
    ),
    DemoVAC(
        key="paspoort",
        vraag="Hoe vraag ik een paspoort of identiteitskaart aan?",
        antwoord="<p>U vraagt een paspoort of identiteitskaart aan bij de balie van Burgerzaken in het "
        "stadhuis. Maak eerst een afspraak.</p><p>Neem mee:</p><ul><li>uw huidige paspoort of identiteitskaart, "
        "ook als die verlopen is;</li><li>één recente pasfoto die aan de eisen voldoet.</li></ul><p>U betaalt "
        "bij de aanvraag. Na ongeveer 5 werkdagen kunt u het document ophalen.</p>",
        toelichting="Pas kwijt of gestolen? Dan eerst aangifte van vermissing bij de balie (bij diefstal bij de "
        "politie). Spoed (binnen 1 werkdag) kan tegen meerprijs; bel dan door naar Burgerzaken.",
        trefwoorden=["paspoort", "pas", "id-kaart", "identiteitskaart", "id kaart", "reisdocument", "pas kwijt"],
        afdelingen=["burgerzaken"],
        review_in_days=-12,
        related=["afspraak", "uittreksel-brp"],
        links=[
            {
                "label": "Paspoort en identiteitskaart (Rijksoverheid)",
                "url": "https://www.rijksoverheid.nl/onderwerpen/paspoort-en-identiteitskaart",
            }
        ],
    ),
    DemoVAC(
        key="verhuizing",
        vraag="Hoe geef ik een verhuizing door?",
        antwoord="<p>Geef uw verhuizing binnen 5 dagen na de verhuisdatum door aan de gemeente waar u gaat "
        "wonen. Dat kan al 4 weken van tevoren.</p><p>Doe het online op www.demodam.nl/verhuizen met DigiD. "
        "Verhuist u met uw gezin? Dan kunt u de verhuizing voor uw partner en kinderen in één keer doorgeven.</p>"
        "<p>Wij geven uw nieuwe adres door aan andere overheidsinstanties, zoals de Belastingdienst.</p>",
        toelichting="Verhuizen naar het buitenland: emigratie doorgeven bij de balie of per brief, uiterlijk 5 "
        "dagen voor vertrek. Geen DigiD: afspraak bij Burgerzaken.",
        trefwoorden=["verhuizing", "verhuizen", "adreswijziging", "nieuw adres", "inschrijven", "verhuisbericht"],
        afdelingen=["burgerzaken"],
        related=["uittreksel-brp"],
        links=[{"label": "Verhuizing doorgeven", "url": "https://www.demodam.nl/verhuizen"}],
    ),
    DemoVAC(
        key="hondenbelasting",
        vraag="Moet ik hondenbelasting betalen?",
        antwoord="<p>Ja. Hebt u een hond, dan betaalt u hondenbelasting. Meld uw hond aan binnen 1 maand nadat u "
        "hem hebt gekregen, op www.demodam.nl/hondenbelasting.</p><p>Het tarief hangt af van het aantal honden. "
        "Is uw hond overleden of weg? Meld hem dan af; u krijgt het te veel betaalde bedrag terug.</p>",
        toelichting="Een blindengeleidehond of hulphond is vrijgesteld: laat de beller dit schriftelijk aangeven "
        "met een bewijs van de hulphondorganisatie.",
        trefwoorden=["hondenbelasting", "hond aanmelden", "hond afmelden", "belasting hond", "honden"],
        afdelingen=["belastingen"],
        related=["kwijtschelding"],
    ),
    DemoVAC(
        key="kwijtschelding",
        vraag="Kan ik kwijtschelding krijgen van gemeentelijke belastingen?",
        antwoord="<p>Hebt u een laag inkomen en weinig vermogen? Dan kunt u kwijtschelding aanvragen voor de "
        "afvalstoffenheffing en de rioolheffing. Voor de onroerendezaakbelasting en de hondenbelasting kan dat "
        "niet.</p><p>Vraag kwijtschelding aan binnen 3 maanden na de datum op het aanslagbiljet, via "
        "www.demodam.nl/kwijtschelding. Stuur bewijs mee van uw inkomen en uw vaste lasten.</p>",
        toelichting="Tijdens de belastingweek (eind februari) is het druk. Vragen over de hoogte van de WOZ-"
        "waarde horen niet hierbij: dat is bezwaar tegen de WOZ-beschikking.",
        trefwoorden=["kwijtschelding", "belasting niet betalen", "aanslag", "gemeentelijke belastingen", "ozb"],
        afdelingen=["belastingen"],
        review_in_days=-3,
        related=["hondenbelasting", "bijstand"],
    ),
    DemoVAC(
        key="wmo-hulpmiddel",
        vraag="Hoe vraag ik een hulpmiddel aan via de Wmo, zoals een rolstoel of scootmobiel?",
        antwoord="<p>Hebt u door een beperking moeite om u thuis of in de buurt te verplaatsen? Dan kunt u hulp "
        "aanvragen bij het Wmo-loket. U doet eerst een melding; daarna neemt een consulent binnen 7 dagen contact "
        "met u op voor een gesprek.</p><p>Doe de melding op www.demodam.nl/wmo of bel 14 0123. U betaalt "
        "mogelijk een eigen bijdrage.</p>",
        toelichting="Noteer naam, adres en telefoonnummer en maak een terugbelverzoek voor het Wmo-loket. Niet "
        "doorverbinden: het Wmo-loket belt zelf terug.",
        trefwoorden=["wmo", "rolstoel", "scootmobiel", "traplift", "hulpmiddel", "woningaanpassing", "thuiszorg"],
        afdelingen=["wmo"],
        related=["bijstand"],
    ),
    DemoVAC(
        key="bijstand",
        vraag="Hoe vraag ik een bijstandsuitkering aan?",
        antwoord="<p>Hebt u niet genoeg geld om van te leven en geen recht op een andere uitkering? Dan kunt u "
        "bijstand aanvragen. Bent u 27 jaar of ouder, dan vraagt u het aan op www.demodam.nl/bijstand. Bent u "
        "jonger dan 27, dan zoekt u eerst 4 weken naar werk of een opleiding.</p><p>Binnen 8 weken hoort u of u "
        "bijstand krijgt. Hebt u nu geen geld voor eten? Vraag dan om een voorschot.</p>",
        toelichting="Bij acute nood (geen geld voor eten vandaag): warm doorverbinden met Werk en Inkomen, spoedlijn.",
        trefwoorden=["bijstand", "uitkering", "participatiewet", "geen inkomen", "voorschot", "sociale dienst"],
        afdelingen=["wi"],
        related=["kwijtschelding", "wmo-hulpmiddel"],
    ),
    DemoVAC(
        key="omgevingsvergunning",
        vraag="Heb ik een omgevingsvergunning nodig om te bouwen of te verbouwen?",
        antwoord="<p>Voor veel bouwwerken hebt u een omgevingsvergunning nodig, bijvoorbeeld voor een dakkapel "
        "aan de voorkant of een uitbouw. Sommige kleine bouwwerken zijn vergunningvrij.</p><p>Doe de "
        "vergunningcheck op het Omgevingsloket (omgevingswet.overheid.nl). Daar vraagt u de vergunning ook aan. "
        "De gemeente beslist meestal binnen 8 weken.</p>",
        toelichting="Sinds de Omgevingswet (2024) heet de bouwvergunning omgevingsvergunning. Inhoudelijke vragen: "
        "terugbelverzoek voor Bouw- en Milieuvergunningen, niet doorverbinden.",
        trefwoorden=["omgevingsvergunning", "bouwvergunning", "verbouwen", "dakkapel", "uitbouw", "aanbouw"],
        afdelingen=["bmv"],
        doelgroep=VAC.Audience.BOTH,
        related=["evenementenvergunning"],
        links=[{"label": "Omgevingsloket", "url": "https://omgevingswet.overheid.nl"}],
    ),
    DemoVAC(
        key="evenementenvergunning",
        vraag="Hoe vraag ik een evenementenvergunning aan?",
        antwoord="<p>Organiseert u een evenement, zoals een buurtfeest, braderie of concert? Dan hebt u vaak een "
        "evenementenvergunning nodig. Voor een klein buurtfeest is een melding genoeg.</p><p>Vraag de vergunning "
        "minimaal 8 weken van tevoren aan op www.demodam.nl/evenementen. Voor grote evenementen is dat 12 "
        "weken.</p>",
        trefwoorden=["evenementenvergunning", "buurtfeest", "straatfeest", "braderie", "festival", "evenement"],
        afdelingen=["bmv"],
        doelgroep=VAC.Audience.BOTH,
        review_in_days=-40,
        related=["omgevingsvergunning"],
    ),
    DemoVAC(
        key="melding-openbare-ruimte",
        vraag="Hoe meld ik iets in de openbare ruimte, zoals een kapotte lantaarnpaal?",
        antwoord="<p>Ziet u iets kapot of vies op straat, zoals een losse stoeptegel, een kapotte lantaarnpaal of "
        "zwerfafval? Meld het op www.demodam.nl/melding of bel 14 0123. Dat mag ook anoniem.</p><p>U krijgt een "
        "meldingnummer en hoort hoe lang het duurt. Wilt u bericht als de melding is opgelost? Laat dan uw e-mail"
        "adres of telefoonnummer achter.</p>",
        toelichting="Gevaarlijke situatie (bijvoorbeeld een omgevallen boom op de weg of een open put)? Markeer "
        "de melding als spoed en bel direct Realisatie & Beheer.",
        trefwoorden=["melding", "lantaarnpaal", "straatverlichting", "stoeptegel", "zwerfafval", "kuil", "mor"],
        afdelingen=["realisatie-beheer"],
        owner_unit="kcc",
        related=["klacht"],
    ),
    DemoVAC(
        key="klacht",
        vraag="Hoe dien ik een klacht in over de gemeente?",
        antwoord="<p>Bent u niet tevreden over hoe een medewerker van de gemeente u heeft behandeld? Dan kunt u "
        "een klacht indienen. Dat kan op www.demodam.nl/klacht, per brief of telefonisch.</p><p>U krijgt binnen "
        "een week een ontvangstbevestiging. Binnen 6 weken krijgt u een antwoord. Bent u het daarna nog niet eens "
        "met de gemeente? Dan kunt u naar de Nationale ombudsman.</p>",
        toelichting="Herken de klacht: ook ‘alweer’, ‘nog steeds’ of ‘nooit antwoord’ zijn signalen. Bied de "
        "klachtprocedure actief aan en registreer de klacht, ook als de beller alleen zijn verhaal kwijt wil.",
        trefwoorden=["klacht", "ontevreden", "klacht indienen", "ombudsman", "boos", "niet tevreden"],
        afdelingen=["concernstaf"],
        owner_unit="kcc",
        doelgroep=VAC.Audience.BOTH,
        related=["melding-openbare-ruimte"],
    ),
    DemoVAC(
        key="afspraak",
        vraag="Hoe maak ik een afspraak bij de gemeente?",
        antwoord="<p>Voor de meeste producten van Burgerzaken, zoals een paspoort of rijbewijs, maakt u eerst "
        "een afspraak. Dat doet u op www.demodam.nl/afspraak of via 14 0123.</p><p>Kunt u niet komen? Zeg de "
        "afspraak dan af via de link in uw bevestigingsmail, zodat iemand anders uw plek kan krijgen.</p>",
        trefwoorden=["afspraak", "afspraak maken", "balie", "loket", "stadhuis", "afspraak afzeggen"],
        afdelingen=["burgerzaken"],
        related=["paspoort"],
    ),
    DemoVAC(
        key="uittreksel-brp",
        vraag="Hoe vraag ik een uittreksel uit de Basisregistratie Personen (BRP) aan?",
        antwoord="<p>Een uittreksel uit de BRP is een bewijs van uw inschrijving op uw adres. U hebt het "
        "bijvoorbeeld nodig voor een nieuwe baan of een huurwoning.</p><p>Vraag het online aan op "
        "www.demodam.nl/uittreksel met DigiD. U krijgt het binnen 3 werkdagen per post. Hebt u het sneller "
        "nodig? Maak dan een afspraak bij de balie.</p>",
        toelichting="Vroeger heette dit een GBA-uittreksel. Voor een internationaal (meertalig) uittreksel: "
        "afspraak aan de balie.",
        trefwoorden=["uittreksel", "brp", "gba", "gba-uittreksel", "bewijs van inschrijving", "woonadres"],
        afdelingen=["burgerzaken"],
        related=["verhuizing", "paspoort"],
    ),
]

NEWS = [
    {
        "title": "Belastingweek: de aanslagen gemeentelijke belastingen zijn verstuurd",
        "body": "<p>Deze week ontvangen alle inwoners hun aanslag. Verwacht veel vragen over de WOZ-waarde en "
        "kwijtschelding. Gebruik de VAC's over kwijtschelding en bezwaar WOZ.</p><p>Bezwaar maken kan tot 6 weken "
        "na de datum op het aanslagbiljet.</p>",
        "importance": NewsItem.Importance.IMPORTANT,
        "days": 14,
    },
    {
        "title": "Storing: online afspraken maken werkt niet",
        "body": "<p>Het afsprakensysteem van Burgerzaken is vandaag tussen 9.00 en 12.00 uur niet bereikbaar. "
        "Maak afspraken voor bellers handmatig in de agenda van Burgerzaken.</p>",
        "importance": NewsItem.Importance.IMPORTANT,
        "days": 2,
    },
    {
        "title": "Werkinstructie: grofvuil aanmelden voor bellers zonder internet",
        "body": "<p>Bellers zonder internet kunt u direct aanmelden in het portaal van Afvalbedrijf De Man. "
        "Vraag naar adres, telefoonnummer en wat er wordt aangeboden.</p>",
        "importance": NewsItem.Importance.NORMAL,
        "days": None,
    },
]


def load() -> list[str]:
    lines = [_load_vacs(), _load_news()]
    lines.append(_import_rijksoverheid())
    return lines


@transaction.atomic
def _load_vacs() -> str:
    editor = User.objects.filter(username="redacteur").first()
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    existing = {vac.external_id: vac for vac in VAC.objects.filter(source=DEMO_SOURCE)}
    created: dict[str, VAC] = {}
    for item in VACS:
        external_id = f"demodam-{item.key}"
        if external_id in existing:
            continue
        created[item.key] = save_vac(
            actor=editor,
            afdelingen=[units[code] for code in item.afdelingen if code in units],
            vraag=item.vraag,
            antwoord=item.antwoord,
            toelichting=item.toelichting,
            trefwoorden=item.trefwoorden,
            doelgroep=item.doelgroep,
            status=VAC.Status.ACTIVE,
            is_public=True,
            review_date=today() + timedelta(days=item.review_in_days),
            links=item.links,
            source=DEMO_SOURCE,
            external_id=external_id,
            owner_user=None if item.owner_unit else editor,
            owner_unit=units.get(item.owner_unit),
        )
    by_key = {vac.external_id.removeprefix("demodam-"): vac for vac in existing.values()} | created
    for item in VACS:
        if item.key in created and item.related:
            created[item.key].related.add(*(by_key[key] for key in item.related if key in by_key))
    return f"{len(created)} demo-VAC's toegevoegd, {len(existing)} waren er al"


@transaction.atomic
def _load_news() -> str:
    editor = User.objects.filter(username="redacteur").first()
    now = timezone.now()
    added = 0
    for item in NEWS:
        if NewsItem.objects.filter(title=item["title"]).exists():
            continue
        save_news(
            actor=editor,
            title=item["title"],
            body=item["body"],
            importance=item["importance"],
            published_from=now - timedelta(hours=1),
            published_until=now + timedelta(days=item["days"]) if item["days"] else None,
        )
        added += 1
    return f"{added} nieuwsberichten toegevoegd"


def _shared_dir() -> Path:
    """``KCC_SHARED_DIR``, else ``../shared`` next to the project root."""
    if configured := os.environ.get("KCC_SHARED_DIR"):
        return Path(configured)
    project_root = Path(settings.BASE_DIR).parents[1]  # src/kcc → the checkout
    return project_root.parent / "shared"


def _import_rijksoverheid() -> str:
    path = _shared_dir() / RIJKSOVERHEID_CSV
    if not path.exists():
        return f"Rijksoverheid-VAC's overgeslagen: {path} niet gevonden (zet KCC_SHARED_DIR)"
    report = import_file(path, "rijksoverheid-csv")
    return (
        f"Rijksoverheid-VAC's: {report.added} toegevoegd, {report.updated} bijgewerkt, {report.unchanged} "
        f"ongewijzigd, {len(report.rejected)} afgewezen"
    )
