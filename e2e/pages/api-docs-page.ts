import type { Page } from "@playwright/test";

export class ApiDocsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/docs/api");
  }

  gettingStarted() {
    return this.page.getByRole("region", { name: "Getting started" });
  }

  /** The walkthrough's command blocks, in order, exactly as a person would copy them. */
  async walkthroughCommands(): Promise<string[]> {
    const steps = this.gettingStarted().getByRole("figure", { name: /^Step \d+:/ });
    return steps.locator("code").allTextContents();
  }

  endpoint(name: string) {
    return this.page.getByRole("region", { name, exact: true });
  }
}
