import { expect, type Page } from "@playwright/test";

export class DirectMessagesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/direct");
    await expect(this.page.getByRole("heading", { name: "Direct messages" })).toBeVisible();
  }

  async send(to: string, text: string) {
    await this.open();
    await this.page.getByLabel("To (username)").fill(to);
    await this.page.getByLabel("Direct message").fill(text);
    await this.page.getByRole("button", { name: "Send message" }).click();
    await expect(this.page).toHaveURL(new RegExp(`/direct/${to}$`));
  }

  async reply(text: string) {
    await this.page.getByLabel(/^Reply to /).fill(text);
    await this.page.getByRole("button", { name: "Send reply" }).click();
  }

  thread(withUsername: string) {
    return this.page.getByRole("list", { name: `Messages with ${withUsername}` });
  }
}
