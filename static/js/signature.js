/* Makin portal: the optional drawn signature, on the vendored signature_pad library (touch,
 * pen and mouse, high-density screens). <canvas data-signature-for="ID"> writes a PNG data URL
 * into the hidden input #ID after each stroke; <button data-signature-clear="ID"> clears both.
 * The canvas is sized to its box times the device's pixel ratio, and redrawn when the window
 * is resized. Forms with class "js-once" disable their submit button after the first
 * submission (the server refuses duplicates anyway). */
(function () {
  "use strict";

  function setup(canvas) {
    var input = document.getElementById(canvas.dataset.signatureFor);
    if (!input || typeof window.SignaturePad !== "function") return;
    var pad = new window.SignaturePad(canvas, { penColor: "#111", minWidth: 1, maxWidth: 3 });

    function save() {
      input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    }

    function resize() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var width = canvas.offsetWidth * ratio;
      var height = canvas.offsetHeight * ratio;
      if (canvas.width === width && canvas.height === height) return;
      var strokes = pad.toData();
      canvas.width = width;
      canvas.height = height;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(strokes);
    }

    pad.addEventListener("endStroke", save);
    window.addEventListener("resize", resize);
    resize();

    var clear = document.querySelector('[data-signature-clear="' + canvas.dataset.signatureFor + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        pad.clear();
        save();
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
