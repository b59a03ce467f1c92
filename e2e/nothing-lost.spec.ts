import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { Sidebar } from "./pages/sidebar";

// The offline model echoes the message, so a long message makes a reply long enough to stop mid-way.
const LONG = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("lost"));
});

test("a send that fails on the network stays as Not sent, and Retry sends it once with the same id", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("The first message");
  const ids: string[] = [];
  await page.route("**/api/chat", async (route) => {
    ids.push(route.request().postDataJSON().message.id);
    await route.abort("internetdisconnected");
  });
  await chat.send("Lost in transit");
  await expect(chat.lastUser()).toHaveAttribute("data-status", "unsent");
  await expect(chat.lastUser()).toContainText("Not sent");
  await expect(chat.lastUser()).toContainText("Lost in transit");
  await expect(chat.messages("user")).toHaveCount(2);

  // Still there after a reload, and Retry still uses the same id.
  await page.reload();
  await expect(chat.lastUser()).toHaveAttribute("data-status", "unsent");
  await expect(chat.lastUser()).toContainText("Lost in transit");

  await page.unroute("**/api/chat");
  const retried = page.waitForRequest((r) => r.url().endsWith("/api/chat") && r.method() === "POST");
  await chat.lastUser().getByRole("button", { name: "Retry" }).click();
  ids.push((await retried).postDataJSON().message.id);
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("Lost in transit");
  expect(new Set(ids).size).toBe(1);

  await page.reload();
  await expect(chat.messages("user")).toHaveCount(2);
  await expect(chat.messages("user").filter({ hasText: "Lost in transit" })).toHaveCount(1);
  await expect(chat.lastUser()).toHaveAttribute("data-status", "sent");
});

test("a server error keeps the message as Not sent with the reason, and Retry answers it", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await page.route("**/api/chat", (route) => route.fulfill({ status: 503, body: "upstream down" }), { times: 1 });
  await chat.send("Sent into an outage");
  await expect(chat.lastUser()).toContainText("Not sent");
  await expect(chat.lastUser()).toContainText("HTTP 503");
  await expect(chat.messageBox).toHaveValue("");
  await chat.lastUser().getByRole("button", { name: "Retry" }).click();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("Sent into an outage");
  await expect(chat.lastUser()).toHaveAttribute("data-status", "sent");
});

test("offline: a banner says so, a message waits, and goes out by itself when the connection is back", async ({
  page,
  context,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Before the tunnel");
  const banner = chat.main.getByRole("status").filter({ hasText: "You are offline" });
  await expect(banner).toBeHidden();

  await context.setOffline(true);
  await expect(banner).toBeVisible();
  await chat.send("Written in the tunnel");
  await expect(chat.lastUser()).toContainText("Not sent");
  await expect(chat.lastUser()).toContainText("Written in the tunnel");

  await context.setOffline(false);
  await expect(banner).toBeHidden();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("Written in the tunnel");
  await page.reload();
  await expect(chat.messages("user").filter({ hasText: "Written in the tunnel" })).toHaveCount(1);
});

test("drafts are kept per conversation across reloads until they are sent", async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = new Sidebar(page);
  await chat.goto();
  await chat.messageBox.fill("A thought for a new chat");
  await page.reload();
  await expect(chat.messageBox).toHaveValue("A thought for a new chat");

  await chat.sendAndWait("Conversation one");
  await chat.messageBox.fill("Half a reply for one");
  await sidebar.newChat();
  await expect(chat.messages()).toHaveCount(0);
  await expect(chat.messageBox).toHaveValue("");
  await chat.sendAndWait("Conversation two");
  await sidebar.open(/Conversation one/);
  await expect(chat.lastUser()).toContainText("Conversation one");
  await expect(chat.messageBox).toHaveValue("Half a reply for one");

  await page.reload();
  await expect(chat.messageBox).toHaveValue("Half a reply for one");
  await chat.messageBox.press("Enter");
  await chat.waitForReply();
  await page.reload();
  await expect(chat.messageBox).toHaveValue("");
});

test("archiving or trashing the open conversation moves to a new chat; the server refuses messages into the trash", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  const sidebar = new Sidebar(page);
  await chat.goto();
  await chat.sendAndWait("To be archived");
  const archivedId = await chat.waitForConversationUrl();
  await sidebar.archive("To be archived");
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.messages()).toHaveCount(0);

  // A message into the archived conversation (e.g. from another tab) brings it back.
  await chat.postMessage(archivedId, "Back from the archive", await lastReplyId(chat, archivedId));
  await page.reload();
  await expect(sidebar.entry(/To be archived/)).toBeVisible();

  await chat.sendAndWait("To be trashed");
  const trashedId = await chat.waitForConversationUrl();
  await sidebar.delete("To be trashed");
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.messages()).toHaveCount(0);
  const refused = await page.request.post("/api/chat", {
    headers: { origin: new URL(page.url()).origin },
    data: {
      conversationId: trashedId,
      message: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text: "into the bin" }] },
      parentId: null,
    },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toMatch(/in the trash/);
});

test("the chosen branch is kept after a reload", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Pick a version");
  const firstId = await chat.lastAssistant().getAttribute("data-message-id");
  await chat.lastAssistant().getByRole("button", { name: "Regenerate" }).click();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("2 / 2");

  await chat.versionSwitcher(chat.lastAssistant()).previous.click();
  await expect(chat.lastAssistant()).toContainText("1 / 2");
  await page.reload();
  await expect(chat.lastAssistant()).toContainText("1 / 2");
  await expect(chat.lastAssistant()).toHaveAttribute("data-message-id", firstId as string);
});

test("Stop stops now: nothing more is shown after the click, and the stored reply is what was on screen", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.stopWhenReplyShows("word3");
  await chat.send(LONG);
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "aborted");
  const atStop = await chat.textAtStop();
  expect(atStop).toContain("word3");
  // What the screen showed at the click is what stays: nothing that arrived after it.
  await expect(chat.lastAssistant().getByTestId("message-text")).toHaveText(atStop);

  await page.reload();
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "aborted");
  await expect(chat.lastAssistant().getByTestId("message-text")).toHaveText(atStop);
});

test("Copy works without the Clipboard API (plain HTTP) and says when it fails", async ({ page }) => {
  await page.addInitScript(() => {
    const state = window as unknown as { copied?: string; said: string[] };
    state.said = [];
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    document.addEventListener("copy", () => {
      state.copied = document.getSelection()?.toString() ?? "";
    });
    // What the button says is recorded as it changes: it says it only for a moment.
    new MutationObserver(() => {
      for (const status of document.querySelectorAll('main button[aria-label="Copy"] [role="status"]')) {
        const text = status.textContent ?? "";
        if (text && state.said.at(-1) !== text) state.said.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const said = () => page.evaluate(() => (window as unknown as { said: string[] }).said);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Code:\n\n```python\nprint('copied over http')\n```");
  const copy = chat.lastAssistant().getByRole("button", { name: "Copy", exact: true });
  await copy.click();
  await expect.poll(said).toEqual(["Copied"]);
  expect(await page.evaluate(() => (window as unknown as { copied?: string }).copied)).toContain(
    "print('copied over http')",
  );

  await page.evaluate(() => {
    document.execCommand = () => false;
  });
  await copy.click();
  await expect.poll(said).toEqual(["Copied", "Copy failed"]);
});

async function lastReplyId(chat: ChatPage, conversationId: string): Promise<string> {
  const exported = await chat.page.request.get(`/chat/${conversationId}/export?format=json`);
  return (await exported.json()).messages.at(-1).id;
}
