import { expect, type Page, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

// Records Content-Security-Policy violations from the first script on, so a test sees what was blocked.
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test("the CSP has nonces and 'strict-dynamic' and no 'unsafe-inline' for scripts", async ({ request }) => {
  const first = (await request.get("/login")).headers()["content-security-policy"] ?? "";
  const second = (await request.get("/login")).headers()["content-security-policy"] ?? "";
  const scriptSrc = first.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=_-]{16,}'/);
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(first).not.toBe(second);
});

test("an inline script without the nonce does not run, and the page still works", async ({ page }) => {
  const violations = await recordViolations(page);
  await page.route(/\/login$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", "<script>window.__injected = true</script></body>");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect.poll(violations).toEqual(["script-src-elem inline"]);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  // Next's own scripts carry the nonce: the app hydrated, and client-side navigation works.
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: object }).next)).toBe("object");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
});

test("signed-in pages run with the nonce and report no violation", async ({ page }) => {
  const violations = await recordViolations(page);
  await new AuthPage(page).signUp(newAccount("csp"));
  for (const path of ["/", "/settings", "/settings/sessions"]) {
    await page.goto(path);
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: object }).next)).toBe("object");
    // zod probes once whether `new Function` is allowed (and falls back when not): that probe is the only
    // expected report; no script element may be blocked.
    expect((await violations()).filter((v) => v !== "script-src eval")).toEqual([]);
  }
});

test("a page address that looks like a file gets the page CSP too, signed out and signed in", async ({
  page,
  request,
}) => {
  const nonceCsp = /script-src [^;]*'nonce-[A-Za-z0-9+/=_-]{16,}'/;
  for (const path of ["/chat/x.txt", "/nothing-here.png", "/settings/x.js"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()["content-security-policy"] ?? "", path).toMatch(nonceCsp);
  }
  await new AuthPage(page).signUp(newAccount("cspfile"));
  for (const path of ["/chat/x.txt", "/nothing-here.png"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
    expect(response.headers()["content-type"] ?? "").toContain("text/html");
    expect(response.headers()["content-security-policy"] ?? "", path).toMatch(nonceCsp);
  }
  // The app's icon is a file, not a page: it is served without a session.
  const icon = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
});
