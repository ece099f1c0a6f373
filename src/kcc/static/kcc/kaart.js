// The map of the meldingen pages (docs/meldingen.md#kaart): Leaflet on top of plain fields.
// Without JavaScript the address and coordinate fields work alone; with it the address search
// fills them, and a pin (click, drag, or the "midden" button for keyboard users) sets the point.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // Even-odd rule over a GeoJSON (Multi)Polygon, the same rule as kcc.meldingen.geo.
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi)) inside = !inside;
    }
    return inside;
  }
  function inArea(area, lat, lon) {
    var polygons = area.type === "Polygon" ? [area.coordinates] : area.coordinates;
    return polygons.some(function (rings) {
      return inRing(lon, lat, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(lon, lat, hole); });
    });
  }

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"}).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, body: body}; });
    });
  }

  function field(id) { return document.getElementById(id); }

  ready(function () {
    // htmx shows the address suggestions' own error text (a 400 or 502) instead of dropping it.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.requestConfig && event.detail.requestConfig.elt.hasAttribute("data-swap-errors")) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });

    var box = document.querySelector("[data-kaart]");
    if (!box || typeof L === "undefined") return;
    var search = document.querySelector("[data-kaart-search]");
    if (search) search.hidden = false;
    box.hidden = false;
    var status = box.querySelector("[data-kaart-status]");
    var map = L.map("kaart-map", {zoomControl: false, keyboard: true}).setView([52.1, 5.3], 8);
    L.control.zoom({zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen"}).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    L.tileLayer(box.dataset.tiles, {attribution: box.dataset.attribution, minZoom: 6, maxZoom: 19}).addTo(map);
    var area = null;
    var markers = JSON.parse(document.getElementById("kaart-markers").textContent);

    markers.forEach(function (item) {
      var popup = document.createElement("a");
      popup.href = item.url;
      popup.textContent = item.label;
      L.marker([item.lat, item.lon], {alt: item.label, keyboard: false}).bindPopup(popup).addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.latLngBounds(markers.map(function (m) { return [m.lat, m.lon]; })), {maxZoom: 16, padding: [20, 20]});
    }

    getJSON(box.dataset.areaUrl).then(function (result) {
      if (!result.ok) return;
      area = result.body;
      var outline = L.geoJSON(area, {interactive: false, style: {color: "#1f4e79", weight: 2, fillOpacity: 0.04}}).addTo(map);
      if (!markers.length && !pin) map.fitBounds(outline.getBounds());
    });

    if (!box.hasAttribute("data-pin")) return;

    var lat = field("id_lat"), lon = field("id_lon");
    var pin = null;
    function say(text) { status.textContent = text; }
    function fill(address) {
      field("id_street").value = address.street;
      field("id_house_number").value = address.house_number;
      field("id_postcode").value = address.postcode;
      field("id_city").value = address.city;
    }
    function placePin(latitude, longitude) {
      if (!pin) {
        pin = L.marker([latitude, longitude], {draggable: true, alt: "Pin: plek van de melding", keyboard: false}).addTo(map);
        pin.on("dragend", function () { choosePoint(pin.getLatLng().lat, pin.getLatLng().lng); });
      } else {
        pin.setLatLng([latitude, longitude]);
      }
    }
    function setPoint(latitude, longitude) {
      lat.value = Number(latitude).toFixed(6);
      lon.value = Number(longitude).toFixed(6);
      placePin(latitude, longitude);
      field("location").dispatchEvent(new Event("point-set"));
    }
    // A point chosen on the map: check the boundary here at once, then ask for the nearest address.
    function choosePoint(latitude, longitude) {
      setPoint(latitude, longitude);
      if (area && !inArea(area, latitude, longitude)) {
        say("Deze plek ligt buiten de gemeente. Zet de pin binnen de lijn op de kaart.");
        return;
      }
      say("Het adres bij deze plek wordt opgezocht…");
      var url = box.dataset.reverseUrl + "?lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
      getJSON(url).then(function (result) {
        if (!result.ok) { say(result.body.error || "De plek is ingevuld."); return; }
        if (!result.body.inside) { say("Deze plek ligt buiten de gemeente. Zet de pin binnen de lijn op de kaart."); return; }
        if (result.body.address) {
          fill(result.body.address);
          say("De plek is ingevuld, met het adres " + result.body.address.label + ".");
        } else {
          say("De plek is ingevuld. Er is geen adres vlakbij; beschrijf bij 'Waar precies?' waar het is.");
        }
      }).catch(function () { say("De plek is ingevuld. Het adres kon niet worden opgezocht."); });
    }

    map.on("click", function (event) { choosePoint(event.latlng.lat, event.latlng.lng); });
    box.querySelector("[data-kaart-center]").addEventListener("click", function () {
      var center = map.getCenter();
      choosePoint(center.lat, center.lng);
    });
    // Coordinates typed by hand, from the browser's location or from a photo move the pin too.
    function fromFields() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b)) { placePin(a, b); map.setView([a, b], Math.max(map.getZoom(), 16)); }
    }
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    field("location").addEventListener("point-set", fromFields);
    if (lat.value && lon.value) fromFields();

    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-address-id]");
      if (!button) return;
      say("Het adres wordt opgehaald…");
      getJSON(box.dataset.lookupUrl + "?id=" + encodeURIComponent(button.dataset.addressId)).then(function (result) {
        if (!result.ok) { say(result.body.error); return; }
        var address = result.body.address;
        fill(address);
        setPoint(address.lat, address.lon);
        field("address-suggestions").textContent = "";
        field("address-search").value = address.label;
        field("address-search").focus();
        say(result.body.inside
          ? "Het adres " + address.label + " is ingevuld en staat op de kaart."
          : "Het adres " + address.label + " ligt buiten de gemeente. Kies een adres in de gemeente.");
      }).catch(function () { say("Het adres kon niet worden opgehaald. Vul het zelf in."); });
    });

    // Nearby open meldingen (the duplicate check) on the map; the list above the photos says the same in text.
    var nearby = L.layerGroup().addTo(map);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target.id !== "duplicates" && event.target.id !== "duplicates") return;
      nearby.clearLayers();
      document.querySelectorAll("#duplicates [data-nearby][data-lat]").forEach(function (item) {
        L.circleMarker([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)],
          {radius: 9, color: "#8a3b00", weight: 3, fillOpacity: 0.5, interactive: false}).addTo(nearby);
      });
    });
  });
})();
