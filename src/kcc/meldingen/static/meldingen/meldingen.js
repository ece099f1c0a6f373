// The melding form: the danger text, the browser's geolocation and the place stored in a photo.
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.getElementById("melding-form");
    if (!form) return;
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var urgent = document.getElementById("id_is_urgent");
    var emergency = document.getElementById("emergency-text");
    if (urgent && emergency) {
      urgent.addEventListener("change", function () { emergency.hidden = !urgent.checked; });
    }
    function setPoint(latitude, longitude) {
      lat.value = Number(latitude).toFixed(6);
      lon.value = Number(longitude).toFixed(6);
      document.getElementById("location").dispatchEvent(new Event("point-set"));
    }
    var geo = document.getElementById("use-my-location");
    var geoStatus = document.getElementById("geo-status");
    if (geo && navigator.geolocation) {
      geo.hidden = false;
      geo.addEventListener("click", function () {
        geoStatus.textContent = "Uw locatie wordt opgezocht…";
        navigator.geolocation.getCurrentPosition(function (position) {
          setPoint(position.coords.latitude, position.coords.longitude);
          geoStatus.textContent = "De coördinaten van uw locatie zijn ingevuld.";
        }, function () {
          geoStatus.textContent = "Uw locatie is niet gevonden. Vul een adres of coördinaten in.";
        });
      });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-use-point]");
      if (!button) return;
      setPoint(button.dataset.lat, button.dataset.lon);
      button.textContent = "De plek uit de foto is ingevuld";
    });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
