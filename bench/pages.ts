// `npm run bench:pages`: what a person sees in Chromium, against a production server started as `npm start`
// starts it (scripts/start.mjs, its own build in .next-pages) on a fresh SQLite database with the offline model.
// Seeds (straight into the database, bench/seed-pages.ts) a conversation of 10 messages, one of 10,000, and a
// reader whose sidebar holds 10,000 conversations. Each round opens each page in a new browser context (a cold
// cache, like a newcomer) and measures, inside the page: time to first byte (Navigation Timing's responseStart)
// and the frame in which the newest message (or the sidebar's newest entry) is on screen, scrolled into view.
// Then Send → the first reply text on screen, for a later message and for the first message of a new chat, split
// into the browser's own time (before the request leaves, after the first text chunk arrives) and the server's.
// Environment: BENCH_PAGE_ROUNDS (default 7), BENCH_PAGES_DIST_DIR (.next-pages), BENCH_BASELINE_DIST_DIR (a
// second build served beside this one on the same database and measured in the same rounds),
// BENCH_SEND_SETTLED=1 (click Send once the page's network has been quiet for 500 ms, as after a person has read
// and typed, instead of the moment the button enables, when the page's own prefetches still share the server).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { freePort, signIn, waitForHealth } from "./server";
import { median, percentile } from "./stats";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 7);
const SEND_SETTLED = process.env.BENCH_SEND_SETTLED === "1";
const DIST_DIR = process.env.BENCH_PAGES_DIST_DIR ?? ".next-pages";
const BASELINE_DIST_DIR = process.env.BENCH_BASELINE_DIST_DIR;
// The offline model waits this long before each token: its own first token comes this long after the request.
const MODEL_DELAY_MS = 15;

interface Seeded {
  password: string;
  reader: { id: string; login: string };
  small: { id: string; newestMessageId: string };
  large: { id: string; newestMessageId: string };
  collector: { id: string; login: string };
  collectorChat: { id: string; newestMessageId: string };
}

interface Server {
  name: string;
  base: string;
  cookies: { reader: string; collector: string };
}

function startServer(env: NodeJS.ProcessEnv, script: "start.mjs" | "server.mjs"): ChildProcess {
  return spawn(process.execPath, [path.join(root, "scripts", script)], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

/** A page in a fresh context (cold cache) carrying the session cookie, and the in-page watcher for `selector`. */
async function openPage(
  browser: Browser,
  server: Server,
  cookie: string,
  selector: string,
  watchChat = false,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: server.base }]);
  // Plain strings, not functions: tsx would wrap named functions in a helper that the page does not have.
  await context.addInitScript(`(${WATCH_VISIBLE})(${JSON.stringify(selector)})`);
  if (watchChat) await context.addInitScript(`(${WATCH_CHAT_REQUEST})()`);
  return context.newPage();
}

// Checked every frame from the start of the document: the first frame in which the element is laid out inside
// the viewport and inside every scrolling ancestor (not clipped below the fold).
const WATCH_VISIBLE = `function (target) {
  function shown(el) {
    var r = el.getBoundingClientRect();
    if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight) return false;
    for (var p = el.parentElement; p; p = p.parentElement) {
      var overflow = getComputedStyle(p).overflowY;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") {
        var c = p.getBoundingClientRect();
        if (r.bottom <= c.top || r.top >= c.bottom) return false;
      }
    }
    return true;
  }
  function check() {
    var el = document.querySelector(target);
    if (el && shown(el)) window.__visibleAt = performance.now();
    else requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
}`;

// Notes, for the send that follows, when POST /api/chat is called, when its response headers arrive, and when the
// first chunk with reply text arrives (the stream is passed on unchanged), so the bench can split the time.
const WATCH_CHAT_REQUEST = `function () {
  var realFetch = window.fetch;
  window.__chat = {};
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input.url || String(input);
    var mine = url.indexOf("/api/chat") !== -1 && init && init.method === "POST" && window.__chat.request === undefined;
    if (!mine) return realFetch.apply(this, arguments);
    var notes = window.__chat;
    notes.request = performance.now();
    return realFetch.apply(this, arguments).then(function (response) {
      notes.headers = performance.now();
      if (!response.body) return response;
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var body = new ReadableStream({
        pull: function (controller) {
          return reader.read().then(function (r) {
            if (r.done) return controller.close();
            if (notes.text === undefined && decoder.decode(r.value, { stream: true }).indexOf("text-delta") !== -1) {
              notes.text = performance.now();
            }
            controller.enqueue(r.value);
          });
        },
        cancel: function (why) { return reader.cancel(why); }
      });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    });
  };
}`;

