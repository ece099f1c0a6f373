// Screen-pop: listens to the agent's SSE stream (/telefonie/stroom/) and announces an answered call
// as the "kcc:screenpop" document event ({contact_id, url}). The cockpit handles it and calls
// preventDefault(); without a handler a notice with a link to the contact appears instead.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.stroom;
  if (!url || !window.EventSource) {
    return;
  }

  var region = document.createElement("div");
  region.className = "screenpop-notice";
  // A live region without role="status": the page's own status messages stay the only status.
  region.setAttribute("aria-live", "polite");
  Object.assign(region.style, {
    position: "fixed",
    right: "1rem",
    bottom: "1rem",
    zIndex: "1000",
    maxWidth: "22rem",
  });
  document.body.appendChild(region);

  function showNotice(detail) {
    var box = document.createElement("p");
    Object.assign(box.style, {
      margin: "0.5rem 0 0",
      padding: "0.75rem 1rem",
      background: "#15325b",
      color: "#ffffff",
      borderRadius: "4px",
      boxShadow: "0 2px 6px rgba(0, 0, 0, 0.3)",
    });
    var link = document.createElement("a");
    link.href = detail.url;
    link.textContent = "Gesprek aangenomen: open het contact";
    Object.assign(link.style, { color: "#ffffff", fontWeight: "bold" });
    box.appendChild(link);
    region.appendChild(box);
  }

  var source;
  var lastSeen = ""; // the id of the last screen-pop received, so a new stream resumes after it
  function connect() {
    var resume = lastSeen ? (url.indexOf("?") < 0 ? "?" : "&") + "na=" + encodeURIComponent(lastSeen) : "";
    source = new EventSource(url + resume);
    source.addEventListener("open", function () {
      document.documentElement.dataset.screenpop = "verbonden";
    });
    source.addEventListener("screenpop", function (message) {
      lastSeen = message.lastEventId;
      var detail = JSON.parse(message.data);
      var event = new CustomEvent("kcc:screenpop", { detail: detail, cancelable: true });
      if (document.dispatchEvent(event)) {
        showNotice(detail);
      }
    });
    // The server ends each stream after a while: take over at once from the last screen-pop it sent.
    source.addEventListener("einde", function (message) {
      source.close();
      lastSeen = message.data;
      connect();
    });
    // Logged out (or no longer an agent): stop listening; the next page asks to log in.
    source.addEventListener("afgemeld", function () {
      source.close();
      document.documentElement.dataset.screenpop = "afgemeld";
    });
    // The browser retries a broken stream by itself; one it gave up on is opened again after a pause.
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED && !document.hidden) {
        window.setTimeout(function () {
          if (source.readyState === EventSource.CLOSED) {
            connect();
          }
        }, 5000);
      }
    });
  }
  connect();
  // A page that is left closes its stream, so the server's thread is free at once.
  window.addEventListener("pagehide", function () {
    source.close();
  });
})();
