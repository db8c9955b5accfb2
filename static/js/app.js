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
