import pytest

pytestmark = pytest.mark.django_db


def test_workspace_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert client.get("/zoeken/?q=paspoort").status_code == 302


def test_health_and_login_page_are_public(client):
    assert client.get("/gezondheid/").json() == {"status": "ok"}
    page = client.get("/inloggen/")
    assert page.status_code == 200 and "Wachtwoord" in page.content.decode()


def test_home_shows_my_tasks_and_search_hint(client, agent):
    client.force_login(agent)
    html = client.get("/").content.decode()
    assert 'data-focus-key="/"' in html
    assert "Wat wacht op u" in html and "Er wacht nu niets op u" in html


def test_overlong_search_is_refused_with_a_clear_message(client, agent):
    client.force_login(agent)
    response = client.get("/zoeken/", {"q": "x" * 1000})
    assert response.status_code == 200
    assert "te lang" in response.content.decode()


def test_openapi_schema_is_public(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "KCC API"
