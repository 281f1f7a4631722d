/* Printing: make pdf's ?print=learner and ?print=trainer, and the browser's own print dialogue. */
(function () {
  "use strict";

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
