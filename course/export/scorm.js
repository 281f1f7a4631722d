/* SCORM 1.2 glue. Only the SCORM packages carry it: course/export/scorm.py copies it into each zip with
   the launch page (scorm-launch.html), which shows the course in a frame. The web build and the
   USB pack never load it.

   A SCORM 1.2 session lasts as long as the launched document, so the launch page holds it and
   the course's pages change inside its frame:
   - it finds the platform's API as the standard describes (this window, then up to 7 parents,
     then the opener and its parents); with none, it opens the course and does nothing else;
   - LMSInitialize, then the learner's saved answers from cmi.suspend_data go back into this
     browser's localStorage (mkdocs-quiz's "quiz_progress_" + page path keys) before the first
     page, and so mkdocs-quiz, reads them; cmi.core.lesson_location reopens the last page;
   - lesson_status "incomplete", then "completed" once the pages the launch page lists in
     data-required have been opened (every page but the capstone's), each capstone case in
     data-cases has been played (the pages opened hold a path along its links from its start to
     an ending: its start and an ending alone do not count), and every self-check question has
     been answered (answered, not passed);
   - score.raw (0 to 100) is the share of self-check questions answered correctly;
   - suspend_data (at most 4096 characters in SCORM 1.2) holds the pages opened and each answer,
     by position, with the package's layout (data-layout, a hash of its pages and questions):
     saved data from a package with other pages or questions is ignored, so a re-uploaded
     package never puts an answer on the wrong question;
   - LMSCommit when something changes, and LMSCommit and LMSFinish when the launch page closes.
   It sends nothing anywhere itself: the platform's own API does whatever the platform does. */
