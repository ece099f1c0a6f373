// Keyboard-first workspace and the docked cockpit (see docs/contacten.md, "The cockpit").
//
// One keydown handler for every page:
//   "/", letters  data-focus-key="x" puts the focus in that field, data-click-key="x" presses that
//                 control; only while not typing in a field, and only elements shown on the page
//   ArrowDown/Up  from a search box through its hits and back (Enter opens a hit: it is a link); a
//                 search box names its results with data-search-results="<id>" (the header's search,
//                 the kennisbank page's own box)
//   Escape        closes those search results and puts the focus back in the search box
//   Ctrl+Enter    in a form field: saves that form; elsewhere: closes the cockpit's active contact
(function () {
  "use strict";

  var HITS = ".result-list > li > a:first-of-type";

  function shown(element) {
    return !!(element && element.getClientRects().length);
  }

  function firstShown(selector) {
    return Array.prototype.find.call(document.querySelectorAll(selector), shown) || null;
  }

  function isTypingIn(element) {
    return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function searchBox() {
    return document.querySelector('[data-focus-key="/"]');
  }

  // The search an element belongs to: {box, results} when it is a search box or inside its results.
  function searchOf(element) {
    var boxes = document.querySelectorAll("[data-search-results]");
    for (var i = 0; i < boxes.length; i++) {
      var results = document.getElementById(boxes[i].dataset.searchResults);
      if (results && (boxes[i] === element || results.contains(element))) return {box: boxes[i], results: results};
    }
    return null;
  }

  function searchHits(search) {
    return search ? Array.prototype.filter.call(search.results.querySelectorAll(HITS), shown) : [];
  }

  function focusField(field) {
    field.focus();
    // Only text fields can select their content; a <select> or a button just takes the focus.
    if (typeof field.select === "function") field.select();
  }

  function moveThroughHits(key, from, search) {
    var hits = searchHits(search);
    var index = hits.indexOf(from);
    if (!hits.length) return false;
    if (key === "ArrowDown") {
      if (from === search.box) hits[0].focus();
      else if (index >= 0) hits[Math.min(index + 1, hits.length - 1)].focus();
      else return false;
      return true;
    }
    if (index < 0) return false;
    (index === 0 ? search.box : hits[index - 1]).focus();
    return true;
  }

  function closeSearchResults(search) {
    if (!search.results.innerHTML.trim()) return false;
    search.results.innerHTML = "";
    search.box.focus();
    return true;
  }

  function pressKey(key) {
    var selector = '[data-focus-key="' + CSS.escape(key) + '"]';
    var field = firstShown(selector);
    if (field) {
      focusField(field);
      return true;
    }
    var control = firstShown('[data-click-key="' + CSS.escape(key) + '"]');
    if (control) {
      control.click();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = isTypingIn(target);
    var search = searchOf(target);
    var plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    var handled = false;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (typing && target.form) {
        target.form.requestSubmit();
        handled = true;
      } else {
        var close = firstShown("[data-cockpit-close]");
        if (close) {
          close.click();
          handled = true;
        }
      }
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && search && plain) {
      handled = moveThroughHits(event.key, target, search);
    } else if (event.key === "Escape" && search) {
      handled = closeSearchResults(search);
    } else if (!typing && plain && event.key.length === 1) {
      handled = pressKey(event.key.toLowerCase());
    }
    if (handled) event.preventDefault();
  });

  // "Naar het eerste zoekresultaat" (after the search button): straight to the first hit.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-first-hit]");
    var first = link && searchHits(searchOf(searchBox()))[0];
    if (first) {
      event.preventDefault();
      first.focus();
    }
  });

  // Running clocks (the cockpit, the contact page): mm:ss since data-started.
  function pad(number) {
    return number < 10 ? "0" + number : "" + number;
  }
  function tick() {
    document.querySelectorAll("time[data-started]").forEach(function (element) {
      var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(element.dataset.started)) / 1000));
      var hours = Math.floor(seconds / 3600);
      var minutes = Math.floor((seconds % 3600) / 60);
      element.textContent = (hours ? hours + ":" + pad(minutes) : pad(minutes)) + ":" + pad(seconds % 60);
    });
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);

  // The docked cockpit is as tall as the window below the header, so it is in view as a whole.
  function fitCockpit() {
    var workspace = document.querySelector(".workspace");
    if (workspace) {
      var top = workspace.getBoundingClientRect().top + window.scrollY;
      document.documentElement.style.setProperty("--kcc-dock-top", Math.ceil(top) + "px");
    }
  }
  fitCockpit();
  window.addEventListener("resize", fitCockpit);

  // Screen-pop: the telephony stream dispatches kcc:screenpop {contact_id, url} on the document.
  // The contact becomes the active one and the cockpit reloads, without reloading the page.
  document.addEventListener("kcc:screenpop", function (event) {
    var cockpit = document.getElementById("cockpit");
    var contactId = parseInt((event.detail || {}).contact_id, 10);
    if (!cockpit || !(contactId > 0)) return;
    event.preventDefault(); // the cockpit shows the call: no separate notice
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    fetch(cockpit.dataset.activateUrl.replace("/0/", "/" + contactId + "/"), {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) document.body.dispatchEvent(new CustomEvent("kcc:cockpit"));
    });
  });
})();

// Print buttons (no inline handlers: the Content-Security-Policy allows scripts from files only).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});

// Grouped main menu: each group is a <details> disclosure (works without script). One group is open
// at a time; Escape or a click elsewhere closes it, and Escape puts the focus back on its button.
(function () {
  "use strict";
  var menu = document.querySelector("[data-nav-menu]");
  if (!menu) return;
  var groups = Array.prototype.slice.call(menu.querySelectorAll("details"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (group.open && !group.contains(event.target)) group.open = false; });
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = groups.filter(function (group) { return group.open; })[0];
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
    event.stopPropagation();
  });
})();
