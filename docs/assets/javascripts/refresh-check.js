/* On a self-check page whose questions become refreshers (the modules' and the yearly update's):
   "How sure are you?" under each question, and each answer handed to the refresher schedule
   (issue 23; README "Refreshers"). Kept small on purpose: the schedule itself,
   refresh-schedule.js, loads only once the learner answers, so opening a self-check costs little.
   Presenter mode asks nothing and keeps nothing: the room's answers are not the trainer's. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="course-quiz"]');
  var self = document.currentScript;
  if (!meta || !self) return;
  var fingerprints = meta.getAttribute("content").split(" ");
  var page = meta.getAttribute("data-page");
  var LEVELS = [["sure", "Sure"], ["think-so", "Think so"], ["guessing", "Guessing"]];
  var queue = window.CourseRefreshQueue = window.CourseRefreshQueue || [];

  // mkdocs-quiz's style sheet lays out every fieldset as a column; this one is a row. Not in
  // presenter mode (trainer.js) or on paper (print.js).
  var style = document.createElement("style");
  style.textContent = ".md-typeset .course-sure{display:block;border:0;margin:.8em 0 .4em;padding:0}" +
    ".md-typeset .course-sure legend{padding:0;font-weight:700}" +
    ".md-typeset .course-sure input{margin:0 .3em 0 0}" +
    ".md-typeset .course-sure label{display:inline-block;margin:.2em 1.2em .2em 0}" +
    ".md-typeset .course-refresh-when{margin:.4em 0 0;font-size:.9em}" +
    ".course-present .md-typeset .course-sure,.course-present .md-typeset .course-refresh-when{display:none}" +
    "@media print{.md-typeset .course-sure,.md-typeset .course-refresh-when{display:none!important}}";
  document.head.appendChild(style);

  // After the options and before the feedback, so the choice is made before the answer is marked.
  document.querySelectorAll(".quiz").forEach(function (quiz) {
    var feedback = quiz.querySelector("form .quiz-feedback");
    if (!feedback || !/^quiz-\d+$/.test(quiz.id)) return;
    var box = document.createElement("fieldset");
    box.className = "course-sure";
    box.appendChild(document.createElement("legend")).textContent = "How sure are you? (optional)";
    LEVELS.forEach(function (level) {
      var input = box.appendChild(document.createElement("input"));
      input.type = "radio";
      input.name = quiz.id + "-sure";
      input.value = level[0];
      input.id = quiz.id + "-sure-" + level[0];
      var label = box.appendChild(document.createElement("label"));
      label.htmlFor = input.id;
      label.textContent = level[1];
    });
    feedback.insertAdjacentElement("beforebegin", box);
  });

  function answeredRight(quiz) {
    var blanks = quiz.querySelectorAll(".quiz-blank-input");
    if (blanks.length) {
      return Array.prototype.every.call(blanks, function (b) {
        return b.value.trim().toLowerCase() === (b.getAttribute("data-answer") || "").trim().toLowerCase();
      });
    }
    return Array.prototype.every.call(quiz.querySelectorAll('input[name="answer"]'), function (input) {
      return input.checked === input.hasAttribute("data-correct");
    });
  }

  // Capture phase, like course.js, whose handler runs first and stops an empty answer before it
  // reaches this one; mkdocs-quiz's own handler on the form stops the event from bubbling.
  document.addEventListener("submit", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz");
    if (!quiz || document.body.classList.contains("course-present")) return;
    var fingerprint = fingerprints[Number(quiz.id.replace("quiz-", ""))];
    if (!fingerprint) return;
    var chosen = quiz.querySelector(".course-sure input:checked");
    var answer = { quiz: quiz, fingerprint: fingerprint, page: page, right: answeredRight(quiz),
                   confidence: chosen ? chosen.value : "", when: new Date() };
    if (window.CourseRefresh) return window.CourseRefresh.take(answer);
    queue.push(answer);
    if (document.getElementById("course-refresh-schedule")) return;  // on its way
    var script = document.createElement("script");
    script.id = "course-refresh-schedule";
    script.src = self.src.replace(/refresh-check\.js(\?.*)?$/, "refresh-schedule.js");
    document.head.appendChild(script);
  }, true);
})();
