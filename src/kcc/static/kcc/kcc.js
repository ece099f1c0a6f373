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
