import { expect, type Page, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { SharePage } from "./pages/share-page";

// Math (KaTeX) and diagrams (Mermaid) in replies, end to end with the offline model, which answers "math" and
// "diagram" prompts with both. SCREENSHOT_DIR=… also saves each at 1280×800 and 390×844, light and dark.

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** CSP violations from the first script on (zod's one `new Function` probe aside). */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return async () =>
    (await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).filter(
      (v) => v !== "script-src eval",
    );
}

/**
 * Watches every text change of the streaming reply and keeps each moment that showed raw syntax: math
 * delimiters, table pipes, `**`. KaTeX keeps the TeX source only in hidden MathML annotations, so those are left
 * out of what is read.
 */
async function watchRawSyntax(page: Page) {
  await page.evaluate(() => {
    const state = window as unknown as { rawSeen: string[]; snapshots: number };
    state.rawSeen = [];
    state.snapshots = 0;
    const observer = new MutationObserver(() => {
      const reply = document.querySelector(
        'main [data-role="assistant"][aria-busy="true"] [data-testid="message-text"]',
      );
      if (!reply) return;
      const copy = reply.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll("annotation, pre, [data-testid='mermaid']")) hidden.remove();
      const text = copy.textContent ?? "";
      state.snapshots++;
      if (/\$\$|\\\[|\\\(|\|\s*-|\*\*|^\s*\|/m.test(text)) state.rawSeen.push(text);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () =>
    page.evaluate(() => {
      const { rawSeen, snapshots } = window as unknown as { rawSeen: string[]; snapshots: number };
      return { rawSeen, snapshots };
    });
}

async function screenshots(page: Page, name: string, target: () => Promise<void>) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const theme of ["light", "dark"] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      await target();
      await page.waitForTimeout(300); // screenshots only: let mermaid redraw for the theme
      await page.screenshot({ path: `${dir}/${name}-${size}-${theme}.png` });
    }
  }
  await page.setViewportSize(SIZES.desktop);
  await page.emulateMedia({ colorScheme: "light" });
}

test("math is typeset while it streams, after a reload and on the shared page; prices stay prices", async ({
  page,
  browser,
}) => {
  test.setTimeout(process.env.SCREENSHOT_DIR ? 240_000 : 90_000);
  const violations = await recordViolations(page);
  const fonts: string[] = [];
  const foreign: string[] = [];
  page.on("response", (response) => {
    if (/KaTeX_.*\.woff2?/.test(response.url())) fonts.push(`${response.status()} ${response.url()}`);
  });
  page.on("request", (request) => {
    if (!request.url().startsWith("http://127.0.0.1")) foreign.push(request.url());
  });
  await new AuthPage(page).signUp(newAccount("math"));
  const chat = new ChatPage(page);
  await chat.goto();
  const watched = await watchRawSyntax(page);
  await chat.send("Show me some math");
  await chat.waitForReply();

  const reply = chat.lastAssistant();
  await expect(reply.locator(".katex-display")).toHaveCount(2);
  await expect(reply.locator(".katex")).toHaveCount(4);
  await expect(reply).toContainText("a coffee costs $5 and a sandwich $10.");
  await expect(reply).not.toContainText("$$");
  await expect(reply).not.toContainText("\\[");
  const { rawSeen, snapshots } = await watched();
  expect(snapshots).toBeGreaterThan(2);
  expect(rawSeen).toEqual([]);

  // The fonts come from this origin and load (KaTeX_Main draws the text of every formula).
  await expect.poll(() => page.evaluate(() => document.fonts.check("16px KaTeX_Main"))).toBe(true);
  await expect.poll(() => fonts.length).toBeGreaterThan(0);
  for (const font of fonts) expect(font).toMatch(/^200 http:\/\/127\.0\.0\.1:\d+\//);
  expect(foreign).toEqual([]);

  // Server-rendered: the formulas are in the HTML.
  const html = await (await page.request.get(page.url())).text();
  expect(html).toContain('class="katex-display"');
  await page.reload();
  await expect(chat.lastAssistant().locator(".katex-display")).toHaveCount(2);
  await screenshots(page, "math", () => chat.lastAssistant().scrollIntoViewIfNeeded());

  const url = await new SharePage(page).createLink();
  const guest = await browser.newContext();
  const shared = await guest.newPage();
  await shared.goto(url);
  const sharedReply = new SharePage(shared).messages("assistant").last();
  await expect(sharedReply.locator(".katex-display")).toHaveCount(2);
  await expect(sharedReply).toContainText("a coffee costs $5 and a sandwich $10.");
  await screenshots(shared, "math-shared", () => sharedReply.scrollIntoViewIfNeeded());
  await guest.close();
  expect(await violations()).toEqual([]);
});

test("a table streams in without showing its pipes", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("table"));
  const chat = new ChatPage(page);
  await chat.goto();
  const watched = await watchRawSyntax(page);
  await chat.send("Make a table of the planets");
  await chat.waitForReply();
  await expect(chat.lastAssistant().getByRole("table")).toContainText("Neptune");
  const { rawSeen, snapshots } = await watched();
  expect(snapshots).toBeGreaterThan(2);
  expect(rawSeen).toEqual([]);
});

test("a mermaid block is drawn as a diagram with its source a click away; a broken one shows source and error", async ({
  page,
}) => {
  test.setTimeout(process.env.SCREENSHOT_DIR ? 240_000 : 90_000);
  const violations = await recordViolations(page);
  await new AuthPage(page).signUp(newAccount("diagram"));
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Draw a diagram");

  const figure = chat.lastAssistant().getByTestId("mermaid");
  const diagram = figure.getByRole("img", { name: "Diagram" });
  await expect(diagram.locator("svg")).toBeVisible({ timeout: 20_000 });
  await expect(diagram).toContainText(/Model\s*streams\s*a\s*reply/);
  await expect(figure.locator("script, [onclick], [onload]")).toHaveCount(0);
  await figure.getByRole("button", { name: "Source" }).click();
  await expect(figure.locator("pre")).toContainText("flowchart LR");
  await expect(diagram).toBeHidden();
  await figure.getByRole("button", { name: "Diagram" }).click();
  await expect(diagram.locator("svg")).toBeVisible();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await figure.getByRole("button", { name: "Copy" }).click();
  await expect(figure.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("A[You type] --> B{Signed in?}");

  // Dark mode redraws with mermaid's dark theme.
  const lightFill = await diagram
    .locator("svg")
    .evaluate((svg) => getComputedStyle(svg.querySelector(".node rect, .node polygon") as Element).fill);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect
    .poll(() =>
      diagram
        .locator("svg")
        .evaluate((svg) => getComputedStyle(svg.querySelector(".node rect, .node polygon") as Element).fill),
    )
    .not.toBe(lightFill);
  await page.emulateMedia({ colorScheme: "light" });
  await screenshots(page, "mermaid", () => figure.scrollIntoViewIfNeeded());

  await chat.sendAndWait("Draw a broken diagram");
  const broken = chat.lastAssistant().getByTestId("mermaid");
  await expect(broken.getByRole("note")).toContainText("This diagram could not be drawn");
  await expect(broken.locator("pre")).toContainText("A[Start] --> --> B(");
  await expect(broken.getByRole("img", { name: "Diagram" })).toHaveCount(0);
  await expect(page.locator("body > [id^='dparley-mermaid'], body > svg[id^='parley-mermaid']")).toHaveCount(0);
  await screenshots(page, "mermaid-broken", () => broken.scrollIntoViewIfNeeded());
  expect(await violations()).toEqual([]);
});
