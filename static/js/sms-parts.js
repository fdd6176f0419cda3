// The SMS cost of a text as staff type it (the same rule as makin.sms.sms_parts): GSM-7 text
// fits 160 characters in one SMS and 153 per part when longer; Arabic travels as UCS-2, 70
// characters in one SMS and 67 per part when longer.
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENDED = "^{}\\[~]|€\f";

  function parts(text) {
    var gsm = true, length = 0, i;
    for (i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (EXTENDED.indexOf(c) >= 0) { length += 2; }
      else if (BASIC.indexOf(c) >= 0) { length += 1; }
      else { gsm = false; break; }
    }
    var single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
    if (!gsm) { length = text.length; }  // UTF-16 code units, as UCS-2 counts them
    if (length <= single) { return { chars: text.length, parts: length ? 1 : 0, per: single }; }
    return { chars: text.length, parts: Math.ceil(length / multi), per: multi };
  }

  document.querySelectorAll("[data-sms-count-for]").forEach(function (output) {
    var field = document.getElementById(output.getAttribute("data-sms-count-for"));
    if (!field) { return; }
    var format = output.getAttribute("data-format");
    function update() {
      var p = parts(field.value);
      output.textContent = format.replace("%(chars)s", p.chars)
        .replace("%(parts)s", p.parts).replace("%(per)s", p.per);
    }
    field.addEventListener("input", update);
    update();
  });
})();
