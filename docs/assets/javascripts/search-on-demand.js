/* Search on demand: Material's search index (about 100 KB gzipped, half of a first view) loads
   only when a reader starts to search, not on every page. Runs before Material's bundle
   (overrides/main.html, block scripts).

   Material 9.8.2 reads the index at one entry point (bundle, function `ks`): over HTTP an
   XMLHttpRequest for search/search_index.json; from file:// (the USB pack) a <script> for
   search/search_index.js added to <head>, read through the vendored iframe-worker shim. This
   holds back that one request, and that one script, until the reader focuses or opens the search
   box (a click, a tap, or Material's keys / s f, which focus it). Nothing else changes: the same
   index reaches the same worker, so results are exactly today's. A page opened with ?q= (a
   search link) loads it at once. The search worker's own script (about 12 KB gzipped) waits
   too: Material starts the worker on every page, so it is handed a stand-in that queues what
   Material sends it and starts the real worker when the reader searches. Tested by
   tests/test_search_on_demand.py. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.js(on)?([?#]|$)/;
  var held = [];
  var released = /[?&]q=/.test(location.search);

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (go) { go(); });
  }
  function whenSearching(go) {
    if (released) go(); else held.push(go);
  }

  // Over HTTP: hold back the XMLHttpRequest for search_index.json until the reader searches.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.courseSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.courseSearchIndex) return send.apply(request, args);
    whenSearching(function () { send.apply(request, args); });
  };

  // From file://: hold back the <script src=".../search/search_index.js"> Material adds to <head>.
  var head = document.head;
  var append = head.appendChild;
  head.appendChild = function (child) {
    if (child && child.tagName === "SCRIPT" && INDEX.test(child.src || "") && !released) {
      whenSearching(function () { append.call(head, child); });
      return child;
    }
    return append.apply(head, arguments);
  };

  // The search worker: a stand-in that starts the real one (with the listeners and messages it
  // was given meanwhile) when the reader searches. Other workers are left alone.
  var RealWorker = window.Worker;
  if (RealWorker) {
    var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js([?#]|$)/;
    window.Worker = function (url, options) {
      if (!SEARCH_WORKER.test(String(url)) || released) return new RealWorker(url, options);
      var stand = this, real = null, listeners = [], messages = [];
      stand.postMessage = function (message, transfer) {
        if (real) real.postMessage(message, transfer); else messages.push([message, transfer]);
      };
      stand.addEventListener = function (type, listener, opts) {
        if (real) real.addEventListener(type, listener, opts); else listeners.push([type, listener, opts]);
      };
      stand.removeEventListener = function (type, listener, opts) {
        if (real) { real.removeEventListener(type, listener, opts); return; }
        listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
      };
      stand.terminate = function () { if (real) real.terminate(); else messages = null; };
      whenSearching(function () {
        if (messages === null) return;  // terminated before anyone searched
        real = new RealWorker(url, options);
        if (stand.onmessage) real.onmessage = stand.onmessage;
        if (stand.onerror) real.onerror = stand.onerror;
        listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
        messages.forEach(function (m) { real.postMessage(m[0], m[1]); });
      });
    };
  }

  // The reader starts to search: the box gets focus (click, tap, Tab or Material's / s f keys),
  // or the search toggle opens it (phones).
  function starts(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, label[for='__search']")) release();
    if (target && target.id === "__search" && target.checked) release();
  }
  document.addEventListener("focusin", starts, true);
  document.addEventListener("pointerdown", starts, true);
  document.addEventListener("change", starts, true);
})();
