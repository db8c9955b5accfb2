// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", function (event) {
  // Auto-submit filter selects marked with data-autosubmit, keeping keyboard users in control
  // (a submit button is always present too).
  var el = event.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) {
    el.form.requestSubmit();
  }
});
document.addEventListener("click", function (event) {
  var el = event.target.closest && event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// NL Design System error summary: after a failed submit, move focus to the summary so screen
// reader and keyboard users start at the list of problems (each a link to its field).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// Add-row buttons of a formset (e.g. the budget editor): without JavaScript the button submits and
// the server adds an empty row; with it, the row is cloned from a <template> (empty_form), its
// __prefix__ replaced by the next index, the formset's TOTAL_FORMS raised, and focus put in it.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-regel-toevoegen]");
  if (!button) {
    return;
  }
  var template = document.getElementById(button.getAttribute("data-regel-toevoegen"));
  var target = document.getElementById(button.getAttribute("data-regel-doel"));
  var total = button.form && button.form.querySelector(
    "input[name='" + button.getAttribute("data-regel-prefix") + "-TOTAL_FORMS']"
  );
  if (!template || !target || !total) {
    return;
  }
  event.preventDefault();
  var index = parseInt(total.value, 10) || 0;
  var html = template.innerHTML.replace(/__prefix__/g, String(index));
  var holder = document.createElement("tbody");
  holder.innerHTML = html;
  var row = holder.querySelector("tr");
  target.appendChild(row);
  total.value = String(index + 1);
  var first = row.querySelector("select, input:not([type=hidden]), textarea");
  if (first) {
    first.focus();
  }
});
