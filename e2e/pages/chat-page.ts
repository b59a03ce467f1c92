import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";

/** The chat: the message box, the thread and the per-message controls. */
export class ChatPage {
  readonly main: Locator;
  readonly messageBox: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole("main");
    this.messageBox = page.getByLabel("Message", { exact: true });
    this.sendButton = page.getByRole("button", { name: "Send", exact: true });
    this.stopButton = page.getByRole("button", { name: "Stop", exact: true });
  }

  async goto(id?: string) {
    await this.page.goto(id ? `/chat/${id}` : "/");
    await expect(this.messageBox).toBeVisible();
  }

  messages(role?: "user" | "assistant"): Locator {
    return this.main.locator(role ? `[data-role="${role}"]` : "[data-role]");
  }

  lastAssistant(): Locator {
    return this.messages("assistant").last();
  }

  lastUser(): Locator {
    return this.messages("user").last();
  }

  /** Types the text and presses Enter; does not wait for the reply. */
  async send(text: string) {
    await this.messageBox.fill(text);
    await this.messageBox.press("Enter");
  }

  /** Waits until no reply is streaming and the last reply is stored as complete. */
  async waitForReply() {
    await expect(this.stopButton).toBeHidden({ timeout: 20_000 });
    await expect(this.sendButton).toBeVisible();
    await expect(this.lastAssistant()).toHaveAttribute("data-status", "complete");
  }

  async sendAndWait(text: string) {
    await this.send(text);
    await expect(this.lastUser()).toContainText(text.slice(0, 40));
    await this.waitForReply();
  }

  /**
   * Presses Stop from inside the page the moment the streaming reply shows `text`, and keeps the reply's visible
   * text of that moment (see `textAtStop`). An offline reply lasts about two seconds: on a busy machine a click
   * sent from the test runner can arrive after the reply ended, which made the Stop tests flaky.
   */
  async stopWhenReplyShows(text: string) {
    await this.page.evaluate((wanted) => {
      const state = window as unknown as { textAtStop?: string };
      const observer = new MutationObserver(() => {
        const replies = document.querySelectorAll('main [data-role="assistant"][aria-busy="true"]');
        const reply = replies[replies.length - 1];
        const shown = reply?.querySelector('[data-testid="message-text"]')?.textContent ?? "";
        const stop = document.querySelector<HTMLButtonElement>('main button[aria-label="Stop"]');
        if (!shown.includes(wanted) || !stop) return;
        observer.disconnect();
        state.textAtStop = shown;
        stop.click();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, text);
  }

  async textAtStop(): Promise<string> {
    await expect
      .poll(() => this.page.evaluate(() => (window as unknown as { textAtStop?: string }).textAtStop))
      .toBeDefined();
    return this.page.evaluate(() => (window as unknown as { textAtStop?: string }).textAtStop ?? "");
  }

  /** Records, inside the page, each length the streaming reply's text had (to show it arrived in pieces). */
  async recordStreamedLengths() {
    await this.page.evaluate(() => {
      const state = window as unknown as { streamedLengths?: number[] };
      state.streamedLengths = [];
      new MutationObserver(() => {
        const replies = document.querySelectorAll('main [data-role="assistant"][aria-busy="true"]');
        const text = replies[replies.length - 1]?.querySelector('[data-testid="message-text"]')?.textContent ?? "";
        if (text && state.streamedLengths?.at(-1) !== text.length) state.streamedLengths?.push(text.length);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }

  streamedLengths(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { streamedLengths?: number[] }).streamedLengths ?? []);
  }

  conversationId(): string {
    const match = /\/chat\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`Not on a conversation page: ${this.page.url()}`);
    return match[1];
  }

  /** Waits for the address bar to show the conversation (it changes after the first message). */
  async waitForConversationUrl(): Promise<string> {
    await expect(this.page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    return this.conversationId();
  }

  versionSwitcher(message: Locator) {
    return {
      previous: message.getByRole("button", { name: "Previous version" }),
      next: message.getByRole("button", { name: "Next version" }),
    };
  }

  /** Creates a conversation with one exchange through the real chat endpoint, with this page's session. */
  async createConversation(text: string): Promise<string> {
    const conversationId = randomUUID();
    await this.postMessage(conversationId, text, null);
    return conversationId;
  }

  /** Sends one message through the real chat endpoint and waits for the whole reply; returns the reply's id. */
  async postMessage(conversationId: string, text: string, parentId: string | null): Promise<string> {
    const response = await this.page.request.post("/api/chat", {
      headers: { origin: new URL(this.page.url()).origin },
      data: {
        conversationId,
        message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] },
        parentId,
      },
    });
    expect(response.status(), await response.text()).toBe(200);
    const replyId = response.headers()["x-message-id"];
    if (!replyId) throw new Error("The chat endpoint did not name the reply.");
    return replyId;
  }
}

/** Records what hostile content could do: open dialogs, or make the browser request anything off this site. */
export function recordHostileEffects(page: Page) {
  const effects = { dialogs: [] as string[], foreignRequests: [] as string[] };
  page.on("dialog", async (dialog) => {
    effects.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("request", (request) => {
    if (!request.url().startsWith("http://127.0.0.1")) effects.foreignRequests.push(request.url());
  });
  return effects;
}
