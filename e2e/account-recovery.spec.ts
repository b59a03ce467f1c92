import { type APIRequestContext, expect, test } from "@playwright/test";
import { type Account, AuthPage, newAccount } from "./pages/auth-page";
import { latestLink, latestMail } from "./pages/outbox";
import { SettingsPage } from "./pages/settings-page";

// Recovering an account recovers it: nothing a stolen cookie or an unverified sign-up minted survives.

async function tokenPair(request: APIRequestContext, account: Account) {
  const issued = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password },
  });
  expect(issued.status()).toBe(200);
  return (await issued.json()) as { access_token: string; refresh_token: string };
}

const whoami = (request: APIRequestContext, token: string) =>
  request.get("/api/v1/auth/whoami", { headers: { authorization: `Bearer ${token}` } });

const refresh = (request: APIRequestContext, refreshToken: string) =>
  request.post("/api/v1/auth/refresh", { data: { refresh_token: refreshToken } });

test("an unverified account cannot create an API key", async ({ page }) => {
  const account = newAccount("unverified");
  await new AuthPage(page).signUp(account);
  await new SettingsPage(page).submitApiKey("squatter", ["profile:read"], account.password);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Verify your email address");
  await expect(page.getByLabel("Your new API key")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("row", { name: /squatter/ })).toHaveCount(0);
});

test("creating an API key asks for the current password", async ({ page }) => {
  const account = newAccount("keypass");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await auth.verifyEmail(account);
  const settings = new SettingsPage(page);
  await settings.submitApiKey("stolen cookie", ["profile:read"], "");
  await expect(page.getByRole("main").getByText("Enter your current password.")).toBeVisible();
  await settings.submitApiKey("stolen cookie", ["profile:read"], "not my password");
  await expect(page.getByRole("main").getByText("That password is not correct.")).toBeVisible();
  await expect(page.getByLabel("Your new API key")).toHaveCount(0);
  expect(await settings.createApiKey("mine", ["profile:read"], account.password)).toMatch(/^pk_/);
});

test("changing the email asks for the current password", async ({ page }) => {
  const account = newAccount("emailpass");
  await new AuthPage(page).signUp(account);
  await page.goto("/settings");
  const main = page.getByRole("main");
  await main.getByLabel("Email", { exact: true }).fill(`attacker-${account.email}`);
  await main.getByRole("button", { name: "Save profile" }).click();
  await expect(main.getByText("Enter your current password to change your email address.")).toBeVisible();
  await main.getByLabel("Current password").fill("not my password");
  await main.getByRole("button", { name: "Save profile" }).click();
  await expect(main.getByText("That password is not correct.")).toBeVisible();
  expect(await latestMail(`attacker-${account.email}`)).toBeUndefined();
});

test("a password reset ends every session, program and API key, and the email says so", async ({
  page,
  browser,
  request,
}) => {
  const account = newAccount("recover");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await auth.verifyEmail(account);
  const key = await new SettingsPage(page).createApiKey("left behind", ["profile:read"], account.password);
  const tokens = await tokenPair(request, account);
  expect((await whoami(request, key)).status()).toBe(200);

  const owner = await (await browser.newContext()).newPage();
  await owner.goto("/forgot-password");
  await owner.getByLabel("Email", { exact: true }).fill(account.email);
  await owner.getByRole("button", { name: "Send reset link" }).click();
  const link = await latestLink(account.email, "/reset-password");
  expect(await latestMail(account.email)).toContain("revokes every API key");
  await owner.goto(link);
  await owner.getByLabel("New password").fill("the owner's new passphrase");
  await owner.getByRole("button", { name: "Set new password" }).click();
  await expect(owner.getByRole("main").getByRole("status")).toContainText("Your password has been changed");

  expect((await whoami(request, key)).status()).toBe(401);
  expect((await whoami(request, tokens.access_token)).status()).toBe(401);
  expect((await refresh(request, tokens.refresh_token)).status()).toBe(401);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
  await owner.context().close();
});

test("the Sessions page lists programs and logs each one out, and 'all other sessions' includes them", async ({
  page,
  request,
}) => {
  const account = newAccount("programs");
  await new AuthPage(page).signUp(account);
  const settings = new SettingsPage(page);
  const first = await tokenPair(request, account);
  const second = await tokenPair(request, account);

  const programs = await settings.openPrograms();
  await expect(programs).toHaveCount(2);
  await programs.first().getByRole("button", { name: "Log out" }).click();
  await expect(programs).toHaveCount(1);
  const outcomes = [await refresh(request, first.refresh_token), await refresh(request, second.refresh_token)];
  expect(outcomes.map((r) => r.status()).sort()).toEqual([200, 401]);
  const survivor = (await outcomes.find((r) => r.status() === 200)?.json()) as { access_token: string };
  expect((await whoami(request, survivor.access_token)).status()).toBe(200);

  await page.getByRole("button", { name: "Log out of all other sessions" }).click();
  await expect(programs).toHaveCount(0);
  expect((await whoami(request, survivor.access_token)).status()).toBe(401);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings$/);
});
