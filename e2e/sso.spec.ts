import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { openSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { startOidcProvider, TEST_OIDC_SCOPE, type TestOidcProvider } from "../test/oidc-provider";
import { AuthPage, newAccount } from "./pages/auth-page";

// Sign-in with an organisation's account against a real OpenID Connect provider (oidc-provider) on loopback,
// with Parley started on its own port and database, configured the Auth.js way (AUTH_OIDC_*).
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100) + 45;
const providerPort = Number(process.env.E2E_PORT ?? 3100) + 46;
const dataDir = "data/e2e-sso";
// localhost, not 127.0.0.1: Next names loopback requests "localhost", so that is the origin Auth.js sees.
const app = `http://localhost:${port}`;
const BUTTON = "Sign in with Company SSO";
let server: ChildProcess | undefined;
let idp: TestOidcProvider;

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: app });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  idp = await startOidcProvider({
    port: providerPort,
    clients: [
      {
        client_id: "parley",
        client_secret: "parley-e2e-client-secret-0123456789",
        redirect_uris: [`${app}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${app}/login`],
      },
    ],
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:./${dataDir}/parley.db`,
    PARLEY_DATA_DIR: dataDir,
    AUTH_SECRET: "e2e-sso-secret-not-for-production-0123456789",
    APP_URL: app,
    // Auth.js builds its callback URL from AUTH_URL; without it, from the address the server listens on.
    AUTH_URL: app,
    AUTH_TRUST_HOST: "true",
    PARLEY_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    PARLEY_SIGNUPS_PER_IP_PER_HOUR: "10000",
    PORT: String(port),
    AUTH_OIDC_ISSUER: idp.issuer,
    AUTH_OIDC_ID: "parley",
    AUTH_OIDC_SECRET: "parley-e2e-client-secret-0123456789",
    AUTH_OIDC_NAME: "Company SSO",
    AUTH_OIDC_SCOPE: TEST_OIDC_SCOPE,
    AUTH_OIDC_ADMIN_GROUPS: "parley-admins",
    AUTH_OIDC_LOGOUT: "on",
  };
  delete env.SMTP_URL;
  spawnSync("rm", ["-rf", path.join(root, dataDir)]);
  const migrated = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db.ts", "migrate"],
    { cwd: root, env, encoding: "utf8" },
  );
  if (migrated.status !== 0) throw new Error(`Migrating failed: ${migrated.stderr}`);
  // The server's log is kept next to its database, to read when a sign-in fails.
  const log = openSync(path.join(root, dataDir, "server.log"), "w");
  server = spawn(process.execPath, [path.join(root, "scripts/server.mjs")], {
    cwd: root,
    stdio: ["ignore", log, log],
    env,
  });
  await expect
    .poll(
      () =>
        fetch(`${app}/login`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await idp?.close();
});

/** Clicks the login page's button and signs in at the provider's own login page as `login` (the subject). */
async function signInThroughProvider(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: BUTTON }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("whatever the provider checks");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** Makes every session of the account an hour old, past the 10 minutes a recent sign-in counts for. */
function ageSessions(username: string) {
  const db = new Database(path.join(root, dataDir, "parley.db"));
  try {
    const aged = db
      .prepare(
        "UPDATE Session SET createdAt = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-1 hour') WHERE userId = (SELECT id FROM User WHERE username = ?)",
      )
      .run(username);
    expect(aged.changes).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: app });
  return context.newPage();
}

async function usernameInSettings(page: Page) {
  await page.goto("/settings");
  return page.getByLabel("Username").inputValue();
}

test("button → provider's login → back signed in; same account the second time; admin group → /admin, and removing the group removes it", async ({
  browser,
  page,
}) => {
  // The first account of a Parley is its administrator: made with a password, so the SSO people are not.
  await new AuthPage(page).signUp(newAccount("owner"));
  idp.people.set("e2e-ada", {
    email: "ada@corp.example",
    email_verified: true,
    preferred_username: "ada",
    name: "Ada L.",
    groups: ["staff", "parley-admins"],
  });
  const first = await freshPage(browser);
  await signInThroughProvider(first, "e2e-ada");
  await expect(first).toHaveURL(`${app}/`);
  expect(await usernameInSettings(first)).toBe("ada");
  expect((await first.goto("/admin"))?.status()).toBe(200);
  await expect(first.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();

  // Removed from the group at the provider: the next sign-in (another browser) is the same account, no admin.
  idp.people.set("e2e-ada", { ...idp.people.get("e2e-ada"), email: "ada.new@corp.example", groups: ["staff"] });
  const second = await freshPage(browser);
  await signInThroughProvider(second, "e2e-ada");
  await expect(second).toHaveURL(`${app}/`);
  expect(await usernameInSettings(second)).toBe("ada");
  await expect(second.getByLabel("Email", { exact: true })).toHaveValue("ada@corp.example");
  expect((await second.goto("/admin"))?.status()).toBe(404);

  // Both browsers' sessions are the one account's, named after the provider.
  await second.goto("/settings/sessions");
  const sessions = second.getByRole("list", { name: "Active sessions" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText("with Company SSO");

  // Logging out ends Parley's session (the cookie no longer opens anything) and, RP-initiated, the provider's:
  // its end-session endpoint (with the ID token as the hint) asks, then sends the browser back to /login.
  // Baseline: while the provider still has its session, its button comes straight back, signed in.
  await first.context().clearCookies({ domain: "localhost" });
  await first.goto("/login");
  await first.getByRole("button", { name: BUTTON }).click();
  await expect(first).toHaveURL(`${app}/`);

  const cookies = await second.context().cookies();
  let endSession = "";
  second.on("request", (request) => {
    if (request.url().startsWith(`${idp.issuer}/session/end`)) endSession ||= request.url();
  });
  await new AuthPage(second).openAccountMenu();
  await second.getByRole("banner").getByRole("menuitem", { name: "Log out" }).click();
  await second.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(second).toHaveURL(`${app}/login`);
  const hint = new URL(endSession).searchParams;
  expect(hint.get("client_id")).toBe("parley");
  expect(hint.get("post_logout_redirect_uri")).toBe(`${app}/login`);
  expect(hint.get("id_token_hint")?.split(".")).toHaveLength(3);
  // The provider forgot the person too: its button asks for the login again instead of coming straight back.
  await second.getByRole("button", { name: BUTTON }).click();
  await expect(second).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await expect(second.locator('input[name="login"]')).toBeVisible();
  const replay = await browser.newContext({ baseURL: app });
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/settings");
  await expect(replayPage).toHaveURL(/\/login/);
  await Promise.all([first.context().close(), second.context().close(), replay.close()]);
});

test("no entry into a password account with the same email; its owner connects the provider in settings", async ({
  browser,
  page,
}) => {
  const owner = newAccount("bob");
  await new AuthPage(page).signUp(owner);
  // Someone at the provider asserts the owner's (verified) address.
  idp.people.set("e2e-mallory", { email: owner.email, email_verified: true, preferred_username: "mallory" });
  const attacker = await freshPage(browser);
  await signInThroughProvider(attacker, "e2e-mallory");
  await expect(attacker).toHaveURL(/\/login\?error=email_in_use/);
  await expect(attacker.getByRole("main").getByRole("alert")).toContainText("already uses this email address");
  await attacker.goto("/settings");
  await expect(attacker).toHaveURL(/\/login/);

  // The owner, signed in with the password, connects their own provider account.
  idp.people.set("e2e-bob", { email: owner.email, email_verified: true, preferred_username: "bob" });
  await page.goto("/settings/connected-accounts");
  const row = page.getByRole("list", { name: "Sign-in providers" }).getByRole("listitem", { name: "Company SSO" });
  await expect(row).toContainText("Not connected");
  // Connecting adds a way into the account: it asks for the current password.
  await row.getByLabel("Current password to connect Company SSO").fill(owner.password);
  await row.getByRole("button", { name: "Connect" }).click();
  await page.locator('input[name="login"]').fill("e2e-bob");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(/\/settings\/connected-accounts\?connected=oidc/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Company SSO is connected.");
  await expect(row).toContainText(`Connected as ${owner.email}`);

  // Now the provider's button opens the owner's account.
  const elsewhere = await freshPage(browser);
  await signInThroughProvider(elsewhere, "e2e-bob");
  await expect(elsewhere).toHaveURL(`${app}/`);
  expect(await usernameInSettings(elsewhere)).toBe(owner.username);

  // Disconnecting works while a password remains.
  await row.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Company SSO is disconnected.");
  await expect(row).toContainText("Not connected");
  await Promise.all([attacker.context().close(), elsewhere.context().close()]);
});

test("an account made through the provider changes its email and sets a password without one, after a recent sign-in", async ({
  browser,
}) => {
  idp.people.set("e2e-carol", { email: "carol@corp.example", email_verified: true, preferred_username: "carol" });
  const page = await freshPage(browser);
  await signInThroughProvider(page, "e2e-carol");
  await expect(page).toHaveURL(`${app}/`);
  const status = page.getByRole("main").getByRole("status");

  // Profile: no password field to fill; the sign-in a moment ago confirms the change.
  await page.goto("/settings");
  await expect(page.getByText("You signed in less than 10 minutes ago")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await page.getByLabel("Email", { exact: true }).fill("carol.new@corp.example");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(status).toContainText("We sent a link to carol.new@corp.example");

  // Password: "Set a password", which then logs in on its own.
  await page.goto("/settings/password");
  await page.getByLabel("New password").fill("carol's own pass phrase");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(status).toContainText("Password set.");
  const other = await freshPage(browser);
  await new AuthPage(other).logIn("carol", "carol's own pass phrase");
  await expect(other).toHaveURL(`${app}/`);
  // Now it is a password account: changing the password asks for the current one.
  await page.goto("/settings/password");
  await expect(page.getByLabel("Current password")).toBeVisible();
  await Promise.all([page.context().close(), other.context().close()]);
});

test("an hour after signing in, 'Sign in again' at the provider stands in for the password, in place of the old session", async ({
  browser,
}) => {
  idp.people.set("e2e-erin", { email: "erin@corp.example", email_verified: true, preferred_username: "erin" });
  const page = await freshPage(browser);
  await signInThroughProvider(page, "e2e-erin");
  await expect(page).toHaveURL(`${app}/`);
  ageSessions("erin");
  await page.goto("/settings/password");
  await page.getByLabel("New password").fill("erin's own pass phrase");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("needs a recent sign-in");

  // The provider still knows erin: its login comes straight back, to the same settings page.
  await page.getByRole("button", { name: "Sign in again with Company SSO" }).click();
  await expect(page).toHaveURL(`${app}/settings/password`);
  await expect(page.getByText("You signed in less than 10 minutes ago")).toBeVisible();
  await page.getByLabel("New password").fill("erin's own pass phrase");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Password set.");
  // The fresh session replaced the old one: this browser is listed once.
  await page.goto("/settings/sessions");
  await expect(page.getByRole("list", { name: "Active sessions" }).getByRole("listitem")).toHaveCount(1);
  await page.context().close();
});

test("a callback replayed in another browser signs nobody in (state and PKCE are bound to the browser that started it)", async ({
  browser,
  page,
}) => {
  idp.people.set("e2e-replay", { email: "replay@corp.example", email_verified: true });
  let callback = "";
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/callback/oidc")) callback = request.url();
  });
  await signInThroughProvider(page, "e2e-replay");
  await expect(page).toHaveURL(`${app}/`);
  expect(callback).toContain("code=");

  // Someone who got hold of the callback URL (a log, a referrer) replays it in their own browser.
  const thief = await freshPage(browser);
  await thief.goto(callback);
  await expect(thief).toHaveURL(/\/login\?error=/);
  await expect(thief.getByRole("main").getByRole("alert")).toContainText("did not complete");
  await thief.goto("/settings");
  await expect(thief).toHaveURL(/\/login/);
  await thief.context().close();
});

// The settings forms of an account without a password, signed in long enough ago that they ask for a new sign-in.
test("screenshots: settings of an account without a password", async ({ browser }) => {
  test.skip(!process.env.SSO_SCREENSHOTS, "screenshots are taken on request (SSO_SCREENSHOTS=1)");
  idp.people.set("e2e-dora", { email: "dora@corp.example", email_verified: true, preferred_username: "dora" });
  const page = await freshPage(browser);
  await signInThroughProvider(page, "e2e-dora");
  await expect(page).toHaveURL(`${app}/`);
  const state = await page.context().storageState();
  const dir = process.env.SSO_SCREENSHOTS_DIR ?? path.join(root, "test-results", "sso-screenshots");
  for (const age of ["recent", "old"] as const) {
    if (age === "old") {
      ageSessions("dora");
    }
    for (const [device, viewport] of [
      ["desktop", { width: 1280, height: 800 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      for (const colorScheme of ["light", "dark"] as const) {
        const member = await browser.newContext({ baseURL: app, viewport, colorScheme, storageState: state });
        const settings = await member.newPage();
        for (const [name, url] of [
          ["profile", "/settings"],
          ["password", "/settings/password"],
          ["delete", "/settings/delete"],
          ["api-keys", "/settings/api-keys"],
        ] as const) {
          await settings.goto(url);
          await settings.screenshot({
            path: path.join(dir, `${name}-${age}-${device}-${colorScheme}.png`),
            fullPage: true,
          });
        }
        await member.close();
      }
    }
  }
  await page.context().close();
});

// Pictures for a person to look at, not assertions: run with SSO_SCREENSHOTS=1 (they add ~20 s).
test("screenshots: login page with a provider, and Connected accounts", async ({ browser, page }) => {
  test.skip(!process.env.SSO_SCREENSHOTS, "screenshots are taken on request (SSO_SCREENSHOTS=1)");
  const account = newAccount("shots");
  await new AuthPage(page).signUp(account);
  idp.people.set("e2e-shots", { email: account.email, email_verified: true });
  await page.goto("/settings/connected-accounts");
  await page.getByLabel("Current password to connect Company SSO").fill(account.password);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator('input[name="login"]').fill("e2e-shots");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(/connected=oidc/);
  const state = await page.context().storageState();
  const dir = process.env.SSO_SCREENSHOTS_DIR ?? path.join(root, "test-results", "sso-screenshots");
  for (const [device, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      const visitor = await browser.newContext({ baseURL: app, viewport, colorScheme });
      const login = await visitor.newPage();
      await login.goto("/login?error=email_in_use");
      await login.screenshot({ path: path.join(dir, `login-${device}-${colorScheme}.png`), fullPage: true });
      await visitor.close();
      const member = await browser.newContext({ baseURL: app, viewport, colorScheme, storageState: state });
      const settings = await member.newPage();
      await settings.goto("/settings/connected-accounts");
      await settings.screenshot({ path: path.join(dir, `connected-${device}-${colorScheme}.png`), fullPage: true });
      await member.close();
    }
  }
});
