/* The public site's only script: progressive enhancements, the pages work without it. */
(function () {
  "use strict";

  // 长者模式 (elderly-friendly mode): larger type and higher contrast, remembered for a year
  // in a cookie so that the server renders the next page in it straight away.
  function setElderly(on) {
    document.documentElement.classList.toggle("elderly", on);
    document.cookie = "gxpt_elderly=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    document.querySelectorAll("[data-elderly-switch]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // The boards' 二级目录 list narrows to the chosen 一级目录.
  function narrowDomains(form) {
    var first = form.querySelector("select[name=domain_first]");
    var second = form.querySelector("select[name=domain]");
    if (!first || !second) return;
    var all = Array.prototype.slice.call(second.options).map(function (option) {
      return option.cloneNode(true);
    });
    function apply() {
      var chosen = first.value;
      var current = second.value;
      second.innerHTML = "";
      all.forEach(function (option) {
        var parent = option.getAttribute("data-parent");
        if (!option.value || !chosen || parent === chosen) second.appendChild(option.cloneNode(true));
      });
      second.value = Array.prototype.some.call(second.options, function (o) { return o.value === current; }) ? current : "";
    }
    first.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-elderly-switch]").forEach(function (button) {
      button.addEventListener("click", function () {
        setElderly(!document.documentElement.classList.contains("elderly"));
      });
    });
    document.querySelectorAll("form[data-domain-filter]").forEach(narrowDomains);
  });
})();
