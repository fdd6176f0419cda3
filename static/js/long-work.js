// Long work shows it: a link marked data-long-work (a PDF or export that can take more than a
// second to make) says so, in the page's status region, from the click until the file arrives
// (the page loses and regains focus, or 20 seconds pass), and cannot be clicked twice meanwhile.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-long-work]");
    if (!link) {
      return;
    }
    if (link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
      return;
    }
    var status = document.getElementById(link.dataset.longWorkStatus || "long-work-status");
    link.setAttribute("aria-disabled", "true");
    link.classList.add("disabled");
    if (status) {
      status.textContent = link.dataset.longWork;
      status.hidden = false;
    }
    var done = function () {
      link.removeAttribute("aria-disabled");
      link.classList.remove("disabled");
      if (status) {
        status.textContent = "";
        status.hidden = true;
      }
      window.removeEventListener("focus", done);
    };
    window.setTimeout(function () {
      window.addEventListener("focus", done);
    }, 500);
    window.setTimeout(done, 20000);
  });
})();
