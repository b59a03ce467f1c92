import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage, recordHostileEffects } from "./pages/chat-page";
import { Sidebar } from "./pages/sidebar";

// The offline model echoes the message, so a long message makes a reply long enough to stop or reload mid-way.
const LONG = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
// The last words of every offline reply.
const END = "search my conversations for a word.";

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("chat"));
});

test("a message streams a labelled reply token by token and is kept after a reload", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await expect(chat.sendButton).toBeDisabled();
  // Watched inside the page: a test runner that polls can miss a two-second stream on a busy machine.
  await chat.recordStreamedLengths();
  await chat.send(`Tell me about streaming ${LONG}`);

  const reply = chat.lastAssistant();
  await expect(reply).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  const final = ((await reply.getByTestId("message-text").textContent()) ?? "").length;
  const streamed = await chat.streamedLengths();
  expect(streamed.length).toBeGreaterThan(2);
  expect(Math.max(...streamed)).toBeLessThanOrEqual(final);
  expect(streamed[0]).toBeLessThan(final);

  await expect(reply.getByTestId("model-label")).toHaveText(/Offline model/);
  await expect(chat.sendButton).toBeVisible();
  const id = await chat.waitForConversationUrl();
  await expect(page).toHaveTitle(/^Tell me about streaming.* · Parley$/);
  await expect(page.getByRole("banner")).toContainText("Tell me about streaming");

  await page.reload();
  await expect(chat.messages("user")).toHaveCount(1);
  await expect(chat.lastUser()).toContainText("Tell me about streaming");
  await expect(chat.lastAssistant()).toContainText(END);
  await expect(chat.lastAssistant().getByTestId("model-label")).toHaveText(/Offline model/);
  expect(chat.conversationId()).toBe(id);
  await expect(page.getByRole("banner")).toContainText("Tell me about streaming");
  await expect(new Sidebar(page).entry(/Tell me about streaming/)).toBeVisible();
});

test("Shift+Enter adds a line instead of sending", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.messageBox.fill("first line");
  await chat.messageBox.press("Shift+Enter");
  await chat.messageBox.pressSequentially("second line");
  await expect(chat.messageBox).toHaveValue("first line\nsecond line");
  await expect(chat.messages()).toHaveCount(0);
  await chat.sendButton.click();
  await expect(chat.lastUser()).toContainText("first line\nsecond line");
  await chat.waitForReply();
});

test("Stop ends the reply on the server, keeps the partial text, and Retry answers again", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.stopWhenReplyShows("You said");
  await chat.send(LONG);

  const reply = chat.lastAssistant();
  await expect(reply).toHaveAttribute("data-status", "aborted");
  await expect(reply).toContainText("Stopped");
  await expect(reply).not.toContainText(END);
  await expect(reply.getByTestId("message-text")).toHaveText(await chat.textAtStop());
  await expect(chat.sendButton).toBeVisible();

  await page.reload();
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "aborted");
  await expect(chat.lastAssistant()).toContainText("Stopped");

  await chat.lastAssistant().getByRole("button", { name: "Retry" }).click();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText(END);
  await expect(chat.lastAssistant()).toContainText("2 / 2");
});

test("Regenerate adds a second version of the reply and the arrows switch between them", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Say something");
  const firstId = await chat.lastAssistant().getAttribute("data-message-id");

  await chat.lastAssistant().getByRole("button", { name: "Regenerate" }).click();
  await chat.waitForReply();
  await expect(chat.messages("assistant")).toHaveCount(1);
  await expect(chat.lastAssistant()).toContainText("2 / 2");
  const secondId = await chat.lastAssistant().getAttribute("data-message-id");
  expect(secondId).not.toBe(firstId);

  await chat.versionSwitcher(chat.lastAssistant()).previous.click();
  await expect(chat.lastAssistant()).toContainText("1 / 2");
  await expect(chat.lastAssistant()).toHaveAttribute("data-message-id", firstId as string);
  await chat.versionSwitcher(chat.lastAssistant()).next.click();
  await expect(chat.lastAssistant()).toHaveAttribute("data-message-id", secondId as string);
});

