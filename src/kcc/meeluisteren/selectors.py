"""Reads of meeluisteren: who sees which review, and the findings per team and per agent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, QuerySet

from kcc.core.models import User
from kcc.meeluisteren.models import Item, Review, ReviewAnswer


def visible_reviews(user: User) -> QuerySet[Review]:
    """All for the teamleider (and beheer); an agent only the reviews of his own contacts."""
    queryset = Review.objects.select_related("contact", "agent", "team", "reviewer")
    if user.has_perm("meeluisteren.view_all_reviews"):
        return queryset
    if user.has_perm("meeluisteren.view_own_reviews"):
        return queryset.filter(agent=user)
    return queryset.none()


@dataclass
class ItemScore:
    ja: int = 0
    nee: int = 0
    nvt: int = 0

    @property
    def share_yes(self) -> float | None:
        answered = self.ja + self.nee
        return None if not answered else 100.0 * self.ja / answered


@dataclass
class Finding:
    key: str
    name: str
    reviews: int = 0
    items: dict[str, ItemScore] = field(default_factory=lambda: {item.value: ItemScore() for item in Item})

    @property
    def scores(self) -> list[ItemScore]:
        """The scores in checklist order (for a table with one column per item)."""
        return [self.items[item.value] for item in Item]


def findings(*, by: str, start: date | None = None, end: date | None = None) -> list[Finding]:
    """Per team (``by="team"``) or per agent (``by="medewerker"``): reviews and ja/nee/nvt per item."""
    group = {"team": ("review__team_id", "review__team__name"),
             "medewerker": ("review__agent_id", "review__agent__username")}[by]  # fmt: skip
    if by == "medewerker":
        names = {user.pk: str(user) for user in User.objects.filter(listen_in_reviews__isnull=False).distinct()}
    answers = ReviewAnswer.objects.all()
    reviews = Review.objects.all()
    zone = ZoneInfo(settings.TIME_ZONE)
    if start:
        begin = datetime.combine(start, time(), zone)
        answers, reviews = answers.filter(review__created_at__gte=begin), reviews.filter(created_at__gte=begin)
    if end:
        until = datetime.combine(end + timedelta(days=1), time(), zone)
        answers, reviews = answers.filter(review__created_at__lt=until), reviews.filter(created_at__lt=until)
    found: dict[object, Finding] = {}
    for row in answers.order_by().values(*group, "item", "answer").annotate(n=Count("pk")):
        key = row[group[0]]
        finding = found.setdefault(key, Finding(str(key or ""), row[group[1]] or "onbekend"))
        score = finding.items.setdefault(row["item"], ItemScore())
        setattr(score, row["answer"], getattr(score, row["answer"]) + row["n"])
    counts = defaultdict(int, reviews.order_by().values_list(group[0].removeprefix("review__")).annotate(n=Count("pk")))
    for key, finding in found.items():
        finding.reviews = counts[key]
        if by == "medewerker" and key in names:
            finding.name = names[key]
    return sorted(found.values(), key=lambda finding: finding.name.lower())
