// Registration screen: the running clock, one-key actions and Ctrl+Enter to save a form.
(function () {
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    document.querySelectorAll("[data-started]").forEach(function (el) {
      var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.started)) / 1000));
      var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      el.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
    });
  }
  tick();
  setInterval(tick, 1000);

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing && event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    var action = document.querySelector('[data-click-key="' + event.key.toLowerCase() + '"]');
    if (action) {
      event.preventDefault();
      action.click();
    }
  });
})();
