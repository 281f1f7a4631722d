/* Your record of study: progress from this browser's saved answers, printed as a self-declared record. */
(function () {
  "use strict";

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
})();
