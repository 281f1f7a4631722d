/* Course behaviour on top of Material and mkdocs-quiz, on every page (mkdocs.yml extra_javascript).
   Each fix names the accessibility failure it answers. */
(function () {
  "use strict";

  // axe aria-dialog-name: Material's search dialog has no accessible name.
  document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search the course");
  });

  // axe landmark-unique: with navigation.indexes, a section's sub-navigation is labelled by an
  // icon-only toggle, so every section's landmark has the same empty name. Name each one after
  // its section.
  document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
    var label = document.getElementById(nav.getAttribute("aria-labelledby"));
    if (label && !label.textContent.trim()) {
      var section = label.parentElement.querySelector("a .md-ellipsis, a");
      if (section) nav.setAttribute("aria-label", section.textContent.trim());
    }
  });

  // Quiz feedback reaches screen readers as it appears: mkdocs-quiz moves focus to the feedback,
  // but the feedback box is a plain <div> whose text is not its accessible name. A polite live
  // region reads out whatever mkdocs-quiz writes into it.
  document.querySelectorAll(".quiz .quiz-feedback").forEach(function (feedback) {
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
  });

  // A quiz submitted with nothing chosen must not be scored as a wrong answer. Enter on a radio
  // button submits its form (HTML implicit submission) before the reader has chosen anything.
  // Runs in the capture phase, before mkdocs-quiz's own submit handler on the form.
  document.addEventListener("submit", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz");
    if (!quiz) return;
    var blanks = quiz.querySelectorAll(".quiz-blank-input");
    var choices = quiz.querySelectorAll('input[name="answer"]');
    var empty = blanks.length
      ? Array.prototype.every.call(blanks, function (b) { return !b.value.trim(); })
      : !Array.prototype.some.call(choices, function (c) { return c.checked; });
    var hint = quiz.querySelector(".course-quiz-hint");
    if (!empty) {
      if (hint) hint.remove();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "course-quiz-hint";
      hint.setAttribute("role", "alert");  // read out at once by screen readers
      quiz.querySelector(".quiz-button").insertAdjacentElement("beforebegin", hint);
    }
    hint.textContent = blanks.length ? "Type an answer first." : "Choose an answer first.";
  }, true);

  // Keyboard: Enter in a fill-in blank submits it (the input sits outside the quiz's form).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches || !event.target.matches(".quiz-blank-input")) return;
    event.preventDefault();
    var button = event.target.closest(".quiz").querySelector('button[type="submit"]:not(.hidden)');
    if (button) button.click();
  });

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

  function headerButton(id, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.className = "md-header__button course-header-button";
    button.textContent = label;
    var search = header && header.querySelector(".md-search");
    if (header) header.insertBefore(button, search || null);
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
    store(VIEW_KEY, on ? "trainer" : "learner");
    setTrainerView(on);
  });
  setTrainerView(stored(VIEW_KEY, "learner") === "trainer");

  // Presenter mode ---------------------------------------------------------------------------
  // For a projector: large type, one section (the page title, then each H2) at a time, moved
  // by arrow keys, Page Up and Page Down (what presentation clickers send). Facilitator notes
  // never show. Quizzes stay live for group answers. Leave with Escape or the button; ?present
  // in the address opens a page in presenter mode.
  var article = document.querySelector(".md-content__inner");
  var slides = [];
  var current = 0;

  function buildSlides() {
    slides = [];
    var slide = null;
    Array.prototype.slice.call(article.children).forEach(function (node) {
      if (node.id === "course-view-banner" || node.classList.contains("course-present-bar")) return;
      if (!slide || node.tagName === "H2") {
        slide = [];
        slides.push(slide);
      }
      slide.push(node);
    });
  }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (nodes, i) {
      nodes.forEach(function (node) { node.classList.toggle("course-slide-hidden", i !== current); });
    });
    var counter = document.getElementById("course-present-counter");
    if (counter) counter.textContent = (current + 1) + " / " + slides.length;
    window.scrollTo(0, 0);
  }

  function setPresenting(on) {
    document.body.classList.toggle("course-present", on);
    presentButton.setAttribute("aria-pressed", on ? "true" : "false");
    try { sessionStorage.setItem("course_present", on ? "1" : "0"); } catch (e) { /* fine */ }
    var bar = document.querySelector(".course-present-bar");
    if (on) {
      buildSlides();
      if (!bar) {
        bar = document.createElement("div");
        bar.className = "course-present-bar";
        bar.innerHTML = '<button type="button" data-move="-1">Previous</button>' +
          '<span id="course-present-counter" aria-live="polite"></span>' +
          '<button type="button" data-move="1">Next</button>' +
          '<button type="button" data-move="exit">Leave presenter mode</button>';
        bar.addEventListener("click", function (event) {
          var move = event.target.getAttribute("data-move");
          if (move === "exit") setPresenting(false);
          else if (move) show(current + Number(move));
        });
        article.appendChild(bar);
      }
      show(0);
    } else {
      if (bar) bar.remove();
      slides.forEach(function (nodes) { nodes.forEach(function (n) { n.classList.remove("course-slide-hidden"); }); });
    }
  }

  var presentButton = article ? headerButton("course-present-toggle", "Present") : null;
  if (presentButton) {
    presentButton.addEventListener("click", function () { setPresenting(!document.body.classList.contains("course-present")); });
    var asked = /[?&]present\b/.test(location.search);
    var wasOn = false;
    try { wasOn = sessionStorage.getItem("course_present") === "1"; } catch (e) { /* fine */ }
    if (asked || wasOn) setPresenting(true);
    document.addEventListener("keydown", function (event) {
      if (!document.body.classList.contains("course-present")) return;
      // Inside a quiz or any form control, keys belong to the control (arrows move between options).
      if (event.target.closest && event.target.closest("input, textarea, select, .quiz, .md-search")) return;
      var next = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 }[event.key];
      if (event.key === "Escape") { setPresenting(false); return; }
      if (next) { event.preventDefault(); show(current + next); }
    });
  }

  // Record of study --------------------------------------------------------------------------
  // Reads the answers this browser saved and shows each module's progress and score. Nothing
  // leaves the browser. The printed record says plainly that it is self-declared.
  var record = document.getElementById("course-record");
  if (record) {
    var modules = JSON.parse(record.getAttribute("data-modules"));

    function savedFor(page) {
      var endings = ["/" + page + ".html", "/" + page + "/"];
      var best = null;
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var key = localStorage.key(i);
          if (key.indexOf("quiz_progress_") === 0 && endings.some(function (e) { return key.slice(-e.length) === e; })) {
            best = JSON.parse(localStorage.getItem(key));
          }
        }
      } catch (e) { /* storage off: nothing saved */ }
      return best || {};
    }

    function render() {
      var rows = modules.map(function (m) {
        var saved = savedFor(m.page);
        var answered = 0, correct = 0;
        for (var id in saved) {
          if (Number(id.replace("quiz-", "")) < m.questions && saved[id].answered) {
            answered++;
            if (saved[id].correct) correct++;
          }
        }
        return { title: m.title, questions: m.questions, answered: answered, correct: correct, hours: m.minutes / 60 };
      });
      var name = (document.getElementById("course-record-name") || {}).value || "";
      var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      var body = rows.map(function (r) {
        return "<tr><td>" + r.title + "</td><td>" + r.answered + " of " + r.questions + "</td><td>" +
          r.correct + " of " + r.questions + "</td><td>" + r.hours.toFixed(1) + "</td></tr>";
      }).join("");
      document.getElementById("course-record-table").innerHTML =
        "<table><thead><tr><th>Module</th><th>Questions answered</th><th>Answered correctly</th><th>Notional hours</th></tr></thead><tbody>" +
        body + "</tbody></table>";
      document.getElementById("course-record-heading").textContent =
        "Self-declared record of study" + (name ? " for " + name : "") + ", " + today;
    }

    record.innerHTML =
      '<p><label for="course-record-name">Your name, as it should appear on the record</label><br>' +
      '<input id="course-record-name" type="text" autocomplete="name"></p>' +
      '<h2 id="course-record-heading"></h2>' +
      '<div id="course-record-table"></div>' +
      '<p class="course-record-declaration">This record is self-declared. It was produced by the learner\'s own browser from their answers to the course\'s self-checks, which are not an assessment. No one has verified it.</p>' +
      '<p class="course-record-actions"><button type="button" class="md-button md-button--primary" id="course-record-print">Print or save this record</button> ' +
      '<button type="button" class="md-button" id="course-record-clear">Clear my data</button></p>' +
      '<p id="course-record-status" role="status"></p>';
    document.getElementById("course-record-name").addEventListener("input", render);
    document.getElementById("course-record-print").addEventListener("click", function () { window.print(); });
    document.getElementById("course-record-clear").addEventListener("click", function () {
      if (!window.confirm("Clear every self-check answer and course setting saved in this browser?")) return;
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var key = localStorage.key(i);
          if (key.indexOf("quiz_progress_") === 0 || key.indexOf("course_") === 0) localStorage.removeItem(key);
        }
      } catch (e) { /* nothing to clear */ }
      render();
      document.getElementById("course-record-status").textContent = "Your saved answers and settings have been cleared.";
    });
    render();
  }

  // Printing ---------------------------------------------------------------------------------
  // Every printout shows all nation tabs (each under its name) and opens collapsed boxes;
  // facilitator notes print only in the trainer view. make pdf opens pages with
  // ?print=learner (quizzes as worksheets, no answers, no model answers) or ?print=trainer
  // (answers marked, explanations and facilitator notes shown).
  var printMode = (location.search.match(/[?&]print=(learner|trainer)\b/) || [])[1];

  function prepareForPrint() {
    var trainer = printMode ? printMode === "trainer" : document.body.classList.contains("course-trainer-view");
    document.body.classList.toggle("course-print-answers", printMode === "trainer");
    document.body.classList.toggle("course-print-learner", printMode === "learner");
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = set.querySelectorAll(".tabbed-labels > label");
      set.querySelectorAll(".tabbed-content > .tabbed-block").forEach(function (block, i) {
        if (labels[i] && !block.querySelector(".course-print-tab-label")) {
          var label = document.createElement("p");
          label.className = "course-print-tab-label";
          label.textContent = labels[i].textContent.trim();
          block.insertBefore(label, block.firstChild);
        }
      });
    });
    document.querySelectorAll(".md-typeset details").forEach(function (box) {
      if (box.classList.contains("facilitator")) box.open = trainer;
      else if (box.classList.contains("example")) box.open = printMode !== "learner";
      else box.open = true;
    });
    if (printMode === "trainer") {
      document.querySelectorAll(".quiz-blank-input").forEach(function (blank) { blank.value = blank.getAttribute("data-answer"); });
    }
  }

  window.addEventListener("beforeprint", prepareForPrint);
  if (printMode) {
    if (printMode === "trainer") document.body.classList.add("course-trainer-view");
    prepareForPrint();
  }
})();
