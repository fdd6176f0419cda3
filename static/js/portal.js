/* Makin portal, every page. After a failed submit the focus goes to the error summary at the
 * top; each of its links moves the focus to its field (a fragment link only scrolls). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.querySelectorAll('a[href^="#"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector('label[for="' + field.id + '"]');
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  });
})();
