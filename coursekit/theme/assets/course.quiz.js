/* The self-assessment: the form, the scoring and the results. Loaded on the quiz page
   only, after course.js, whose helpers it uses (window.coursekit). Answers stay in this
   browser (localStorage); nothing is sent anywhere. The scoring mirrors
   coursekit/scoring.py and is tested against it. */
(function () {
  "use strict";

  var kit = window.coursekit, store = kit.store, $ = kit.$, make = kit.make;

  // Scoring: the same rules as coursekit/scoring.py, in whole numbers.
  function percent(points, maximum) { return Math.floor((200 * points + maximum) / (2 * maximum)); }

  function score(data, answers) {
    var top = data.maxValue, total = 0;
    data.items.forEach(function (item) { total += answers[item.id]; });
    var dims = data.dimensions.map(function (dimension, index) {
      var items = data.items.filter(function (i) { return i.dimension === dimension.id; }), points = 0;
      items.forEach(function (i) { points += answers[i.id]; });
      return { dimension: dimension, index: index, score: percent(points, top * items.length) };
    });
    var overall = percent(total, top * data.items.length);
    return {
      overall: overall,
      dimensions: dims,
      band: data.bands.filter(function (b) { return b.min <= overall && overall <= b.max; })[0],
      weakest: dims.slice().sort(function (a, b) { return a.score - b.score || a.index - b.index; })
        .slice(0, data.weakestCount),
      lowest: data.items.filter(function (i) { return answers[i.id] < top; })
        .sort(function (a, b) { return answers[a.id] - answers[b.id] || a.number - b.number; })
        .slice(0, data.lowestCount)
    };
  }

  // Text cells starting with = + - @ tab or CR are formulas to spreadsheets (OWASP "CSV Injection"):
  // a leading apostrophe keeps them text. Numbers are written as they are.
  function csvLine(cells) {
    return cells.map(function (c) {
      var text = String(c);
      if (typeof c === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
      return '"' + text.replace(/"/g, '""') + '"';
    }).join(",");
  }

  // The self-assessment form and its results.
  function quiz(form) {
    var data = JSON.parse($(document, "#assessment-data").textContent);
    var results = $(document, "#results"), message = $(form, "#assessment-message");

    function radios(item) { return form.querySelectorAll('input[name="' + item.id + '"]'); }
    function answers() {
      var found = {};
      data.items.forEach(function (item) {
        var checked = $(form, 'input[name="' + item.id + '"]:checked');
        if (checked) found[item.id] = Number(checked.value);
      });
      return found;
    }
    function missing(found) { return data.items.filter(function (item) { return !(item.id in found); }); }
    function save() { store.set(data.storageKey, { answers: answers(), submitted: !results.hidden }); }
    function count() { $(form, ".assessment__answered").textContent = data.items.length - missing(answers()).length; }

    // Finished attempts, kept on this device: [{at: ISO date, overall, band, dimensions: {id: score}}].
    var historyKey = data.storageKey + ":history";
    function history() {
      var list = store.get(historyKey);
      return Array.isArray(list) ? list.filter(function (a) {
        return store.isRecord(a) && typeof a.at === "string" && typeof a.overall === "number" && store.isRecord(a.dimensions);
      }) : [];
    }
    function day(iso, withYear) {
      var options = { day: "numeric", month: "short" };
      if (withYear) options.year = "numeric";
      return new Date(iso).toLocaleDateString("en-GB", options);
    }
    function time(iso) {
      return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    }
    function sameDay(a, b) { return day(a, true) === day(b, true); }
    // An attempt as the learner knows it: its day, or its time when it was the same day as `than`.
    function when(iso, than) {
      return sameDay(iso, than) ? time(iso) : day(iso);
    }
    function change(now, before, since) {
      if (before == null) return "";
      var delta = now - before;
      return (delta > 0 ? "+" + delta : delta === 0 ? "±0" : "−" + (-delta)) + " since " + since;
    }
    var undone = null;  // the attempt deleted last, until the learner undoes it or deletes another
    function renderHistory(current) {
      var attempts = history(), earlier = attempts.slice(0, -1), previous = earlier[earlier.length - 1];
      var last = attempts[attempts.length - 1];
      $(results, '[data-result="date"]').textContent = last ? "Finished on " + day(last.at, true) : "";
      var since = previous ? when(previous.at, last.at) : "";
      $(results, '[data-result="overall-change"]').textContent = previous ? "(" + change(current.overall, previous.overall, since) + ")" : "";
      current.dimensions.forEach(function (d) {
        var row = $(results, '[data-dimension="' + d.dimension.id + '"]');
        $(row, '[data-result="change"]').textContent = previous ? change(d.score, previous.dimensions[d.dimension.id], since) : "";
      });
      var box = $(results, '[data-result="history"]'), listBox = $(box, '[data-result="attempts"]');
      listBox.textContent = "";
      // The attempt shown above is not an earlier one: only those before it are listed.
      earlier.slice().reverse().forEach(function (attempt) {
        var label = day(attempt.at, true) + (sameDay(attempt.at, last.at) ? ", " + time(attempt.at) : "");
        var li = make("li", label + ": " + attempt.overall + " / 100" + (attempt.band ? ", " + attempt.band : "") + " ");
        var remove = make("button", "Delete");
        remove.type = "button";
        remove.className = "md-button results__delete";
        remove.setAttribute("aria-label", "Delete the result of " + label);
        remove.addEventListener("click", function () {
          undone = { attempt: attempt, label: label };
          store.set(historyKey, history().filter(function (a) { return a.at !== attempt.at; }));
          renderHistory(current);
          $(box, '[data-action="undo-delete"]').focus();
        });
        li.appendChild(remove);
        listBox.appendChild(li);
      });
      // Deleting can be undone, until another is deleted or the page is left.
      var note = $(box, '[data-result="deleted"]');
      note.textContent = "";
      if (undone) {
        note.appendChild(make("span", "Deleted the result of " + undone.label + ". "));
        var undo = make("button", "Undo");
        undo.type = "button";
        undo.className = "md-button results__undo";
        undo.setAttribute("data-action", "undo-delete");
        undo.addEventListener("click", function () {
          var restored = history().concat([undone.attempt]).sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
          store.set(historyKey, restored);
          undone = null;
          renderHistory(current);
          $(results, "#history-heading").focus();
        });
        note.appendChild(undo);
      }
      note.hidden = !undone;
      listBox.hidden = earlier.length === 0;
      box.hidden = earlier.length === 0 && !undone;
    }
    function record(r) {
      var dims = {};
      r.dimensions.forEach(function (d) { dims[d.dimension.id] = d.score; });
      store.set(historyKey, history().concat([{ at: new Date().toISOString(), overall: r.overall, band: r.band.name, dimensions: dims }]));
    }

    function show(found, finished) {
      var r = score(data, found);
      if (finished) record(r);
      $(results, '[data-result="overall"]').textContent = r.overall;
      $(results, '[data-result="band"]').textContent = r.band.name;
      $(results, '[data-result="advice"]').textContent = r.band.advice;
      r.dimensions.forEach(function (d) {
        var row = $(results, '[data-dimension="' + d.dimension.id + '"]');
        $(row, '[data-result="score"]').textContent = d.score;
        $(row, ".results__bar span").style.width = d.score + "%";
      });
      var weakest = $(results, '[data-result="weakest"]');
      weakest.textContent = "";
      r.weakest.forEach(function (d) {
        var li = make("li", d.dimension.name + " (" + d.score + " / 100): ");
        var link = make("a", "lesson " + d.dimension.lesson + ", " + d.dimension.lessonTitle);
        link.href = d.dimension.lessonUrl;
        li.appendChild(link);
        weakest.appendChild(li);
      });
      var lowest = $(results, '[data-result="lowest"]');
      lowest.textContent = "";
      r.lowest.forEach(function (item) {
        lowest.appendChild(make("li", item.rated + " (you answered: " + data.scale[found[item.id]] + ")"));
      });
      $(results, '[data-result="none"]').hidden = r.lowest.length > 0;
      renderHistory(r);
      results.hidden = false;
    }

    // The results as a spreadsheet, dated by when the attempt was finished.
    function download() {
      var found = answers(), attempts = history(), last = attempts[attempts.length - 1];
      var date = (last ? last.at : new Date().toISOString()).slice(0, 10);
      var lines = [csvLine(["date", "number", "dimension", data.columns.rated, data.columns.instead, "answer", "value"])];
      data.items.forEach(function (item) {
        var dim = data.dimensions.filter(function (d) { return d.id === item.dimension; })[0];
        var value = item.id in found ? found[item.id] : "";
        lines.push(csvLine([date, item.number, dim.name, item.rated, item.instead, value === "" ? "" : data.scale[value], value]));
      });
      var link = make("a");
      link.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
      link.download = data.storageKey.split(":")[0] + "-self-assessment-" + date + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }

    var confirmBox = $(document, "#assessment-confirm");
    function clear() {
      store.remove(data.storageKey);
      form.reset();
      results.hidden = true;
      message.textContent = "";
      mark([]);
      count();
      radios(data.items[0])[0].focus();
    }
    // Start over deletes every answer: ask first (a modal dialog, keyboard and screen-reader ready).
    function reset(event) {
      if (!confirmBox || typeof confirmBox.showModal !== "function") { clear(); return; }
      var opener = event.currentTarget;
      confirmBox.returnValue = "";
      confirmBox.showModal();
      confirmBox.addEventListener("close", function onClose() {
        confirmBox.removeEventListener("close", onClose);
        if (confirmBox.returnValue === "delete") clear(); else opener.focus();
      });
    }
    // Unanswered items are marked in words as well as colour.
    function mark(open) {
      data.items.forEach(function (item) {
        var box = $(form, '[data-item="' + item.id + '"]'), note = $(box, ".assessment-item__missing");
        var isOpen = open.indexOf(item) >= 0;
        box.classList.toggle("assessment-item--missing", isOpen);
        if (isOpen && !note) { note = make("span", "Not answered yet"); note.className = "assessment-item__missing"; $(box, "legend").appendChild(note); }
        if (!isOpen && note) note.remove();
      });
    }

    form.addEventListener("change", function (event) {
      message.textContent = "";
      count();
      var found = answers();
      var box = event.target.closest && event.target.closest("[data-item]");
      if (box && box.classList.contains("assessment-item--missing")) mark(missing(found).filter(function (i) { return $(form, '[data-item="' + i.id + '"]').classList.contains("assessment-item--missing"); }));
      if (!results.hidden && !missing(found).length) show(found);
      save();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var found = answers(), open = missing(found);
      if (open.length) {
        message.textContent = open.length + " of " + data.items.length + " items are unanswered. " +
          "Please answer item " + open[0].number + " and the others before you see your results.";
        mark(open);
        radios(open[0])[0].focus();
        return;
      }
      show(found, true);
      save();
      // Below the sticky header (scroll-margin-top), then focus without a second jump.
      results.scrollIntoView({ block: "start" });
      results.focus({ preventScroll: true });
    });
    document.querySelectorAll('[data-action="reset"]').forEach(function (b) { b.addEventListener("click", reset); });
    $(results, '[data-action="download"]').addEventListener("click", download);
    $(results, '[data-action="print"]').addEventListener("click", function () { window.print(); });

    var saved = store.record(data.storageKey);
    if (saved && store.isRecord(saved.answers)) {
      data.items.forEach(function (item) {
        radios(item).forEach(function (input) { input.checked = Number(input.value) === saved.answers[item.id]; });
      });
      if (saved.submitted && !missing(answers()).length) show(answers());
    }
    count();
  }

  var form = document.getElementById("assessment");
  if (form) quiz(form);
})();