// Clicks Send and resolves with the time until the frame that paints a new reply with text in it, and the split
// of that time (see WATCH_CHAT_REQUEST).
const TIME_SEND_TO_TEXT = `new Promise(function (resolve, reject) {
  var main = document.querySelector("main");
  var before = new Set(Array.from(main.querySelectorAll("[data-message-id]")).map(function (e) {
    return e.getAttribute("data-message-id");
  }));
  function done() {
    return Array.from(main.querySelectorAll('article[data-role="assistant"]')).some(function (r) {
      var text = r.querySelector('[data-testid="message-text"]');
      return !before.has(r.getAttribute("data-message-id")) && text && text.textContent.trim() !== "";
    });
  }
  var observer = new MutationObserver(function () {
    if (!done()) return;
    observer.disconnect();
    requestAnimationFrame(function () {
      var c = window.__chat;
      resolve({ total: performance.now() - start, request: c.request - start, headers: c.headers - start, text: c.text - start });
    });
  });
  observer.observe(main, { childList: true, subtree: true, characterData: true });
  setTimeout(function () { reject(new Error("no reply text within 30 s")); }, 30000);
  var start = performance.now();
  document.querySelector('button[aria-label="Send"]').click();
})`;

interface Load {
  ttfb: number;
  visible: number;
}

async function measureLoad(browser: Browser, server: Server, cookie: string, url: string, selector: string) {
  const page = await openPage(browser, server, cookie, selector);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await page.goto(`${server.base}${url}`, { waitUntil: "commit" });
    await page
      .waitForFunction(() => (window as unknown as { __visibleAt?: number }).__visibleAt !== undefined, null, {
        timeout: 60_000,
        polling: 100,
      })
      .catch(async (error) => {
        const where = await page
          .evaluate((target) => {
            const el = document.querySelector(target);
            const chain = [];
            for (let p = el?.parentElement; p; p = p.parentElement) {
              const r = p.getBoundingClientRect();
              chain.push(
                `${p.tagName}.${p.className.slice(0, 40)} ${getComputedStyle(p).overflowY} ${r.top}-${r.bottom}`,
              );
            }
            return JSON.stringify({ rect: el?.getBoundingClientRect(), inner: window.innerHeight, chain });
          }, selector)
          .catch(() => "");
        throw new Error(`${selector} never came into view on ${page.url()}: ${where}\n${errors.join("\n")}`, {
          cause: error,
        });
      });
    return await page.evaluate(() => ({
      ttfb: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart,
      visible: (window as unknown as { __visibleAt: number }).__visibleAt,
    }));
  } finally {
    await page.context().close();
  }
}

/** Opens `url`, types a message, then times Send → the frame in which a new reply shows text (in the page). */
/** Send → painted text, split: click → request sent, → response headers, → first text chunk, → painted. */
interface SendTiming {
  total: number;
  request: number;
  headers: number;
  text: number;
}

async function measureSend(browser: Browser, server: Server, cookie: string, url: string): Promise<SendTiming> {
  const page = await openPage(browser, server, cookie, "body", true);
  try {
    await page.goto(`${server.base}${url}`);
    const box = page.getByLabel("Message", { exact: true });
    const send = page.getByRole("button", { name: "Send", exact: true });
    // Typing before hydration would be lost: the Send button enables only once React runs the page.
    await box.fill("hello there, how are you?");
    await send.waitFor();
    await page.waitForFunction(() => {
      const b = document.querySelector('button[aria-label="Send"]') as HTMLButtonElement | null;
      return b && !b.disabled;
    });
    if (SEND_SETTLED) await page.waitForLoadState("networkidle");
    return (await page.evaluate(TIME_SEND_TO_TEXT)) as SendTiming;
  } finally {
    await page.context().close();
  }
}

