import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { type FaultProxy, startFaultProxy } from "../test/fault-proxy";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

// A production instance whose PostgreSQL is reached through a loopback proxy that the test cuts (server down)
// or freezes (server stopped with its connections open). The shared PostgreSQL itself is never touched.
const pgAdminUrl = process.env.TEST_DATABASE_URL_PG;
const port = Number(process.env.E2E_PORT ?? 3100) + 30;
const baseURL = `http://127.0.0.1:${port}`;
const database = `parley_e2e_outage_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
let instance: AppServer | undefined;
let proxy: FaultProxy;

test.skip(!pgAdminUrl, "needs TEST_DATABASE_URL_PG (CI sets it)");
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL });

function databaseUrl(name: string): string {
  const url = new URL(pgAdminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await admin(`CREATE DATABASE "${database}"`);
  const direct = databaseUrl(database);
  const target = new URL(direct);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const env = {
    ...process.env,
    DATABASE_URL: direct,
    REDIS_URL: "",
    AUTH_SECRET: "e2e-outage-secret-0123456789abcdef",
    PARLEY_DATA_DIR: "data/e2e-outage",
    PARLEY_LOG_LEVEL: "silent",
    DATABASE_CONNECT_TIMEOUT_MS: "1000",
    DATABASE_STATEMENT_TIMEOUT_MS: "1500",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  migrateDatabase(env);
  // A production server takes a while to come up on a busy machine.
  instance = await startAppServer({
    port,
    env: { ...env, DATABASE_URL: proxy.via(direct), APP_URL: baseURL },
    timeoutMs: 120_000,
  });
});

test.afterEach(() => proxy.restore());

test.afterAll(async () => {
  await instance?.stop();
  await proxy?.close();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

test("database down: the page says so, REST answers 503, the session survives, a right password is not called wrong", async ({
  page,
  browser,
}) => {
  const account = newAccount("outage");
  await new AuthPage(page).signUp(account);
  const chat = new ChatPage(page);
  await chat.goto();

  proxy.cut();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Parley cannot reach its database" })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);

  const api = await page.request.get("/api/v1/conversations");
  expect(api.status()).toBe(503);
  expect(Number(api.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await api.json()).error).toMatchObject({ code: "unavailable:database" });
  // Auth.js clears the session cookie when its callback fails: nothing may expire it during an outage.
  expect(api.headers()["set-cookie"] ?? "").not.toMatch(/session-token=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);

  const health = await page.request.get("/api/health");
  expect(health.status()).toBe(503);
  expect(await health.json()).toMatchObject({ status: "down", down: ["database"] });

  const other = await browser.newContext({ baseURL });
  const login = new AuthPage(await other.newPage());
  await login.logIn(account.email, account.password);
  await expect(login.alert()).toContainText("cannot reach its database");
  await expect(login.alert()).not.toContainText("Wrong");
  await other.close();

  proxy.restore();
  await page.goto("/");
  await expect(page).not.toHaveURL(/\/login/);
  await expect(chat.messageBox).toBeVisible();
  const healthy = await page.request.get("/api/health");
  expect(healthy.status()).toBe(200);
  expect(await healthy.json()).toMatchObject({ status: "ok", checks: { database: { status: "up" } } });
});

test("a frozen database (connections open, nothing answers) gets 503 within a few seconds, not a hang", async ({
  page,
}) => {
  await new AuthPage(page).signUp(newAccount("frozen"));
  proxy.freeze();
  const started = Date.now();
  const api = await page.request.get("/api/v1/conversations", { timeout: 20_000 });
  expect(api.status()).toBe(503);
  expect(Date.now() - started).toBeLessThan(8_000);

  const pageStarted = Date.now();
  await page.goto("/", { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Parley cannot reach its database" })).toBeVisible();
  expect(Date.now() - pageStarted).toBeLessThan(10_000);

  proxy.restore();
  await page.goto("/");
  await expect(new ChatPage(page).messageBox).toBeVisible();
});
