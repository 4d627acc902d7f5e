// Copyright The Quote Tracker Authors.
//
// The page of `quotes serve` in a real browser: Debian's chromium, driven
// by playwright-core.  A store is made from the samples (and one article
// full of markup, which must show as text), the server is started on a
// free port, and a person's path is followed: suggestions while typing a
// speaker, the quote cards of a search, a phrase carried by two outlets,
// a speaker's page with its timeline.  A screenshot of each page goes to
// $TEST_UNDECLARED_OUTPUTS_DIR.
//
// Usage: node serve_browser_test.js QUOTES SAMPLES   (run by
// serve_browser_test.sh, which finds chromium and the npm packages)

"use strict";

const { chromium } = require("playwright-core");
const childProcess = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const CHROMIUM = process.env.QUOTES_CHROMIUM || "/usr/bin/chromium";

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.error("FAIL: " + what + (detail === undefined ? "" : ": " + detail));
  }
  return ok;
}

// Starts `quotes serve` on a free port; resolves with the process and the
// address it printed.
function startServer(quotes, db) {
  const proc = childProcess.spawn(quotes, ["serve", "--db", db, "--port", "0"],
                                  { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error("serve did not start: " + stderr)), 20000);
    proc.stdout.on("data", (d) => {
      stdout += d;
      const m = / at (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], stderr: () => stderr });
      }
    });
    proc.on("exit", (code) => reject(new Error("serve exited " + code + ": " + stderr)));
  });
}

