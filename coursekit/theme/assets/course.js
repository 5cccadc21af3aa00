/* Course behaviour on every page: lesson progress, the print button and the offline copy.
   Everything stays in this browser (localStorage, the service worker's cache);
   nothing is sent anywhere. The home page's progress is course.home.js, the self-assessment
   course.quiz.js, each loaded on its page only. */
(function () {
  "use strict";

  // Saved data may be from another version, edited by hand or damaged: anything that is
  // not the expected shape counts as nothing saved.
  var store = {
    get: function (key) {
      try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
    },
    slugs: function (key) {
      var v = store.get(key);
      return Array.isArray(v) ? v.filter(function (s) { return typeof s === "string"; }) : [];
    },
    record: function (key) { var v = store.get(key); return store.isRecord(v) ? v : null; },
    isRecord: function (v) { return v !== null && typeof v === "object" && !Array.isArray(v); },
    set: function (key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
      keep();
    },
    remove: function (key) { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }
  };

  // Once something is saved, ask the browser to keep it: without that, Safari may clear a
  // site's storage after seven days without a visit, which fits a weekly course too well.
  var keepAsked = false;
  function keep() {
    if (keepAsked || !navigator.storage || !navigator.storage.persist) return;
    keepAsked = true;
    navigator.storage.persist().catch(function () { /* the browser decides; nothing to do */ });
  }

  function $(root, selector) { return root.querySelector(selector); }
  function make(tag, text) { var el = document.createElement(tag); if (text != null) el.textContent = text; return el; }

  function completed(key) { return store.slugs(key); }
  // The learner's own calendar day, as YYYY-MM-DD (what the certificate dates).
  function today() {
    var d = new Date();
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map(function (n) { return n < 10 ? "0" + n : String(n); }).join("-");
  }
  // For the scripts only one page loads after this file (course.home.js, course.quiz.js, ...).
  window.coursekit = { store: store, $: $, make: make, completed: completed, today: today };
  function setCompleted(key, slug, done, datesKey) {
    var list = completed(key).filter(function (s) { return s !== slug; });
    if (done) list.push(slug);
    store.set(key, list);
    if (!datesKey) return;
    // The day each lesson was done: the certificate is dated by the last of them.
    var dates = store.record(datesKey) || {};
    if (!done) delete dates[slug]; else if (typeof dates[slug] !== "string") dates[slug] = today();
    store.set(datesKey, dates);
  }

  // Lesson page: one pager; its main link marks the lesson complete and moves on.
  function lessonPager(pager) {
    var key = pager.dataset.progressKey, slug = pager.dataset.lesson;
    var main = $(pager, '[data-action="complete"]'), label = $(main, ".lesson-pager__label");
    var first = label.textContent, done = $(pager, ".lesson-progress__done");
    function render() {
      var isDone = completed(key).indexOf(slug) >= 0;
      label.textContent = isDone ? main.dataset.labelDone : first;
      done.hidden = !isDone;
    }
    main.addEventListener("click", function () { setCompleted(key, slug, true, pager.dataset.datesKey); });
    $(pager, '[data-action="undo"]').addEventListener("click", function () {
      setCompleted(key, slug, false, pager.dataset.datesKey);
      render();
      main.focus();
    });
    render();
  }

  // Reflect: under each question, a place to write an answer, kept in this browser. The
  // journal page has the same blocks, so the same answers show (and print) there together.
  function journal(block) {
    var key = block.dataset.journalKey, slug = block.dataset.lesson;
    function answersIn(all) { return Array.isArray(all[slug]) ? all[slug] : []; }
    block.querySelectorAll(":scope > ul > li").forEach(function (item, index) {
      // The question, apart from the answer box, names the box for screen readers.
      var question = make("span");
      question.id = "reflect-" + slug + "-" + (index + 1);
      while (item.firstChild) question.appendChild(item.firstChild);
      item.appendChild(question);
      var box = make("textarea"), printed = make("p");
      box.className = "journal-answer";
      box.rows = 3;
      box.setAttribute("aria-labelledby", question.id);
      box.placeholder = "Your answer";
      var answer = answersIn(store.record(key) || {})[index];
      box.value = typeof answer === "string" ? answer : "";
      printed.className = "journal-printed";
      printed.textContent = box.value;
      box.addEventListener("input", function () {
        var all = store.record(key) || {}, answers = answersIn(all);
        answers[index] = box.value;
        all[slug] = answers;
        store.set(key, all);
        printed.textContent = box.value;
      });
      item.appendChild(box);
      item.appendChild(printed);
    });
    var note = $(block, ".journal-note");
    if (note) note.hidden = false;
  }

  // Navigation: a tick after each completed lesson, with words for screen readers.
  function navTicks() {
    var marker = (document.querySelector("[data-progress-key]") || {}).dataset;
    if (!marker || !marker.progressKey) return;
    // A renamed lesson's progress stays under its first name ("address:key" pairs).
    var keys = {}, renamed = (document.querySelector("[data-renamed]") || {}).dataset;
    (renamed ? renamed.renamed : "").split(" ").forEach(function (pair) { if (pair) keys[pair.split(":")[0]] = pair.split(":")[1]; });
    var done = completed(marker.progressKey);
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (link) {
      var match = new URL(link.href, location.href).pathname.match(/\/lessons\/([a-z0-9-]+)\/$/);
      if (match && done.indexOf(keys[match[1]] || match[1]) >= 0 && !link.querySelector(".nav-done")) {
        var tick = make("span", " ✓");
        tick.className = "nav-done";
        var words = make("span", " (completed)");
        words.className = "course-visually-hidden";
        tick.appendChild(words);
        (link.querySelector(".md-ellipsis") || link).appendChild(tick);
      }
    });
  }

  // Print-the-course page: a button for the browser's print dialog.
  document.querySelectorAll('[data-action="print-page"]').forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.parentNode.hidden = false;
  });

  // The offline copy (sw.js, written by the build; the preview has none). When a new
  // version of the course is ready, say so and let the learner choose when to reload:
  // a page never mixes the old version's files with the new one's.
  function offlineCopy() {
    var meta = $(document, 'meta[name="coursekit-service-worker"]'), container = navigator.serviceWorker;
    if (!meta || !container) return;
    var script = new URL(meta.content, location.href), hadController = !!container.controller, reloading = false;
    var notice = make("div");
    notice.className = "course-update";
    notice.setAttribute("role", "status");
    var skip = $(document, ".md-skip");
    if (skip) skip.after(notice); else document.body.prepend(notice);

    function offer(registration) {
      if (notice.firstChild) return;
      var button = make("button", "Reload");
      button.type = "button";
      button.addEventListener("click", function () {
        button.disabled = true;
        reloading = true;
        if (registration.waiting) registration.waiting.postMessage("coursekit:update"); else location.reload();
      });
      // Not now: gone from this page; the next page offers it again (the new version still waits).
      var later = make("button", "Not now");
      later.type = "button";
      later.className = "course-update__later";
      later.addEventListener("click", function () { notice.replaceChildren(); });
      notice.appendChild(make("p", "This course has been updated."));
      notice.appendChild(button);
      notice.appendChild(later);
    }
    // Every page of the old version reloads once the new one is in charge.
    container.addEventListener("controllerchange", function () {
      if (hadController || reloading) { hadController = reloading = false; location.reload(); }
    });
    container.register(script.href, { scope: new URL("./", script).href }).then(function (registration) {
      stepAsideIfGone(registration, script, meta.getAttribute("data-cache-prefix") || "");
      if (registration.waiting && container.controller) offer(registration);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && container.controller) offer(registration);
        });
      });
    }).catch(function () { /* no offline copy (private mode, file://): the course still works online */ });
  }

  // The way out: when this address no longer has the course (its worker answers 404 or
  // 410, or the address redirects: a custom domain, a renamed repository), the browser's
  // own update check just fails and the old copy would be served for good. So the copy is
  // deleted, the worker unregistered, and the page loaded again from the network. With no
  // answer at all (offline), nothing changes.
  function stepAsideIfGone(registration, script, prefix) {
    fetch(script.href, { cache: "no-store", redirect: "manual", credentials: "same-origin" }).then(function (response) {
      if (response.type !== "opaqueredirect" && response.status !== 404 && response.status !== 410) return;
      return registration.unregister().then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (name) { return prefix && name.indexOf(prefix) === 0; })
          .map(function (name) { return caches.delete(name); }));
      }).then(function () { if (navigator.serviceWorker.controller) location.reload(); });
    }).catch(function () { /* offline, or the check could not run: keep the copy */ });
  }

  // After the page has loaded: the copy's downloads must not compete with the page's own.
  if (document.readyState === "complete") offlineCopy(); else window.addEventListener("load", offlineCopy);
  document.querySelectorAll(".lesson-pager[data-progress-key]").forEach(lessonPager);
  document.querySelectorAll(".lesson-reflect[data-journal-key]").forEach(journal);
  navTicks();
})();
