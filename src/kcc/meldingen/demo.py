"""The demo municipality's melding categories: the 14 main categories of the model municipality.

Each entry: main code and name, responsible unit, term (days, day type), reporter message, urgency
hint, and its sub-categories (code, name[, term override]).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from kcc.core.models import OrganisationUnit
from kcc.meldingen.geo import load_area_file
from kcc.meldingen.models import Category, CategoryQuestion, DayType, DelayReason, MeldingenConfig

W, K = DayType.WORKING, DayType.CALENDAR
BOUNDARY_FILE = Path(__file__).with_name("data") / "demodam-gemeentegrens.geojson"

# fmt: off
CATEGORIES = [
    ("afvalinzameling", "Afvalinzameling", "afvalbedrijf", 3, W,
     "Het afvalbedrijf haalt het afval op of repareert de container.", "",
     [("container-vol", "Container is vol"), ("container-kapot", "Container is kapot"),
      ("huisvuil-niet-opgehaald", "Huisvuil niet opgehaald"), ("grofvuil", "Grofvuil op straat"),
      ("afval-naast-container", "Afval naast de container")]),
    ("dieren", "Dieren", "ruimte-milieu", 5, W,
     "Wij bekijken wat er moet gebeuren en schakelen zo nodig een bestrijder in.",
     "Ligt er een groot dood dier op de weg? Dan is het spoed.",
     [("dood-dier", "Dood dier", 1, W), ("ratten", "Ratten"), ("wespen", "Wespen", 3, W),
      ("duiven-meeuwen", "Duiven of meeuwen"), ("overig-dieren", "Overige overlast van dieren")]),
    ("graffiti", "Graffiti", "stadsbedrijven", 10, W,
     "Wij verwijderen graffiti op gemeentelijk bezit. Kwetsende teksten halen we sneller weg.", "",
     [("graffiti-gemeente", "Graffiti op gemeentelijk eigendom"),
      ("graffiti-kwetsend", "Kwetsende of discriminerende graffiti", 2, W), ("wildplakken", "Wildplakken")]),
    ("hondenpoep", "Hondenpoep", "handhaving", 5, W,
     "Wij maken de plek schoon en handhavers letten er extra op.", "",
     [("hondenpoep-stoep", "Hondenpoep op stoep of straat"),
      ("hondenpoep-speelplek", "Hondenpoep op een speelplek", 2, W),
      ("hondenpoepbak", "Hondenpoepbak vol of kapot")]),
    ("openbaar-groen", "Openbaar groen", "groen", 10, W,
     "De afdeling Groen bekijkt de melding en plant het werk in.",
     "Dreigt een boom of tak om te vallen? Dan is het spoed.",
     [("boom-gevaarlijk", "Boom of tak dreigt te vallen", 1, W), ("snoeien", "Snoeien van struiken of bomen"),
      ("gras-maaien", "Gras maaien"), ("onkruid", "Onkruid"), ("plantsoen-beschadigd", "Plantsoen beschadigd")]),
    ("parkeeroverlast", "Parkeeroverlast", "handhaving", 3, W,
     "Handhavers komen langs als dat kan. Zij kunnen niet altijd direct komen.", "",
     [("fout-geparkeerd", "Fout geparkeerde auto"), ("autowrak", "Autowrak of weesfiets", 10, W),
      ("fietsen-verkeerd", "Fietsen verkeerd gestald")]),
    ("riolering", "Riolering", "realisatie-beheer", 5, W,
     "Wij controleren het riool en maken het zo nodig schoon of repareren het.",
     "Loopt er water een huis in of ligt er een put open? Dan is het spoed.",
     [("put-verstopt", "Put of kolk verstopt"), ("put-deksel-kapot", "Putdeksel kapot of weg", 1, W),
      ("wateroverlast", "Wateroverlast op straat", 2, W), ("stank-riool", "Stank uit het riool")]),
    ("sloten-watergangen", "Sloten en watergangen", "realisatie-beheer", 10, W,
     "Wij bekijken de sloot of oever en plannen het werk in.", "",
     [("drijfvuil", "Drijfvuil"), ("sloot-verstopt", "Sloot verstopt of dichtgegroeid"),
      ("oever-kapot", "Oever of beschoeiing kapot")]),
    ("speelplaatsen", "Speelplaatsen", "groen", 5, W,
     "Wij controleren de speelplek. Een gevaarlijk toestel zetten we eerst af.",
     "Kan een kind zich aan een toestel bezeren? Dan is het spoed.",
     [("speeltoestel-kapot", "Speeltoestel kapot", 1, W), ("zandbak-vies", "Zandbak vies"),
      ("speelplek-overig", "Overige speelplek")]),
    ("straatmeubilair", "Straatmeubilair", "wegen", 10, W,
     "Wij repareren of vervangen het straatmeubilair.", "",
     [("bank-kapot", "Bank kapot"), ("prullenbak-kapot", "Afvalbak kapot of vol", 3, W),
      ("paal-hek-kapot", "Paal of hek kapot"), ("fietsenrek-kapot", "Fietsenrek kapot")]),
    ("straatvegen", "Straatvegen", "stadsbedrijven", 5, W,
     "De veegploeg maakt de straat schoon.", "Ligt er glas of olie op de weg? Dan is het spoed.",
     [("zwerfvuil", "Zwerfvuil"), ("bladeren", "Bladeren"), ("glas-op-straat", "Glas op straat", 1, W),
      ("olie-op-straat", "Olie of vloeistof op straat", 1, W)]),
    ("verkeersvoorzieningen", "Verkeersvoorzieningen", "wegen", 10, W,
     "Wij controleren de verkeersvoorziening en repareren die zo nodig.",
     "Is een verkeersbord weg of omgevallen op een kruispunt? Dan is het spoed.",
     [("verkeersbord", "Verkeersbord kapot of weg", 3, W), ("belijning", "Belijning of wegmarkering"),
      ("drempel", "Verkeersdrempel"), ("straatnaambord", "Straatnaambord")]),
    ("verlichting-verkeerslichten", "Verlichting en verkeerslichten", "wegen", 10, K,
     "Wij geven de storing door aan de onderhoudsploeg.",
     "Werkt een verkeerslicht niet of hangt er een lamp los? Dan is het spoed.",
     [("lantaarnpaal-uit", "Lantaarnpaal doet het niet"), ("lantaarnpaal-kapot", "Lantaarnpaal beschadigd", 5, K),
      ("verkeerslicht-storing", "Verkeerslicht werkt niet", 1, K)]),
    ("wegen-bestrating", "Wegen en bestrating", "wegen", 10, W,
     "Wij bekijken de schade en repareren die. Een gevaarlijke plek zetten we eerst af.",
     "Kan iemand vallen of een auto beschadigen? Dan is het spoed.",
     [("losse-tegel", "Losse of verzakte tegel"), ("gat-in-weg", "Gat in de weg", 3, W),
      ("fietspad", "Fietspad beschadigd"), ("gladheid", "Gladheid", 1, K), ("boomwortels", "Opdruk door boomwortels")]),
]
# fmt: on

QUESTIONS = {
    "container-vol": [
        (
            "soort-container",
            "Wat voor container is het?",
            "singlevaluelist",
            True,
            [("rest", "Restafval"), ("papier", "Papier"), ("glas", "Glas"), ("plastic", "Plastic")],
        )
    ],
    "lantaarnpaal-uit": [("paalnummer", "Wat is het nummer op de paal?", "string", False, [])],
}

DELAY_REASONS = [
    ("capaciteit", "Te weinig mensen of materieel"),
    ("weer", "Weersomstandigheden"),
    ("derden", "Wacht op een andere partij (bijvoorbeeld netbeheerder of aannemer)"),
    ("materiaal", "Wacht op materiaal of onderdelen"),
    ("onjuist-gerouteerd", "Melding kwam bij de verkeerde afdeling binnen"),
    ("overig", "Andere reden"),
]


@transaction.atomic
def load() -> list[str]:
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    created = updated = 0
    for order, (code, name, unit_code, days, day_type, message, hint, subs) in enumerate(CATEGORIES, start=1):
        main, was_created = Category.objects.update_or_create(
            code=code,
            defaults={
                "parent": None,
                "name": name,
                "unit": units.get(unit_code),
                "term_days": days,
                "term_day_type": day_type,
                "reporter_message": message,
                "urgency_hint": hint,
                "order": order,
            },
        )
        created, updated = created + was_created, updated + (not was_created)
        for sub_order, sub in enumerate(subs, start=1):
            sub_code, sub_name, *term = sub
            sub_days, sub_day_type = term or (days, day_type)
            category, was_created = Category.objects.update_or_create(
                code=f"{code}-{sub_code}",
                defaults={
                    "parent": main,
                    "name": sub_name,
                    "unit": None,
                    "term_days": sub_days,
                    "term_day_type": sub_day_type,
                    "reporter_message": message,
                    "urgency_hint": hint,
                    "order": sub_order,
                },
            )
            created, updated = created + was_created, updated + (not was_created)
            for q_order, (q_code, label, datatype, required, values) in enumerate(QUESTIONS.get(sub_code, []), 1):
                CategoryQuestion.objects.update_or_create(
                    category=category,
                    code=q_code,
                    defaults={
                        "label": label,
                        "datatype": datatype,
                        "required": required,
                        "order": q_order,
                        "values": [{"key": key, "name": value} for key, value in values],
                    },
                )
    for order, (code, label) in enumerate(DELAY_REASONS, start=1):
        DelayReason.objects.update_or_create(code=code, defaults={"label": label, "order": order})
    config, _ = MeldingenConfig.objects.get_or_create(pk=1)
    if not config.boundary:  # a beheerder's own boundary stays
        config.boundary = load_area_file(BOUNDARY_FILE.read_text())
        config.save(update_fields=["boundary"])
    return [
        f"{created} categorieën toegevoegd, {updated} bijgewerkt ({len(CATEGORIES)} hoofdcategorieën)",
        "gemeentegrens voor meldingen ingesteld",
        f"{len(DELAY_REASONS)} redenen van vertraging",
    ]
