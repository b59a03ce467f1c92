import { expect, type Page } from "@playwright/test";

/** Settings → Personalisation. */
export class PreferencesPage {
  constructor(readonly page: Page) {}

  readonly instructions = () => this.page.getByLabel("Custom instructions");
  readonly sendKey = (name: RegExp) => this.page.getByRole("group", { name: "Send key" }).getByRole("radio", { name });

  async goto() {
    await this.page.goto("/settings/personalisation");
    await expect(this.instructions()).toBeVisible();
  }

  async save() {
    await this.page.getByRole("button", { name: "Save preferences" }).click();
    await expect(this.page.getByRole("main").getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  }
}
