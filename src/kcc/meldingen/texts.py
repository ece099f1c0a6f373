"""What the reporter reads: status texts in plain Dutch (B1, u-vorm) and the e-mails built from them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from kcc.meldingen import terms
from kcc.meldingen.models import DayType, Melding, Status

STATUS_PUBLIC = {
    Status.REPORTED: "Ontvangen",
    Status.ROUTED: "Doorgestuurd naar de afdeling",
    Status.IN_PROGRESS: "In behandeling",
    Status.SOLVED: "Opgelost",
    Status.UNSOLVABLE: "Kan niet worden afgehandeld",
    Status.PLANNED: "Wordt later afgehandeld",
    Status.CANCELLED: "Gesloten zonder actie",
}


def day(value) -> str:
    return date_format(value, "l j F Y")


def term_text(melding: Melding) -> str:
    unit = "werkdagen" if melding.term_day_type == DayType.WORKING else "dagen"
    if melding.term_days == 1:
        unit = "werkdag" if melding.term_day_type == DayType.WORKING else "dag"
    return f"{melding.term_days} {unit}"


def expected_date(melding: Melding):
    if melding.status == Status.PLANNED and melding.planned_date:
        return melding.planned_date
    return terms.deadline(melding.term_start, melding.term_days, melding.term_day_type)


def status_link(melding: Melding) -> str:
    path = reverse("melding-status:status", args=[melding.number])
    return f"{settings.KCC_BASE_URL.rstrip('/')}{path}?token={melding.token}"


def transition_text(melding: Melding, *, reopened: bool = False) -> str:
    """The public line for the melding's current status (status page, e-mail, phone task)."""
    if reopened:
        return (
            "Wij hebben uw melding opnieuw geopend. De afdeling gaat er opnieuw mee aan de slag. "
            f"U hoort uiterlijk {day(expected_date(melding))} van ons."
        )
    status = melding.status
    if status == Status.REPORTED:
        return "Wij hebben uw melding ontvangen."
    if status == Status.ROUTED:
        unit = melding.unit.name if melding.unit else "de afdeling"
        return f"Wij hebben uw melding doorgestuurd naar {unit}. Zij gaan ermee aan de slag."
    if status == Status.IN_PROGRESS:
        return "De afdeling is met uw melding bezig."
    if status == Status.SOLVED:
        return "Uw melding is opgelost. Het probleem is verholpen."
    if status == Status.UNSOLVABLE:
        return f"Wij kunnen uw melding helaas niet afhandelen. De reden is: {melding.resolution_text}"
    if status == Status.PLANNED:
        return (
            "Wij kunnen uw melding niet meteen oplossen, maar we hebben het werk ingepland. "
            f"Wij verwachten dat het klaar is op {day(melding.planned_date)}."
        )
    return "Wij hebben uw melding gesloten. Wij doen er verder niets mee."


def confirmation_email(melding: Melding) -> tuple[str, str]:
    category_message = melding.category.reporter_message.strip()
    lines = [
        "Geachte heer, mevrouw,",
        "",
        f"Bedankt voor uw melding over ‘{melding.category.name}’. Uw meldingnummer is {melding.number}.",
        "",
        f"Wij handelen uw melding af binnen {term_text(melding)}. U kunt verwachten dat het uiterlijk op "
        f"{day(expected_date(melding))} klaar is.",
    ]
    if category_message:
        lines += ["", category_message]
    lines += [
        "",
        "Wilt u weten hoe het met uw melding gaat? Kijk dan op deze pagina:",
        status_link(melding),
        "Deel deze link niet met anderen.",
        "",
        "Met vriendelijke groet,",
        settings.KCC_MUNICIPALITY_NAME,
    ]
    return f"Uw melding {melding.number} is ontvangen", "\n".join(lines)


def follower_email(melding: Melding) -> tuple[str, str]:
    lines = [
        "Geachte heer, mevrouw,",
        "",
        f"Bedankt voor uw melding. Iemand anders had dit al gemeld. Wij hebben uw melding daarom "
        f"toegevoegd aan melding {melding.number}.",
        "",
        f"Wij verwachten dat het uiterlijk op {day(expected_date(melding))} klaar is. Als de status "
        "verandert, krijgt u bericht.",
        "",
        "Volg de melding via deze pagina:",
        status_link(melding),
        "",
        "Met vriendelijke groet,",
        settings.KCC_MUNICIPALITY_NAME,
    ]
    return f"Uw melding is toegevoegd aan melding {melding.number}", "\n".join(lines)


def status_email(melding: Melding, public_text: str) -> tuple[str, str]:
    lines = [
        "Geachte heer, mevrouw,",
        "",
        f"Er is nieuws over uw melding {melding.number} (‘{melding.category.name}’).",
        "",
        public_text,
    ]
    if melding.resolution_text and melding.status in (Status.SOLVED, Status.PLANNED, Status.CANCELLED):
        lines += ["", f"Toelichting van de afdeling: {melding.resolution_text}"]
    lines += [
        "",
        "Bekijk de melding op deze pagina:",
        status_link(melding),
        "",
        "Met vriendelijke groet,",
        settings.KCC_MUNICIPALITY_NAME,
    ]
    return f"Melding {melding.number}: {STATUS_PUBLIC[melding.status].lower()}", "\n".join(lines)


def deadline_email(melding: Melding, *, escalation: bool) -> tuple[str, str]:
    due = terms.deadline(melding.term_start, melding.term_days, melding.term_day_type)
    link = f"{settings.KCC_BASE_URL.rstrip('/')}{reverse('meldingen:detail', args=[melding.number])}"
    if escalation:
        subject = f"Termijn verlopen: melding {melding.number}"
        first = (
            f"De termijn van melding {melding.number} is verlopen op {day(due)}. De melding is nog niet afgehandeld."
        )
    else:
        subject = f"Herinnering: melding {melding.number} moet uiterlijk {day(due)} klaar zijn"
        first = f"Melding {melding.number} moet uiterlijk {day(due)} zijn afgehandeld."
    body = "\n".join(
        [
            first,
            "",
            f"Categorie: {melding.category}",
            f"Status: {melding.get_status_display()}",
            f"Locatie: {melding.address or melding.location_note or 'zie de melding'}",
            "",
            f"Open de melding: {link}",
        ]
    )
    return subject, body
