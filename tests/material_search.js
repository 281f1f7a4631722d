// Material's own search worker, run in Node: the same lunr index and query code the site uses.
// node tests/material_search.js WORKER INDEX_JSON QUERY... -> one JSON line per query: the
// result pages in order (location and title), as Material's search box would list them.
"use strict";
const fs = require("fs");
const vm = require("vm");
const [workerPath, indexPath, ...queries] = process.argv.slice(2);
const listeners = [];
const replies = [];
const sandbox = {
  console, setTimeout, clearTimeout, Promise,
  addEventListener: (type, fn) => type === "message" && listeners.push(fn),
  postMessage: (message) => replies.push(message),
  importScripts: (...urls) => { throw new Error(`importScripts(${urls}) is not available`); },
  location: { href: "http://127.0.0.1/" },
};
sandbox.self = sandbox;
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), sandbox, { filename: workerPath });
const send = (data) => listeners.forEach((fn) => fn({ data }));

(async () => {
  // SETUP, as Material sends it: the index plus options (suggest is off unless search.suggest is on)
  send({ type: 0, data: { ...JSON.parse(fs.readFileSync(indexPath, "utf8")), options: { suggest: false } } });
  for (let i = 0; i < 200 && !replies.some((m) => m.type === 1); i++)          // READY
    await new Promise((r) => setTimeout(r, 10));
  if (!replies.some((m) => m.type === 1)) throw new Error("the search worker never became ready");
  for (const query of queries) {
    replies.length = 0;
    send({ type: 2, data: query });                                             // QUERY
    for (let i = 0; i < 200 && !replies.some((m) => m.type === 3); i++)         // RESULT
      await new Promise((r) => setTimeout(r, 5));
    const result = replies.find((m) => m.type === 3);
    const items = (result ? result.data.items : []).map((group) => {
      const page = Array.isArray(group) ? group[0] : group;
      return { location: page.location, title: String(page.title).replace(/<[^>]+>/g, "") };
    });
    console.log(JSON.stringify({ query, items }));
  }
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
