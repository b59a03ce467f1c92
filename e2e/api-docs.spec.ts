import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ApiDocsPage } from "./pages/api-docs-page";
import { AuthPage, newAccount } from "./pages/auth-page";
import { SettingsPage } from "./pages/settings-page";

const run = promisify(execFile);
const ALL_SCOPES = ["conversations:read", "conversations:write", "messages:read", "messages:write", "profile:read"];

test("every command of the getting-started walkthrough works when pasted", async ({ page, baseURL }) => {
  test.slow();
  const account = newAccount("docs");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await auth.verifyEmail(account);
  const key = await new SettingsPage(page).createApiKey("walkthrough", ALL_SCOPES, account.password);
  await page.getByRole("link", { name: "Read the API reference" }).click();
  const docs = new ApiDocsPage(page);
  await expect(docs.gettingStarted()).toBeVisible();
  const commands = await docs.walkthroughCommands();
  expect(commands.length).toBe(6);
  // Step 1 names this server already; the person pastes their key in place of the placeholder.
  expect(commands[0]).toContain(`export PARLEY_URL="${baseURL}"`);
  commands[0] = commands[0]!.replace("pk_paste_your_key_here", key);

  const marker = "::step-end::";
  const script = ["set -euo pipefail", ...commands.flatMap((c) => [c, `echo ${marker}`])].join("\n");
  const { stdout } = await run("bash", ["-c", script], {
    timeout: 90_000,
    // Nothing from this shell: the pasted commands set everything themselves.
    env: { ...process.env, PARLEY_URL: "", PARLEY_KEY: "", CONVERSATION_ID: "" },
  });
  const outputs = stdout.split(marker).map((o) => o.trim());

  expect(outputs[0]).toBe("");
  expect(JSON.parse(outputs[1]!)).toMatchObject({ object: "user", auth: { via: "api_key" } });
  const conversationId = outputs[2]!;
  expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
  const reply = JSON.parse(outputs[3]!);
  expect(reply.user_message).toMatchObject({ content: "Hello! What can you do?", conversation_id: conversationId });
  expect(reply.assistant_message.status).toBe("complete");
  expect(outputs[4]).toContain('"type":"text-delta"');
  expect(outputs[4]!.endsWith("data: [DONE]")).toBe(true);
  const secondPage = JSON.parse(outputs[5]!);
  expect(secondPage).toMatchObject({ object: "list", has_more: false, next_cursor: null });
  expect(secondPage.data).toHaveLength(2);
});

test("each endpoint shows its scope, errors, a copyable curl and an example response", async ({ page, context }) => {
  test.slow(); // The page renders every endpoint with its examples: slow to load on a busy machine.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const docs = new ApiDocsPage(page);
  await docs.open();
  const send = docs.endpoint("POST /api/v1/conversations/{id}/messages");
  await expect(send.getByText("messages:write")).toBeVisible();
  await expect(send.getByRole("list", { name: "Errors" })).toContainText("422");
  await expect(send.getByRole("figure", { name: /^Example response/ })).toContainText('"object": "reply"');
  await send.getByRole("button", { name: /^Copy: Example request/ }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('curl -X POST "$PARLEY_URL/api/v1/conversations/$CONVERSATION_ID/messages"');
  expect(copied).toContain(`-d '{"content":"Plan three days in Lisbon for me."}'`);
});

test("unknown paths under /api/v1 answer the JSON error shape", async ({ request }) => {
  // The API's root is not unknown: it names the OpenAPI document and the docs.
  const root = await request.get("/api/v1/");
  expect(root.status()).toBe(200);
  expect(await root.json()).toMatchObject({ openapi: "/api/v1/openapi.json", docs: "/docs/api" });
  for (const path of ["/api/v1/nope", "/api/v1/conversations/abc/nothing-here"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["content-type"], path).toContain("application/json");
    expect((await response.json()).error.code, path).toBe("not_found:endpoint");
  }
  const posted = await request.post("/api/v1/widgets", { data: {} });
  expect(posted.status()).toBe(404);
  expect((await posted.json()).error.message).toContain("POST /api/v1/widgets");

  // A malformed % escape used to get Next's bare 500 (its router decodes the path before any handler runs).
  for (const path of ["/api/v1/conversations/%E0%A4%A", "/api/chat/%", "/api/v1/%zz/messages"]) {
    const response = await request.post(path, { data: { content: "hi" } });
    expect(response.status(), path).toBe(404);
    expect((await response.json()).error.code, path).toBe("not_found:endpoint");
  }
});
