"""Fixtures of the meldingen tests: the demo organisation and categories, people per role, intakes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from PIL import Image

from kcc.core import demo as core_demo
from kcc.core.models import OrganisationUnit, User
from kcc.core.roles import Role
from kcc.meldingen import demo as meldingen_demo
from kcc.meldingen import services
from kcc.meldingen.models import Category, Channel, Feedback

from .locatieserver import Locatieserver

INSIDE = (51.9225, 4.4792)  # inside the default bounding box


@pytest.fixture
def demo(db) -> None:
    core_demo.load()
    meldingen_demo.load()


@pytest.fixture
def category(demo) -> Category:
    return Category.objects.get(code="wegen-bestrating-losse-tegel")


@pytest.fixture
def wegen(demo) -> OrganisationUnit:
    return OrganisationUnit.objects.get(code="wegen")


@pytest.fixture
def backoffice(make_user, wegen) -> User:
    return make_user(Role.BACKOFFICE, unit=wegen, username="bo-wegen", email="bo@demodam.nl")


@pytest.fixture
def other_backoffice(make_user, demo) -> User:
    return make_user(Role.BACKOFFICE, unit=OrganisationUnit.objects.get(code="groen"), username="bo-groen")


@pytest.fixture
def teamleader(make_user, demo) -> User:
    return make_user(Role.TEAMLEADER, username="tl")


@pytest.fixture
def kcc_agent(make_user, demo) -> User:
    return make_user(Role.AGENT, unit=OrganisationUnit.objects.get(code="kcc"), username="kcc-agent")


def jpeg_bytes(size: tuple[int, int] = (64, 48), exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (51.0, 55.0, 21.0)
        gps[3], gps[4] = "E", (4.0, 28.0, 45.12)
        exif[0x0110] = "Testcamera X100"  # Model
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def make_intake(category) -> Callable[..., services.Intake]:
    def make(**overrides) -> services.Intake:
        reporter = overrides.pop("reporter", services.Reporter())
        location = overrides.pop("location", services.Location(lat=INSIDE[0], lon=INSIDE[1]))
        fields = {
            "category": category,
            "description": "Er ligt een losse stoeptegel voor de deur.",
            "location": location,
            "reporter": reporter,
            "channel": Channel.WEB,
        }
        fields.update(overrides)
        return services.Intake(**fields)

    return make


@pytest.fixture
def email_reporter() -> services.Reporter:
    return services.Reporter(name="A. Melder", email="melder@example.nl", feedback=Feedback.EMAIL)


@pytest.fixture(scope="module")
def locatieserver() -> Iterator[Locatieserver]:
    """The Locatieserver stand-in (and tile server) on loopback, once per test module."""
    server = Locatieserver().start()
    yield server
    server.stop()


@pytest.fixture
def geocoder(settings, locatieserver) -> Locatieserver:
    """Point the map's tiles and the address search at the stand-in, with a clean request log."""
    settings.KCC_GEOCODER_URL = locatieserver.url
    settings.KCC_MAP_TILE_URL = locatieserver.tile_url
    locatieserver.mode = ""
    locatieserver.requests.clear()
    return locatieserver
