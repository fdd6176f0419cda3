/* Makin portal: an on-screen signature pad (no dependencies, no inline script).
 * <canvas data-signature-for="ID"> writes a PNG data URL into the hidden input #ID after each
 * stroke; <button data-signature-clear="ID"> clears both. Forms with class "js-once" disable
 * their submit button after the first submission (the server refuses duplicates anyway). */
(function () {
  "use strict";

  function setup(canvas) {
    var input = document.getElementById(canvas.dataset.signatureFor);
    if (!input) return;
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    canvas.style.touchAction = "none";
    canvas.style.width = "100%";
    canvas.style.maxWidth = canvas.width + "px";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - rect.left) * canvas.width) / rect.width,
        y: ((event.clientY - rect.top) * canvas.height) / rect.height,
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 0.1, p.y + 0.1);
      ctx.stroke();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      if (drawn) input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", finish);

    var clear = document.querySelector('[data-signature-clear="' + canvas.dataset.signatureFor + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        input.value = "";
        drawn = false;
      });
    }
  }

  function once(form) {
    form.addEventListener("submit", function () {
      var buttons = form.querySelectorAll('button[type="submit"]');
      window.setTimeout(function () {
        buttons.forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  }

  document.querySelectorAll("canvas[data-signature-for]").forEach(setup);
  document.querySelectorAll("form.js-once").forEach(once);
})();
