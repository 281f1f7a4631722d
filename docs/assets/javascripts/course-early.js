/* Keeps a learner's saved self-check answers with the right questions. Loaded in the <head> of
   quiz pages only (overrides/main.html), before mkdocs-quiz reads localStorage.

   mkdocs-quiz saves answers under "quiz_progress_" + the page's path, by question position.
   Two things break that: a course copy opened from another address (a USB stick mounted at
   another drive letter, or a host that moved), and a quiz bank whose questions were added,
   removed or reordered. The page lists its questions' fingerprints in <meta name="course-quiz">. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="course-quiz"]');
  if (!meta) return;
  try {
    var current = meta.getAttribute("content").split(" ");
    var page = meta.getAttribute("data-page");          // e.g. modules/grooming/check-your-understanding
    var key = "quiz_progress_" + location.pathname;
    var mapKey = "course_quiz_order:" + page;

    // 1. Same page at a new address: adopt the answers saved under its old one.
    if (!localStorage.getItem(key)) {
      var endings = ["/" + page + ".html", "/" + page + "/"];
      if (page === "index") endings.push("/");
      for (var i = 0; i < localStorage.length; i++) {
        var other = localStorage.key(i);
        if (other.indexOf("quiz_progress_") === 0 && endings.some(function (e) { return other.slice(-e.length) === e; })) {
          localStorage.setItem(key, localStorage.getItem(other));
          break;
        }
      }
    }

    // 2. Questions moved: carry each answer to its question's new position; drop answers to
    //    questions that no longer exist, or whose wording or options changed.
    var saved = JSON.parse(localStorage.getItem(mapKey) || "null");
    var progress = JSON.parse(localStorage.getItem(key) || "null");
    if (saved && progress && saved.join(" ") !== current.join(" ")) {
      var moved = {};
      saved.forEach(function (fingerprint, oldIndex) {
        var newIndex = current.indexOf(fingerprint);
        if (newIndex >= 0 && progress["quiz-" + oldIndex]) moved["quiz-" + newIndex] = progress["quiz-" + oldIndex];
      });
      localStorage.setItem(key, JSON.stringify(moved));
    }
    localStorage.setItem(mapKey, JSON.stringify(current));
  } catch (error) {
    // Storage turned off or full: the quizzes still work, they just are not remembered.
  }
})();
