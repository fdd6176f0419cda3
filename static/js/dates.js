/* Makin portal: beside each date field, the typed date in both calendars (Hijri and
 * Gregorian), asked of the portal as the person types. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-calendar-echo]").forEach(function (input) {
    var echo = document.getElementById(input.id + "_echo");
    if (!echo) return;
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var url = input.dataset.calendarEcho + "?value=" + encodeURIComponent(input.value);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { echo.textContent = data.text; })
          .catch(function () {});
      }, 250);
    });
  });
})();
