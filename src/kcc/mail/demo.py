"""Demo e-mail threads: one new, one forwarded and overdue, one answered, one converted to a melding.

Idempotent: the messages have fixed Message-IDs, so loading twice registers each once.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit, User
from kcc.mail import services
from kcc.mail.models import Forward, JargonTerm, Message, UnitMailSettings

JARGON = [
    ("beschikking", "besluit"),
    ("legitimatiebewijs", "paspoort, ID-kaart of rijbewijs"),
    ("conform", "volgens"),
    ("inzake", "over"),
    ("middels", "met"),
    ("ten behoeve van", "voor"),
    ("BRP", "de gegevens van de gemeente over u"),
]


def _mail(number: int, sender: str, subject: str, body: str, days_ago: int) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "kcc@demodam.nl"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now() - timedelta(days=days_ago))
    message["Message-ID"] = f"<demo-mail-{number}@voorbeeld.nl>"
    message.set_content(body)
    return message.as_bytes()


def load() -> list[str]:
    for term, suggestion in JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"suggestion": suggestion})
    belastingen = OrganisationUnit.objects.filter(code="belastingen").first()
    if belastingen is not None:
        UnitMailSettings.objects.get_or_create(unit=belastingen, defaults={"answer_days": 2})
    agent = User.objects.filter(username="kcc").first()
    if agent is None or Message.objects.filter(message_id="<demo-mail-1@voorbeeld.nl>").exists():
        return ["demo was al geladen"]
    now = timezone.now()
    services.ingest(
        _mail(
            1,
            "Fatima el Amrani <fatima.elamrani@voorbeeld.nl>",
            "Vraag over parkeervergunning",
            "Geachte heer, mevrouw,\n\nIk ben verhuisd naar de Dorpsstraat. Hoe vraag ik een parkeervergunning aan? "
            "En hoe lang duurt dat?\n\nMet vriendelijke groet,\n\nMevrouw F. el Amrani",
            0,
        ),
        received_at=now,
    )
    overdue = services.ingest(
        _mail(
            2,
            "Piet Jansen <p.jansen@voorbeeld.nl>",
            "Aanslag hondenbelasting",
            "Goedemorgen,\n\nMijn hond is overleden, maar ik krijg nog een aanslag hondenbelasting. "
            "Kunt u die intrekken?\n\nMet vriendelijke groet,\nDhr. P. Jansen",
            6,
        ),
        received_at=now - timedelta(days=6),
    ).message.thread
    if belastingen is not None:
        item = services.forward(overdue, user=agent, unit=belastingen, note="Graag de aanslag controleren.")
        Forward.objects.filter(pk=item.pk).update(deadline=today() - timedelta(days=2))
    answered = services.ingest(
        _mail(
            3,
            "Sanne Bakker <sanne.bakker@voorbeeld.nl>",
            "Grofvuil",
            "Hallo,\n\nWanneer kan ik grofvuil laten ophalen?\n\nGroet,\nSanne Bakker",
            2,
        ),
        received_at=now - timedelta(days=2),
    ).message.thread
    services.send_answer(
        answered,
        user=agent,
        text="Geachte mevrouw Bakker,\n\nU kunt grofvuil laten ophalen op dinsdag. Maak een afspraak op onze website.",
        acknowledged=True,
    )
    lamp = services.ingest(
        _mail(
            4,
            "Mehmet Yilmaz <m.yilmaz@voorbeeld.nl>",
            "Lantaarnpaal kapot",
            "Beste gemeente,\n\nDe lantaarnpaal voor Kerkstraat 12 doet het al twee weken niet.\n\nM. Yilmaz",
            1,
        ),
        received_at=now - timedelta(days=1),
    ).message.thread
    converted = _convert(lamp, agent)
    return [f"4 e-maildraden{' (één omgezet in ' + converted + ')' if converted else ''}, {len(JARGON)} jargonwoorden"]


def _convert(thread, agent) -> str:
    from kcc.meldingen import services as meldingen
    from kcc.meldingen.models import Category

    category = Category.objects.filter(is_active=True, parent__isnull=False, code__contains="verlichting").first()
    if category is None:
        return ""
    melding = services.convert_to_melding(
        thread,
        user=agent,
        category=category,
        location=meldingen.Location(street="Kerkstraat", house_number="12", city="Demodam", lat=51.9225, lon=4.4792),
    )
    return melding.number
