/* Continue on another device: what this browser keeps for the course (lessons completed
   and when, reflection answers, self-assessment results, the certificate's name) goes into
   a link whose fragment (#carry=...) holds it, shown with its QR code (qrcode-generator,
   loaded before this file). A fragment is never sent to any server. Opened on another
   device, the link asks before adding what it carries to what that browser keeps.
   Loaded on that page only, after course.js, whose helpers it uses (window.coursekit). */
(function () {
  "use strict";

  var kit = window.coursekit, $ = kit.$, store = kit.store;
  var box = $(document, ".carry");
  if (!box) return;
  var keys = JSON.parse(box.dataset.keys), lessons = box.dataset.lessons.split(" "), course = box.dataset.course;
  var PREFIX = "#carry=";

  // -- what is kept, checked as every script here checks saved data ----------------------
  function isText(v) { return typeof v === "string"; }
  function isDay(v) { return isText(v) && /^\d{4}-\d{2}-\d{2}$/.test(v); }
  function isAttempt(a) {
    return store.isRecord(a) && isText(a.at) && typeof a.overall === "number" && store.isRecord(a.dimensions);
  }
  function clean(data) {
    var out = { v: 1, course: course, progress: [], dates: {}, journal: {}, quiz: [], name: "" };
    if (!store.isRecord(data)) return out;
    if (Array.isArray(data.progress)) out.progress = data.progress.filter(function (s) { return lessons.indexOf(s) >= 0; });
    if (store.isRecord(data.dates)) {
      Object.keys(data.dates).forEach(function (s) { if (lessons.indexOf(s) >= 0 && isDay(data.dates[s])) out.dates[s] = data.dates[s]; });
    }
    if (store.isRecord(data.journal)) {
      Object.keys(data.journal).forEach(function (s) {
        var answers = data.journal[s];
        if (lessons.indexOf(s) < 0 || !Array.isArray(answers)) return;
        answers = answers.map(function (a) { return isText(a) ? a : ""; });
        if (answers.some(function (a) { return a.trim(); })) out.journal[s] = answers;
      });
    }
    if (keys.quizHistory && Array.isArray(data.quiz)) out.quiz = data.quiz.filter(isAttempt);
    if (isText(data.name)) out.name = data.name.slice(0, 80);
    return out;
  }
  function kept() {
    return clean({
      progress: kit.completed(keys.progress),
      dates: store.record(keys.dates),
      journal: store.record(keys.journal),
      quiz: keys.quizHistory ? store.get(keys.quizHistory) : [],
      name: store.get(keys.name)
    });
  }
  function summary(data) {
    var parts = [data.progress.length + " of " + lessons.length + " lessons completed"];
    var answered = Object.keys(data.journal).length;
    if (answered) parts.push("answers to " + answered + (answered === 1 ? " lesson's" : " lessons'") + " questions");
    if (data.quiz.length) parts.push(data.quiz.length + (data.quiz.length === 1 ? " self-assessment result" : " self-assessment results"));
    if (data.name) parts.push("the name " + data.name);
    return parts.join(" · ");
  }
  function isEmpty(data) {
    return !data.progress.length && !Object.keys(data.journal).length && !data.quiz.length && !data.name;
  }

  // -- into a link and back: JSON, deflated where the browser can, in base64url -----------
  function toBase64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function through(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function encode(data) {
    var json = new TextEncoder().encode(JSON.stringify(data));
    if (typeof CompressionStream === "undefined") return Promise.resolve("j" + toBase64(json));
    return through(json, new CompressionStream("deflate-raw")).then(function (z) { return "z" + toBase64(z); });
  }
  function decode(text) {
    return Promise.resolve().then(function () {
      var bytes = fromBase64(text.slice(1));
      if (text[0] === "j") return bytes;
      if (text[0] === "z" && typeof DecompressionStream !== "undefined") return through(bytes, new DecompressionStream("deflate-raw"));
      throw new Error("unreadable");
    }).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
  }

  // -- the link and its code -------------------------------------------------------------
  function qrCode(target, text) {
    var qr;
    try {
      qr = window.qrcode(0, "L");
      qr.addData(text, "Byte");
      qr.make();
    } catch (e) {
      return false;  // more than a QR code holds
    }
    var count = qr.getModuleCount(), quiet = 4, size = count + 2 * quiet, d = "";
    for (var r = 0; r < count; r++) {
      for (var c = 0; c < count; c++) if (qr.isDark(r, c)) d += "M" + (c + quiet) + " " + (r + quiet) + "h1v1h-1z";
    }
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("shape-rendering", "crispEdges");
    svg.setAttribute("aria-hidden", "true");
    var paper = document.createElementNS(ns, "rect"), ink = document.createElementNS(ns, "path");
    paper.setAttribute("width", size);
    paper.setAttribute("height", size);
    paper.setAttribute("fill", "#ffffff");
    ink.setAttribute("d", d);
    ink.setAttribute("fill", "#000000");
    svg.appendChild(paper);
    svg.appendChild(ink);
    target.replaceChildren(svg);
    return true;
  }

  function showLink() {
    var data = kept(), out = $(box, ".carry-out"), empty = $(box, ".carry-out__empty");
    out.hidden = isEmpty(data);
    empty.hidden = !out.hidden;
    if (out.hidden) return;
    $(out, ".carry-out__summary").textContent = "It carries " + summary(data) + ".";
    encode(data).then(function (payload) {
      var link = location.href.split("#")[0] + PREFIX + payload, input = $(out, "#carry-link");
      input.value = link;
      var fits = qrCode($(out, ".carry-out__code"), link);
      $(out, ".carry-out__code").hidden = !fits;
      $(out, ".carry-out__too-long").hidden = fits;
    });
  }

  $(box, '[data-action="carry-copy"]').addEventListener("click", function () {
    var input = $(box, "#carry-link"), said = $(box, ".carry-out__copied");
    input.select();
    var copied = navigator.clipboard && navigator.clipboard.writeText ? navigator.clipboard.writeText(input.value) : Promise.reject();
    copied.then(function () { said.textContent = "Copied. Paste it into a message to yourself, or a note that syncs."; })
      .catch(function () { said.textContent = "Selected: copy it with your device's own copy command."; });
  });

  // -- arriving with a link: ask, then add ------------------------------------------------
  function merge(incoming) {
    var here = kept();
    var progress = here.progress.concat(incoming.progress.filter(function (s) { return here.progress.indexOf(s) < 0; }));
    var dates = here.dates;
    Object.keys(incoming.dates).forEach(function (s) { if (!dates[s] || incoming.dates[s] < dates[s]) dates[s] = incoming.dates[s]; });
    var journal = store.record(keys.journal) || {};
    Object.keys(incoming.journal).forEach(function (s) {
      var mine = Array.isArray(journal[s]) ? journal[s] : [];
      journal[s] = incoming.journal[s].map(function (answer, i) { return isText(mine[i]) && mine[i].trim() ? mine[i] : answer; });
      for (var i = incoming.journal[s].length; i < mine.length; i++) journal[s][i] = mine[i];
    });
    store.set(keys.progress, progress);
    store.set(keys.dates, dates);
    store.set(keys.journal, journal);
    if (keys.quizHistory) {
      var seen = here.quiz.map(function (a) { return a.at; });
      var quiz = here.quiz.concat(incoming.quiz.filter(function (a) { return seen.indexOf(a.at) < 0; }));
      quiz.sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
      store.set(keys.quizHistory, quiz);
    }
    if (!here.name && incoming.name) store.set(keys.name, incoming.name);
  }

  function arrive(payload) {
    var section = $(box, ".carry-in"), done = $(section, ".carry-in__done"), actions = $(section, ".carry-in__actions");
    section.hidden = false;
    // The fragment goes from the address bar at once: a reload, a bookmark or a shared
    // address must not carry it on.
    history.replaceState(null, "", location.pathname + location.search);
    decode(payload).then(function (raw) {
      if (!store.isRecord(raw) || raw.v !== 1) throw new Error("unreadable");
      if (raw.course !== course) {
        $(section, ".carry-in__summary").textContent = "This link is for another course, so nothing was added.";
        actions.hidden = true;
        return;
      }
      var incoming = clean(raw);
      $(section, ".carry-in__summary").textContent = "The link carries " + summary(incoming) + ".";
      $(section, '[data-action="carry-merge"]').addEventListener("click", function () {
        merge(incoming);
        actions.hidden = true;
        done.textContent = "Added. This browser now has " + summary(kept()) + ".";
        showLink();
      });
      $(section, '[data-action="carry-skip"]').addEventListener("click", function () {
        actions.hidden = true;
        done.textContent = "Nothing was added.";
      });
      $(section, '[data-action="carry-merge"]').focus();
    }).catch(function () {
      $(section, ".carry-in__summary").textContent = "This link is damaged or cut short, so nothing was added. Copy the whole link again on the other device.";
      actions.hidden = true;
    });
  }

  if (location.hash.indexOf(PREFIX) === 0) arrive(location.hash.slice(PREFIX.length));
  showLink();
})();
