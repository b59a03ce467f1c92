import { expect, test } from "@playwright/test";
import { AdminPage, createSuperuser } from "./pages/admin-page";
import { AuthPage, newAccount } from "./pages/auth-page";
import { TwoFactorPage, totpCode } from "./pages/two-factor-page";

const STEP_MS = 30_000;

test("TOTP: set up with a code computed here, log in with the next code, a recovery code works once, turn off", async ({
  page,
  request,
}) => {
  test.slow();
  const account = newAccount("totp");
  const auth = new AuthPage(page);
  const twoFactor = new TwoFactorPage(page);
  await auth.signUp(account);
  await twoFactor.open();
  const { secret, usedCode, recoveryCodes } = await twoFactor.turnOn(account.password);
  expect(new Set(recoveryCodes).size).toBe(10);
  await page.getByRole("link", { name: "I saved them" }).click();
  await expect(twoFactor.main()).toContainText("Two-factor authentication is on");

  // The password alone: a code is asked for, and no page opens.
  await auth.logOut();
  await auth.logIn(account.username, account.password);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);

  // The code used to turn it on never works again; the next step's code (inside the window) does.
  await auth.logIn(account.username, account.password);
  await twoFactor.enterAuthenticationCode(usedCode);
  await expect(page.getByText("That code is not right, or it was used already.")).toBeVisible();
  await twoFactor.enterAuthenticationCode(totpCode(secret, Date.now() + STEP_MS));
  await expect(page).toHaveURL(/\/$/);

  // A recovery code signs in once.
  const [firstRecovery, secondRecovery] = recoveryCodes;
  await auth.logOut();
  await auth.logIn(account.email, account.password);
  await twoFactor.enterAuthenticationCode(firstRecovery ?? "");
  await expect(page).toHaveURL(/\/$/);
  await auth.logOut();
  await auth.logIn(account.email, account.password);
  await twoFactor.enterAuthenticationCode(firstRecovery ?? "");
  await expect(page.getByText("That code is not right, or it was used already.")).toBeVisible();
  await twoFactor.enterAuthenticationCode(secondRecovery ?? "");
  await expect(page).toHaveURL(/\/$/);

  // The token endpoint wants the otp too; API programs cannot skip the second factor.
  const withoutOtp = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password },
  });
  expect(withoutOtp.status()).toBe(401);
  expect((await withoutOtp.json()).error.code).toBe("unauthorized:otp_required");
  const withOtp = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password, otp: recoveryCodes[2] },
  });
  expect(withOtp.status()).toBe(200);

  // Turning it off takes the password and a code; a wrong password changes nothing.
  await twoFactor.turnOff("not the password", recoveryCodes[3] ?? "");
  await expect(twoFactor.main().getByText("That password is not correct.")).toBeVisible();
  await twoFactor.turnOff(account.password, recoveryCodes[3] ?? "");
  await expect(twoFactor.main()).toContainText("Two-factor authentication is off.");
  await auth.logOut();
  await auth.logIn(account.username, account.password);
  await expect(page).toHaveURL(/\/$/);
});

test("passkeys: register one with a virtual authenticator, sign in with it alone, remove it", async ({ browser }) => {
  test.slow();
  // WebAuthn refuses IP addresses as relying parties: this test uses the same server as localhost.
  const port = Number(process.env.E2E_PORT ?? 3100);
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const account = newAccount("passkey");
  const auth = new AuthPage(page);
  const twoFactor = new TwoFactorPage(page);
  await auth.signUp(account);
  await twoFactor.addPasskey("Test laptop", account.password);
  await expect(twoFactor.passkeys()).toHaveCount(1);
  await expect(twoFactor.passkeys().first()).toContainText("Test laptop");

  await auth.logOut();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  // Auth.js sends the browser on to AUTH_URL (127.0.0.1 here); the session cookie belongs to localhost.
  await expect(page).not.toHaveURL(`http://localhost:${port}/login`);
  await twoFactor.open();
  await twoFactor.main().getByRole("button", { name: "Remove passkey Test laptop" }).click();
  await expect(twoFactor.main().getByText("You have no passkeys yet.")).toBeVisible();
  await auth.logOut();
  await page.goto("/login");
  // The authenticator still holds the key, but Parley no longer accepts it.
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(auth.alert()).toHaveText("That passkey could not sign you in. Try again, or use your password.");
  await context.close();
});

test("an admin resets the two-factor login of someone who lost it: logged out, then the password alone signs in", async ({
  page,
  browser,
}) => {
  test.slow();
  const admin = createSuperuser();
  const account = newAccount("lost2fa");
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await new AuthPage(userPage).signUp(account);
  const twoFactor = new TwoFactorPage(userPage);
  await twoFactor.open();
  await twoFactor.turnOn(account.password);
  await userPage.getByRole("link", { name: "I saved them" }).click();
  await expect(twoFactor.main()).toContainText("Two-factor authentication is on");

  await new AuthPage(page).logIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/$/);
  const adminPage = new AdminPage(page);
  await adminPage.search(account.username);
  const row = adminPage.userRow(account.username);
  await expect(row).toContainText("two-factor on");
  // Cancel changes nothing.
  await row.getByRole("button", { name: "Reset two-factor login", exact: true }).click();
  await expect(row).toContainText("logs them out everywhere");
  await row.getByRole("button", { name: "Cancel" }).click();
  await adminPage.resetTwoFactor(account.username);
  await expect(row.getByRole("status")).toContainText("Removed the authenticator app and 10 recovery codes");
  await expect(row).not.toContainText("two-factor on");

  // Their open browser is logged out; the password alone now signs them in.
  await userPage.goto("/settings");
  await expect(userPage).toHaveURL(/\/login/);
  await new AuthPage(userPage).logIn(account.username, account.password);
  await expect(userPage).toHaveURL(/\/$/);
  await twoFactor.open();
  await expect(twoFactor.main()).not.toContainText("Two-factor authentication is on");

  await page.goto("/admin/audit");
  await expect(page.getByRole("main")).toContainText("Two-factor login reset by an admin");
  await userContext.close();
});