test("editing a message starts a new branch; the old one is kept and reachable", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("The original question");
  await chat.sendAndWait("A follow-up");
  await expect(chat.messages("user")).toHaveCount(2);

  const first = chat.messages("user").first();
  await first.hover();
  await first.getByRole("button", { name: "Edit" }).click();
  await chat.main.getByLabel("Edit message").fill("The edited question");
  await chat.main.getByRole("button", { name: "Save" }).click();
  await chat.waitForReply();

  await expect(chat.messages("user")).toHaveCount(1);
  await expect(chat.lastUser()).toContainText("The edited question");
  await expect(chat.lastAssistant()).toContainText("The edited question");
  await expect(chat.lastUser()).toContainText("2 / 2");

  await chat.versionSwitcher(chat.lastUser()).previous.click();
  await expect(chat.messages("user")).toHaveCount(2);
  await expect(chat.messages("user").first()).toContainText("The original question");
  await expect(chat.messages("user").first()).toContainText("1 / 2");
  await expect(chat.lastUser()).toContainText("A follow-up");

  // The chosen branch is stored with the conversation: a reload shows the same one (issue 9).
  await page.reload();
  await expect(chat.messages("user").first()).toContainText("The original question");
  await expect(chat.messages("user").first()).toContainText("1 / 2");
  await expect(chat.lastUser()).toContainText("A follow-up");
});

test("a reply continues after a reload in the middle of it and is stored complete", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  // The offline model's long story streams for several seconds: long enough to reload in the middle of it.
  await chat.send("Tell me a long story");
  await expect(chat.lastAssistant()).toContainText("lighthouse");
  const id = await chat.waitForConversationUrl();

  const resumed = page.waitForResponse((r) => r.url().endsWith(`/api/chat/${id}/stream`));
  await page.reload();
  expect((await resumed).status()).toBe(200);
  await expect(chat.lastAssistant()).toContainText("The end.", { timeout: 30_000 });
  await expect(chat.messages("assistant")).toHaveCount(1);

  await page.reload();
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "complete");
  await expect(chat.lastAssistant()).toContainText("The end.");
});

test("a reply that ends between the page load and its resume request is shown as stored, not left streaming", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("Tell me a long story");
  await expect(chat.lastAssistant()).toContainText("lighthouse");
  const id = await chat.waitForConversationUrl();

  // The reload renders the reply as streaming; its resume request is held until the reply is stored complete,
  // so the server answers it with 204 (nothing to resume). The page must then fetch what was stored.
  const replyStatus = async () => {
    const response = await page.request.get(`/api/v1/conversations/${id}/messages`);
    const messages: { role: string; status: string }[] = (await response.json()).data;
    return messages.find((m) => m.role === "assistant")?.status;
  };
  await page.route(`**/api/chat/${id}/stream`, async (route) => {
    await expect.poll(replyStatus, { timeout: 30_000 }).toBe("complete");
    await route.continue();
  });
  const resumed = page.waitForResponse((r) => r.url().endsWith(`/api/chat/${id}/stream`), { timeout: 40_000 });
  await page.reload();
  expect((await resumed).status()).toBe(204);
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "complete");
  await expect(chat.lastAssistant()).toContainText("The end.");
});

test("hostile Markdown in a reply runs no script and loads nothing from elsewhere", async ({ page }) => {
  const { dialogs, foreignRequests: foreign } = recordHostileEffects(page);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait(
    `<script>window.__pwned=1;alert(1)</script> <img src=x onerror="window.__pwned=2;alert(2)"> [click me](javascript:window.__pwned=3) ![pixel](http://evil.example/pixel.png) <a href="javascript:alert(4)">raw link</a> **bold**`,
  );
  // The offline model quotes the person's Markdown as text (a real model's hostile reply: chat-models.spec.ts).
  const reply = chat.lastAssistant();
  await expect(reply).toContainText("<script>");
  await expect(reply.locator("script, iframe, img")).toHaveCount(0);
  await expect(reply.locator('a[href^="javascript" i]')).toHaveCount(0);
  await reply.getByText("click me").click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});

test("a message over the limit is refused in the box and nothing typed is lost", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const text = "x".repeat(32_001);
  await chat.messageBox.fill(text);
  await expect(chat.sendButton).toBeDisabled();
  await expect(
    chat.main.getByText("1 character too long (the limit is 32,000): cut at least that much to send."),
  ).toBeVisible();
  await chat.messageBox.press("Enter");
  await expect(chat.messages()).toHaveCount(0);
  await expect(chat.messageBox).toHaveValue(text);
});