function request(url, method, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { data += d; });
      res.on("end", () => resolve({ status: res.statusCode, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function getJson(base, p) {
  const res = await request(new URL(p, base), "GET");
  return JSON.parse(res.body);
}

// An article whose every field carries markup or a script address: the
// page must show all of it as text and link nowhere.
const HOSTILE = {
  doc_id: "hostile-1",
  outlet: "<i>Harbour</i> Times",
  title: "<script>window.__pwned = 2</script>Harbour news",
  url: "javascript:window.__pwned = 3",
  published: "2024-06-02",
  text: "\"We will not <b>close</b> the <img src=x onerror=window.__pwned=1> harbour,\" " +
        "Mayor Tomas Brenner said on Sunday.",
};

async function searchPage(page, base, out) {
  await page.goto(base);
  await page.waitForSelector("#results .card");
  check(/\d+ quotes · \d+ speakers/.test(await page.textContent("#stats")),
        "the header shows the store's counts", await page.textContent("#stats"));

  // Suggestions while typing, with the other spellings of a name.
  await page.locator("#speaker").pressSequentially("bren", { delay: 60 });
  const suggestion = page.locator("#suggestions li.suggestion").first();
  await suggestion.waitFor();
  const text = await suggestion.textContent();
  check(text.includes("Tomas Brenner") && text.includes("Mayor Brenner") &&
        text.includes("Mayor"), "a suggestion names the speaker, role and aliases", text);
  await page.screenshot({ path: path.join(out, "suggestions.png") });

  // Picking it with the keyboard runs the search.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document.getElementById("status").textContent.startsWith("Quotes by Tomas Brenner"));
  check(new URL(page.url()).searchParams.get("speaker") === "Tomas Brenner",
        "the search is in the address", page.url());
}

async function checkCards(page, expectedCount) {
  const cards = await page.$$eval("#results .card", (nodes) => nodes.map((n) => ({
    quote: n.querySelector(".quote").textContent,
    speaker: n.querySelector(".speaker").textContent,
    speakerHref: n.querySelector(".speaker").getAttribute("href"),
    role: (n.querySelector(".role") || {}).textContent || "",
    outlet: n.querySelector(".source .outlet").textContent,
    date: n.querySelector(".source time").textContent,
    link: (n.querySelector(".source a.link") || { href: "" }).href,
    context: (n.querySelector(".context") || {}).textContent || "",
    mark: (n.querySelector(".context mark") || {}).textContent || "",
    carried: n.querySelector(".carried").textContent,
    markup: n.querySelectorAll(".quote *:not(p), .context *:not(mark), .source *:not(a):not(span):not(time)").length,
  })));
  check(cards.length === expectedCount, "one card a quote of the speaker",
        cards.length + " cards, " + expectedCount + " quotes");
  check(cards.every((c) => c.speaker === "Tomas Brenner" &&
                           c.speakerHref === "/speaker/tomas-brenner"),
        "every card names the speaker and links to his page",
        JSON.stringify(cards.map((c) => [c.speaker, c.speakerHref])));
  check(cards.some((c) => c.role === "Mayor"), "cards show the speaker's role");
  check(cards.every((c) => c.outlet && /\d{4}/.test(c.date)), "cards show outlet and date");
  const sampled = cards.filter((c) => c.outlet !== "<i>Harbour</i> Times");
  check(sampled.every((c) => c.link.startsWith("https://")), "cards link to the source url");
  check(cards.every((c) => c.context && c.context.includes(c.mark) && c.mark.length > 0),
        "cards show the sentence around the quote, the quote marked");
  check(cards.every((c) => /^Carried by \d+ outlets?/.test(c.carried)),
        "cards say how many outlets carried the quote");
  const hostile = cards.find((c) => c.outlet === "<i>Harbour</i> Times");
  check(hostile && hostile.quote.includes("<b>close</b>") &&
        hostile.quote.includes("<img src=x") && hostile.link === "",
        "markup in an article shows as text, and a script address is no link",
        JSON.stringify(hostile || cards.map((c) => c.outlet)));
  check(cards.every((c) => c.markup === 0), "no element comes from an article's text");
  check(await page.evaluate(() => window.__pwned === undefined), "no article script ran");
}

async function phraseSearch(page) {
  await page.fill("#speaker", "");
  await page.fill("#words", "\"single clinic\"");
  await page.click("button[type=submit]");
  await page.waitForFunction(() =>
    document.getElementById("status").textContent.startsWith("Quotes with"));
  const carried = await page.textContent("#results .card .carried");
  check(/^Carried by 2 outlets in 2 articles; first by .+, \d+ \w+ 2024/.test(carried),
        "a quote two outlets carried says so, and which was first", carried);
  const summary = await page.textContent("#results .card details summary");
  check(summary === "All 2 sources", "the card lists every source", summary);
}

async function speakerPage(page, base, speaker, out) {
  await page.goto(base + "?speaker=Brenner");
  await page.locator("#results .card .speaker").first().click();
  await page.waitForSelector("#speaker-quotes .card");
  check(new URL(page.url()).pathname === "/speaker/tomas-brenner",
        "a speaker's name opens his page", page.url());
  check((await page.textContent("#speaker-name")) === "Tomas Brenner", "the page names him");
  check((await page.textContent("#speaker-aliases")).includes("Mayor Brenner"),
        "the page lists his other names");
  const months = speaker.timeline.months;
  const first = months[0].month.split("-").map(Number);
  const last = months[months.length - 1].month.split("-").map(Number);
  const span = (last[0] - first[0]) * 12 + (last[1] - first[1]) + 1;
  const bars = await page.$$eval("#timeline svg rect.bar", (r) =>
    r.map((b) => [b.dataset.month, Number(b.getAttribute("height"))]));
  check(bars.length === span && bars[0][0] === months[0].month,
        "the timeline has a bar a month, empty months too", JSON.stringify(bars));
  const tallest = months.reduce((a, b) => (b.quotes > a.quotes ? b : a));
  const tallestBar = bars.find((b) => b[0] === tallest.month);
  check(tallestBar && bars.every((b) => b[1] <= tallestBar[1]),
        "the busiest month has the tallest bar", JSON.stringify(bars));
  const dates = await page.$$eval("#speaker-quotes .card .source time",
                                  (t) => t.map((x) => x.getAttribute("datetime")));
  check(dates.length === Math.min(20, Number(speaker.speaker.quote_count)),
        "the page shows his quotes", dates.length);
  check(dates.every((d, i) => i === 0 || dates[i - 1] >= d), "newest first", dates.join(" "));
  await page.screenshot({ path: path.join(out, "speaker.png"), fullPage: true });
}

async function main() {
  const [quotes, samples] = process.argv.slice(2);
  const tmp = fs.mkdtempSync(path.join(process.env.TEST_TMPDIR || os.tmpdir(), "browser-"));
  const out = process.env.TEST_UNDECLARED_OUTPUTS_DIR || tmp;
  const db = path.join(tmp, "db");
  const ingest = childProcess.spawnSync(quotes, ["ingest", "--db", db, samples]);
  if (ingest.status !== 0) throw new Error("ingest failed: " + ingest.stderr);

  const server = await startServer(quotes, db);
  const base = server.url;
  let context = null;
  try {
    const posted = await request(new URL("/api/ingest", base), "POST",
                                 JSON.stringify(HOSTILE) + "\n",
                                 { "Content-Type": "application/x-ndjson" });
    check(posted.status === 200, "the hostile article is stored", posted.body);
    const speaker = await getJson(base, "/api/speaker/tomas-brenner");

    context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: { width: 1100, height: 900 },
    });
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(15000);
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("requestfailed", (r) => problems.push("failed: " + r.url()));

    await searchPage(page, base, out);
    await checkCards(page, Math.min(20, Number(speaker.speaker.quote_count)));
    await page.screenshot({ path: path.join(out, "search.png"), fullPage: true });
    await phraseSearch(page);
    await speakerPage(page, base, speaker, out);
    check(problems.length === 0, "no script error, failed load or policy violation",
          problems.join("; "));
  } finally {
    if (context) await context.close();
    server.proc.kill("SIGTERM");
    const code = await new Promise((resolve) => server.proc.on("exit", resolve));
    check(code === 0, "the server stops with 0 on SIGTERM", code + " " + server.stderr());
  }
  console.log("screenshots: " + ["suggestions.png", "search.png", "speaker.png"]
    .map((f) => path.join(out, f)).join(" "));
  console.log(passed + " passed, " + failed + " failed");
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error("FAIL: " + (e && e.stack ? e.stack : e));
  console.log(passed + " passed, " + (failed + 1) + " failed");
  process.exit(1);
});
