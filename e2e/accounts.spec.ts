import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { latestLink } from "./pages/outbox";
import { SettingsPage } from "./pages/settings-page";

test("sign up, verify through the emailed link, log out, log in with email and with username", async ({ page }) => {
  const auth = new AuthPage(page);
  const account = newAccount("verify");
  await auth.signUp(account);
  const banner = page.getByRole("complementary", { name: "Email verification" });
  await expect(banner.getByRole("button", { name: "Resend verification email" })).toBeVisible();

  await page.goto(await latestLink(account.email, "/verify-email"));
  const why = page.getByText(/^Press the button to confirm that this email address is yours\./);
  await expect(why).toBeVisible();
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your email is verified.");
  await expect(why).toBeHidden();
  await page.goto("/");
  await expect(banner).toHaveCount(0);

  await auth.logOut();
  await auth.logIn(account.email.toUpperCase(), account.password);
  await expect(page).toHaveURL(/\/$/);
  await auth.logOut();
  await auth.logIn(account.username, account.password);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner")).toContainText(account.username);
});

test("an unverified person can ask for a new verification email", async ({ page }) => {
  const account = newAccount("resend");
  await new AuthPage(page).signUp(account);
  const first = await latestLink(account.email, "/verify-email");
  const banner = page.getByRole("complementary", { name: "Email verification" });
  // On a phone it stays one short row: the conversation keeps the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => (await banner.boundingBox())?.height ?? 999).toBeLessThanOrEqual(56);
  await banner.getByRole("button", { name: "Resend verification email" }).click();
  await expect(banner.getByRole("status")).toHaveText(`We sent a new link to ${account.email}.`);
  await expect.poll(() => latestLink(account.email, "/verify-email")).not.toBe(first);
});

test("a verification link works once", async ({ page }) => {
  const account = newAccount("once");
  await new AuthPage(page).signUp(account);
  const link = await latestLink(account.email, "/verify-email");
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toBeVisible();
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(new AuthPage(page).alert()).toHaveText(/already been used/);
});