(function () {
  "use strict";
  var root = document.documentElement;
  var frame = document.getElementById("course-frame");
  var base = location.pathname.replace(/[^\/]*$/, "");        // the package's folder on the platform
  var start = root.getAttribute("data-start");
  var pages = (root.getAttribute("data-pages") || "").split(" ").filter(Boolean);
  var quizzes = (root.getAttribute("data-quizzes") || "").split(" ").filter(Boolean).map(function (entry) {
    var parts = entry.split(":");
    return { page: parts[0], questions: Number(parts[1]) };
  });
  var required = (root.getAttribute("data-required") || "").split(" ").filter(Boolean).map(function (group) {
    return group.split(",");
  });
  if (!root.hasAttribute("data-required")) required = pages.map(function (page) { return [page]; });
  // Capstone cases: "start|endings|page:linked,pages;..." in base-36 indexes into data-pages.
  var cases = (root.getAttribute("data-cases") || "").split(" ").filter(Boolean).map(function (text) {
    function page(index) { return pages[parseInt(index, 36)]; }
    var parts = text.split("|"), links = {};
    (parts[2] || "").split(";").filter(Boolean).forEach(function (entry) {
      var pair = entry.split(":");
      links[page(pair[0])] = pair[1].split(",").map(page);
    });
    return { start: page(parts[0]), endings: (parts[1] || "").split(",").map(page), links: links };
  });
  var layout = root.getAttribute("data-layout") || "";
  var PREFIX = "quiz_progress_";
  var LIMIT = 4096;                                              // SCORM 1.2 cmi.suspend_data
  var SAFE_PAGE = /^[A-Za-z0-9_\-\/]+\.html$/;

  function findAPI(win) {
    for (var tries = 0; win && tries <= 7; tries++) {
      try {
        if (win.API) return win.API;
      } catch (e) { /* another origin: look further up */ }
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  var api = findAPI(window);
  if (!api && window.opener) api = findAPI(window.opener);
  if (api && String(api.LMSInitialize("")) !== "true") api = null;

  var visited = {};
  var last = {};                                                 // what the platform already has
  var started = new Date().getTime();
  var finished = false;

  function get(name) {
    var value = api.LMSGetValue(name);
    return value == null ? "" : String(value);
  }
  function set(name, value) {
    if (last[name] === value) return false;
    last[name] = value;
    api.LMSSetValue(name, value);
    return true;
  }
  function readSaved(page) {
    try {
      var saved = JSON.parse(localStorage.getItem(PREFIX + base + page) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) { return {}; }
  }

  // suspend_data, version 2:
  //   2|<layout>|<pages opened, base 36 indexes>|<quiz index>=<n>.<1 right, 0 not>.<values>;...|...
  // Anything else (another version, or another layout: pages or questions added, removed or
  // changed since it was saved) is ignored, and the learner starts clean.
  function restore(data) {
    var parts = data.split("|");
    if (parts[0] !== "2" || parts[1] !== layout) return;
    parts.splice(1, 1);
    (parts[1] || "").split(",").forEach(function (index) {
      var page = pages[parseInt(index, 36)];
      if (page) visited[page] = true;
    });
    parts.slice(2).forEach(function (part) {
      var eq = part.indexOf("=");
      var quiz = quizzes[Number(part.slice(0, eq))];
      if (!quiz) return;
      var saved = readSaved(quiz.page);
      part.slice(eq + 1).split(";").forEach(function (entry) {
        var m = /^(\d+)\.([01])\.(.*)$/.exec(entry);
        if (!m || saved["quiz-" + m[1]]) return;                // this browser's newer answer wins
        saved["quiz-" + m[1]] = {
          answered: true, correct: m[2] === "1",
          selectedValues: m[3] ? m[3].split(",").map(decodeURIComponent) : []
        };
      });
      try { localStorage.setItem(PREFIX + base + quiz.page, JSON.stringify(saved)); } catch (e) { /* storage off */ }
    });
  }

  function suspendData(withValues) {
    var opened = [];
    pages.forEach(function (page, index) { if (visited[page]) opened.push(index.toString(36)); });
    var parts = ["2", layout, opened.join(",")];
    quizzes.forEach(function (quiz, index) {
      var saved = readSaved(quiz.page), entries = [];
      for (var n = 0; n < quiz.questions; n++) {
        var s = saved["quiz-" + n];
        if (s && s.answered) {
          var values = withValues ? (s.selectedValues || []).map(function (v) { return encodeURIComponent(String(v)); }).join(",") : "";
          entries.push(n + "." + (s.correct ? 1 : 0) + "." + values);
        }
      }
      if (entries.length) parts.push(index + "=" + entries.join(";"));
    });
    return parts.join("|");
  }

  function sync() {
    if (!api || finished) return;
    var total = 0, answered = 0, correct = 0;
    quizzes.forEach(function (quiz) {
      var saved = readSaved(quiz.page);
      total += quiz.questions;
      for (var n = 0; n < quiz.questions; n++) {
        var s = saved["quiz-" + n];
        if (s && s.answered) { answered++; if (s.correct) correct++; }
      }
    });
    var changed = false;
    var data = suspendData(true);
    if (data.length > LIMIT) data = suspendData(false);         // keep right/wrong, drop the choices
    if (data.length <= LIMIT) changed = set("cmi.suspend_data", data) || changed;
    if (total && answered) {
      changed = set("cmi.core.score.min", "0") || changed;
      changed = set("cmi.core.score.max", "100") || changed;
      changed = set("cmi.core.score.raw", String(Math.round(100 * correct / total))) || changed;
    }
    var allOpened = required.every(function (group) {
      return group.some(function (page) { return visited[page]; });
    }) && cases.every(played);
    if (allOpened && answered === total && last["cmi.core.lesson_status"] !== "completed") {
      changed = set("cmi.core.lesson_status", "completed") || changed;
    }
    if (changed) api.LMSCommit("");
  }

  // A case is played when the pages opened hold a path along its links from its start to an ending.
  function played(c) {
    if (!visited[c.start]) return false;
    var seen = {}, queue = [c.start];
    seen[c.start] = true;
    while (queue.length) {
      var at = queue.shift();
      if (c.endings.indexOf(at) >= 0) return true;
      (c.links[at] || []).forEach(function (next) {
        if (visited[next] && !seen[next]) { seen[next] = true; queue.push(next); }
      });
    }
    return false;
  }

  function pageInFrame() {
    try {
      var path = decodeURIComponent(frame.contentWindow.location.pathname);
      if (path.indexOf(base) !== 0) return null;
      var page = path.slice(base.length);
      return page === "" || page.slice(-1) === "/" ? page + "index.html" : page;
    } catch (e) { return null; }
  }

  function finish() {
    if (!api || finished) return;
    sync();
    var seconds = Math.round((new Date().getTime() - started) / 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    api.LMSSetValue("cmi.core.session_time",
      two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60));
    api.LMSSetValue("cmi.core.exit", "suspend");                // the answers come back next time
    api.LMSCommit("");
    finished = true;
    api.LMSFinish("");
  }

  var first = start;
  if (api) {
    var status = get("cmi.core.lesson_status");
    last["cmi.core.lesson_status"] = status;
    last["cmi.suspend_data"] = get("cmi.suspend_data");
    restore(last["cmi.suspend_data"]);
    if (status !== "completed" && status !== "passed") set("cmi.core.lesson_status", "incomplete");
    var resume = get("cmi.core.lesson_location");
    if (SAFE_PAGE.test(resume) && resume.indexOf("..") < 0) first = resume;
    api.LMSCommit("");

    frame.addEventListener("load", function () {
      var page = pageInFrame();
      if (page) {
        visited[page] = true;
        if (page.length <= 255) set("cmi.core.lesson_location", page);
      }
      sync();
    });
    // mkdocs-quiz saves each answer to localStorage in the frame; this window hears of it.
    window.addEventListener("storage", function (event) {
      if (!event.key || event.key.indexOf(PREFIX) === 0) sync();
    });
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
  }
  frame.src = first;
})();
