"""Where free text leaves or is kept: the search log, the content-gap export, Open311 output."""

from __future__ import annotations

import pytest

from kcc.kennisbank.models import SearchLog
from kcc.kennisbank.services import search_and_log

pytestmark = pytest.mark.django_db


def test_search_log_keeps_the_question_without_the_callers_number_or_email():
    log, _ = search_and_log(query="paspoort kwijt 06-12345678 j.jansen@example.nl", channel=SearchLog.Channel.PUBLIC)
    log.refresh_from_db()
    assert log.query == "paspoort kwijt [TELEFOON] [E-MAIL]"
    assert log.normalised_query == "paspoort kwijt [telefoon] [e-mail]"
    assert not SearchLog.objects.filter(query__contains="12345678").exists()


def test_open311_publishes_the_description_only_when_opted_in_and_then_scrubbed(person_records, client, settings):
    from kcc.meldingen.models import Melding

    number = Melding.objects.get(pk=person_records.ids["meldingen"][0]).number
    assert client.get(f"/open311/v2/requests/{number}.json").json()[0]["description"] is None
    settings.KCC_OPEN311_DESCRIPTION = "opgeschoond"
    published = client.get(f"/open311/v2/requests/{number}.json").json()[0]["description"]
    assert published == "Lamp kapot bij [ADRES], bel [TELEFOON]"