test("a wrong password and an unknown account get the same generic error", async ({ page }) => {
  const auth = new AuthPage(page);
  const account = newAccount("wrong");
  await auth.signUp(account);
  await auth.logOut();
  await auth.logIn(account.username, "not the password at all");
  await expect(auth.alert()).toHaveText("Wrong email, username or password.");
  await auth.logIn(`nobody-${account.username}`, "not the password at all");
  await expect(auth.alert()).toHaveText("Wrong email, username or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failed logins slow an account down without locking its owner out", async ({ page }) => {
  test.setTimeout(180_000);
  const auth = new AuthPage(page);
  const account = newAccount("locked");
  await auth.signUp(account);
  await auth.logOut();
  // Nine wrong passwords (sent straight to the token endpoint, which counts them in the same bucket) from
  // someone who waits whenever told to: after the fifth, 1 s, 2 s, 4 s, 8 s.
  for (let i = 0; i < 9; i++) {
    await expect(async () => {
      const r = await page.request.post("/api/v1/auth/token", {
        data: { login: account.email, password: `wrong password ${i}` },
      });
      expect(r.status()).toBe(401);
    }).toPass({ timeout: 30_000 });
  }
  // The owner comes right after: told to wait seconds (16 at most), not locked out for 15 minutes…
  await auth.logIn(account.email, account.password);
  await expect(auth.alert()).toHaveText(/^Too many attempts, try again in \d+ seconds?\.$/);
  // …and gets in once that has passed.
  await expect(async () => {
    await auth.logIn(account.email, account.password);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
});

test("the login page only follows same-site callback URLs", async ({ page }) => {
  test.setTimeout(180_000);
  const auth = new AuthPage(page);
  const account = newAccount("callback");
  await auth.signUp(account);
  await auth.logOut();
  await page.goto("/login?callbackUrl=https://evil.example/steal");
  await page.getByLabel("Email or username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await auth.logOut();
  await page.goto("/login?callbackUrl=/settings/sessions");
  await page.getByLabel("Email or username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  // A signed-in person opening a crafted login link stays on this site.
  for (const crafted of [
    "/.//evil.example/x",
    "/%2e%2e//evil.example/x",
    "/%5C%5Cevil.example/x",
    "/\t/evil.example/x",
  ]) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(crafted)}`);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\//);
  }
});

test("reset password through the emailed link ends the other sessions", async ({ page, browser }) => {
  const auth = new AuthPage(page);
  const account = newAccount("reset");
  await auth.signUp(account);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/login");
  await otherPage.getByRole("link", { name: "Forgot password?" }).click();
  await expect(otherPage.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await otherPage.getByLabel("Email", { exact: true }).fill(account.email);
  await otherPage.getByRole("button", { name: "Send reset link" }).click();
  await expect(otherPage.getByRole("main").getByRole("status")).toContainText("If an account uses that email");

  const link = await latestLink(account.email, "/reset-password");
  await otherPage.goto(link);
  await otherPage.getByLabel("New password").fill("a brand new passphrase");
  await otherPage.getByRole("button", { name: "Set new password" }).click();
  await expect(otherPage.getByRole("main").getByRole("status")).toContainText("Your password has been changed");

  // The session that was open before the reset is gone on its next navigation.
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
  await auth.logIn(account.email, account.password);
  await expect(auth.alert()).toHaveText("Wrong email, username or password.");
  await auth.logIn(account.email, "a brand new passphrase");
  await expect(page).toHaveURL(/\/$/);

  await otherPage.goto(link);
  await otherPage.getByLabel("New password").fill("yet another passphrase");
  await otherPage.getByRole("button", { name: "Set new password" }).click();
  await expect(otherPage.getByRole("main").getByRole("alert")).toHaveText(/already been used/);
  await other.close();
});

test("a forgot-password request for an unknown email looks the same", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses that email");
});

test("revoking a session from a second browser logs the first one out on its next navigation", async ({
  page,
  browser,
}) => {
  const account = newAccount("sessions");
  await new AuthPage(page).signUp(account);

  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await new AuthPage(secondPage).logIn(account.username, account.password);
  await expect(secondPage).toHaveURL(/\/$/);
  const sessions = await new SettingsPage(secondPage).openSessions();
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(sessions.first()).toContainText("127.0.0.1");
  await sessions.filter({ hasNotText: "This device" }).getByRole("button", { name: "Log out" }).click();
  await expect(sessions).toHaveCount(1);

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
  await secondPage.goto("/settings");
  await expect(secondPage).toHaveURL(/\/settings$/);
  await second.close();
});

test("log out of all other sessions keeps this one", async ({ page, browser }) => {
  const account = newAccount("others");
  await new AuthPage(page).signUp(account);
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await new AuthPage(secondPage).logIn(account.email, account.password);
  await expect(secondPage).toHaveURL(/\/$/);

  const sessions = await new SettingsPage(page).openSessions();
  await expect(sessions).toHaveCount(2);
  await page.getByRole("button", { name: "Log out of all other sessions" }).click();
  await expect(sessions).toHaveCount(1);
  await secondPage.goto("/");
  await expect(secondPage).toHaveURL(/\/login/);
  await second.close();
});

test("log out ends the session on the server, so a copied cookie no longer works", async ({ page, browser }) => {
  const auth = new AuthPage(page);
  await auth.signUp(newAccount("logout"));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  await auth.logOut();
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/settings");
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});

test("changing the password ends the other sessions", async ({ page, browser }) => {
  const account = newAccount("passwd");
  await new AuthPage(page).signUp(account);
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  await new AuthPage(secondPage).logIn(account.email, account.password);
  await expect(secondPage).toHaveURL(/\/$/);

  const settings = new SettingsPage(page);
  await settings.changePassword("not my password", "a newer passphrase");
  await expect(page.getByRole("main").getByText("That password is not correct.")).toBeVisible();
  await settings.changePassword(account.password, "a newer passphrase");
  await expect(page.getByRole("main").getByRole("status")).toContainText("Password changed");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings$/);
  await secondPage.goto("/");
  await expect(secondPage).toHaveURL(/\/login/);
  await second.close();
});

test("an API key authenticates with its scopes until it is revoked", async ({ page, request }) => {
  const account = newAccount("apikey");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await auth.verifyEmail(account);
  const settings = new SettingsPage(page);
  const key = await settings.createApiKey("CLI", ["profile:read", "conversations:read"], account.password);
  expect(key).toMatch(/^pk_/);

  const headers = { authorization: `Bearer ${key}` };
  const ok = await request.get("/api/v1/auth/whoami", { headers });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({
    via: "api_key",
    username: account.username,
    scopes: ["conversations:read", "profile:read"],
  });

  await page.reload();
  const row = page.getByRole("row", { name: /CLI/ });
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).not.toContainText(key);
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Revoke CLI" }).click();
  await expect(row).toContainText("Revoked");

  const refused = await request.get("/api/v1/auth/whoami", { headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized:token");
});

test("deleting the account asks for the password and logs out for good", async ({ page, request }) => {
  const auth = new AuthPage(page);
  const account = newAccount("delete");
  await auth.signUp(account);
  await page.goto("/settings/delete");
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("main").getByText("That password is not correct.")).toBeVisible();
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login/);
  await auth.logIn(account.email, account.password);
  await expect(auth.alert()).toHaveText("Wrong email, username or password.");
  const token = await request.post("/api/v1/auth/token", {
    data: { login: account.email, password: account.password },
  });
  expect(token.status()).toBe(401);
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("profile edits save, and a new email is used only once its link is opened", async ({ page }) => {
  const account = newAccount("profile");
  await new AuthPage(page).signUp(account);
  await page.goto("/settings");
  const main = page.getByRole("main");
  await main.getByLabel("Full name").fill("Ada Lovelace");
  await main.getByLabel("Bio").fill("Counts things.");
  const newEmail = `moved-${account.email}`;
  await main.getByLabel("Email", { exact: true }).fill(newEmail);
  await main.getByLabel("Current password").fill(account.password);
  await main.getByRole("button", { name: "Save profile" }).click();
  await expect(main.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);

  await page.reload();
  await expect(main.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await expect(main.getByLabel("Email", { exact: true })).toHaveValue(account.email);

  await page.goto(await latestLink(newEmail, "/verify-email"));
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your new email address is confirmed.");
  await page.goto("/settings");
  await expect(main.getByLabel("Email", { exact: true })).toHaveValue(newEmail);
});
