import { expect, type Page } from "@playwright/test";

export class DirectMessagesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/direct");
    await expect(this.page.getByRole("heading", { name: "Direct messages", level: 1 })).toBeVisible();
  }

  async openThread(username: string) {
    await this.page.goto(`/direct/${username}`);
    await expect(this.thread(username)).toBeAttached();
  }

  recipientField() {
    return this.page.getByRole("combobox", { name: "To (username)" });
  }

  /** Types into "To" and waits for the suggestions lookup it triggers, so "none shown" is a real answer. */
  async typeRecipient(text: string) {
    const answered = this.page.waitForResponse((r) => r.url().includes("/api/v1/direct-messages/recipients?"));
    await this.recipientField().fill(text);
    expect((await answered).status()).toBe(200);
  }

  suggestions() {
    return this.page.getByRole("listbox", { name: "Suggested people" });
  }

  newMessageBox() {
    return this.page.getByRole("textbox", { name: "Direct message" });
  }

  /** A first message from /direct, sent with Enter as in the chat. */
  async send(to: string, text: string) {
    await this.open();
    await this.recipientField().fill(to);
    await this.newMessageBox().fill(text);
    await this.newMessageBox().press("Enter");
    await expect(this.page).toHaveURL(new RegExp(`/direct/${to}$`));
  }

  composer() {
    return this.page.getByRole("textbox", { name: /^(Message |Reply to )/ });
  }

  async write(text: string) {
    await this.composer().fill(text);
    await this.composer().press("Enter");
  }

  async reply(text: string) {
    await this.write(text);
  }

  thread(withUsername: string) {
    return this.page.getByRole("list", { name: `Messages with ${withUsername}` });
  }

  message(withUsername: string, text: string) {
    return this.thread(withUsername).getByRole("listitem").filter({ hasText: text });
  }

  alert() {
    return this.page.getByRole("main").getByRole("alert");
  }
}
