import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

// The chat HTTP endpoints as the browser's useChat calls them, signed in with a real session cookie and
// answered by the built-in offline model.

function chatBody(conversationId: string, text: string, id = randomUUID(), parentId: string | null = null) {
  return { conversationId, message: { id, role: "user", parts: [{ type: "text", text }] }, parentId };
}

async function signedIn(page: Page): Promise<APIRequestContext> {
  await new AuthPage(page).signUp(newAccount("api"));
  return page.request;
}

type Progress = { status: number; text: string; done: boolean };

/** A streaming request made by the page: what has arrived so far can be awaited, not guessed with a sleep. */
async function streamInPage(page: Page, url: string, init: RequestInit = {}) {
  const key = `stream-${randomUUID()}`;
  await page.evaluate(
    ({ key, url, init }) => {
      const progress: Progress = { status: 0, text: "", done: false };
      (window as unknown as Record<string, Progress>)[key] = progress;
      void fetch(url, init).then(async (response) => {
        progress.status = response.status;
        const reader = response.body?.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          progress.text += decoder.decode(chunk.value, { stream: true });
        }
        progress.done = true;
      });
    },
    { key, url, init },
  );
  const progress = () => page.evaluate((key) => (window as unknown as Record<string, Progress>)[key]!, key);
  return {
    text: async () => (await progress()).text,
    finished: async () => {
      await expect.poll(async () => (await progress()).done, { timeout: 20_000 }).toBe(true);
      return progress();
    },
  };
}

test("refuses the chat endpoints without a session", async ({ request }) => {
  const response = await request.post("/api/chat", { data: chatBody(randomUUID(), "hi") });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthorized");
  expect((await request.get(`/api/chat/${randomUUID()}/stream`)).status()).toBe(401);
});

test("streams a reply, lists models, and answers a repeated post with the same reply", async ({ page }) => {
  const api = await signedIn(page);
  const models = await (await api.get("/api/chat/models")).json();
  expect(models.models[0]).toMatchObject({ id: "offline", offline: true });

  const conversationId = randomUUID();
  const body = chatBody(conversationId, "hello over HTTP");
  const [first, second] = await Promise.all([
    api.post("/api/chat", { data: body }),
    api.post("/api/chat", { data: body }),
  ]);
  for (const response of [first, second]) {
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/event-stream");
    const text = await response.text();
    expect(text).toContain('"type":"start"');
    // The words arrive as separate text deltas: read them back as the reply's text.
    const said = text
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string; delta?: string })
      .filter((chunk) => chunk.type === "text-delta")
      .map((chunk) => chunk.delta)
      .join("");
    expect(said).toContain("You said");
    expect(text).toContain('"status":"complete"');
  }
  expect(first.headers()["x-message-id"]).toBe(second.headers()["x-message-id"]);
  // Nothing is streaming any more.
  expect((await api.get(`/api/chat/${conversationId}/stream`)).status()).toBe(204);
});

test("stops a reply on the server and resumes a reply in progress", async ({ page }) => {
  const api = await signedIn(page);
  const conversationId = randomUUID();
  const long = Array.from({ length: 70 }, (_, i) => `word${i}`).join(" ");
  const posting = await streamInPage(page, "/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(chatBody(conversationId, long)),
  });
  await expect.poll(posting.text).toContain('"type":"text-delta"');

  // A second tab reconnects while the reply streams: it gets the reply from its start, live.
  const resuming = await streamInPage(page, `/api/chat/${conversationId}/stream`);
  await expect.poll(resuming.text).toContain('"type":"start"');

  const stop = await api.post(`/api/chat/${conversationId}/stop`);
  expect(stop.status()).toBe(200);
  expect(await stop.json()).toMatchObject({ stopped: true, status: "aborted" });
  const streamed = (await posting.finished()).text;
  expect(streamed).toContain('"type":"abort"');
  expect(streamed).not.toContain("word69");
  const resumed = await resuming.finished();
  expect(resumed.status).toBe(200);
  const replay = resumed.text;
  expect(replay).toContain('"type":"start"');
  expect(replay).toContain("Offline");
  expect(replay).toContain('"type":"abort"');
});

test("gives clear errors for bad input and hides other people's conversations", async ({ page, browser }) => {
  const api = await signedIn(page);
  const conversationId = randomUUID();
  const ok = await api.post("/api/chat", { data: chatBody(conversationId, "private") });
  expect(ok.status()).toBe(200);
  await ok.text();

  const tooLong = await api.post("/api/chat", { data: chatBody(randomUUID(), "x".repeat(32_001)) });
  expect(tooLong.status()).toBe(422);
  expect((await tooLong.json()).error.code).toBe("validation");

  const huge = await api.post("/api/chat", { data: chatBody(randomUUID(), "x".repeat(300_000)) });
  expect(huge.status()).toBe(413);

  const malformed = await api.post("/api/chat", {
    data: Buffer.from("{not json"),
    headers: { "content-type": "application/json" },
  });
  expect(malformed.status()).toBe(400);

  const otherPage = await (await browser.newContext()).newPage();
  const other = await signedIn(otherPage);
  const intrude = await other.post("/api/chat", { data: chatBody(conversationId, "let me in", randomUUID()) });
  expect(intrude.status()).toBe(404);
  expect((await intrude.json()).error.code).toBe("not_found:conversation");
  expect((await other.post(`/api/chat/${conversationId}/stop`)).status()).toBe(404);
  expect((await other.get(`/api/chat/${conversationId}/stream`)).status()).toBe(404);
});
