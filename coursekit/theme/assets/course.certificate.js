/* The certificate page: once every lesson is done, a certificate of completion with the
   learner's name (typed here, kept in this browser) and the day they finished, to print.
   Loaded on that page only, after course.js, whose helpers it uses (window.coursekit). */
(function () {
  "use strict";

  var kit = window.coursekit, $ = kit.$, store = kit.store;
  var page = $(document, ".certificate-page");
  if (!page) return;
  var all = page.dataset.lessons.split(" "), done = kit.completed(page.dataset.progressKey);
  var finished = all.filter(function (s) { return done.indexOf(s) >= 0; }).length;
  if (finished < all.length) {
    var count = $(page, ".certificate-page__count");
    $(count, "strong").textContent = finished;
    count.hidden = finished === 0;
    return;
  }

  // Dated by the day the last lesson was done. Lessons done before days were kept count
  // as done today, once: the date then stays the same however often the page is opened.
  var dates = store.record(page.dataset.datesKey) || {}, last = "", changed = false;
  all.forEach(function (slug) {
    if (typeof dates[slug] !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(dates[slug])) {
      dates[slug] = kit.today();
      changed = true;
    }
    if (dates[slug] > last) last = dates[slug];
  });
  if (changed) store.set(page.dataset.datesKey, dates);
  var parts = last.split("-").map(Number), day = new Date(parts[0], parts[1] - 1, parts[2]);
  var time = $(page, ".certificate__date time");
  time.dateTime = last;
  // In the course's language, written the way the learner writes dates (en-GB: 3 March 2027).
  var lang = (document.documentElement.lang || "").split("-")[0];
  var locale = (navigator.languages || []).filter(function (l) { return !lang || l.split("-")[0] === lang; })[0] || lang || undefined;
  time.textContent = day.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" });

  var certificate = $(page, ".certificate"), form = $(page, ".certificate-page__form");
  var input = $(form, "input"), name = $(certificate, ".certificate__name"), placeholder = name.textContent;
  function show() {
    var typed = input.value.trim();
    name.textContent = typed || placeholder;
    name.classList.toggle("certificate__name--empty", !typed);
  }
  var saved = store.get(page.dataset.nameKey);
  input.value = typeof saved === "string" ? saved : "";
  input.addEventListener("input", function () {
    store.set(page.dataset.nameKey, input.value.trim());
    show();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  $(page, ".certificate-page__locked").hidden = true;
  form.hidden = false;
  certificate.hidden = false;
  show();
})();
