/* On a self-check page whose questions become refreshers (the modules' and the yearly update's):
   "How sure are you?" under each question, and each answer handed to the refresher schedule
   (issue 23; README "Refreshers"). Kept small on purpose, as every byte here counts against the
   second page's budget (tests/test_budgets.py): the schedule itself, refresh-schedule.js, loads
   only once the learner answers. Presenter mode asks nothing and keeps nothing (the room's answers
   are not the trainer's); paper shows neither (course-web-only, print.js). */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="course-quiz"]');
  var self = document.currentScript;
  if (!meta || !self) return;
  var fingerprints = meta.getAttribute("content").split(" ");
  var queue = window.CourseRefreshQueue = window.CourseRefreshQueue || [];
  var style = document.createElement("style");
  style.textContent = ".course-present .course-sure{display:none}";
  document.head.appendChild(style);

  // A radio group, not a fieldset: mkdocs-quiz's style sheet stacks every fieldset's contents.
  // After the options and before the feedback, so the choice comes before the marking. The markup
  // is built from constants and the question's own id (quiz-N) only.
  document.querySelectorAll(".quiz").forEach(function (quiz) {
    var feedback = quiz.querySelector("form .quiz-feedback");
    if (!feedback || !/^quiz-\d+$/.test(quiz.id)) return;
    var id = quiz.id + "-sure", box = document.createElement("p");
    box.className = "course-sure course-web-only";
    box.setAttribute("role", "radiogroup");
    box.setAttribute("aria-labelledby", id);
    box.innerHTML = '<strong id="' + id + '">How sure are you? (optional)</strong><br>' +
      [["sure", "Sure"], ["think-so", "Think so"], ["guessing", "Guessing"]].map(function (level) {
        return '<input type="radio" name="' + id + '" value="' + level[0] + '" id="' + id + "-" + level[0] +
          '"> <label for="' + id + "-" + level[0] + '">' + level[1] + "</label>";
      }).join(" &emsp; ");
    feedback.insertAdjacentElement("beforebegin", box);
  });

  function answeredRight(quiz) {
    var blanks = quiz.querySelectorAll(".quiz-blank-input");
    return blanks.length
      ? Array.prototype.every.call(blanks, function (b) {
        return b.value.trim().toLowerCase() === (b.getAttribute("data-answer") || "").trim().toLowerCase();
      })
      : Array.prototype.every.call(quiz.querySelectorAll('input[name="answer"]'), function (input) {
        return input.checked === input.hasAttribute("data-correct");
      });
  }

  // Capture phase, like course.js, whose handler runs first and stops an empty answer before it
  // reaches this one; mkdocs-quiz's own handler on the form stops the event from bubbling.
  document.addEventListener("submit", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz");
    var fingerprint = quiz && fingerprints[quiz.id.slice(5)];
    if (!fingerprint || document.body.classList.contains("course-present")) return;
    var chosen = quiz.querySelector(".course-sure input:checked");
    var answer = { quiz: quiz, fingerprint: fingerprint, page: meta.getAttribute("data-page"),
                   right: answeredRight(quiz), confidence: chosen ? chosen.value : "", when: new Date() };
    if (window.CourseRefresh) return window.CourseRefresh.take(answer);
    queue.push(answer);
    if (queue.length > 1) return;  // the schedule is on its way
    var script = document.createElement("script");
    script.src = self.src.replace(/refresh-check\.js(\?.*)?$/, "refresh-schedule.js");
    document.head.appendChild(script);
  }, true);
})();
