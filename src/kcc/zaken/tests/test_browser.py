"""Registering a zaak and suspending its term in headless Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kcc.core.roles import Role
from kcc.zaken.models import Zaak

pytestmark = pytest.mark.browser


def test_register_a_zaak_and_suspend_its_term(transactional_db, zaaktype, make_user, page, login):
    login(make_user(Role.BACKOFFICE, unit=zaaktype.product.unit))
    today = timezone.localdate()
    page.goto("/zaken/")
    page.get_by_role("link", name="Zaak registreren").click()
    page.fill("#id_start_date", "")
    page.get_by_role("button", name="Zaak registreren").click()
    page.get_by_text("Kies het zaaktype.").wait_for()
    page.get_by_label("Zaaktype (product)").select_option(label=f"{zaaktype.name} ({zaaktype.product.display_title})")
    page.fill("#id_start_date", today.isoformat())
    page.get_by_label("Omschrijving").fill("Dakkapel aan de achterkant")
    page.get_by_label("Telefoonnummer aanvrager").fill("06-12345678")
    page.get_by_role("button", name="Zaak registreren").click()
    zaak = Zaak.objects.get()
    page.get_by_role("heading", name=f"Zaak {zaak.number}").wait_for()

    page.get_by_label("Grond (Awb art. 4:15)").select_option("aanvulling")
    page.get_by_role("button", name="Termijn opschorten").click()
    page.get_by_text("zonder termijn staat de beslistermijn niet stil").wait_for()
    page.fill("#id_until", (today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Termijn opschorten").click()
    suspension = page.get_by_test_id("suspension")
    suspension.wait_for()
    assert "omdat wij u om aanvullende gegevens hebben gevraagd" in suspension.inner_text()
    assert page.get_by_test_id("deadline").inner_text().startswith("staat stil")
    assert zaak.suspensions.get().reason == "aanvulling"
