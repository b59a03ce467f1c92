import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { parseSseEvents } from "../lib/chat/sse";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { AuthPage, newAccount } from "./pages/auth-page";

// SIGTERM to a production server (scripts/server.mjs) with replies streaming over the REST API: each reader
// gets an error it can act on, the text it saw is stored with the row failed, and the process exits in time.
const port = Number(process.env.E2E_PORT ?? 3100) + 40;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = "data/e2e-shutdown";
const dbFile = path.resolve(import.meta.dirname, "..", dataDir, "parley.db");
const GRACE_SECONDS = 1;
let instance: AppServer | undefined;

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    REDIS_URL: "",
    AUTH_SECRET: "e2e-shutdown-secret-0123456789abcdef",
    PARLEY_DATA_DIR: dataDir,
    PARLEY_LOG_LEVEL: "silent",
    // The offline model's long story streams for tens of seconds at this pace.
    PARLEY_OFFLINE_DELAY_MS: "150",
    PARLEY_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  migrateDatabase(env);
  instance = await startAppServer({ port, env: { ...env, APP_URL: baseURL } });
});

test.afterAll(async () => {
  await instance?.stop("SIGKILL");
});

test("SIGTERM ends open replies with a retryable error, stores their text as failed, and exits in time", async ({
  page,
}) => {
  const account = newAccount("shutdown");
  await new AuthPage(page).signUp(account);
  const token = await page.request.post("/api/v1/auth/token", {
    data: { login: account.email, password: account.password },
  });
  const auth = { authorization: `Bearer ${(await token.json()).access_token}` };

  // Three replies streaming at once, each read until its text is flowing.
  const streams = await Promise.all(
    [1, 2, 3].map(async () => {
      const created = await fetch(`${baseURL}/api/v1/conversations`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ title: "Shutdown" }),
      });
      const conversation = (await created.json()) as { id: string };
      const response = await fetch(`${baseURL}/api/v1/conversations/${conversation.id}/messages`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ content: "Tell me a long story", stream: true }),
      });
      expect(response.status).toBe(201);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while (!text.includes('"text-delta"')) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended before any text: ${text}`);
        text += value;
      }
      return { reader, text };
    }),
  );

  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    instance!.child.once("exit", (code) => resolve({ code, at: performance.now() })),
  );
  const signalled = performance.now();
  instance!.child.kill("SIGTERM");

  const ended = await Promise.all(
    streams.map(async ({ reader, text }) => {
      let all = text;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          all += value;
        }
      } catch {
        // a cut connection: the assertions below say what was missing
      }
      return all;
    }),
  );
  const { code, at } = await exited;
  // Documented: within the grace period plus 2 seconds.
  expect(code).toBe(0);
  expect(at - signalled).toBeLessThan((GRACE_SECONDS + 2) * 1000 + 500);

  const database = new Database(dbFile, { readonly: true });
  try {
    for (const all of ended) {
      expect(all.trimEnd().endsWith("data: [DONE]")).toBe(true);
      const events = parseSseEvents(all).events as {
        type: string;
        errorText?: string;
        delta?: string;
        data?: { id: string };
      }[];
      const errors = events.filter((e) => e.type === "error");
      expect(errors).toEqual([{ type: "error", errorText: expect.stringMatching(/server is restarting.*Retry/) }]);
      const streamed = events.map((e) => (e.type === "text-delta" ? e.delta : "")).join("");
      const last = events.at(-1);
      expect(last).toMatchObject({ type: "data-assistant_message", data: { status: "error", content: streamed } });
      const row = database.prepare(`SELECT status, content, error FROM "Message" WHERE id = ?`).get(last?.data?.id);
      expect(row).toEqual({ status: "error", content: streamed, error: errors[0]?.errorText });
    }
  } finally {
    database.close();
  }
});