test("another person cannot open or list someone else's conversation", async ({ page, browser }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("My private plans");
  const id = await chat.waitForConversationUrl();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPage(otherPage).signUp(newAccount("other"));
  const response = await otherPage.goto(`/chat/${id}`);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(new Sidebar(otherPage).entries()).toHaveCount(0);
  const exported = await otherPage.request.get(`/chat/${id}/export?format=json`);
  expect(exported.status()).toBe(404);
  await other.close();
});

test("a long conversation opens on its newest messages and loads earlier ones when scrolled up", async ({ page }) => {
  test.setTimeout(120_000);
  const chat = new ChatPage(page);
  await chat.goto();
  // 26 exchanges = 52 messages: one more page than the 50 a conversation opens with.
  const id = await chat.createConversation("message 1");
  let parent: string | null = null;
  const first = await page.request.get(`/chat/${id}/export?format=json`);
  parent = (await first.json()).messages[1].id;
  for (let i = 2; i <= 26; i++) parent = await chat.postMessage(id, `message ${i}`, parent);

  await chat.goto(id);
  await expect(chat.messages()).toHaveCount(50);
  await expect(chat.messages("user").first()).toContainText("message 2");
  await expect(chat.lastUser()).toContainText("message 26");
  await expect(chat.main.getByRole("button", { name: "Load earlier messages" })).toBeAttached();

  await chat.messages().first().scrollIntoViewIfNeeded();
  await chat.main.evaluate((el) => el.querySelector(".overflow-y-auto")?.scrollTo(0, 0));
  await expect(chat.messages()).toHaveCount(52);
  await expect(chat.messages("user").first()).toContainText("message 1");
  await expect(chat.main.getByRole("button", { name: "Load earlier messages" })).toHaveCount(0);

  // That was 26 of the 30 messages a minute allowed; the 31st is refused and what was typed stays in the box.
  for (let i = 27; i <= 30; i++) parent = await chat.postMessage(id, `message ${i}`, parent);
  await chat.send("one message too many");
  await expect(chat.main.getByRole("alert")).toContainText(/too fast/i);
  await expect(chat.messageBox).toHaveValue("one message too many");
  await expect(chat.messages("user").filter({ hasText: "one message too many" })).toHaveCount(0);
  await expect(chat.sendButton).toBeVisible();
});

test("the system prompt is kept per conversation", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Hello with a prompt");
  await chat.main.getByRole("button", { name: "System prompt" }).click();
  const dialog = page.getByRole("dialog", { name: "System prompt" });
  await dialog.getByLabel("System prompt").fill("Answer like a pirate.");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await chat.main.getByRole("button", { name: "System prompt" }).click();
  await expect(page.getByRole("dialog", { name: "System prompt" }).getByLabel("System prompt")).toHaveValue(
    "Answer like a pirate.",
  );
  await expect(chat.main.getByRole("combobox", { name: "Model" })).toHaveValue("offline");
});

test("Copy on a code block puts the code on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Code:\n\n```python\nprint('hello from a code block')\n```");
  const reply = chat.lastAssistant();
  // The offline model quotes a message holding Markdown in a plain-text fence (not highlighted), fence and all.
  await expect(reply.locator("pre code").filter({ hasText: "print('hello from a code block')" })).toBeVisible();
  await reply.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reply.getByRole("button", { name: "Copy", exact: true })).toContainText("Copied");
  // That block is what Copy takes.
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("print('hello from a code block')");
});

test("a tool call shows as a collapsible card and is still there after a reload", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("What is (12 + 30) * 7?");
  const reply = chat.lastAssistant();
  await expect(reply).toContainText("294");
  const card = reply.locator("details").filter({ hasText: "Tool: calculator" });
  await expect(card).toContainText("Done");
  await expect(card.getByText("Output")).toBeHidden();
  await card.getByText("Tool: calculator").click();
  await expect(card.getByText("Output")).toBeVisible();
  await expect(card).toContainText("(12 + 30) * 7");

  await page.reload();
  await expect(chat.lastAssistant().locator("details").filter({ hasText: "Tool: calculator" })).toBeVisible();
  await expect(chat.lastAssistant()).toContainText("294");
});
