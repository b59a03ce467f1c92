import type { Page } from "@playwright/test";

export class SettingsPage {
  constructor(readonly page: Page) {}

  main() {
    return this.page.getByRole("main");
  }

  async openSessions() {
    await this.page.goto("/settings/sessions");
    return this.page.getByRole("list", { name: "Active sessions" }).getByRole("listitem");
  }

  /** Fills and submits the new-key form; `password` is the current password it asks for. */
  async submitApiKey(name: string, scopes: string[], password: string) {
    await this.page.goto("/settings/api-keys");
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    // Exactly these scopes: the form starts on the read-only preset.
    const boxes = this.page.getByRole("group", { name: "Scopes", exact: true }).getByRole("checkbox");
    for (const box of await boxes.all()) await box.uncheck();
    for (const scope of scopes) await this.page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
    await this.page.getByLabel("Current password").fill(password);
    await this.page.getByRole("button", { name: "Create API key" }).click();
  }

  async createApiKey(name: string, scopes: string[], password: string) {
    await this.submitApiKey(name, scopes, password);
    return this.page.getByLabel("Your new API key").inputValue();
  }

  /** Programs (token families from the token endpoint) listed on the Sessions page. */
  async openPrograms() {
    await this.page.goto("/settings/sessions");
    return this.page.getByRole("list", { name: "Programs" }).getByRole("listitem");
  }

  async changePassword(current: string, next: string) {
    await this.page.goto("/settings/password");
    await this.page.getByLabel("Current password").fill(current);
    await this.page.getByLabel("New password").fill(next);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }
}
