/* The Refresh page, the record of study's refresher section, and progress files (issue 23;
   README "Refreshers"). Loaded only on the Refresh page and the record (overrides/hooks/refresh.py),
   after refresh-schedule.js, which keeps the schedule (window.CourseRefresh).

   Nothing read from storage or from a file is written into the page as HTML: text goes in with
   textContent, and a progress file is checked field by field before anything is kept. The only
   HTML inserted is the course's own questions, which the build embeds in this page. */
(function () {
  "use strict";

  var R = window.CourseRefresh;
  if (!R) return;
  var HANDFUL = 5;  // refreshers shown at a time
  var BLOCKED = "This browser is not letting the course keep anything (a privacy setting or a " +
    "security policy can do that), so there are no refreshers: answers are not kept between visits. " +
    "Allowing this site to store data fixes it.";

  function data(container) {
    var script = container.querySelector(".course-refresh-data");
    return JSON.parse(script.textContent);
  }
  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Questions due, mixed across modules: one from each module in turn, each module's own in the
  // order they fell due, then in the order of the self-check.
  function mixed(due, items, state) {
    var byModule = {};
    due.forEach(function (fp) { (byModule[items[fp].m] = byModule[items[fp].m] || []).push(fp); });
    var queues = Object.keys(byModule).sort(function (a, b) { return a - b; }).map(function (m) {
      return byModule[m].sort(function (a, b) {
        return state.items[a].due < state.items[b].due ? -1 : state.items[a].due > state.items[b].due ? 1 : items[a].n - items[b].n;
      });
    });
    var out = [];
    while (queues.some(function (q) { return q.length; })) {
      queues.forEach(function (q) { if (q.length) out.push(q.shift()); });
    }
    return out;
  }

  function prune(state, items) {
    var changed = false;
    Object.keys(state.items).forEach(function (fp) {
      if (!has(items, fp)) { delete state.items[fp]; changed = true; }
    });
    if (changed) R.save(state);
  }

  // The Refresh page -------------------------------------------------------------------------

  function refreshPage(root) {
    var course = data(root);
    var items = course.items;
    var known = Object.keys(items);
    var state = R.load();
    var status = element("p", "course-refresh-status");
    status.setAttribute("role", "status");
    root.appendChild(status);
    if (!state) {
      status.textContent = BLOCKED;
      return;
    }
    prune(state, items);  // questions reworded or removed since they were answered
    var queue = mixed(R.dueItems(state, known), items, state);
    var list = element("div", "course-refresh-list");
    root.appendChild(list);
    var more = element("p", "course-refresh-more");
    root.appendChild(more);
    var batch = 0, open = 0;

    function summary() {
      var current = R.load() || state;
      var left = queue.length;
      if (!Object.keys(current.items).length) {
        return "No refreshers yet. Answer a module's self-check, and its questions come back here a few days later.";
      }
      if (open) return plural(open + left, "refresher is", "refreshers are") + " due today. Answer the ones below.";
      if (left) return plural(left, "more refresher is", "more refreshers are") + " due today.";
      var next = R.nextDue(current, known);
      return "No refreshers are due today." + (next ? " The next is due on " + R.longDate(next) + "." : "");
    }

    function showBatch() {
      var take = queue.splice(0, HANDFUL);
      batch += 1;
      open = take.length;
      more.textContent = "";
      take.forEach(function (fp, i) {
        list.appendChild(card(fp, items[fp], course.modules[items[fp].m], batch + "-" + (i + 1), (i + 1) + " of " + take.length, answered));
      });
      status.textContent = summary();
      var first = list.querySelector('[data-batch="' + batch + '"] h2');
      if (first && batch > 1) first.focus();
    }

    function answered() {
      open -= 1;
      status.textContent = summary();
      if (open) return;
      if (queue.length) {
        var button = element("button", "md-button md-button--primary", "Show " + Math.min(HANDFUL, queue.length) + " more (" + plural(queue.length, "refresher", "refreshers") + " left today)");
        button.type = "button";
        button.addEventListener("click", showBatch);
        more.appendChild(button);
      } else {
        more.textContent = "That is all for today.";
      }
    }

    if (queue.length) showBatch(); else status.textContent = summary();

    function card(fp, item, module, id, position, done) {
      var section = element("section", "course-refresh-item");
      section.setAttribute("data-batch", String(batch));
      section.setAttribute("data-fingerprint", fp);
      var heading = element("h2", "", "Refresher " + position);
      heading.id = "course-refresh-h-" + id;
      heading.tabIndex = -1;
      heading.appendChild(element("span", "course-refresh-module", module.title));
      section.setAttribute("aria-labelledby", heading.id);
      section.appendChild(heading);
      var form = element("form");
      form.noValidate = true;
      var question = element("div", "course-refresh-question");
      question.id = "course-refresh-q-" + id;
      question.innerHTML = item.question;  // the course's own question, from the build
      form.appendChild(question);
      var inputs = [];
      if (item.kind !== "blank") {
        var options = element("fieldset", "course-refresh-options");
        options.setAttribute("aria-labelledby", question.id);
        item.options.forEach(function (option, i) {
          var row = element("div", "course-refresh-option");
          var input = element("input");
          input.type = item.kind === "many" ? "checkbox" : "radio";
          input.name = "course-refresh-answer-" + id;
          input.value = String(i);
          input.id = "course-refresh-o-" + id + "-" + i;
          var label = element("label");
          label.htmlFor = input.id;
          label.innerHTML = option.html;
          row.appendChild(input);
          row.appendChild(label);
          options.appendChild(row);
          inputs.push(input);
        });
        form.appendChild(options);
      }
      var blanks = Array.prototype.slice.call(question.querySelectorAll(".course-refresh-blank"));
      blanks.forEach(function (blank, i) {
        blank.id = "course-refresh-b-" + id + "-" + i;
        blank.setAttribute("aria-label", "Answer" + (blanks.length > 1 ? " " + (i + 1) : ""));
      });
      var sure = element("fieldset", "course-sure");
      sure.appendChild(element("legend", "", "How sure are you? (optional)"));
      Object.keys(R.CONFIDENCE).forEach(function (value) {
        var input = element("input");
        input.type = "radio";
        input.name = "course-refresh-sure-" + id;
        input.value = value;
        input.id = "course-refresh-s-" + id + "-" + value;
        var label = element("label", "", R.CONFIDENCE[value]);
        label.htmlFor = input.id;
        sure.appendChild(input);
        sure.appendChild(label);
      });
      form.appendChild(sure);
      var hint = element("p", "course-refresh-hint");
      hint.setAttribute("role", "alert");
      form.appendChild(hint);
      var submit = element("button", "md-button md-button--primary", "Check my answer");
      submit.type = "submit";
      form.appendChild(submit);
      var result = element("div", "course-refresh-result");
      result.tabIndex = -1;
      form.appendChild(result);
      section.appendChild(form);

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.getAttribute("data-done")) return;
        var empty = blanks.length
          ? blanks.every(function (b) { return !b.value.trim(); })
          : !inputs.some(function (input) { return input.checked; });
        if (empty) {
          hint.textContent = blanks.length ? "Type an answer first." : "Choose an answer first.";
          return;
        }
        hint.textContent = "";
        var right = blanks.length
          ? blanks.every(function (b) { return b.value.trim().toLowerCase() === (b.getAttribute("data-answer") || "").trim().toLowerCase(); })
          : inputs.every(function (input, i) { return input.checked === item.options[i].right; });
        var chosen = sure.querySelector("input:checked");
        var current = R.load();
        var entry = current ? R.record(current, fp, item.page, right, chosen ? chosen.value : "") : null;
        var kept = entry && R.save(current);
        form.setAttribute("data-done", right ? "right" : "wrong");
        section.classList.add(right ? "course-refresh-right" : "course-refresh-wrong");
        form.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
        submit.hidden = true;
        showResult(result, item, inputs, blanks, right, entry, kept);
        result.focus();
        done();
      });
      return section;
    }
  }

  function showResult(result, item, inputs, blanks, right, entry, kept) {
    result.appendChild(element("p", "course-refresh-verdict", right ? "Right." : "Not quite."));
    if (blanks.length) {
      blanks.forEach(function (blank) {
        blank.classList.add(right ? "course-refresh-right-blank" : "course-refresh-wrong-blank");
      });
      result.appendChild(element("p", "", "The answer: " + blanks.map(function (b) { return b.getAttribute("data-answer"); }).join(", ") + "."));
    } else {
      var notes = element("ul", "course-refresh-feedback");
      item.options.forEach(function (option, i) {
        var chosen = inputs[i].checked;
        inputs[i].parentElement.classList.add(option.right ? "course-refresh-key" : chosen ? "course-refresh-miss" : "course-refresh-other");
        if (!chosen && !option.right) return;
        var li = element("li", option.right ? "course-refresh-key" : "course-refresh-miss");
        li.appendChild(element("strong", "", (chosen ? "You chose: " : "Right, not chosen: ") + inputs[i].parentElement.querySelector("label").textContent.trim() +
          (chosen ? (option.right ? " (right)" : " (not right)") : "")));
        var why = element("div");
        why.innerHTML = option.feedback;  // the course's own feedback, from the build
        li.appendChild(why);
        notes.appendChild(li);
      });
      result.appendChild(notes);
    }
    var explanation = element("div", "course-refresh-explanation");
    explanation.innerHTML = item.explanation;  // the course's own explanation, from the build
    result.appendChild(explanation);
    var when;
    if (!kept) when = "This browser did not keep the answer, so the question is not rescheduled.";
    else when = "It comes back on " + R.longDate(entry.due) + (right ? "." : ", so you can try it again soon.");
    result.appendChild(element("p", "course-refresh-next", when));
  }

  // The record of study: refreshers and confidence, per module -------------------------------

  function recordSection(holder) {
    var course = data(holder);
    var items = course.items;
    var known = Object.keys(items);

    function render() {
      var sheet = document.querySelector("#course-record .course-record-sheet");
      var target = document.getElementById("course-refresh-summary");
      if (!target) {
        target = element("div");
        target.id = "course-refresh-summary";
        var table = document.getElementById("course-record-table");
        if (table) table.insertAdjacentElement("afterend", target);
        else if (sheet) sheet.appendChild(target);
        else holder.insertAdjacentElement("beforebegin", target);
      }
      target.textContent = "";
      var state = R.load();
      if (!state) return;
      var scheduled = known.filter(function (fp) { return has(state.items, fp); });
      if (!scheduled.length) return;
      target.appendChild(element("h3", "", "Refreshers and confidence"));
      var due = R.dueItems(state, known).length, next = R.nextDue(state, known);
      target.appendChild(element("p", "course-refresh-record-due", due ? R.countText(due) :
        "No refresher is due today" + (next ? "; the next is due on " + R.longDate(next) + "." : ".")));
      var rows = course.modules.map(function () { return { scheduled: 0, sure: 0, sureRight: 0, flagged: [] }; });
      scheduled.forEach(function (fp) {
        var row = rows[items[fp].m];
        var answers = state.items[fp].answers || [];
        row.scheduled += 1;
        answers.forEach(function (a) {
          if (a.confidence !== "sure") return;
          row.sure += 1;
          if (a.right) row.sureRight += 1;
        });
        var last = answers[answers.length - 1];
        if (last && last.confidence === "sure" && !last.right) row.flagged.push(fp);
      });
      var table = element("table");
      var head = element("thead");
      var tr = element("tr");
      ["Refreshers", "In the schedule", "Right when sure", "Sure but wrong"].forEach(function (h) { tr.appendChild(element("th", "", h)); });
      head.appendChild(tr);
      table.appendChild(head);
      var body = element("tbody");
      var flagged = [];
      rows.forEach(function (row, m) {
        if (!row.scheduled) return;
        var line = element("tr");
        var name = element("td");
        name.appendChild(element("strong", "", course.modules[m].title));
        line.appendChild(name);
        [["In the schedule", plural(row.scheduled, "question", "questions")],
         ["Right when sure", row.sure ? row.sureRight + " of " + row.sure : "not rated sure"],
         ["Sure but wrong", row.flagged.length ? String(row.flagged.length) : "none"]].forEach(function (cell) {
          var td = element("td", "", cell[1]);
          td.setAttribute("data-label", cell[0]);
          line.appendChild(td);
        });
        body.appendChild(line);
        flagged = flagged.concat(row.flagged);
      });
      table.appendChild(body);
      target.appendChild(table);
      if (flagged.length) {
        target.appendChild(element("p", "course-refresh-flag-intro",
          "For another look: questions answered \"sure\" and wrong the last time."));
        var list = element("ul", "course-refresh-flagged");
        flagged.forEach(function (fp) {
          var li = element("li");
          li.appendChild(document.createTextNode(course.modules[items[fp].m].title + ", question " + (items[fp].n + 1) + ": "));
          var link = element("a", "", items[fp].stem);
          var module = course.modules[items[fp].m];
          link.href = module.url + "#quiz-" + items[fp].n;
          li.appendChild(link);
          list.appendChild(li);
        });
        target.appendChild(list);
      }
    }

    render();
    var clear = document.getElementById("course-record-clear");
    if (clear) clear.addEventListener("click", function () { render(); });
    progressFiles(holder, course, render);
  }

  // Progress files ---------------------------------------------------------------------------
  // Version 1 of the file (README "Refreshers" documents it):
  //   {"format": "safeguarding-course-progress", "version": 1, "course": NAME, "saved": DATE,
  //    "answers":    {FINGERPRINT: {"page": PAGE, "correct": true, "selected": ["1"]}},
  //    "refreshers": {FINGERPRINT: {"page": PAGE, "box": 1, "due": DATE,
  //                                 "answers": [{"date": DATE, "right": true, "confidence": "sure"}]}},
  //    "pages":      {PAGE: DATE},                       pages read, and when last opened
  //    "capstone":   {CASE: {"finished": DATE, "outcome": "good"}},
  //    "confidence_check": {"before": {"1": 3}, "after": {"1": 4}, "date_before": DATE, "date_after": DATE} or null,
  //    "name": "as typed on the record"}
  // A question is known by its fingerprint, so answers follow their questions wherever they move;
  // a file from an older version of the course loads the questions and pages that still exist.

  var FORMAT = "safeguarding-course-progress";
  var VERSION = 1;
  var MAX_BYTES = 1000000;
  var FINGERPRINT = /^[0-9a-f]{12}$/;
  var PAGE = /^[a-z0-9][a-z0-9._\/-]{0,150}$/;
  var CASE = /^[a-z0-9][a-z0-9-]{0,80}$/;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var REFUSED = {
    unreadable: "This file is not a progress file from this course: it could not be read.",
    foreign: "This file is not a progress file from this course. It may come from another website or program.",
    newer: "This file was saved by a newer version of the course, which this copy cannot read. Open the newer copy of the course to load it.",
    markup: "This file holds web page code where this course keeps only plain answers and dates, so it was not loaded.",
    invalid: "Parts of this file are not what this course saves, so it was not loaded.",
    big: "This file is too big to be a progress file from this course.",
    blocked: "This browser is not letting the course keep anything, so there is nowhere to load the file into.",
    full: "This browser ran out of room for the course's data, so the file was not loaded."
  };
  var NOTHING_CHANGED = " Your progress in this browser has not changed.";

  function read(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(key) || "null"); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function storageWorks() {
    try { localStorage.getItem("course_refresh"); return true; } catch (e) { return false; }
  }
  function validDate(value) {
    return typeof value === "string" && ISO.test(value) && R.isoDate(new Date(value + "T12:00:00")) === value;
  }
  function plainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  // The address at which this copy of the course serves a page, as mkdocs-quiz keys its answers.
  function quizKey(url) {
    return "quiz_progress_" + new URL(url, location.href).pathname;
  }
  // The answers saved for a page, under this copy's address or (a copy moved or opened from
  // another folder) any address ending in the page's own (course-early.js does the same).
  function savedAnswers(page) {
    var exact = quizKey(page.url);
    var endings = ["/" + page.page + ".html", "/" + page.page + "/"];
    if (/(^|\/)index$/.test(page.page)) endings.push("/" + page.page.replace(/(^|\/)index$/, "") + "/");
    var found = null;
    try {
      if (localStorage.getItem(exact)) return JSON.parse(localStorage.getItem(exact));
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("quiz_progress_") === 0 && endings.some(function (e) { return key.slice(-e.length) === e; })) {
          found = JSON.parse(localStorage.getItem(key));
        }
      }
    } catch (e) { return {}; }
    return plainObject(found) ? found : {};
  }
  // A page's saved answers by fingerprint: positions are read in the order course-early.js last
  // recorded for the page, or the build's order if it recorded none.
  function answersByFingerprint(page) {
    var order = read("course_quiz_order:" + page.page, null);
    if (!Array.isArray(order)) order = page.items;
    var saved = savedAnswers(page), out = {};
    Object.keys(saved).forEach(function (id) {
      var match = /^quiz-(\d+)$/.exec(id), entry = saved[id];
      var fp = match && order[Number(match[1])];
      if (fp && plainObject(entry) && entry.answered === true && typeof entry.correct === "boolean") {
        out[fp] = { page: page.page, correct: entry.correct,
                    selected: Array.isArray(entry.selectedValues) ? entry.selectedValues.map(String) : [] };
      }
    });
    return out;
  }

  function progressFile(course) {
    var file = { format: FORMAT, version: VERSION, course: course.course, saved: R.today(),
                 answers: {}, refreshers: {}, pages: {}, capstone: {}, confidence_check: null, name: "" };
    course.pages.forEach(function (page) {
      var answers = answersByFingerprint(page);
      Object.keys(answers).forEach(function (fp) { file.answers[fp] = answers[fp]; });
    });
    var state = R.load() || { items: {} };
    Object.keys(state.items).forEach(function (fp) { file.refreshers[fp] = state.items[fp]; });
    file.pages = read("course_visits", {});
    file.capstone = read("course_capstone", {});
    file.confidence_check = read("course_confidence", null);
    file.name = read("course_record_name", "");
    return file;
  }

  // Every string in the file, keys included, must be free of markup; the walk also bounds the
  // file's depth and size before the fields are checked one by one.
  function hasMarkup(value, depth, budget) {
    if (depth > 8 || --budget.left < 0) return true;
    if (typeof value === "string") return /[<>]/.test(value);
    if (Array.isArray(value)) return value.some(function (v) { return hasMarkup(v, depth + 1, budget); });
    if (plainObject(value)) {
      return Object.keys(value).some(function (k) { return /[<>]/.test(k) || hasMarkup(value[k], depth + 1, budget); });
    }
    return false;
  }

  // Checks a file's text and works out what loading it would keep. Returns {refused: reason} or
  // {plan: {key: value to store}, counts}. Nothing is stored here.
  function plan(text, course) {
    var file;
    try { file = JSON.parse(text); } catch (e) { return { refused: "unreadable" }; }
    if (!plainObject(file)) return { refused: "unreadable" };
    if (file.format !== FORMAT) return { refused: "foreign" };
    if (typeof file.version !== "number" || Math.floor(file.version) !== file.version || file.version < 1) return { refused: "invalid" };
    if (file.version > VERSION) return { refused: "newer" };
    if (hasMarkup(file, 0, { left: 200000 })) return { refused: "markup" };
    var ok = true;
    function check(condition) { if (!condition) ok = false; return condition; }
    function section(name, fallback) {
      if (!has(file, name) || file[name] === null) return fallback;
      return check(plainObject(file[name])) ? file[name] : fallback;
    }
    if (has(file, "course")) check(typeof file.course === "string" && file.course.length <= 200);
    if (has(file, "saved")) check(validDate(file.saved));
    var answers = section("answers", {}), refresh = section("refreshers", {});
    var pages = section("pages", {}), capstone = section("capstone", {});
    var confidence = section("confidence_check", null);
    var name = has(file, "name") ? file.name : "";
    check(typeof name === "string" && name.length <= 100 && !/[\u0000-\u001f\u007f]/.test(name));
    Object.keys(answers).forEach(function (fp) {
      var a = answers[fp];
      check(FINGERPRINT.test(fp) && plainObject(a) && typeof a.correct === "boolean" &&
            (!has(a, "page") || (typeof a.page === "string" && PAGE.test(a.page))) &&
            Array.isArray(a.selected) && a.selected.length <= 20 &&
            a.selected.every(function (s) { return typeof s === "string" && s.length <= 200; }));
    });
    Object.keys(refresh).forEach(function (fp) {
      var r = refresh[fp];
      check(FINGERPRINT.test(fp) && plainObject(r) && typeof r.box === "number" && Math.floor(r.box) === r.box &&
            r.box >= 0 && r.box < R.GAPS.length && validDate(r.due) &&
            (!has(r, "page") || (typeof r.page === "string" && PAGE.test(r.page))) &&
            Array.isArray(r.answers) && r.answers.length <= 100 && r.answers.every(function (x) {
              return plainObject(x) && validDate(x.date) && typeof x.right === "boolean" &&
                (x.confidence === "" || has(R.CONFIDENCE, x.confidence) || !has(x, "confidence"));
            }));
    });
    Object.keys(pages).forEach(function (p) { check(PAGE.test(p) && p.indexOf("..") < 0 && validDate(pages[p])); });
    Object.keys(capstone).forEach(function (c) {
      var e = capstone[c];
      check(CASE.test(c) && plainObject(e) && validDate(e.finished) &&
            (!has(e, "outcome") || (typeof e.outcome === "string" && /^[a-z-]{0,20}$/.test(e.outcome))));
    });
    if (confidence) {
      ["before", "after"].forEach(function (when) {
        if (!has(confidence, when)) return;
        var scores = confidence[when];
        check(plainObject(scores) && Object.keys(scores).every(function (k) {
          return /^[a-z0-9-]{1,40}$/.test(k) && [1, 2, 3, 4, 5].indexOf(scores[k]) >= 0;
        }));
      });
      ["date_before", "date_after"].forEach(function (when) { if (has(confidence, when)) check(validDate(confidence[when])); });
    }
    if (!ok) return { refused: "invalid" };

    // What still matches this version of the course, merged with what this browser has: the
    // browser's own answer to a question wins; for a refresher, the one answered most recently.
    var items = course.items, counts = { answers: 0, refreshers: 0, pages: 0, old: 0 }, store = {};
    var state = R.load() || { version: 1, items: {} };
    Object.keys(refresh).forEach(function (fp) {
      if (!has(items, fp)) { counts.old += 1; return; }
      var theirs = refresh[fp], mine = has(state.items, fp) ? state.items[fp] : null;
      var theirLast = theirs.answers.length ? theirs.answers[theirs.answers.length - 1].date : "";
      var myLast = mine && mine.answers.length ? mine.answers[mine.answers.length - 1].date : "";
      if (!mine || theirLast > myLast) {
        state.items[fp] = { page: items[fp].page, box: theirs.box, due: theirs.due,
          answers: theirs.answers.map(function (x) { return { date: x.date, right: x.right, confidence: x.confidence || "" }; })
            .slice(-R.KEEP_ANSWERS) };
      }
      counts.refreshers += 1;
    });
    store[R.KEY] = state;
    course.pages.forEach(function (page) {
      var mine = answersByFingerprint(page), changed = false, progress = {};
      page.items.forEach(function (fp, position) {
        var entry = mine[fp] || (has(answers, fp) ? answers[fp] : null);
        if (!entry) return;
        if (!mine[fp]) { changed = true; counts.answers += 1; }
        progress["quiz-" + position] = { answered: true, correct: entry.correct, selectedValues: entry.selected.slice() };
      });
      if (changed) {
        store[quizKey(page.url)] = progress;
        store["course_quiz_order:" + page.page] = page.items;
      }
    });
    var inCourse = {};
    course.pages.forEach(function (page) { page.items.forEach(function (fp) { inCourse[fp] = true; }); });
    Object.keys(answers).forEach(function (fp) { if (!has(inCourse, fp) && !has(refresh, fp)) counts.old += 1; });
    var visits = read("course_visits", {});
    var knownPages = {};
    course.known_pages.forEach(function (p) { knownPages[p] = true; });
    Object.keys(pages).forEach(function (p) {
      if (!has(knownPages, p)) return;
      if (!has(visits, p) || pages[p] > visits[p]) { visits[p] = pages[p]; counts.pages += 1; }
    });
    store.course_visits = visits;
    var cases = read("course_capstone", {});
    Object.keys(capstone).forEach(function (c) {
      if (course.cases.indexOf(c) >= 0 && !has(cases, c)) cases[c] = { finished: capstone[c].finished, outcome: capstone[c].outcome || "" };
    });
    store.course_capstone = cases;
    var mineConfidence = read("course_confidence", null);
    if (confidence && !(mineConfidence && (mineConfidence.before || mineConfidence.after))) {
      var copy = {};
      ["before", "after", "date_before", "date_after"].forEach(function (k) { if (has(confidence, k)) copy[k] = confidence[k]; });
      store.course_confidence = copy;
    }
    if (name && !read("course_record_name", "")) store.course_record_name = name;
    return { plan: store, counts: counts, name: store.course_record_name };
  }

  // Stores every value of the plan, or none: on any failure the keys go back as they were.
  function apply(store) {
    var before = {};
    try {
      Object.keys(store).forEach(function (key) { before[key] = localStorage.getItem(key); });
      Object.keys(store).forEach(function (key) { localStorage.setItem(key, JSON.stringify(store[key])); });
      return true;
    } catch (e) {
      try {
        Object.keys(before).forEach(function (key) {
          if (before[key] === null) localStorage.removeItem(key); else localStorage.setItem(key, before[key]);
        });
      } catch (ignored) { /* nothing more can be done */ }
      return false;
    }
  }

  function progressFiles(holder, course, rerender) {
    var box = element("div", "course-progress-file");
    var save = element("button", "md-button md-button--primary", "Save my progress to a file");
    save.type = "button";
    save.id = "course-progress-save";
    var p1 = element("p");
    p1.appendChild(save);
    box.appendChild(p1);
    var p2 = element("p");
    var label = element("label", "", "Load progress from a file");
    label.htmlFor = "course-progress-load";
    var input = element("input");
    input.type = "file";
    input.id = "course-progress-load";
    input.accept = ".json,application/json";
    p2.appendChild(label);
    p2.appendChild(element("br"));
    p2.appendChild(input);
    box.appendChild(p2);
    var status = element("p", "course-progress-status");
    status.id = "course-progress-status";
    status.setAttribute("role", "status");
    box.appendChild(status);
    var alert = element("p", "course-progress-alert");
    alert.id = "course-progress-alert";
    alert.setAttribute("role", "alert");
    box.appendChild(alert);
    holder.appendChild(box);

    function say(ok, text) {
      status.textContent = ok ? text : "";
      alert.textContent = ok ? "" : text;
    }

    save.addEventListener("click", function () {
      if (!storageWorks()) { say(false, "This browser is not letting the course keep anything, so there is no progress to save."); return; }
      var file = progressFile(course);
      var blob = new Blob([JSON.stringify(file, null, 1) + "\n"], { type: "application/json" });
      var link = element("a");
      link.href = URL.createObjectURL(blob);
      link.download = "safeguarding-course-progress-" + file.saved + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      say(true, "Saved: " + plural(Object.keys(file.answers).length, "self-check answer", "self-check answers") + " and " +
        plural(Object.keys(file.refreshers).length, "refresher", "refreshers") + ", in " + link.download + " (look in your downloads).");
    });

    input.addEventListener("change", function () {
      var chosen = input.files && input.files[0];
      input.value = "";
      if (!chosen) return;
      if (!storageWorks()) { say(false, REFUSED.blocked + NOTHING_CHANGED); return; }
      if (chosen.size > MAX_BYTES) { say(false, REFUSED.big + NOTHING_CHANGED); return; }
      var reader = new FileReader();
      reader.onload = function () {
        var result;
        try { result = plan(String(reader.result), course); } catch (e) { result = { refused: "invalid" }; }
        if (result.refused) { say(false, REFUSED[result.refused] + NOTHING_CHANGED); return; }
        if (!apply(result.plan)) { say(false, REFUSED.full + NOTHING_CHANGED); return; }
        var c = result.counts;
        var text = "Loaded: " + plural(c.answers, "self-check answer", "self-check answers") + ", " +
          plural(c.refreshers, "refresher", "refreshers") + " and " + plural(c.pages, "page", "pages") + " read.";
        if (c.old) text += " " + plural(c.old, "question was", "questions were") + " from an older version of the course and no longer match, so " + (c.old === 1 ? "it was" : "they were") + " left out.";
        // The record re-reads what the browser keeps when its name box changes (record.js).
        var name = document.getElementById("course-record-name");
        if (name) {
          if (result.name && !name.value) name.value = result.name;
          name.dispatchEvent(new Event("input", { bubbles: true }));
        }
        rerender();
        say(true, text);
      };
      reader.onerror = function () { say(false, REFUSED.unreadable + NOTHING_CHANGED); };
      reader.readAsText(chosen);
    });
  }

  var page = document.getElementById("course-refresh");
  if (page) refreshPage(page);
  var record = document.getElementById("course-refresh-record");
  if (record) recordSection(record);
})();
