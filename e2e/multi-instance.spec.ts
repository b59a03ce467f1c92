import { randomUUID } from "node:crypto";
import { type Browser, type BrowserContext, expect, test } from "@playwright/test";
import pg from "pg";
import { pngBytes } from "../test/attachment-fixtures";
import { startMockServer } from "../test/openai-mock-server";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { Attachments } from "./pages/attachments";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { DirectMessagesPage } from "./pages/direct-messages-page";

// Two Parley instances (the production server, scripts/server.mjs) on one PostgreSQL database and one Redis:
// nothing a person does may depend on which instance answers.
const pgAdminUrl = process.env.TEST_DATABASE_URL_PG;
const redisUrl = process.env.TEST_REDIS_URL;
const basePort = Number(process.env.E2E_PORT ?? 3100) + 20;
const ports = [basePort, basePort + 1] as const;
const database = `parley_e2e_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
// The offline model's long story streams for several seconds: long enough to act on a reply mid-stream.
const LONG = "Tell me a long story";
const START = "lighthouse";
const END = "what has arrived so far.";
let instances: AppServer[] = [];

test.skip(!pgAdminUrl || !redisUrl, "needs TEST_DATABASE_URL_PG and TEST_REDIS_URL (CI sets both)");
test.describe.configure({ mode: "serial", timeout: 90_000 });

function databaseUrl(name: string): string {
  const url = new URL(pgAdminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string, params: unknown[] = [], url = pgAdminUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  await admin(`CREATE DATABASE "${database}"`);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: redisUrl,
    PARLEY_REDIS_PREFIX: `${database}:`,
    AUTH_SECRET: "e2e-multi-instance-secret-0123456789",
    PARLEY_DATA_DIR: "data/e2e-multi",
    // Slow enough that a reply is still streaming when the second instance opens it, even on a busy CI machine.
    PARLEY_OFFLINE_DELAY_MS: "150",
    PARLEY_LOG_LEVEL: "error",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  migrateDatabase(env);
  instances = await Promise.all(
    ports.map((port) => startAppServer({ port, env: { ...env, APP_URL: `http://127.0.0.1:${port}` } })),
  );
});

test.afterAll(async () => {
  // Both exited: their connections are closed before the database is dropped.
  await Promise.all(instances.map((instance) => instance.stop()));
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

/** One person signed in on instance A, and the same browser session opened on instance B. */
async function signedInOnBoth(browser: Browser): Promise<[BrowserContext, BrowserContext]> {
  const a = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[0]}` });
  await new AuthPage(await a.newPage()).signUp(newAccount("multi"));
  const b = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[1]}`, storageState: await a.storageState() });
  return [a, b];
}

/** Starts a long reply on instance A and opens the same conversation on instance B while it streams. */
async function replyStreamingOnAOpenedOnB(browser: Browser) {
  const [a, b] = await signedInOnBoth(browser);
  const chatA = new ChatPage(a.pages()[0]!);
  await chatA.goto();
  await chatA.send(LONG);
  await expect(chatA.lastAssistant()).toContainText(START);
  const id = await chatA.waitForConversationUrl();
  const chatB = new ChatPage(await b.newPage());
  const resumed = chatB.page.waitForResponse((r) => r.url().endsWith(`/api/chat/${id}/stream`));
  await chatB.goto(id);
  return { chatA, chatB, resumed, close: () => Promise.all([a.close(), b.close()]) };
}

test("a session started on one instance works on the other, and logging out on either ends it everywhere", async ({
  browser,
}) => {
  const [a, b] = await signedInOnBoth(browser);
  const pageB = await b.newPage();
  await new ChatPage(pageB).goto();
  await new AuthPage(pageB).logOut();
  const pageA = a.pages()[0]!;
  await pageA.goto("/");
  await expect(pageA).toHaveURL(/\/login/);
  await Promise.all([a.close(), b.close()]);
});

test("a file uploaded through one instance is served by the other", async ({ browser }) => {
  const [a, b] = await signedInOnBoth(browser);
  const chatA = new ChatPage(a.pages()[0]!);
  const filesA = new Attachments(chatA.page);
  await chatA.goto();
  await filesA.choose([{ name: "shared.png", mimeType: "image/png", buffer: pngBytes(30, 20) }]);
  await filesA.waitUntilUploaded();
  await chatA.send("Across instances");
  await chatA.waitForReply();
  const id = await chatA.waitForConversationUrl();
  const chatB = new ChatPage(await b.newPage());
  await chatB.goto(id);
  const image = chatB.lastUser().getByRole("img", { name: "shared.png" });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(30);
  await expect(chatB.lastAssistant()).toContainText("30×20 pixels");
  await Promise.all([a.close(), b.close()]);
});

test("a reply generated on one instance resumes on the other and is stored complete", async ({ browser }) => {
  const { chatB, resumed, close } = await replyStreamingOnAOpenedOnB(browser);
  expect((await resumed).status()).toBe(200);
  await expect(chatB.lastAssistant()).toContainText(END, { timeout: 60_000 });

  await chatB.page.reload();
  await expect(chatB.lastAssistant()).toHaveAttribute("data-status", "complete");
  await close();
});

test("Stop pressed on one instance stops the reply being generated on the other", async ({ browser }) => {
  const { chatA, chatB, close } = await replyStreamingOnAOpenedOnB(browser);
  await chatB.stopButton.click();
  await expect(chatB.lastAssistant()).toHaveAttribute("data-status", "aborted", { timeout: 15_000 });

  await chatA.page.reload();
  await expect(chatA.lastAssistant()).toHaveAttribute("data-status", "aborted");
  await expect(chatA.lastAssistant()).not.toContainText(END);
  await close();
});

