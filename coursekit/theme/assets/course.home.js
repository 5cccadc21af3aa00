/* The home page: where the learner is in the course. Loaded on that page only, after
   course.js, whose helpers it uses (window.coursekit). Progress stays in this browser. */
(function () {
  "use strict";

  var kit = window.coursekit, $ = kit.$, make = kit.make, completed = kit.completed;

  // Home page: the main button resumes where the learner is; progress once there is some;
  // a tick on finished lessons' cards (in words too); the end of the course when all are done.
  function courseProgress(box) {
    var all = box.dataset.lessons.split(" "), done = completed(box.dataset.progressKey);
    var finished = all.filter(function (s) { return done.indexOf(s) >= 0; });
    $(box, ".course-progress__count").textContent = finished.length;
    $(box, "progress").value = finished.length;
    finished.forEach(function (slug) {
      var meta = $(document, '.lesson-card[data-lesson="' + slug + '"] .lesson-card__meta');
      if (meta) meta.appendChild(make("span", " · ✓ Completed"));
    });
    box.hidden = finished.length === 0;
    var resume = $(document, ".course-resume"), next = all.filter(function (s) { return done.indexOf(s) < 0; })[0];
    if (resume && finished.length) {
      var card = next ? $(document, '.lesson-card[data-lesson="' + next + '"]') : null;
      if (card) {
        var number = all.indexOf(next) + 1;
        resume.textContent = "Continue with lesson " + number + ": " + $(card, ".lesson-card__title").textContent;
        resume.href = card.getAttribute("href");
      } else {
        resume.textContent = "Review the course";
      }
    }
    var end = $(document, "#finished");
    if (end) end.hidden = finished.length !== all.length;
  }

  document.querySelectorAll(".course-progress").forEach(courseProgress);

  // Said once, where it is true: a published course keeps an offline copy (its service
  // worker; the preview has none), and the browser may offer to install it.
  var offline = $(document, ".course-offline");
  if (offline && "serviceWorker" in navigator && $(document, 'meta[name="coursekit-service-worker"]')) {
    offline.hidden = false;
    var install = $(offline, ".course-install");
    window.addEventListener("beforeinstallprompt", function (event) {
      event.preventDefault();  // the course's own button, where the learner reads about it
      install.hidden = false;
      install.onclick = function () {
        install.hidden = true;
        event.prompt();
      };
    });
    window.addEventListener("appinstalled", function () { install.hidden = true; });
  }
})();
