import { type APIResponse, expect, test } from "@playwright/test";
import { AdminPage, createSuperuser } from "./pages/admin-page";
import { AuthPage, newAccount } from "./pages/auth-page";
import { SettingsPage } from "./pages/settings-page";

test("token and refresh endpoints: rotation, and reuse revokes the family", async ({ page, request }) => {
  const account = newAccount("tokens");
  await new AuthPage(page).signUp(account);

  const wrong = await request.post("/api/v1/auth/token", { data: { login: account.username, password: "nope nope" } });
  expect(wrong.status()).toBe(401);

  const issued = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password },
  });
  expect(issued.status()).toBe(200);
  const first = await issued.json();
  expect(first).toMatchObject({ token_type: "Bearer", expires_in: 900 });
  expect(first.access_token).toMatch(/^at_/);
  expect(first.refresh_token).toMatch(/^rt_/);

  const whoami = (token: string) =>
    request.get("/api/v1/auth/whoami", { headers: { authorization: `Bearer ${token}` } });
  expect((await whoami(first.access_token)).status()).toBe(200);

  const rotated = await request.post("/api/v1/auth/refresh", { data: { refresh_token: first.refresh_token } });
  expect(rotated.status()).toBe(200);
  const second = await rotated.json();
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect((await whoami(second.access_token)).status()).toBe(200);

  // Replaying the used refresh token: refused, and every token of the family dies with it.
  const replay = await request.post("/api/v1/auth/refresh", { data: { refresh_token: first.refresh_token } });
  expect(replay.status()).toBe(401);
  expect((await request.post("/api/v1/auth/refresh", { data: { refresh_token: second.refresh_token } })).status()).toBe(
    401,
  );
  expect((await whoami(second.access_token)).status()).toBe(401);
});

test("the token endpoint refuses malformed and oversized bodies with the JSON error shape", async ({ request }) => {
  const malformed = await request.post("/api/v1/auth/token", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("bad_request:json");
  const invalid = await request.post("/api/v1/auth/token", { data: { login: "" } });
  expect(invalid.status()).toBe(422);
  const huge = await request.post("/api/v1/auth/token", { data: { login: "x".repeat(10_000), password: "y" } });
  expect(huge.status()).toBe(413);
  const anonymous = await request.get("/api/v1/auth/whoami");
  expect(anonymous.status()).toBe(401);
});

test("a server action refuses a cross-site post but takes the same post from this site", async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const account = newAccount("csrf");
  await new AuthPage(page).signUp(account);
  const other = await browser.newContext();
  await new AuthPage(await other.newPage()).logIn(account.email, account.password);

  const sessions = await new SettingsPage(page).openSessions();
  await expect(sessions).toHaveCount(2);
  const target = sessions.filter({ hasNotText: "This device" }).locator("form");
  const actionField = await target.locator('input[name^="$ACTION_ID_"]').getAttribute("name");
  const sessionId = await target.locator('input[name="sessionId"]').inputValue();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const post = (origin: string) =>
    request.post("/settings/sessions", {
      headers: { cookie, origin },
      multipart: { [actionField ?? ""]: "", sessionId },
    });

  expect((await post("https://evil.example")).status()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(sessions).toHaveCount(2);

  expect((await post(baseURL ?? "")).status()).toBeLessThan(400);
  await page.reload();
  await expect(sessions).toHaveCount(1);
  await other.close();
});

test("admin actions check the caller themselves, not only the page", async ({ page, browser, request, baseURL }) => {
  test.slow(); // Two people sign in and the admin page renders inside the app shell.
  const admin = createSuperuser();
  await new AuthPage(page).logIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/$/);
  const victim = newAccount("victim");
  const victimContext = await browser.newContext();
  await new AuthPage(await victimContext.newPage()).signUp(victim);

  const adminPage = new AdminPage(page);
  await adminPage.search(victim.username);
  const form = adminPage
    .userRow(victim.username)
    .locator("form", { has: page.getByRole("button", { name: "Deactivate" }) });
  const actionField = await form.locator('input[name^="$ACTION_ID_"]').getAttribute("name");
  const userId = await form.locator('input[name="userId"]').inputValue();

  // A regular user replays the admin's form post with their own session: refused, nothing changes.
  const mallory = newAccount("mallory");
  const malloryContext = await browser.newContext();
  await new AuthPage(await malloryContext.newPage()).signUp(mallory);
  const cookie = (await malloryContext.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const response = await request.post("/admin", {
    headers: { cookie, origin: baseURL ?? "" },
    multipart: { [actionField ?? ""]: "", userId, active: "false" },
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(adminPage.userRow(victim.username)).toContainText("Active");
  await victimContext.close();
  await malloryContext.close();
});

test("the token endpoint slows an account down with 429 and Retry-After, then lets the owner in", async ({
  page,
  request,
}) => {
  test.slow();
  const account = newAccount("lockapi");
  await new AuthPage(page).signUp(account);
  for (let i = 0; i < 5; i++) {
    const r = await request.post("/api/v1/auth/token", { data: { login: account.email, password: `wrong ${i}` } });
    expect(r.status()).toBe(401);
  }
  // Each later attempt must wait longer (1 s, 2 s, 4 s…): guess until one comes too soon.
  let refused: APIResponse | undefined;
  for (let i = 5; i < 15 && !refused; i++) {
    const r = await request.post("/api/v1/auth/token", { data: { login: account.email, password: `wrong ${i}` } });
    expect([401, 429]).toContain(r.status());
    if (r.status() === 429) refused = r;
  }
  expect(refused).toBeDefined();
  const retryAfter = Number(refused!.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(300);
  const body = (await refused!.json()) as { error: { message: string } };
  expect(body.error.message).toMatch(/^Too many attempts, try again in \d+ (seconds?|minutes?)\.$/);
  await expect(async () => {
    const r = await request.post("/api/v1/auth/token", { data: { login: account.email, password: account.password } });
    expect(r.status()).toBe(200);
  }).toPass({ timeout: (retryAfter + 15) * 1000 });
});
