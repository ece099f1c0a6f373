"""No dead ends: every link a role is shown in the workspace opens for that role (never a 403).

The crawl follows the links of the demo municipality's pages per demo user (Django test client),
one page per view and set of query parameters, so it stays fast while covering every kind of page.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from kcc.core import demo
from kcc.core.access import may_open
from kcc.core.models import OrganisationUnit, User

LINK = re.compile(r'<a\s[^>]*?href="([^"#]+)', re.IGNORECASE)
SKIP = ("/beheer/", "/static/", "/media/", "/api/", "/accounts/", "/gezondheid/")
MAX_PAGES_PER_ROLE = 120
DEMO_USERS = [username for username, *_ in demo.DEMO_USERS]  # one per role


def _key(url: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted({name for name, _ in parse_qsl(parts.query)}))


def crawl(client, user: User, start: str = "/") -> tuple[list[tuple[str, str, int]], int]:
    """(page, link, status) of every link that does not open for ``user``, and the pages visited.

    Every link on a visited page is checked against the permissions its view declares (no request
    needed); one page per view and set of query parameters is fetched, which also catches views
    that refuse in their own code.
    """
    queue, seen, failures, visited = deque([("", start)]), set(), [], 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        source, url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (401, 403, 404, 405) or response.status_code >= 500:
            failures.append((source, url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            link = unescape(href)
            if not link.startswith("/") or link.startswith(SKIP):
                continue
            if not may_open(user, link):
                failures.append((url, link, 403))
            key = _key(link)
            if key is None or key in seen:
                continue
            seen.add(key)
            queue.append((url, link))
    return failures, visited


def test_every_link_a_role_sees_opens(client, db):
    call_command("demo", stdout=StringIO())
    report = {}
    for user in User.objects.filter(username__in=DEMO_USERS).order_by("username"):
        client.force_login(user)
        failures, visited = crawl(client, user)
        assert visited >= 3, user.username  # the home page and what its links lead to
        report[user.username] = sorted(set(failures))
    assert report == {username: [] for username in report}, "\n".join(
        f"{username}: {source} → {link}: {status}"
        for username, failures in report.items()
        for source, link, status in failures
    )
    assert len(report) == len(DEMO_USERS)


def test_the_transfer_panel_offers_a_callback_only_to_who_may_make_one(client, db):
    """The issue's example: the panel of a unit that is never put through (21 dead links per role)."""
    call_command("demo", stdout=StringIO())
    unit = OrganisationUnit.objects.filter(transfer_policy="geen_doorverbinding").first()
    assert unit is not None
    shown = {}
    for user in User.objects.filter(username__in=DEMO_USERS):
        client.force_login(user)
        response = client.get(reverse("medewerkers:unit-panel", args=[unit.code]))
        assert response.status_code in (200, 403)
        shown[user.username] = "Terugbelverzoek maken" in response.content.decode()
        assert shown[user.username] == user.has_perm("contacten.add_callback"), user.username
    assert shown["kcc"] is True
