// Keyboard-first workspace: "/" focuses the search box from anywhere but a text field.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  var field = document.querySelector('[data-focus-key="' + event.key + '"]');
  if (field) {
    event.preventDefault();
    field.focus();
    if (typeof field.select === "function") field.select();
  }
});

// Print buttons (no inline handlers: the Content-Security-Policy allows scripts from files only).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
