"""The demo content loads, is searchable, and loading it twice changes nothing."""

from __future__ import annotations

import pytest

from kcc.core import demo as core_demo
from kcc.core.calendar import today
from kcc.kennisbank import demo
from kcc.kennisbank.models import VAC, NewsItem, VACVersion
from kcc.kennisbank.search import search_vacs

pytestmark = pytest.mark.django_db


def test_demo_content_is_idempotent_and_searchable(monkeypatch, tmp_path):
    monkeypatch.setenv("KCC_SHARED_DIR", str(tmp_path))  # no Rijksoverheid file here: skipped with a message
    core_demo.load()

    first = demo.load()
    second = demo.load()

    assert first[0] == f"{len(demo.VACS)} demo-VAC's toegevoegd, 0 waren er al"
    assert second[0] == f"0 demo-VAC's toegevoegd, {len(demo.VACS)} waren er al"
    assert "niet gevonden" in second[2]
    assert VAC.objects.count() == len(demo.VACS) == VACVersion.objects.count()
    assert NewsItem.objects.count() == len(demo.NEWS)
    assert VAC.objects.filter(review_date__lt=today()).exists()  # some reviews are overdue
    paspoort = VAC.objects.get(external_id="demodam-paspoort")
    assert paspoort.owner_user.username == "redacteur"
    assert {vac.external_id for vac in paspoort.related.all()} == {"demodam-afspraak", "demodam-uittreksel-brp"}
    assert search_vacs("grofvuil", public_only=True)[0].vac.external_id == "demodam-grofvuil"
