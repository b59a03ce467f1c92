import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { Sidebar } from "./pages/sidebar";

// Requests no browser sends: they must get a 4xx in the one error shape and change nothing, never a 500.
test.describe.configure({ timeout: 90_000 });

test("server actions refuse a 10 MB body, 100,000 levels of nesting and a body that is not JSON", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("actions"));
  const chat = new ChatPage(page);
  await chat.goto();
  const sidebar = new Sidebar(page);
  // The sidebar's search calls a server action: its id and URL are what a forged request would reuse.
  const searched = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await sidebar.search.fill("anything");
  const action = await searched;
  const headers = {
    "next-action": action.headers()["next-action"]!,
    "content-type": "text/plain;charset=UTF-8",
    accept: "text/x-component",
  };
  const post = (data: string) => page.request.post(action.url(), { headers, data, maxRedirects: 0 });

  const huge = await post(`["${"x".repeat(10 * 1024 * 1024)}"]`);
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.code).toBe("payload_too_large");

  const deep = await post(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  expect(deep.status()).toBe(400);
  expect((await deep.json()).error.message).toContain("nested too deeply");

  const notJson = await post("this is { not json");
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe("bad_request:json");

  const fine = await post(action.postData() ?? "[]");
  expect(fine.status()).toBe(200);
});

test("a NUL in a message sent to /api/chat is refused with 422 and leaves no empty conversation", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("nul"));
  const conversationId = randomUUID();
  const response = await page.request.post("/api/chat", {
    data: {
      conversationId,
      message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "before\u0000after" }] },
    },
  });
  expect(response.status()).toBe(422);
  expect((await response.json()).error.fields[0].field).toBe("message.parts.0.text");
  expect((await page.request.get(`/api/v1/conversations/${conversationId}`)).status()).toBe(404);
  const list = await (await page.request.get("/api/v1/conversations")).json();
  expect(list.data).toHaveLength(0);
});

test("JSON sent as text/plain or without a content type gets 415", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("mime"));
  const body = JSON.stringify({ title: "typed wrong" });
  const variants: Record<string, string>[] = [{ "content-type": "text/plain" }, {}];
  for (const headers of variants) {
    const response = await page.request.fetch("/api/v1/conversations", {
      method: "POST",
      headers,
      data: Buffer.from(body),
    });
    expect(response.status()).toBe(415);
  }
  const list = await (await page.request.get("/api/v1/conversations")).json();
  expect(JSON.stringify(list)).not.toContain("typed wrong");
});
