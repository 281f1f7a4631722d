/* Trainer view and presenter mode, for a trainer with a projector. */
(function () {
  "use strict";

  // Trainer view -----------------------------------------------------------------------------
  // Facilitator notes are hidden in the learner view. A trainer turns them on with the switch
  // in the header; the choice is remembered in this browser. A banner says which view is on.
  var VIEW_KEY = "course_view";
  var header = document.querySelector(".md-header__inner");

  function stored(key, fallback) {
    try { return localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* not remembered, still works */ }
  }

  // The switches sit together in the header. On a phone they fold into one small "Trainer
  // tools" button, so that the site title keeps the room it needs (course.css).
  var tools = null;
  function toolsOpen(open) {
    if (!tools) return;
    tools.classList.toggle("course-header-tools--open", open);
    tools.querySelector(".course-header-tools__toggle").setAttribute("aria-expanded", open ? "true" : "false");
  }
  function headerButton(id, label) {
    if (header && !tools) {
      tools = document.createElement("div");
      tools.className = "course-header-tools";
      tools.innerHTML = '<button type="button" class="md-header__button course-header-tools__toggle" ' +
        'aria-expanded="false" aria-controls="course-header-tools-panel" aria-label="Trainer tools" ' +
        'title="Trainer tools"><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">' +
        '<circle cx="12" cy="5" r="2"/><circle cx="12" cy="12" r="2"/><circle cx="12" cy="19" r="2"/></svg></button><div class="course-header-tools__panel" id="course-header-tools-panel"></div>';
      tools.firstChild.addEventListener("click", function () {
        toolsOpen(!tools.classList.contains("course-header-tools--open"));
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && tools.classList.contains("course-header-tools--open")) toolsOpen(false);
      });
      var search = header.querySelector(".md-search");
      var searchLabel = header.querySelector('label[for="__search"]');
      header.insertBefore(tools, searchLabel || search || null);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.className = "md-header__button course-header-button";
    button.textContent = label;
    if (tools) tools.lastChild.appendChild(button);
    return button;
  }

  function setTrainerView(on) {
    document.body.classList.toggle("course-trainer-view", on);
    trainerButton.setAttribute("aria-pressed", on ? "true" : "false");
    trainerButton.textContent = on ? "Trainer view: on" : "Trainer view: off";
    var banner = document.getElementById("course-view-banner");
    if (on && !banner) {
      banner = document.createElement("p");
      banner.id = "course-view-banner";
      banner.className = "course-view-banner";
      banner.textContent = "Trainer view: facilitator notes are showing. Turn it off before a learner uses this computer.";
      var content = document.querySelector(".md-content__inner");
      if (content) content.insertBefore(banner, content.firstChild);
    } else if (!on && banner) {
      banner.remove();
    }
    document.querySelectorAll("details.facilitator").forEach(function (notes) { notes.open = on; });
  }

  var trainerButton = headerButton("course-trainer-toggle", "Trainer view: off");
  trainerButton.addEventListener("click", function () {
    var on = !document.body.classList.contains("course-trainer-view");
    toolsOpen(false);
    store(VIEW_KEY, on ? "trainer" : "learner");
    setTrainerView(on);
  });
  setTrainerView(stored(VIEW_KEY, "learner") === "trainer");

  // Confidence check ---------------------------------------------------------------------------
  // The confidence check page's statements, rated 1 to 5 before and after a session. Kept in
  // this browser only, under "course_confidence" as {"before": {"1": 3, ...}, "after": {...},
  // "date_before": "YYYY-MM-DD", "date_after": "YYYY-MM-DD"}; the record of study shows the change.
  var CONFIDENCE_KEY = "course_confidence";
  document.querySelectorAll(".course-confidence").forEach(function (box) {
    var statements = Array.prototype.map.call(box.querySelectorAll("tbody tr"), function (row) {
      return { id: row.cells[0].textContent.trim(), text: row.cells[1].textContent.trim() };
    });
    function load() {
      try { return JSON.parse(localStorage.getItem(CONFIDENCE_KEY) || "{}") || {}; } catch (e) { return {}; }
    }
    var form = document.createElement("form");
    form.className = "course-confidence-form";
    form.setAttribute("aria-label", "Confidence check in this browser");
    var html = '<p><label><input type="radio" name="course-when" value="before" checked> Before the session</label>' +
      '<label><input type="radio" name="course-when" value="after"> After the session</label></p>';
    statements.forEach(function (s) {
      html += '<fieldset><legend>' + s.id + ". " + s.text.replace(/</g, "&lt;") + "</legend>";
      for (var n = 1; n <= 5; n++) {
        html += '<label><input type="radio" name="course-confidence-' + s.id + '" value="' + n + '"> ' + n + "</label>";
      }
      html += "</fieldset>";
    });
    html += '<p><button type="submit" class="md-button md-button--primary">Save my ratings in this browser</button></p>' +
      '<p class="course-confidence-status" role="status"></p>';
    form.innerHTML = html;
    var result = document.createElement("div");
    result.className = "course-confidence-result";
    box.parentNode.insertBefore(form, box.nextSibling);
    form.parentNode.insertBefore(result, form.nextSibling);

    function when() { return form.querySelector('input[name="course-when"]:checked').value; }
    function fill() {
      var saved = load()[when()] || {};
      statements.forEach(function (s) {
        form.querySelectorAll('input[name="course-confidence-' + s.id + '"]').forEach(function (input) {
          input.checked = String(saved[s.id]) === input.value;
        });
      });
    }
    function show() {
      var saved = load();
      if (!saved.before && !saved.after) { result.innerHTML = ""; return; }
      var rows = statements.map(function (s) {
        var b = (saved.before || {})[s.id], a = (saved.after || {})[s.id];
        var change = b && a ? (a - b > 0 ? "+" : "") + (a - b) : "";
        return "<tr><td>" + s.id + "</td><td>" + (b || "") + "</td><td>" + (a || "") + "</td><td>" + change + "</td></tr>";
      }).join("");
      result.innerHTML = "<p><strong>Your ratings in this browser</strong></p><table><thead><tr><th>Statement</th>" +
        "<th>Before" + (saved.date_before ? " (" + saved.date_before + ")" : "") + "</th><th>After" +
        (saved.date_after ? " (" + saved.date_after + ")" : "") + "</th><th>Change</th></tr></thead><tbody>" + rows + "</tbody></table>";
    }
    form.addEventListener("change", function (event) { if (event.target.name === "course-when") fill(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var saved = load(), ratings = {};
      statements.forEach(function (s) {
        var chosen = form.querySelector('input[name="course-confidence-' + s.id + '"]:checked');
        if (chosen) ratings[s.id] = Number(chosen.value);
      });
      saved[when()] = ratings;
      saved["date_" + when()] = new Date().toISOString().slice(0, 10);
      var status = form.querySelector(".course-confidence-status");
      try {
        localStorage.setItem(CONFIDENCE_KEY, JSON.stringify(saved));
        status.textContent = "Saved in this browser: " + Object.keys(ratings).length + " of " + statements.length + " statements rated.";
      } catch (e) {
        status.textContent = "This browser does not allow saving. Use the printed form instead.";
      }
      show();
    });
    fill();
    show();
  });

  // Presenter mode ---------------------------------------------------------------------------
  // For a projector: large type, one section (the page title, then each H2) at a time, and
  // each self-check question on a screen of its own. Moved by the keys presentation clickers
  // send (PageDown/PageUp, arrows, space). A slide taller than the screen scrolls first, then
  // the next key moves on; after the last slide the next page in the session's order opens (the
  // session plan's page list when presenting was started from a plan, otherwise the site's own
  // "Next" link). Facilitator notes never show. The room's quiz answers are not kept: the
  // trainer's saved answers for the page are put back on leaving. Leave with Escape or the
  // button; ?present in the address opens a page in presenter mode.
  var article = document.querySelector(".md-content__inner");
  var slides = [];
  var current = 0;
  var PRESENT_KEY = "course_present";
  var ORDER_KEY = "course_present_order";   // the session's pages, when started from a plan
  var ARRIVE_KEY = "course_present_arrive"; // "last" when Previous came back from the next page
  var AUDIENCE_KEY = "course_present_audience"; // "staff": the plan is for all staff (no DSL sections)
  var QUIZ_KEY = "quiz_progress_" + location.pathname; // where mkdocs-quiz saves this page's answers
  var savedAnswers;                                    // undefined: nothing to put back

  function session(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    } catch (e) { /* presenting still works on this page */ }
    return null;
  }

  function pageAddress(href) {
    return href.split(/[?#]/)[0].replace(/index\.html$/, "");
  }

  function isQuiz(node) { return node.classList.contains("quiz"); }
  function isHeading(node) { return /^H[1-6]$/.test(node.tagName); }

  // A session plan for all staff (session.dsl_sections: false) leaves out the pages' sections
  // for the DSL alone (issue 24): an H2 headed "For the DSL: ..."
  // or "As the DSL: ...", or marked { data-audience="dsl" } in the Markdown, down to the next H2.
  // Only on the plan's own pages: presenting any other page shows it whole.
  function leavingOutDsl() {
    if (session(AUDIENCE_KEY) !== "staff") return false;
    var order = null;
    try { order = JSON.parse(session(ORDER_KEY) || "null"); } catch (e) { order = null; }
    return !!order && order.indexOf(pageAddress(location.href)) >= 0;
  }
  function forTheDsl(node) {
    return node.tagName === "H2" && (/^(For|As) the DSL\b/.test(node.textContent.trim()) ||
      (node.getAttribute("data-audience") || "").split(" ").indexOf("dsl") >= 0);
  }

  function buildSlides() {
    slides = [];
    var slide = null;
    var leaveOut = leavingOutDsl(), leaving = false;
    Array.prototype.slice.call(article.children).forEach(function (node) {
      if (node.id === "course-view-banner" || node.classList.contains("course-present-bar") ||
          node.classList.contains("quiz-intro") || node.classList.contains("quiz-results") ||
          node.id === "quiz-progress-sidebar" || node.tagName === "SCRIPT") return;
      if (node.tagName === "H2") leaving = leaveOut && forTheDsl(node);
      if (leaving) { node.classList.add("course-slide-left-out"); return; }
      var previous = slide && slide[slide.length - 1];
      var startsSlide = !slide || node.tagName === "H2" ||
        (previous && isQuiz(previous)) ||
        // A question gets a screen of its own, unless only its section's heading comes before it.
        (isQuiz(node) && slide.some(function (n) { return !isHeading(n); }));
      if (startsSlide) {
        slide = [];
        slides.push(slide);
      }
      slide.push(node);
    });
  }

  function bar() { return document.querySelector(".course-present-bar"); }

  // How far the current slide reaches below the part of the screen the bar leaves free.
  function hiddenBelow() {
    var visible = window.innerHeight - (bar() ? bar().offsetHeight : 0);
    var bottom = 0;
    slides[current].forEach(function (node) { bottom = Math.max(bottom, node.getBoundingClientRect().bottom); });
    return bottom - visible;
  }

  function scrollStep() {
    return Math.max(100, Math.round((window.innerHeight - (bar() ? bar().offsetHeight : 0)) * 0.8));
  }

  function scrollToY(y) { window.scrollTo({ top: y, left: 0, behavior: "instant" }); }

  function show(index, atEnd) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (nodes, i) {
      nodes.forEach(function (node) { node.classList.toggle("course-slide-hidden", i !== current); });
    });
    var counter = document.getElementById("course-present-counter");
    if (counter) counter.textContent = (current + 1) + " / " + slides.length;
    scrollToY(0);
    if (atEnd) scrollToY(Math.max(0, hiddenBelow()));
  }

  function neighbour(step) {
    var order = null;
    try { order = JSON.parse(session(ORDER_KEY) || "null"); } catch (e) { order = null; }
    if (order) {
      var at = order.indexOf(pageAddress(location.href));
      if (at >= 0) return order[at + step] || null;
    }
    var link = document.querySelector(step > 0 ? "a.md-footer__link--next" : "a.md-footer__link--prev");
    return link ? link.href : null;
  }

  // A capstone case's page (overrides/main.html puts its step on the course-page meta tag):
  // "start", "decision", "consequence" or "ending". The site's order is no path through a case.
  function capstoneStep() {
    var meta = document.querySelector('meta[name="course-page"][data-step]');
    return meta ? meta.getAttribute("data-step") : null;
  }

  // Where Next goes after a page's last slide. On a decision page, nowhere: the room votes and
  // the trainer clicks the chosen option, so Next never opens choice A's consequence. The start
  // and consequence pages go on by their own button ("Go to decision 1", "Continue to…"). An
  // ending goes on only in a session plan's order; the trainer chooses to replay or move on.
  function following() {
    var step = capstoneStep();
    if (step === "decision") return { stay: "Click the room's choice to go on" };
    if (step === "start" || step === "consequence") {
      var button = article.querySelector("a.md-button--primary[href]");
      if (button) return { address: button.href };
    }
    if (step === "ending") {
      var order = null;
      try { order = JSON.parse(session(ORDER_KEY) || "null"); } catch (e) { order = null; }
      if (!order || order.indexOf(pageAddress(location.href)) < 0) return { stay: "End of the case" };
    }
    return { address: neighbour(1) };
  }

  function go(address, step) {
    session(PRESENT_KEY, "1");
    session(ARRIVE_KEY, step < 0 ? "last" : null);
    location.href = pageAddress(address) + (/^file:/.test(address) && !/\.html$/.test(pageAddress(address)) ? "index.html" : "") + "?present";
  }

  function move(step) {
    if (step > 0 && hiddenBelow() > 2) { scrollToY(window.scrollY + Math.min(hiddenBelow(), scrollStep())); return; }
    if (step < 0 && window.scrollY > 2) { scrollToY(Math.max(0, window.scrollY - scrollStep())); return; }
    var target = current + step;
    if (target >= 0 && target < slides.length) { show(target, step < 0); return; }
    var counter = document.getElementById("course-present-counter");
    if (step < 0 && capstoneStep() && capstoneStep() !== "start" && history.length > 1) {
      // Back along the path the room took through the case, not the site's order.
      session(ARRIVE_KEY, "last");
      history.back();
      return;
    }
    var next = step > 0 ? following() : { address: neighbour(step) };
    if (next.stay) {
      if (counter) counter.textContent = next.stay;
      return;
    }
    if (!next.address) {
      if (counter) counter.textContent = step > 0 ? "End of the session" : "Start of the session";
      return;
    }
    go(next.address, step);
  }

  // The room's answers are not the trainer's: keep the page's saved answers on entering, and
  // put them back on leaving and when the page is left for another.
  function keepAnswers() {
    if (!document.querySelector(".quiz")) return;
    try {
      savedAnswers = localStorage.getItem(QUIZ_KEY);
      // Start the room on unanswered questions: before mkdocs-quiz reads them at page load, and
      // by its own "Try again" buttons when presenting starts later.
      localStorage.removeItem(QUIZ_KEY);
    } catch (e) { savedAnswers = undefined; return; }
    clearShownAnswers();
    window.addEventListener("load", clearShownAnswers);
  }
  function clearShownAnswers() {
    if (!document.body.classList.contains("course-present")) return;
    document.querySelectorAll(".quiz .quiz-reset-button:not(.hidden)").forEach(function (button) { button.click(); });
  }
  function restoreAnswers() {
    if (savedAnswers === undefined) return;
    try {
      if (savedAnswers === null) localStorage.removeItem(QUIZ_KEY);
      else localStorage.setItem(QUIZ_KEY, savedAnswers);
    } catch (e) { /* nothing was saved either */ }
  }
  // A page brought back from the browser's cache by Previous (history.back) runs no script
  // again: it must not leave "arrive at the last slide" waiting for the next page opened.
  window.addEventListener("pageshow", function (event) { if (event.persisted) session(ARRIVE_KEY, null); });
  window.addEventListener("pagehide", function () {
    if (document.body.classList.contains("course-present")) restoreAnswers();
  });

  function setPresenting(on) {
    document.body.classList.toggle("course-present", on);
    if (presentButton) presentButton.setAttribute("aria-pressed", on ? "true" : "false");
    session(PRESENT_KEY, on ? "1" : "0");
    var strip = bar();
    if (on) {
      buildSlides();
      keepAnswers();
      if (!strip) {
        strip = document.createElement("div");
        strip.className = "course-present-bar";
        strip.innerHTML = '<button type="button" data-move="-1">Previous</button>' +
          '<span id="course-present-counter" aria-live="polite"></span>' +
          (document.querySelector(".course-slide-left-out")
            ? '<span class="course-present-audience">All staff: sections for the DSL left out</span>' : "") +
          '<button type="button" data-move="1">Next</button>' +
          '<button type="button" data-move="exit">Leave presenter mode</button>';
        strip.addEventListener("click", function (event) {
          var action = event.target.getAttribute("data-move");
          if (action === "exit") setPresenting(false);
          else if (action) move(Number(action));
        });
        article.appendChild(strip);
      }
      var arrive = session(ARRIVE_KEY);
      session(ARRIVE_KEY, null);
      if (arrive === "last") show(slides.length - 1, true); else show(0);
    } else {
      restoreAnswers();
      savedAnswers = undefined;
      if (strip) strip.remove();
      slides.forEach(function (nodes) { nodes.forEach(function (n) { n.classList.remove("course-slide-hidden"); }); });
      document.querySelectorAll(".course-slide-left-out").forEach(function (n) { n.classList.remove("course-slide-left-out"); });
    }
  }

  // A session plan's "Present this session" button: its page list becomes the running order.
  document.querySelectorAll(".course-session-pages").forEach(function (list) {
    var links = Array.prototype.map.call(list.querySelectorAll("a[href]"), function (a) { return pageAddress(a.href); });
    var start = document.createElement("button");
    start.type = "button";
    start.className = "md-button md-button--primary course-session-start";
    start.textContent = "Present this session";
    var forAllStaff = list.getAttribute("data-dsl-sections") === "false";
    start.addEventListener("click", function () {
      session(ORDER_KEY, JSON.stringify(links));
      session(AUDIENCE_KEY, forAllStaff ? "staff" : null);
      session(PRESENT_KEY, "1");
      var first = list.querySelector("a[href]");
      if (first) location.href = pageAddress(first.href) + (/^file:/.test(first.href) && !/\.html$/.test(pageAddress(first.href)) ? "index.html" : "") + "?present";
    });
    list.insertBefore(start, list.firstChild);
  });

  var presentButton = article ? headerButton("course-present-toggle", "Present") : null;
  if (presentButton) {
    presentButton.addEventListener("click", function () {
      toolsOpen(false);
      setPresenting(!document.body.classList.contains("course-present"));
    });
    var asked = /[?&]present\b/.test(location.search);
    if (asked || session(PRESENT_KEY) === "1") setPresenting(true);
    document.addEventListener("keydown", function (event) {
      if (!document.body.classList.contains("course-present")) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      var typing = target.closest && target.closest("textarea, select, input:not([type=checkbox]):not([type=radio])");
      var choice = target.closest && target.closest("input[type=checkbox], input[type=radio], button, a[href], summary");
      // Keys a clicker sends always work, even with a question's option in focus: Escape leaves,
      // Page Down and Page Up move. In a text box the other keys type; on an option or a button,
      // Up and Down move between options and Space or Enter press it.
      if (event.key === "Escape") { event.preventDefault(); setPresenting(false); return; }
      var step = { PageDown: 1, PageUp: -1 }[event.key];
      if (!step && !typing) step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step && !typing && !choice) step = { ArrowDown: 1, " ": 1, ArrowUp: -1 }[event.key];
      if (step) {
        event.preventDefault();
        if (choice || typing) target.blur();
        move(step);
      }
    });
  }
})();
