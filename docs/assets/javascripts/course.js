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

  // Self-checks measure what the reader knows (issue 14). mkdocs-quiz marks every feedback item
  // "incorrect" when the question as a whole is wrong, so a right choice read "Not quite". Here
  // each option's feedback says whether that choice was right. With show_correct off
  // (mkdocs.yml), a wrong try reveals neither the key nor the explanation: the reader tries
  // again, or asks for the answer.
  function optionOf(quiz, labelText) {
    return Array.prototype.find.call(quiz.querySelectorAll('input[name="answer"]'), function (input) {
      var label = input.parentElement.querySelector("label");
      return label && label.textContent.trim() === labelText;
    });
  }

  // Wrong means the feedback is showing and the choices (or a blank) do not match the key.
  function answeredWrongly(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    if (!feedback || feedback.classList.contains("hidden") || !feedback.children.length) return false;
    var blanks = quiz.querySelectorAll(".quiz-blank-input");
    if (blanks.length) return Array.prototype.some.call(blanks, function (b) { return b.classList.contains("wrong"); });
    return Array.prototype.some.call(quiz.querySelectorAll('input[name="answer"]'), function (input) {
      return input.checked !== input.hasAttribute("data-correct");
    });
  }

  function revealAnswer(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    quiz.querySelectorAll('input[name="answer"][data-correct]').forEach(function (input) {
      input.parentElement.classList.add("correct", "course-revealed");
      if (input.checked) return;
      var label = input.parentElement.querySelector("label");
      var note = input.parentElement.querySelector(".answer-feedback");
      var item = document.createElement("div");
      item.className = "quiz-feedback-item correct course-revealed-item";
      item.innerHTML = '<p class="course-revealed-label"></p><div class="quiz-feedback-item-content"></div>';
      item.firstChild.textContent = "Right answer: " + (label ? label.textContent.trim() : "");
      item.lastChild.innerHTML = note ? note.innerHTML : "";
      feedback.appendChild(item);
    });
    quiz.querySelectorAll(".quiz-blank-input").forEach(function (blank) {
      var item = document.createElement("p");
      item.className = "quiz-feedback-item correct course-revealed-item";
      item.textContent = "Right answer: " + blank.getAttribute("data-answer");
      feedback.appendChild(item);
    });
    quiz.classList.add("course-answer-shown");
  }

  function focusFeedback(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    if (!feedback) return;
    feedback.setAttribute("tabindex", "-1");
    feedback.focus();
  }

  // "Try again" hides itself, which would drop keyboard focus to the top of the page. Focus
  // goes to the question's first choice (or blank) instead, where the next answer starts. Only
  // when the button had focus: presenter mode presses it from a script on every quiz.
  document.addEventListener("click", function (event) {
    var retry = event.target.closest && event.target.closest(".quiz .quiz-reset-button");
    if (!retry || document.activeElement !== retry) return;
    var quiz = retry.closest(".quiz");
    var first = quiz.querySelector('.quiz-blank-input, input[name="answer"]');
    if (first) first.focus();
  });

  function settle(quiz) {
    var wrong = answeredWrongly(quiz);
    quiz.querySelectorAll(".quiz-feedback-item").forEach(function (item) {
      var badge = item.querySelector(".quiz-feedback-badge");
      var input = badge && optionOf(quiz, badge.getAttribute("title"));
      if (!input) return;
      var right = input.hasAttribute("data-correct");
      item.classList.toggle("correct", right);
      item.classList.toggle("incorrect", !right);
    });
    quiz.classList.toggle("course-tried-wrongly", !!wrong);
    var button = quiz.querySelector(".course-show-answer");
    if (wrong && !button && !quiz.classList.contains("course-answer-shown")) {
      var summary = document.createElement("p");
      summary.className = "course-quiz-summary";
      summary.textContent = "Not yet: each choice you made is marked below. Try again, or show the answer.";
      quiz.querySelector(".quiz-feedback").insertAdjacentElement("afterbegin", summary);
      // Not Material's md-button: inside the quiz's form, mkdocs-quiz's ".quiz form button" gave
      // it the primary colour as background and Material's md-button the same colour as text,
      // so the label could not be seen (issue 24). It is a quiz button with its own outlined
      // colours (course.css), tested for contrast in tests/test_accessibility.py.
      button = document.createElement("button");
      button.type = "button";
      button.className = "quiz-button course-show-answer";
      button.textContent = "Show the answer";
      button.addEventListener("click", function () {
        var hadFocus = document.activeElement === button;
        button.remove();
        revealAnswer(quiz);
        // The button is gone: keep a keyboard user's place on the feedback, which now holds the
        // answer (a live region, so it is also read out).
        if (hadFocus) focusFeedback(quiz);
      });
      var retry = quiz.querySelector(".quiz-reset-button");
      if (retry) retry.insertAdjacentElement("afterend", button);
    } else if (!wrong) {
      if (button) button.remove();
      quiz.classList.remove("course-answer-shown");
      quiz.querySelectorAll(".course-revealed").forEach(function (el) { el.classList.remove("course-revealed", "correct"); });
    }
  }

  document.querySelectorAll(".quiz").forEach(function (quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    if (!feedback) return;
    var observer = new MutationObserver(function () {
      observer.disconnect();  // settle() writes into the feedback itself
      settle(quiz);
      observer.observe(feedback, { childList: true, attributes: true, attributeFilter: ["class"] });
    });
    settle(quiz);  // answers mkdocs-quiz restored before this script ran
    observer.observe(feedback, { childList: true, attributes: true, attributeFilter: ["class"] });
  });

  // mkdocs-quiz scrolls smoothly to its score box once every question has an answer (a wrong
  // one too), away from the feedback that keyboard focus has just moved to: focus was left
  // hidden under the header, or off the screen (issue 24). The reader stays where they are; the
  // score is below the last question and in the progress box.
  var results = document.getElementById("quiz-results");
  if (results) results.scrollIntoView = function () {};

  // "Clear my answers" sits under the last question, not above the first, where a reader
  // scrolling to question 1 could press it by mistake.
  var clear = document.querySelector(".quiz-intro-reset");
  var quizzes = document.querySelectorAll("div.quiz");
  if (clear && quizzes.length) {
    var holder = document.createElement("p");
    holder.className = "course-quiz-clear";
    holder.appendChild(clear);
    quizzes[quizzes.length - 1].insertAdjacentElement("afterend", holder);
  }

  // Keyboard: Enter in a fill-in blank submits it (the input sits outside the quiz's form).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches || !event.target.matches(".quiz-blank-input")) return;
    event.preventDefault();
    var button = event.target.closest(".quiz").querySelector('button[type="submit"]:not(.hidden)');
    if (button) button.click();
  });
})();
