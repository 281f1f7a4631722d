/* Your record of study: what this browser saw the learner do, printed as a self-declared record. */
(function () {
  "use strict";

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key) || "null") || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: nothing kept */ }
  }
  function isoToday() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function longDate(iso) {
    var d = iso ? new Date(iso + "T12:00:00") : new Date();
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // A page's address without its query, fragment or "index.html", as links and location give it.
  function address(href) {
    return String(href).split(/[?#]/)[0].replace(/index\.html$/, "");
  }

  // A capstone case is finished (course_capstone: case -> date and outcome) only when it was
  // played: its start page opened, then each page from a link on a page opened before it in the
  // same play, up to an ending. course_capstone_trail keeps, for each case in play, the addresses
  // its opened pages link to. An ending opened any other way (its address typed, a bookmark, the
  // start and then straight to an ending) ends the play and counts nothing.
  function capstonePlay(meta) {
    var id = meta.getAttribute("data-case"), step = meta.getAttribute("data-step");
    var trails = load("course_capstone_trail", {});
    var trail = step === "start" ? [] : trails[id];
    if (!trail || (step !== "start" && trail.indexOf(address(location.href)) < 0)) {
      delete trails[id];
      save("course_capstone_trail", trails);
      return;
    }
    var article = document.querySelector("article") || document.body;
    Array.prototype.forEach.call(article.querySelectorAll("a[href]"), function (a) {
      var to = address(a.href);
      if (trail.indexOf(to) < 0) trail.push(to);
    });
    trails[id] = trail;
    save("course_capstone_trail", trails);
    if (step === "ending") {
      var cases = load("course_capstone", {});
      cases[id] = { finished: isoToday(), outcome: meta.getAttribute("data-outcome") || "" };
      save("course_capstone", cases);
    }
  }

  // Every page: remember that it was opened (course_visits: page -> last date); on a capstone
  // case's page, follow the play (capstonePlay).
  var meta = document.querySelector('meta[name="course-page"]');
  if (meta) {
    var visits = load("course_visits", {});
    visits[meta.content] = isoToday();
    save("course_visits", visits);
    if (meta.getAttribute("data-case")) capstonePlay(meta);
  }

  // Record of study --------------------------------------------------------------------------
  // Lists only what the learner did in this browser: pages opened, self-checks answered and
  // scored, capstone cases finished, the confidence check. Nothing leaves the browser. The
  // record says plainly that it is self-declared.
  var record = document.getElementById("course-record");
  if (!record) return;
  var data = JSON.parse(record.getAttribute("data-record"));
  document.body.classList.add("course-record-page");

  function savedFor(page) {
    var endings = ["/" + page + ".html", "/" + page + "/"];
    if (/(^|\/)index$/.test(page)) endings.push("/" + page.replace(/(^|\/)index$/, "") + "/");
    var best = null;
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("quiz_progress_") === 0 && endings.some(function (e) { return key.slice(-e.length) === e || key === "quiz_progress_" + e.slice(1); })) {
          best = JSON.parse(localStorage.getItem(key));
        }
      }
    } catch (e) { /* storage off: nothing saved */ }
    return best || {};
  }

  function minutesText(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    var parts = [];
    if (h) parts.push(h + (h === 1 ? " hour" : " hours"));
    if (m || !h) parts.push(m + (m === 1 ? " minute" : " minutes"));
    return parts.join(" ");
  }

  function studied() {
    var visits = load("course_visits", {});
    return data.items.map(function (item) {
      var read = item.pages.filter(function (p) { return visits[p.id]; });
      var answered = 0, correct = 0, questions = 0;
      item.quizzes.forEach(function (quiz) {
        var saved = savedFor(quiz.page);
        questions += quiz.questions;
        for (var id in saved) {
          if (Number(id.replace("quiz-", "")) < quiz.questions && saved[id] && saved[id].answered) {
            answered++;
            if (saved[id].correct) correct++;
          }
        }
      });
      // Notional time: the minutes of the pages opened; a self-check answered counts as read.
      var counted = {};
      read.forEach(function (p) { counted[p.id] = p.minutes; });
      if (answered) item.quizzes.forEach(function (quiz) {
        item.pages.forEach(function (p) { if (p.id === quiz.page) counted[p.id] = p.minutes; });
      });
      var minutes = 0;
      for (var k in counted) minutes += counted[k];
      return { title: item.title, pages: item.pages.length, read: read.length, questions: questions,
               answered: answered, correct: correct, minutes: minutes };
    }).filter(function (r) { return r.read || r.answered; });
  }

  function average(scores) {
    var values = Object.keys(scores || {}).map(function (k) { return Number(scores[k]); }).filter(function (v) { return v >= 1 && v <= 5; });
    if (!values.length) return null;
    return (values.reduce(function (a, b) { return a + b; }, 0) / values.length).toFixed(1);
  }

  function render() {
    var name = (document.getElementById("course-record-name") || {}).value || "";
    var rows = studied();
    var html = "";
    if (rows.length) {
      var total = 0;
      html += "<table><thead><tr><th>Studied</th><th>Pages read</th><th>Self-check</th><th>Notional time</th></tr></thead><tbody>";
      rows.forEach(function (r) {
        total += r.minutes;
        var check = r.questions ? (r.answered ? "answered " + r.answered + " of " + r.questions + ", " + r.correct + " correct" : "not answered") : "none";
        html += '<tr><td><strong>' + escapeHtml(r.title) + '</strong></td>' +
          '<td data-label="Pages read">' + (r.read ? r.read + " of " + r.pages : "not known") + "</td>" +
          '<td data-label="Self-check">' + check + "</td>" +
          '<td data-label="Notional time">' + minutesText(r.minutes) + "</td></tr>";
      });
      html += "</tbody></table><p><strong>Total notional time:</strong> " + minutesText(total) + ".</p>";
    } else {
      html += "<p>No study is recorded in this browser yet: no course page opened and no self-check answered.</p>";
    }
    var done = load("course_capstone", {});
    var finished = Object.keys(done).filter(function (c) { return data.cases[c]; });
    if (finished.length) {
      html += "<h3>Capstone cases finished</h3><ul>" + finished.map(function (c) {
        return "<li>" + escapeHtml(data.cases[c]) + " (" + longDate(done[c].finished) + ")</li>";
      }).join("") + "</ul>";
    }
    var confidence = load("course_confidence", null);
    if (confidence && (average(confidence.before) || average(confidence.after))) {
      var before = average(confidence.before), after = average(confidence.after), parts = [];
      if (before) parts.push("before the course " + before + (confidence.date_before ? " (" + longDate(confidence.date_before) + ")" : ""));
      if (after) parts.push("after it " + after + (confidence.date_after ? " (" + longDate(confidence.date_after) + ")" : ""));
      // The change between the two averages as printed, signed: "+1.2", "-0.5", "no change".
      if (before && after) {
        var change = Math.round((Number(after) - Number(before)) * 10) / 10;
        parts.push(change ? "change " + (change > 0 ? "+" : "−") + Math.abs(change).toFixed(1) : "no change");
      }
      html += "<h3>Confidence check</h3><p>Average self-rated confidence, from 1 (not confident) to 5 (very confident): " + parts.join("; ") + ".</p>";
    }
    document.getElementById("course-record-table").innerHTML = html;
    document.getElementById("course-record-heading").textContent = "Self-declared record of study" + (name ? ": " + name : "");
    document.getElementById("course-record-who").innerHTML = name ? "" :
      "Name: <span class=\"course-record-blank\">__________________________________</span>";
  }

  record.innerHTML =
    '<div class="course-record-form"><p><label for="course-record-name">Your name, as it should appear on the record</label><br>' +
    '<input id="course-record-name" type="text" autocomplete="name"></p></div>' +
    '<div class="course-record-sheet">' +
    '<h2 id="course-record-heading"></h2>' +
    '<p class="course-record-course">' + escapeHtml(data.course) + '</p>' +
    '<p id="course-record-who"></p>' +
    '<p>Printed ' + longDate() + ', from the learner\'s own browser. It lists only what this browser saw the learner do.</p>' +
    '<div id="course-record-table"></div>' +
    '<p class="course-record-declaration">This record is self-declared. It was produced by the learner\'s own browser from the pages they opened and their answers to the course\'s self-checks, which are not an assessment. No one has verified it. Notional time is the suggested study time of the pages opened, not time measured.</p>' +
    '</div>' +
    '<p class="course-record-actions"><button type="button" class="md-button md-button--primary" id="course-record-print">Print or save this record</button> ' +
    '<button type="button" class="md-button" id="course-record-clear">Clear my data</button></p>' +
    '<p id="course-record-status" role="status"></p>';
  var nameInput = document.getElementById("course-record-name");
  nameInput.value = load("course_record_name", "");
  nameInput.addEventListener("input", function () { save("course_record_name", nameInput.value); render(); });
  document.getElementById("course-record-print").addEventListener("click", function () { window.print(); });
  document.getElementById("course-record-clear").addEventListener("click", function () {
    if (!window.confirm("Clear every self-check answer and course setting saved in this browser?")) return;
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key.indexOf("quiz_progress_") === 0 || key.indexOf("course_") === 0) localStorage.removeItem(key);
      }
    } catch (e) { /* nothing to clear */ }
    nameInput.value = "";
    render();
    document.getElementById("course-record-status").textContent = "Your saved answers and settings have been cleared.";
  });
  render();
})();

