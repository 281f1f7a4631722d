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
})();
