/* Makin portal: beside each date field, the typed date in both calendars (Hijri and
 * Gregorian), asked of the portal as the person types; and a picker that shows one month of
 * either calendar, drawn by the portal (/dates/month/), worked by keyboard as the WAI-ARIA
 * date picker dialog: arrows move by a day (in the page's reading direction) or a week, Home and
 * End to the first and last day of the week, Page Up/Down to the same day of the previous or
 * next month of the calendar shown, Enter picks; Tab stays inside the open dialog, Escape closes
 * it and gives the focus back to its button. */
(function () {
  "use strict";
  function echoOf(input) {
    var echo = document.getElementById(input.id + "_echo");
    if (!echo) return;
    var url = input.dataset.calendarEcho + "?value=" + encodeURIComponent(input.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { echo.textContent = data.text; })
      .catch(function () {});
  }

  document.querySelectorAll("input[data-calendar-echo]").forEach(function (input) {
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { echoOf(input); }, 250);
    });
  });

  function isoPlus(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function setUp(button) {
    var input = document.getElementById(button.dataset.calendarOpen);
    var picker = document.getElementById(input.id + "_picker");
    if (!input || !picker) return;
    var calendar = "";

    // `focus`: true for the day asked for, "previous"/"following" for that month button, or
    // {day: n} for the n-th day of the month loaded (its last day if the month is shorter).
    function load(date, focus) {
      var url = input.dataset.calendarMonth + "?value=" + encodeURIComponent(input.value) +
        (calendar ? "&calendar=" + calendar : "") + (date ? "&date=" + date : "");
      return fetch(url, { headers: { Accept: "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          picker.innerHTML = html;
          var month = picker.querySelector("[data-calendar]");
          if (month) calendar = month.dataset.calendar;
          var title = picker.querySelector("h2");
          if (title) title.id = input.id + "_picker_title";
          var grid = picker.querySelector("[role=grid]");
          if (grid && title) grid.setAttribute("aria-labelledby", title.id);
          if (typeof focus === "string") {
            var nav = picker.querySelector("[data-calendar-nav='" + focus + "']");
            if (nav) nav.focus();
          } else if (focus && focus.day) {
            var days = picker.querySelectorAll("[data-date]");
            if (days.length) roam(days[Math.min(focus.day, days.length) - 1]);
          } else if (focus) {
            var day = picker.querySelector("[data-date][tabindex='0']") ||
              picker.querySelector("[data-date]");
            if (day) day.focus();
          }
        })
        .catch(function () {});
    }

    function open() {
      picker.hidden = false;
      button.setAttribute("aria-expanded", "true");
      load("", true);
    }

    function close(refocus) {
      picker.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (refocus) button.focus();
    }

    function pick(day) {
      input.value = day.dataset.typed;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      echoOf(input);
      close(true);
    }

    // The one day of the grid in the Tab order moves with the focus.
    function roam(to) {
      picker.querySelectorAll("[data-date][tabindex='0']").forEach(function (day) {
        day.tabIndex = -1;
      });
      to.tabIndex = 0;
      to.focus();
    }

    function move(from, days) {
      var target = isoPlus(from.dataset.date, days);
      var day = picker.querySelector("[data-date='" + target + "']");
      if (day) {
        roam(day);
      } else {
        load(target, true);
      }
    }

    // Page Up/Down: the same day number in the month before or after, in the calendar shown.
    function moveMonth(from, direction) {
      var nav = picker.querySelector("[data-calendar-nav='" + direction + "']");
      var number = parseInt(from.textContent, 10);
      if (nav) load(nav.dataset.calendarGo, { day: number });
    }

    // Home/End: the first or last day of the focused day's week (its row of the grid).
    function moveInWeek(from, last) {
      var week = from.closest("tr").querySelectorAll("[data-date]");
      roam(week[last ? week.length - 1 : 0]);
    }

    // Tab and Shift+Tab go round the open dialog's controls rather than out of it.
    function trap(event) {
      var controls = Array.prototype.filter.call(
        picker.querySelectorAll("button:not([tabindex='-1'])"),
        function (control) { return !control.disabled; }
      );
      if (!controls.length) return;
      var first = controls[0];
      var last = controls[controls.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      } else if (!picker.contains(document.activeElement)) {
        event.preventDefault();
        first.focus();
      }
    }

    button.addEventListener("click", function () {
      if (picker.hidden) open(); else close(false);
    });

    picker.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      if (target.dataset.date) {
        pick(target);
      } else if (target.dataset.calendarGo) {
        if (target.dataset.calendarSwitch) calendar = target.dataset.calendarSwitch;
        load(target.dataset.calendarGo, target.dataset.calendarNav || true);
      }
    });

    picker.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
        return;
      }
      if (event.key === "Tab") {
        trap(event);
        return;
      }
      var day = event.target.closest("[data-date]");
      if (!day) return;
      var rtl = document.documentElement.dir === "rtl";
      var steps = {
        ArrowLeft: rtl ? 1 : -1,
        ArrowRight: rtl ? -1 : 1,
        ArrowUp: -7,
        ArrowDown: 7,
      };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        pick(day);
      } else if (event.key in steps) {
        event.preventDefault();
        move(day, steps[event.key]);
      } else if (event.key === "PageUp" || event.key === "PageDown") {
        event.preventDefault();
        moveMonth(day, event.key === "PageUp" ? "previous" : "following");
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        moveInWeek(day, event.key === "End");
      }
    });

    document.addEventListener("click", function (event) {
      if (!picker.hidden && !picker.contains(event.target) && event.target !== button &&
          !button.contains(event.target)) {
        close(false);
      }
    });
  }

  document.querySelectorAll("button[data-calendar-open]").forEach(setUp);
})();
