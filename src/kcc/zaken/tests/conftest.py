from __future__ import annotations

import pytest

from kcc.core.models import OrganisationUnit
from kcc.producten.models import Product
from kcc.producten.services import save_product
from kcc.zaken.models import ZaakType
from kcc.zaken.tests.zgw_stub import ZgwStub

BSN = "111222333"
OTHER_BSN = "123456782"


@pytest.fixture
def vergunning(db) -> Product:
    unit = OrganisationUnit.objects.create(code="bmv", name="Bouw- en Milieuvergunningen", kind="sector")
    product = Product.objects.create(
        upl_name="omgevingsvergunning",
        upl_uri="http://standaarden.overheid.nl/owms/terms/omgevingsvergunning",
        slug="omgevingsvergunning",
    )
    return save_product(product, term_amount=8, term_unit="weken", extendable=True, extension_amount=6, unit=unit)


@pytest.fixture
def zaaktype(vergunning) -> ZaakType:
    return ZaakType.objects.create(
        code="omgevingsvergunning-regulier", name="Omgevingsvergunning (regulier)", product=vergunning
    )


@pytest.fixture
def zgw(settings):
    stub = ZgwStub("kcc-test", "geheim-van-de-stub")
    stub.start()
    settings.KCC_ZAKEN_BRON = "zgw"
    settings.KCC_ZGW_ZAKEN_URL = stub.zaken_url
    settings.KCC_ZGW_CLIENT_ID = "kcc-test"
    settings.KCC_ZGW_SECRET = "geheim-van-de-stub"
    try:
        yield stub
    finally:
        stub.stop()