test("a direct message sent through one instance appears live for someone on the other", async ({ browser }) => {
  const [ann, bob] = [newAccount("multiann"), newAccount("multibob")];
  const a = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[0]}` });
  const b = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[1]}` });
  const annDm = new DirectMessagesPage(await a.newPage());
  const bobDm = new DirectMessagesPage(await b.newPage());
  await new AuthPage(annDm.page).signUp(ann);
  await new AuthPage(bobDm.page).signUp(bob);
  await bobDm.openThread(ann.username);
  await annDm.send(bob.username, "across instances");
  await expect(bobDm.message(ann.username, "across instances")).toBeVisible();
  await expect(annDm.message(bob.username, "across instances")).toContainText(/Read /);
  await Promise.all([a.close(), b.close()]);
});

// Last: it kills instance A.
test("a model connection added through one instance is offered and used by the other, without a restart", async ({
  browser,
}) => {
  const lab = await startMockServer(0, { models: ["shared-lab-model"] });
  const account = newAccount("multi-admin");
  const signUp = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[0]}` });
  await new AuthPage(await signUp.newPage()).signUp(account);
  await signUp.close();
  await admin(`UPDATE "User" SET "isSuperuser" = true WHERE username = $1`, [account.username], databaseUrl(database));
  // Signed in afresh, so the session says superuser.
  const a = await browser.newContext({ baseURL: `http://127.0.0.1:${ports[0]}` });
  try {
    const adminPage = await a.newPage();
    await new AuthPage(adminPage).logIn(account.username, account.password);
    await expect(adminPage).not.toHaveURL(/\/login/);
    const b = await browser.newContext({
      baseURL: `http://127.0.0.1:${ports[1]}`,
      storageState: await a.storageState(),
    });
    // B has built its model list before the change.
    const chatB = new ChatPage(await b.newPage());
    await chatB.goto();
    const pickerB = chatB.main.getByRole("combobox", { name: "Model" });
    await expect(pickerB.getByRole("option", { name: /^shared-lab-model/ })).toHaveCount(0);

    await adminPage.goto("/admin/models");
    await adminPage.getByLabel("Name").fill("Shared lab");
    await adminPage.getByLabel("Base URL").fill(lab.baseURL);
    await adminPage.getByRole("button", { name: "Add connection" }).click();
    await expect(adminPage.getByText(/^Added “Shared lab”/)).toBeVisible();

    await chatB.page.reload();
    await expect(pickerB.getByRole("option", { name: /^shared-lab-model/ })).toHaveCount(1);
    await pickerB.selectOption({ value: "shared-lab-model" });
    await chatB.sendAndWait("[[text:Answered by the lab.]]");
    await expect(chatB.lastAssistant()).toContainText("Answered by the lab.");
    expect(lab.streamedRequests().at(-1)?.model).toBe("shared-lab-model");
    await b.close();
    // The connection goes again (through the app, so both instances hear of it): the instances and database are
    // shared with the tests after this one, whose new chats would otherwise pick this model, gone with its server.
    await adminPage.goto("/admin/models");
    await adminPage.getByRole("button", { name: "Remove connection Shared lab" }).click();
    await expect(adminPage.getByRole("button", { name: "Remove connection Shared lab" })).toHaveCount(0);
  } finally {
    await a.close();
    await lab.close();
  }
});

test("a reply whose instance is killed mid-reply fails within seconds on the other instance, and Retry works", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await signedInOnBoth(browser);
  const chatA = new ChatPage(a.pages()[0]!);
  await chatA.goto();
  await chatA.send(LONG);
  await expect(chatA.lastAssistant()).toContainText(START);
  const id = await chatA.waitForConversationUrl();
  // The producer stores its partial text once a second: kill it once that text is in the database, so the test
  // shows the stored part survives (at most the last second of a killed reply is lost, by design).
  await expect
    .poll(async () => {
      const rows = await admin(
        `SELECT content FROM "Message" WHERE "conversationId" = $1 AND role = 'assistant'`,
        [id],
        databaseUrl(database),
      );
      return rows[0]?.content ?? "";
    })
    .toContain(START);
  await instances[0]?.stop("SIGKILL");

  // A reader on B resuming the orphaned reply gets its end (an error), not silence.
  const chatB = new ChatPage(await b.newPage());
  await chatB.goto(id);
  await expect(chatB.lastAssistant()).toHaveAttribute("data-status", "error", { timeout: 45_000 });
  await expect(chatB.lastAssistant()).toContainText("the server writing it stopped");
  await expect(chatB.lastAssistant()).toContainText(START);
  const [row] = await admin(
    `SELECT status, error, content FROM "Message" WHERE "conversationId" = $1 AND role = 'assistant'`,
    [id],
    databaseUrl(database),
  );
  expect(row).toMatchObject({ status: "error", error: expect.stringContaining("the server writing it stopped") });
  expect(row.content).toContain(START);

  await chatB.lastAssistant().getByRole("button", { name: "Retry" }).click();
  await expect(chatB.lastAssistant()).toContainText(END, { timeout: 60_000 });
  await chatB.page.reload();
  await expect(chatB.lastAssistant()).toHaveAttribute("data-status", "complete");
  await Promise.all([a.close(), b.close()]);
});
