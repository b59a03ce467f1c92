import { expect, type Locator, type Page } from "@playwright/test";

/** The Share dialog in a chat, the public /share/<token> page and Settings → Shared links. */
export class SharePage {
  constructor(readonly page: Page) {}

  /** Opens Share in the current chat, creates the link and returns its URL. */
  async createLink(): Promise<string> {
    await this.page.getByRole("button", { name: "Share", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Share this conversation" });
    await dialog.getByRole("button", { name: "Create link" }).click();
    const field = dialog.getByLabel("Share link");
    await expect(field).toHaveValue(/\/share\/[A-Za-z0-9_-]{43}$/);
    const url = await field.inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
    return url;
  }

  /** The messages of an open shared page. */
  messages(role?: "user" | "assistant"): Locator {
    return this.page.getByRole("region", { name: "Messages" }).locator(role ? `[data-role="${role}"]` : "[data-role]");
  }

  continueButton(): Locator {
    return this.page.getByRole("button", { name: "Continue this conversation" });
  }

  async openSettings() {
    await this.page.goto("/settings/shared-links");
    return this.page.getByRole("table", { name: "Your shared links" });
  }

  async deleteLink(conversationTitle: string | RegExp) {
    const table = await this.openSettings();
    const name = typeof conversationTitle === "string" ? conversationTitle : conversationTitle.source;
    await table
      .getByRole("button", { name: new RegExp(`^Delete the link to ${name}`) })
      .first()
      .click();
    await expect(table.getByRole("button", { name: new RegExp(`^Delete the link to ${name}`) })).toHaveCount(0);
  }
}
