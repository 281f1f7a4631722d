/* Spaced refreshers: the schedule kept in this browser (issue 23; README "Refreshers").
   Loaded by the Refresh page and the record of study (overrides/hooks/refresh.py) and, on a
   self-check page, by refresh-check.js once the learner answers a question. (The home page's
   count is record.js's.)

   The schedule is a Leitner schedule. Each question sits in a box; each box has a gap in days
   (GAPS). A first answer puts a question in box 1 if right, box 0 if wrong. When a question is
   due, a right answer moves it up a box and a wrong one back to box 0, so it returns the next
   day. A right answer marked "guessing" counts as not yet known: back to box 1. A wrong answer
   to a question not yet due also sends it to box 0. Only the first answer to a question each day
   counts: trying again at once is practice, not recall.

   localStorage "course_refresh" (its name starts "course_", so the record's "Clear my data"
   removes it), version 1:
     {"version": 1, "items": {FINGERPRINT: {"page": "modules/grooming/check-your-understanding",
       "box": 1, "due": "2026-12-09",
       "answers": [{"date": "2026-12-06", "right": true, "confidence": "sure"}]}}}
   FINGERPRINT is the question's, as course-early.js keeps saved answers with (pages.py). */
(function () {
  "use strict";

  var KEY = "course_refresh";
  var GAPS = [1, 3, 7, 21, 60, 120, 180];   // days after an answer, by box
  var KEEP_ANSWERS = 20;                    // answers kept per question, newest last
  var CONFIDENCE = { "sure": "Sure", "think-so": "Think so", "guessing": "Guessing" };

  function isoDate(date) {
    return date.getFullYear() + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0");
  }
  function today() { return isoDate(new Date()); }
  function addDays(iso, days) {
    var d = new Date(iso + "T12:00:00");
    d.setDate(d.getDate() + days);
    return isoDate(d);
  }
  function longDate(iso) {
    return new Date(iso + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  // The schedule, or null when the browser keeps nothing (storage blocked). A stored value that
  // is not a schedule of this version is treated as empty rather than trusted.
  function load() {
    var raw;
    try { raw = localStorage.getItem(KEY); } catch (e) { return null; }
    var state = null;
    try { state = JSON.parse(raw || "null"); } catch (e) { state = null; }
    if (!state || state.version !== 1 || typeof state.items !== "object" || state.items === null || Array.isArray(state.items)) {
      state = { version: 1, items: {} };
    }
    return state;
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); return true; } catch (e) { return false; }
  }

  // One answer to one question: where it goes in the schedule. Returns the question's entry, or
  // null when the answer does not count (not the first answer to it today).
  function record(state, fingerprint, page, right, confidence, date) {
    date = date || today();
    confidence = CONFIDENCE[confidence] ? confidence : "";
    var item = Object.prototype.hasOwnProperty.call(state.items, fingerprint) ? state.items[fingerprint] : null;
    if (item && item.answers.length && item.answers[item.answers.length - 1].date === date) return null;
    var known = right && confidence !== "guessing";
    if (!item) {
      item = state.items[fingerprint] = { page: page, box: right ? 1 : 0, due: "", answers: [] };
    } else if (!right) {
      item.box = 0;
    } else if (item.due <= date) {
      item.box = known ? Math.min(item.box + 1, GAPS.length - 1) : 1;
    } else {
      item.answers.push({ date: date, right: true, confidence: confidence });
      item.answers = item.answers.slice(-KEEP_ANSWERS);
      return item;  // right before it was due: the gap stays as it was
    }
    item.page = page;
    item.due = addDays(date, GAPS[item.box]);
    item.answers.push({ date: date, right: !!right, confidence: confidence });
    item.answers = item.answers.slice(-KEEP_ANSWERS);
    return item;
  }

  // Questions due on or before the date, among those the course still has (known: a list of
  // fingerprints; questions reworded or removed since are left out).
  function dueItems(state, known, date) {
    date = date || today();
    var list = known ? known : Object.keys(state.items);
    return list.filter(function (fp) {
      return Object.prototype.hasOwnProperty.call(state.items, fp) && state.items[fp].due <= date;
    });
  }
  function nextDue(state, known, date) {
    date = date || today();
    var next = "";
    (known || Object.keys(state.items)).forEach(function (fp) {
      var item = Object.prototype.hasOwnProperty.call(state.items, fp) && state.items[fp];
      if (item && item.due > date && (!next || item.due < next)) next = item.due;
    });
    return next;
  }

  function countText(count) {
    return count === 1 ? "1 refresher is due today." : count + " refreshers are due today.";
  }

  window.CourseRefresh = {
    KEY: KEY, GAPS: GAPS, CONFIDENCE: CONFIDENCE, KEEP_ANSWERS: KEEP_ANSWERS,
    today: today, addDays: addDays, longDate: longDate, isoDate: isoDate,
    load: load, save: save, record: record, dueItems: dueItems, nextDue: nextDue, countText: countText
  };

  // An answer handed over by refresh-check.js on a self-check page: {quiz, fingerprint, page,
  // right, confidence, when}. Kept in the schedule, and the question says when it comes back.
  function take(answer) {
    var state = load();
    if (!state) return;  // storage blocked: the quiz still marks the answer, nothing is kept
    var item = record(state, answer.fingerprint, answer.page, answer.right, answer.confidence, isoDate(answer.when));
    if (!item || !save(state)) return;
    var note = answer.quiz.querySelector(".course-refresh-when");
    if (!note) {
      note = document.createElement("p");
      note.className = "course-refresh-when course-web-only";
      answer.quiz.querySelector("form").appendChild(note);
    }
    note.textContent = "This question comes back as a refresher on " + longDate(item.due) + ".";
  }
  window.CourseRefresh.take = take;
  (window.CourseRefreshQueue || []).splice(0).forEach(take);  // answers given before this loaded
})();
