import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { chromiumPath } from "../playwright.config";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { AuthPage, newAccount } from "./pages/auth-page";

// An instance with APP_URL unset (the default), reached under a host name the attacker chose: the browser
// resolves evil.example to this machine, so every request carries `Host: evil.example:<port>` and a
// matching Origin, exactly as a forged request would. No link Parley mails may name that host.
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100) + 15;
const dataDir = "data/e2e-links";
const outbox = path.join(root, dataDir, "outbox");
const forged = `http://evil.example:${port}`;
let server: AppServer | undefined;

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({
  baseURL: forged,
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--host-resolver-rules=MAP evil.example 127.0.0.1",
    ],
  },
});

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:./${dataDir}/parley.db`,
    PARLEY_DATA_DIR: dataDir,
    AUTH_SECRET: "e2e-email-links-secret-0123456789",
    PARLEY_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    PORT: String(port),
  };
  delete env.APP_URL;
  delete env.AUTH_URL;
  delete env.SMTP_URL;
  spawnSync("rm", ["-rf", path.join(root, dataDir)]);
  migrateDatabase(env);
  server = await startAppServer({ port, env });
});

test.afterAll(async () => {
  await server?.stop();
});

/** Every URL in the mails sent to `to`, once at least `atLeast` of them have arrived. */
async function linksMailedTo(to: string, atLeast: number): Promise<string[]> {
  let links: string[] = [];
  await expect
    .poll(async () => {
      links = [];
      const files = await readdir(outbox).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith(".eml"))) {
        const raw = await readFile(path.join(outbox, file), "utf8");
        const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
        if (!head.split(/\r?\n/).some((line) => line.startsWith("To:") && line.includes(to))) continue;
        const text = body
          .join("\n\n")
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        links.push(...(text.match(/https?:\/\/[^\s<>"]+/g) ?? []));
      }
      return links.length;
    })
    .toBeGreaterThanOrEqual(atLeast);
  return links;
}

function expectOnlyTheRealOrigin(links: string[]) {
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    expect(link).not.toContain("evil.example");
    expect(new URL(link).origin).toBe(`http://localhost:${port}`);
  }
}

test("sign-up, resend, email change and forgot-password mail links to APP_URL or localhost, never the request's host", async ({
  page,
}) => {
  const account = newAccount("links");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await expect(page).toHaveURL(`${forged}/`);
  expectOnlyTheRealOrigin(await linksMailedTo(account.email, 1));

  await page.getByRole("button", { name: "Resend verification email" }).click();
  expectOnlyTheRealOrigin(await linksMailedTo(account.email, 2));

  await page.goto("/settings");
  const main = page.getByRole("main");
  const newEmail = `moved-${account.email}`;
  await main.getByLabel("Email", { exact: true }).fill(newEmail);
  // Changing the email may ask for the current password.
  const currentPassword = main.getByLabel("Current password");
  if (await currentPassword.count()) await currentPassword.fill(account.password);
  await main.getByRole("button", { name: "Save profile" }).click();
  await expect(main.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
  expectOnlyTheRealOrigin(await linksMailedTo(newEmail, 1));

  await auth.logOut();
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses that email");
  const links = await linksMailedTo(account.email, 3);
  expect(links.some((link) => link.includes("/reset-password?token="))).toBe(true);
  expectOnlyTheRealOrigin(links);
});