const f = (n: number) => n.toFixed(0).padStart(6);
const mp = (xs: number[]) => `${f(median(xs))} [${f(percentile(xs, 95))}]`;

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-pages-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${path.join(dataDir, "bench.db")}`,
    PARLEY_DATA_DIR: dataDir,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    APP_URL: base,
    PARLEY_MESSAGES_PER_MINUTE: "100000",
    PARLEY_LOG_LEVEL: "warn",
    PARLEY_OFFLINE_DELAY_MS: String(MODEL_DELAY_MS),
    NEXT_DIST_DIR: DIST_DIR,
  };
  for (const key of ["REDIS_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "PARLEY_MODELS"]) delete env[key];
  console.log(`starting the server as npm start does (node scripts/start.mjs, ${DIST_DIR}) on ${base}…`);
  const server = startServer(env, "start.mjs");
  let baseline: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await waitForHealth(base, server);
    const seed = spawnSync(process.execPath, [tsx, "--conditions=react-server", "bench/seed-pages.ts"], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.stderr}`);
    const seeded = JSON.parse(seed.stdout.trim().split("\n").at(-1) as string) as Seeded;
    const servers: Server[] = [];
    const withCookies = async (name: string, origin: string): Promise<Server> => ({
      name,
      base: origin,
      cookies: {
        reader: await signIn(origin, seeded.reader.login, seeded.password),
        collector: await signIn(origin, seeded.collector.login, seeded.password),
      },
    });
    servers.push(await withCookies("this build", base));
    if (BASELINE_DIST_DIR) {
      const baselineBase = `http://127.0.0.1:${await freePort()}`;
      baseline = startServer(
        {
          ...env,
          PORT: new URL(baselineBase).port,
          APP_URL: baselineBase,
          AUTH_URL: baselineBase,
          AUTH_TRUST_HOST: "true",
          NEXT_TELEMETRY_DISABLED: "1",
          NEXT_DIST_DIR: BASELINE_DIST_DIR,
        },
        "server.mjs",
      );
      await waitForHealth(baselineBase, baseline);
      servers.push(await withCookies(`baseline (${BASELINE_DIST_DIR})`, baselineBase));
    }
    browser = await chromium.launch({
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    });
    const message = (id: string) => `[data-message-id="${id}"]`;
    const loads = [
      {
        name: "10 messages",
        who: "reader",
        url: `/chat/${seeded.small.id}`,
        sel: message(seeded.small.newestMessageId),
      },
      {
        name: "10,000 messages",
        who: "reader",
        url: `/chat/${seeded.large.id}`,
        sel: message(seeded.large.newestMessageId),
      },
      {
        name: "sidebar of 10,000: new chat, newest entry",
        who: "collector",
        url: "/",
        sel: `nav a[href="/chat/${seeded.collectorChat.id}"]`,
      },
      {
        name: "sidebar of 10,000: chat, newest message",
        who: "collector",
        url: `/chat/${seeded.collectorChat.id}`,
        sel: message(seeded.collectorChat.newestMessageId),
      },
    ] as const;
    const sends = [
      { name: `Send → text, later message${SEND_SETTLED ? ", settled" : ""}`, url: `/chat/${seeded.small.id}` },
      { name: `Send → text, new chat${SEND_SETTLED ? ", settled" : ""}`, url: "/" },
    ];
    const loadSamples = new Map<string, Load[]>();
    const sendSamples = new Map<string, SendTiming[]>();
    const key = (server: Server, name: string) => `${server.name}\u0000${name}`;
    // One warm-up round (the server's first render of each route compiles nothing, but warms its caches).
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 ? servers : [...servers].reverse();
      for (const load of loads) {
        for (const server of order) {
          const sample = await measureLoad(browser, server, server.cookies[load.who], load.url, load.sel);
          if (round >= 0)
            loadSamples.set(key(server, load.name), [...(loadSamples.get(key(server, load.name)) ?? []), sample]);
        }
      }
    }
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 ? servers : [...servers].reverse();
      for (const send of sends) {
        for (const server of order) {
          const ms = await measureSend(browser, server, server.cookies.reader, send.url);
          if (round >= 0)
            sendSamples.set(key(server, send.name), [...(sendSamples.get(key(server, send.name)) ?? []), ms]);
        }
      }
    }

    console.log(
      `\n== Pages in Chromium: ${ROUNDS} rounds, cold cache each time (ms since navigation, median [p95]) ==`,
    );
    for (const server of servers) {
      console.log(`\n-- ${server.name} --`);
      console.log(`${"page".padEnd(44)} ${"first byte".padEnd(15)} newest visible`);
      for (const load of loads) {
        const xs = loadSamples.get(key(server, load.name)) ?? [];
        console.log(`${load.name.padEnd(44)} ${mp(xs.map((x) => x.ttfb))} ${mp(xs.map((x) => x.visible))}`);
      }
      const small = loadSamples.get(key(server, loads[0].name)) ?? [];
      const large = loadSamples.get(key(server, loads[1].name)) ?? [];
      const ratio = (k: keyof Load) => median(large.map((x) => x[k])) / median(small.map((x) => x[k]));
      const worst = Math.max(
        ...loads.map((l) => median((loadSamples.get(key(server, l.name)) ?? []).map((x) => x.visible))),
      );
      console.log(
        `  10,000 vs 10 messages (target ≤ 1.2×): first byte ${ratio("ttfb").toFixed(2)}×, newest visible ${ratio("visible").toFixed(2)}×` +
          ` ${ratio("ttfb") <= 1.2 && ratio("visible") <= 1.2 ? "MET" : "not met"}`,
      );
      console.log(
        `  newest visible within 1 s on every page (median): ${worst <= 1000 ? "MET" : "not met"} (slowest ${worst.toFixed(0)} ms)`,
      );
      for (const send of sends) {
        const samples = sendSamples.get(key(server, send.name)) ?? [];
        const xs = samples.map((x) => x.total);
        const over = xs.map((x) => x - MODEL_DELAY_MS);
        console.log(
          `${send.name.padEnd(44)} ${mp(xs)}  over the model's first token (${MODEL_DELAY_MS} ms): ${mp(over)}` +
            ` (target ≤ 40: ${median(over) <= 40 ? "MET" : "not met"})`,
        );
        // In the browser before the request leaves and after the first text arrives; the server and the network
        // in between (the model's own delay included).
        console.log(
          `  split: click → request ${mp(samples.map((x) => x.request))}, → headers ${mp(samples.map((x) => x.headers - x.request))},` +
            ` → first text chunk ${mp(samples.map((x) => x.text - x.headers))}, → painted ${mp(samples.map((x) => x.total - x.text))}`,
        );
      }
    }
  } finally {
    await browser?.close();
    await stop(baseline);
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