/* Refreshers due today, on the home page (issue 23; README "Refreshers"). Kept apart from the
   record above, and here rather than in refresh-schedule.js so that the home page, often a first
   view, loads no refresher script. It reads the schedule refresh-schedule.js keeps
   (localStorage "course_refresh", version 1) and counts the questions due on or before today
   among those the course still has (the line's data-refresh-items). */
(function () {
  "use strict";
  var line = document.querySelector("[data-refresh-due]");
  if (!line) return;
  var state = null;
  try { state = JSON.parse(localStorage.getItem("course_refresh") || "null"); } catch (e) { return; }
  if (!state || state.version !== 1 || !state.items || typeof state.items !== "object") return;
  var d = new Date();
  var today = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  var due = 0, next = "";
  line.getAttribute("data-refresh-items").split(" ").forEach(function (fp) {
    var item = Object.prototype.hasOwnProperty.call(state.items, fp) ? state.items[fp] : null;
    if (!item || typeof item.due !== "string") return;
    if (item.due <= today) due += 1;
    else if (!next || item.due < next) next = item.due;
  });
  if (!due && !next) return;
  var when = next && new Date(next + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  line.querySelector(".course-refresh-due-text").textContent = due
    ? (due === 1 ? "1 refresher is due today." : due + " refreshers are due today.")
    : "No refresher is due today; the next is due on " + when + ".";
  line.hidden = false;
})();
