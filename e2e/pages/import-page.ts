import type { Locator, Page } from "@playwright/test";

/** Settings → Import: choose an export with the file chooser, import it, read the outcome. */
export class ImportPage {
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole("main");
  }

  async goto() {
    await this.page.goto("/settings/import");
  }

  /** Picks `file` through the browser's file chooser (as a person clicking the field would), then imports. */
  async importFile(file: string) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.main.getByLabel("Import conversations").click();
    await (await chooser).setFiles(file);
    await this.main.getByRole("button", { name: "Import", exact: true }).click();
  }

  summary(): Locator {
    return this.main.getByRole("status").filter({ hasText: /^Imported/ });
  }

  error(): Locator {
    return this.main.getByRole("alert");
  }
}
