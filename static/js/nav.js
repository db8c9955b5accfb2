// The main menu collapses behind a "Menu" button on small screens. Without JavaScript the button
// stays hidden and the whole menu is shown, so nothing depends on this file.
(function () {
  var SMALL = window.matchMedia("(max-width: 47.99em)");

  function setup(nav) {
    var button = nav.querySelector("[data-nav-toggle]");
    if (!button) return;
    button.hidden = false;
    nav.classList.add("app-nav--collapsible");

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    set(!SMALL.matches);
    SMALL.addEventListener("change", function () { set(!SMALL.matches); });
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && SMALL.matches && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-nav]").forEach(setup);
})();
