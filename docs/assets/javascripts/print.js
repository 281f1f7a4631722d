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

  // Sentences that only make sense on screen: answers saved in the browser, trying again. Kept
  // narrow, so that "suggest they try again later" or "the adult may try again" still print.
  var WEB_ONLY = /(?:change\s+your\s+answers?|you\s+can)\b[^.!?]*\btry\s+again|try\s+again\s+as\s+often|in\s+your\s+own\s+browser|in\s+this\s+browser|nothing\s+is\s+sent\s+anywhere|saved\s+in\s+(?:your|this|the)\s+browser/i;
  // A paragraph or list item that opens with one of these labels is about the screen as a whole.
  var WEB_ONLY_ITEM = /^(?:in\s+(?:the|your|this)\s+browser|on\s+screen)\s*:/i;
  var BLOCK = /^(?:P|UL|OL|LI|DIV|TABLE|DETAILS|BLOCKQUOTE|PRE|DL|FIGURE|FORM|SECTION|H[1-6])$/;

  // A text split into sentences, losing nothing: each ends at . ! or ? followed by a space or the
  // end of the text ("nspcc.org.uk" and "1.5" are not ends).
  function splitSentences(text) {
    var out = [], end = /[.!?]+(?:\s+|$)/g, last = 0, match;
    while ((match = end.exec(text))) {
      out.push(text.slice(last, end.lastIndex));
      last = end.lastIndex;
      if (last >= text.length) break;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  // Hides what only makes sense on screen, in paragraphs and list items, whether or not they hold
  // links or bold: the whole item when every sentence is web-only (or it opens with "In the
  // browser:"), otherwise just the web-only sentences. Pages mark their own with the
  // course-web-only class too ({ .course-web-only } in Markdown).
  function markWebOnly(root) {
    root.querySelectorAll("article p, article li").forEach(function (element) {
      var text = element.textContent.trim();
      if (element.closest(".course-web-only") || element.querySelector(".course-web-only")) return;
      if (/^Next:/.test(text) || WEB_ONLY_ITEM.test(text)) { element.classList.add("course-web-only"); return; }
      if (!WEB_ONLY.test(text)) return;
      var parts = [];
      Array.prototype.slice.call(element.childNodes).forEach(function (node) {
        if (node.nodeType === 3) {
          splitSentences(node.data).forEach(function (piece) { parts.push({ text: piece, end: /[.!?]+\s*$/.test(piece) }); });
        } else {
          parts.push({ node: node, block: node.nodeType === 1 && BLOCK.test(node.tagName) });
        }
      });
      var groups = [], current = [];
      function close() { if (current.length) groups.push(current); current = []; }
      parts.forEach(function (part) {
        if (part.block) { close(); groups.push([part]); close(); return; }
        current.push(part);
        if (part.end) close();
      });
      close();
      var spoken = groups.filter(function (g) { return !g[0].block && g.some(function (p) { return (p.text || p.node.textContent).trim(); }); });
      var webOnly = spoken.filter(function (g) { return WEB_ONLY.test(g.map(function (p) { return p.text || p.node.textContent; }).join("")); });
      if (!webOnly.length) return;
      if (webOnly.length === spoken.length && !groups.some(function (g) { return g[0].block; })) {
        element.classList.add("course-web-only");
        return;
      }
      // Rebuild the element: each web-only sentence in a hidden span, the rest as it was.
      var fragment = document.createDocumentFragment();
      groups.forEach(function (g) {
        var target = fragment;
        if (webOnly.indexOf(g) !== -1) {
          target = document.createElement("span");
          target.className = "course-web-only";
          fragment.appendChild(target);
        }
        g.forEach(function (p) { target.appendChild(p.node || document.createTextNode(p.text)); });
      });
      element.textContent = "";
      element.appendChild(fragment);
    });
  }

  // A short form of an address for paper: host and path, a long path cut to its last part, or
  // the host alone when even that is long (course/printing/pdf.py short_address does the same).
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

  function markAddresses(root) {
    root.querySelectorAll('article a[href^="http"]').forEach(function (a) {
      if (!a.hasAttribute("data-print-url") && !a.closest(".md-source, .md-footer")) {
        var short = shortAddress(a.href);
        if (short && a.textContent.indexOf(short) === -1) a.setAttribute("data-print-url", short);
      }
    });
  }

  // Paper cannot follow a link to another course page either: print where to find it, as the
  // site's navigation names it ("route finder (course website: What do I do if…)"). make pdf
  // empties it for links to pages printed in the same edition (course/printing/pdf.py).
  function pageAddress(href) {
    return href.split("#")[0].split("?")[0].replace(/\/index\.html$/, "/").replace(/\.html$/, "/");
  }

  function navTitles() {
    var titles = {};
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
      var names = [a.textContent.trim()];
      var item = a.closest("li.md-nav__item");
      // Each section the page sits in, outermost first; a section's own index page is the section.
      var section = item && item.parentElement.closest("li.md-nav__item--nested");
      if (item && a.parentElement.classList.contains("md-nav__container")) section = item.parentElement.closest("li.md-nav__item--nested");
      while (section) {
        var label = section.querySelector(":scope > .md-nav__container > a, :scope > .md-nav__link, :scope > label.md-nav__link");
        if (label && label.textContent.trim()) names.unshift(label.textContent.trim());
        section = section.parentElement.closest("li.md-nav__item--nested");
      }
      var key = pageAddress(a.href);
      if (!titles[key]) titles[key] = names.join(" › ");
    });
    return titles;
  }

  function markPages(root) {
    var here = pageAddress(location.href), titles = null;
    root.querySelectorAll("article a[href]").forEach(function (a) {
      if (a.hasAttribute("data-print-page") || a.closest(".md-source, .md-footer, .headerlink, .md-nav") ||
          a.classList.contains("headerlink") || !/^(?:file|https?):/.test(a.href) || a.getAttribute("href").charAt(0) === "#") return;
      var target = pageAddress(a.href);
      if (target === here || !/\/$/.test(target) || /^https?:/.test(a.getAttribute("href"))) return;
      titles = titles || navTitles();
      // Where it sits in the navigation; the last step goes when the link already names it.
      var names = (titles[target] || "").split(" › ").filter(Boolean);
      if (names.length && names[names.length - 1].toLowerCase() === a.textContent.trim().toLowerCase()) names.pop();
      a.setAttribute("data-print-page", "course website" + (names.length ? ": " + names.join(" › ") : ""));
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

  // A participant's form (a certificate, an evaluation form, an attendance register) prints as
  // the form alone: not the page title, the content note, the trainer's instructions, the
  // "Worried about a child now?" box or the review line. The trainer edition keeps them.
  function markFormOnly(root) {
    var form = root.querySelector("article .course-print-form");
    if (!form || printMode === "trainer") return;
    for (var element = form; element.parentElement && element.tagName !== "ARTICLE"; element = element.parentElement) {
      Array.prototype.forEach.call(element.parentElement.children, function (sibling) {
        if (sibling !== element && sibling.tagName !== "SCRIPT") sibling.classList.add("course-web-only");
      });
    }
    document.body.classList.add("course-print-form-page");
  }

  function prepareForPrint() {
    var trainer = printMode ? printMode === "trainer" : document.body.classList.contains("course-trainer-view");
    // A learner's printout never shows the trainer's view, whatever this browser remembers.
    if (printMode && !trainer) document.body.classList.remove("course-trainer-view");
    document.body.classList.toggle("course-print-answers", printMode === "trainer");
    document.body.classList.toggle("course-print-learner", printMode === "learner" || printMode === "handout");
    document.body.classList.toggle("course-print-handout", printMode === "handout");
    document.body.classList.toggle("course-card-page", !!document.querySelector(".md-typeset .course-card"));
    markWebOnly(document);
    markFormOnly(document);
    markAddresses(document);
    markPages(document);
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
