"""The synonym list: the shipped data, the workspace page and who may change it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kcc.core.roles import Role
from kcc.core.search.models import Synonym
from kcc.core.search.services import add_synonym
from kcc.core.search.synonyms import (
    DATA_FILE,
    THESAURUS_ADDITIONS_FILE,
    THESAURUS_ENGLISH_FILE,
    THESAURUS_ENGLISH_WORDS_FILE,
    THESAURUS_FILE,
    THESAURUS_GOVERNMENT_FILE,
    THESAURUS_SITUATIONS_FILE,
    clean_term,
    load_shipped,
    shipped_synonyms,
    unload_shipped,
)

pytestmark = pytest.mark.django_db
URL = "/zoekbeheer/synoniemen/"


def test_shipped_list_is_loaded_and_large_enough() -> None:
    assert len(shipped_synonyms()) >= 80
    assert Synonym.objects.get(term="sofinummer").replacements == ["burgerservicenummer", "bsn"]
    assert Synonym.objects.get(term="id kaart").replacements == ["identiteitskaart"]


def test_shipped_thesaurus_is_loaded_as_editable_synonyms() -> None:
    thesaurus = shipped_synonyms(THESAURUS_FILE)
    assert len(thesaurus) >= 200
    terms = [clean_term(term) for term, _ in thesaurus]
    assert len(set(terms)) == len(terms)
    assert Synonym.objects.filter(term__in=terms).count() == len(terms)
    assert Synonym.objects.get(term="senaat").replacements == ["eerste kamer"]
    additions = [clean_term(term) for term, _ in shipped_synonyms(THESAURUS_ADDITIONS_FILE)]
    assert len(additions) >= 40 and not set(additions) & set(terms)
    assert Synonym.objects.filter(term__in=additions).count() == len(additions)
    assert Synonym.objects.get(term="stad").replacements == ["gemeente"]


SHIPPED_LISTS = [
    DATA_FILE,
    THESAURUS_FILE,
    THESAURUS_ADDITIONS_FILE,
    THESAURUS_GOVERNMENT_FILE,
    THESAURUS_ENGLISH_FILE,
    THESAURUS_ENGLISH_WORDS_FILE,
    THESAURUS_SITUATIONS_FILE,
]


@pytest.mark.parametrize(
    ("data_file", "minimum", "example", "replacements"),
    [
        (THESAURUS_GOVERNMENT_FILE, 100, "windturbine", ["windmolens"]),
        (THESAURUS_ENGLISH_FILE, 150, "tourist tax", ["toeristenbelasting"]),
        (THESAURUS_ENGLISH_FILE, 150, "id card", ["identiteitskaart"]),
        (THESAURUS_ENGLISH_WORDS_FILE, 100, "vote", ["stemmen"]),
        (THESAURUS_ENGLISH_WORDS_FILE, 100, "kid", ["kind"]),
        (THESAURUS_SITUATIONS_FILE, 40, "wasmachine", ["beschadigde"]),
        (THESAURUS_SITUATIONS_FILE, 40, "stpas", ["stempas"]),
    ],
)
def test_a_later_part_is_loaded_next_to_the_earlier_lists(data_file, minimum, example, replacements) -> None:
    earlier = {
        clean_term(term)
        for earlier_file in SHIPPED_LISTS[: SHIPPED_LISTS.index(data_file)]
        for term, _ in shipped_synonyms(earlier_file)
    }
    terms = [clean_term(term) for term, _ in shipped_synonyms(data_file)]
    assert len(terms) >= minimum and len(set(terms)) == len(terms) and not set(terms) & earlier
    assert Synonym.objects.filter(term__in=terms).count() == len(terms)
    assert Synonym.objects.get(term=example).replacements == replacements


@pytest.mark.parametrize(
    ("data_file", "changed", "changed_to", "shipped", "shipped_as", "earlier"),
    [
        (THESAURUS_GOVERNMENT_FILE, "racisme", ["discriminatie", "racisme"], "windturbine", ["windmolens"], "senaat"),
        (THESAURUS_ENGLISH_FILE, "polling station", ["stembureau", "stemlokaal"], "tourist tax",
         ["toeristenbelasting"], "windturbine"),
        (THESAURUS_ENGLISH_WORDS_FILE, "tax", ["belasting", "belastingen"], "vote", ["stemmen"], "tourist tax"),
        (THESAURUS_SITUATIONS_FILE, "afmelden", ["uitschrijven", "vertrek"], "hokje", ["stemhokje"], "vote"),
    ],
)  # fmt: skip
def test_reversing_a_later_part_keeps_what_a_redacteur_changed(
    data_file, changed, changed_to, shipped, shipped_as, earlier
) -> None:
    Synonym.objects.filter(term=changed).update(replacements=changed_to)
    unload_shipped(Synonym, data_file)
    assert not Synonym.objects.filter(term=shipped).exists()
    assert Synonym.objects.get(term=changed).replacements == changed_to
    assert Synonym.objects.filter(term=earlier).exists()  # an earlier list is left alone
    load_shipped(Synonym, data_file)
    assert Synonym.objects.get(term=shipped).replacements == shipped_as
    assert Synonym.objects.get(term=changed).replacements == changed_to


@pytest.mark.parametrize(
    ("role", "view", "edit"),
    [
        (Role.AGENT, 200, 403),
        (Role.TEAMLEADER, 200, 403),
        (Role.EDITOR, 200, 302),
        (Role.ADMIN, 200, 302),
        (Role.BACKOFFICE, 403, 403),
        (None, 403, 403),
    ],
)
def test_permissions_per_role(client, make_user, role, view, edit) -> None:
    client.force_login(make_user(role))
    assert client.get(URL).status_code == view
    assert client.post(URL, {"term": "stadskantoor", "replacements": "gemeentehuis"}).status_code == edit
    synonym = Synonym.objects.get(term="wob")
    response = client.post(reverse("search:synonym-delete", args=[synonym.pk]))
    assert response.status_code == edit
    assert Synonym.objects.filter(pk=synonym.pk).exists() == (edit != 302)


def test_anonymous_is_sent_to_login(client) -> None:
    assert client.get(URL).status_code == 302


def test_editor_adds_and_sees_it(client, editor) -> None:
    client.force_login(editor)
    response = client.post(URL, {"term": "  Stads-Kantoor ", "replacements": "gemeentehuis, stadhuis"}, follow=True)
    assert Synonym.objects.get(term="stads kantoor").replacements == ["gemeentehuis", "stadhuis"]
    assert "is toegevoegd" in response.content.decode()


def test_invalid_input_is_explained_and_changes_nothing(client, editor) -> None:
    client.force_login(editor)
    count = Synonym.objects.count()
    response = client.post(URL, {"term": "sofinummer", "replacements": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert "staat al in de lijst" in content and "minstens één officiële term" in content
    assert Synonym.objects.count() == count


def test_service_refuses_self_reference_and_empty_terms() -> None:
    with pytest.raises(ValidationError):
        add_synonym(term="woo", replacements=["woo"], actor=None)
    with pytest.raises(ValidationError):
        add_synonym(term="!!!", replacements=["x"], actor=None)


def test_list_escapes_and_filters(client, editor) -> None:
    add_synonym(term="<b>raar</b>", replacements=["<script>x</script>"], actor=None)
    client.force_login(editor)
    content = client.get(URL, {"q": "raar"}).content.decode()
    assert "<script>x" not in content and "b raar b" in content
    assert "<td>sofinummer</td>" not in content


def test_nav_item_for_those_who_may_view(client, agent, make_user) -> None:
    client.force_login(agent)
    assert 'href="/zoekbeheer/synoniemen/"' in client.get("/").content.decode()
    client.force_login(make_user(Role.BACKOFFICE))
    assert 'href="/zoekbeheer/synoniemen/"' not in client.get("/").content.decode()
