/* Printing: make pdf's ?print=learner, ?print=trainer and ?print=handout, and the browser's own
   print dialogue. */
(function () {
  "use strict";

  // Printing ---------------------------------------------------------------------------------
  // Every printout shows all nation tabs (each under its name) and opens collapsed boxes;
  // facilitator notes print only in the trainer view. make pdf opens pages with
  // ?print=learner (quizzes as worksheets, no answers, no model answers), ?print=trainer
  // (answers marked, explanations and facilitator notes shown) or ?print=handout (a module's
  // take-away sheet, as the learner's).
  var printMode = (location.search.match(/[?&]print=(learner|trainer|handout)\b/) || [])[1];

  // Sentences that only make sense on screen: answers saved in the browser, trying again.
  var WEB_ONLY = /try\s+again|in\s+your\s+own\s+browser|in\s+this\s+browser|nothing\s+is\s+sent\s+anywhere|saved\s+in\s+(?:your|this|the)\s+browser/i;

  // A short form of an address for paper: host and path, a long path cut to its last part, or
  // the host alone when even that is long (tools/pdf.py short_address does the same).
  function shortAddress(href) {
    var url;
    try { url = new URL(href); } catch (e) { return ""; }
    var host = url.hostname.replace(/^www\./, "");
    var parts = url.pathname.split("/").filter(Boolean);
    var path = parts.join("/");
    if (!path) return host;
    if ((host + "/" + path).length <= 40) return host + "/" + path;
    var cut = host + "/…/" + parts[parts.length - 1];
    return cut.length <= 45 ? cut : host;
  }

  function markWebOnly(root) {
    root.querySelectorAll("article p").forEach(function (p) {
      var text = p.textContent.trim();
      if (/^Next:/.test(text)) { p.classList.add("course-web-only"); return; }
      if (p.children.length || !WEB_ONLY.test(text) || p.querySelector(".course-web-only")) return;
      // Only the web-only sentences go: "Fifteen questions…" stays.
      var sentences = text.match(/[^.!?]+[.!?]+(\s+|$)/g) || [text];
      p.textContent = "";
      sentences.forEach(function (sentence) {
        if (WEB_ONLY.test(sentence)) {
          var span = document.createElement("span");
          span.className = "course-web-only";
          span.textContent = sentence;
          p.appendChild(span);
        } else {
          p.appendChild(document.createTextNode(sentence));
        }
      });
    });
  }

  function markAddresses(root) {
    root.querySelectorAll('article a[href^="http"]').forEach(function (a) {
      if (!a.hasAttribute("data-print-url") && !a.closest(".md-source, .md-footer")) {
        var short = shortAddress(a.href);
        if (short && a.textContent.indexOf(short) === -1) a.setAttribute("data-print-url", short);
      }
    });
  }

  // Scenario prompts ("What do you notice? What would you do?") get lines to write on in the
  // learner's workbook.
  function markPrompts(root) {
    root.querySelectorAll("article p").forEach(function (p) {
      var strong = p.firstElementChild;
      if (p.children.length === 1 && strong.tagName === "STRONG" && p.textContent.trim() === strong.textContent.trim() &&
          /what would you do\?|what do you notice\?/i.test(p.textContent) &&
          !(p.nextElementSibling && p.nextElementSibling.classList.contains("course-write-space"))) {
        var space = document.createElement("div");
        space.className = "course-write-space";
        space.setAttribute("aria-hidden", "true");
        p.parentNode.insertBefore(space, p.nextSibling);
      }
    });
  }

  function prepareForPrint() {
    var trainer = printMode ? printMode === "trainer" : document.body.classList.contains("course-trainer-view");
    document.body.classList.toggle("course-print-answers", printMode === "trainer");
    document.body.classList.toggle("course-print-learner", printMode === "learner" || printMode === "handout");
    document.body.classList.toggle("course-print-handout", printMode === "handout");
    document.body.classList.toggle("course-card-page", !!document.querySelector(".md-typeset .course-card"));
    markWebOnly(document);
    markAddresses(document);
    markPrompts(document);
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

  // A quick reference card prints alone, on narrower margins, so its type can be bigger.
  if (document.querySelector(".md-typeset .course-card")) {
    var cardPage = document.createElement("style");
    cardPage.textContent = "@page { size: A4; margin: 10mm 12mm; }";
    document.head.appendChild(cardPage);
    document.body.classList.add("course-card-page");
  }

  window.addEventListener("beforeprint", prepareForPrint);
  // make pdf writes generated pages (cover, contents, handouts) into a page, then asks again.
  document.addEventListener("course:print", prepareForPrint);
  if (printMode) {
    if (printMode === "trainer") document.body.classList.add("course-trainer-view");
    prepareForPrint();
  }
})();
