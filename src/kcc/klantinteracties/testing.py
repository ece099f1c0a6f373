"""A Klantinteracties (Open Klant 2) stand-in for tests and the benchmark, on the official spec.

The operations KCC uses, with in-memory state and filters; every request and response is
validated by :class:`kcc.integraties.testing.SpecStandIn`. Use ``with klantinteracties_standin(token)
as api:`` and point ``KCC_KLANTINTERACTIES_URL`` at ``api.base_url``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kcc.integraties.testing import Call, SpecStandIn, Store

SPEC = "klantinteracties-openapi.yaml"


def klantinteracties_standin(token: str) -> SpecStandIn:
    api = SpecStandIn(SPEC, headers={"Authorization": f"Token {token}"})
    store = Store(api)
    api.store = store

    def ref(collection: str, value: dict | None) -> dict | None:
        if not value:
            return None
        return {"uuid": value["uuid"], "url": store.url(collection, value["uuid"])}

    def first(call: Call, name: str) -> str | None:
        values = call.query.get(name)
        return values[0] if values else None

    def matching(collection: str, call: Call, filters: dict) -> tuple[int, dict]:
        items = store.all(collection)
        for name, value_of in filters.items():
            wanted = first(call, name)
            if wanted is not None:
                items = [item for item in items if value_of(item) == wanted]
        return 200, store.page(items)

    @api.handler("klantcontactenCreate")
    def create_klantcontact(call: Call):
        extra = {
            "gingOverOnderwerpobjecten": [],
            "hadBetrokkenActoren": [],
            "omvatteBijlagen": [],
            "hadBetrokkenen": [],
            "leiddeTotInterneTaken": [],
            "nummer": f"{len(store.all('klantcontacten')) + 1:010d}",
        }
        return 201, store.create("klantcontacten", call.body, extra)

    def partij_of(klantcontact: dict) -> str | None:
        for betrokkene in store.all("betrokkenen"):
            if betrokkene["hadKlantcontact"]["uuid"] == klantcontact["uuid"] and betrokkene.get("wasPartij"):
                return betrokkene["wasPartij"]["uuid"]
        return None

    @api.handler("klantcontactenList")
    def list_klantcontacten(call: Call):
        return matching(
            "klantcontacten",
            call,
            {
                "referentienummer": lambda item: item.get("referentienummer"),
                "hadBetrokkene__wasPartij__uuid": partij_of,
            },
        )

    @api.handler("betrokkenenCreate")
    def create_betrokkene(call: Call):
        body = {**call.body}
        body["hadKlantcontact"] = ref("klantcontacten", body["hadKlantcontact"])
        body["wasPartij"] = ref("partijen", body.get("wasPartij"))
        item = store.create("betrokkenen", body, {"digitaleAdressen": [], "volledigeNaam": ""})
        klantcontact = store.get("klantcontacten", item["hadKlantcontact"]["uuid"])
        klantcontact["hadBetrokkenen"].append({"uuid": item["uuid"], "url": item["url"]})
        return 201, item

    @api.handler("betrokkenenList")
    def list_betrokkenen(call: Call):
        return matching("betrokkenen", call, {"hadKlantcontact__uuid": lambda item: item["hadKlantcontact"]["uuid"]})

    @api.handler("onderwerpobjectenCreate")
    def create_onderwerpobject(call: Call):
        body = {**call.body, "klantcontact": ref("klantcontacten", call.body.get("klantcontact"))}
        item = store.create("onderwerpobjecten", body)
        klantcontact = store.get("klantcontacten", item["klantcontact"]["uuid"])
        klantcontact["gingOverOnderwerpobjecten"].append({"uuid": item["uuid"], "url": item["url"]})
        return 201, item

    @api.handler("onderwerpobjectenList")
    def list_onderwerpobjecten(call: Call):
        return matching("onderwerpobjecten", call, {"klantcontact__uuid": lambda item: item["klantcontact"]["uuid"]})

    @api.handler("partijenCreate")
    def create_partij(call: Call):
        body = {**call.body}
        identificatoren = body.pop("partijIdentificatoren", None) or []
        partij = store.create(
            "partijen",
            body,
            {
                "betrokkenen": [],
                "categorieRelaties": [],
                "vertegenwoordigden": [],
                "digitaleAdressen": [],
                "rekeningnummers": [],
                "partijIdentificatie": {"contactnaam": None, "volledigeNaam": ""},
            },
        )
        partij["partijIdentificatoren"] = [
            store.create(
                "partij-identificatoren",
                {**item, "identificeerdePartij": ref("partijen", partij), "subIdentificatorVan": None},
            )
            for item in identificatoren
        ]
        return 201, partij

    @api.handler("partijIdentificatorenList")
    def list_partij_identificatoren(call: Call):
        return matching(
            "partij-identificatoren",
            call,
            {
                "partijIdentificatorObjectId": lambda item: item["partijIdentificator"]["objectId"],
                "partijIdentificatorCodeSoortObjectId": lambda item: item["partijIdentificator"]["codeSoortObjectId"],
            },
        )

    @api.handler("actorenCreate")
    def create_actor(call: Call):
        return 201, store.create("actoren", call.body)

    @api.handler("actorenList")
    def list_actoren(call: Call):
        return matching(
            "actoren",
            call,
            {
                "actoridentificatorObjectId": lambda item: (item.get("actoridentificator") or {}).get("objectId"),
                "actoridentificatorCodeObjecttype": lambda item: (item.get("actoridentificator") or {}).get(
                    "codeObjecttype"
                ),
                "actoridentificatorCodeRegister": lambda item: (item.get("actoridentificator") or {}).get(
                    "codeRegister"
                ),
            },
        )

    @api.handler("internetakenCreate")
    def create_internetaak(call: Call):
        body = {**call.body}
        body["aanleidinggevendKlantcontact"] = ref("klantcontacten", body["aanleidinggevendKlantcontact"])
        body["toegewezenAanActoren"] = [ref("actoren", item) for item in body.get("toegewezenAanActoren", [])]
        extra = {"toegewezenOp": datetime.now(UTC).isoformat(), "afgehandeldOp": None}
        return 201, store.create("internetaken", body, extra)

    @api.handler("internetakenList")
    def list_internetaken(call: Call):
        return matching("internetaken", call, {"referentienummer": lambda item: item.get("referentienummer")})

    @api.handler("internetakenPartialUpdate")
    def update_internetaak(call: Call):
        item = store.get("internetaken", call.path_params["uuid"])
        if item is None:
            return 404, {"title": "Niet gevonden", "status": 404}
        item.update(call.body)
        return 200, item

    return api
