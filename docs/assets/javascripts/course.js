/* Accessibility fixes to Material and mkdocs-quiz, on every page (mkdocs.yml extra_javascript).
   Each fix names the failure it answers. The other course scripts, one concern each:
   trainer.js (trainer view, presenter mode), record.js (record of study), print.js (printing). */
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
})();
