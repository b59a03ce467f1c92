import { type Download, expect, type Locator, type Page } from "@playwright/test";

/** The conversations sidebar: new chat, search, the grouped history and each entry's menu. */
export class Sidebar {
  readonly nav: Locator;
  readonly search: Locator;
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Conversations" });
    this.search = this.nav.getByRole("searchbox", { name: "Search conversations" });
    this.list = this.nav.getByTestId("conversation-list");
  }

  entries(): Locator {
    return this.list.getByRole("link");
  }

  entry(title: string | RegExp): Locator {
    return this.list.getByRole("link", { name: title });
  }

  group(name: string): Locator {
    return this.list.getByRole("region", { name });
  }

  async newChat() {
    await this.nav.getByRole("link", { name: "New chat" }).click();
  }

  async open(title: string | RegExp) {
    await this.entry(title).click();
  }

  async menu(title: string) {
    await this.list.getByRole("button", { name: `Options for ${title}` }).click();
    const menu = this.page.getByRole("menu", { name: `Options for ${title}` });
    await expect(menu).toBeVisible();
    return menu;
  }

  /**
   * Runs a step that calls a server action and waits for the server's answer: the list updates optimistically,
   * so without this a navigation right after could render the page before the change is stored.
   */
  private async saved(step: () => Promise<void>) {
    const answered = this.page.waitForResponse(
      (r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined,
    );
    await step();
    expect((await answered).ok()).toBe(true);
  }

  async rename(title: string, newTitle: string) {
    await (await this.menu(title)).getByRole("menuitem", { name: "Rename" }).click();
    const input = this.nav.getByLabel("Conversation title");
    await input.fill(newTitle);
    await this.saved(() => input.press("Enter"));
    await expect(this.entry(newTitle)).toBeVisible();
  }

  async pin(title: string) {
    const menu = await this.menu(title);
    await this.saved(() => menu.getByRole("menuitem", { name: "Pin", exact: true }).click());
  }

  async archive(title: string) {
    const menu = await this.menu(title);
    await this.saved(() => menu.getByRole("menuitem", { name: "Archive" }).click());
  }

  async delete(title: string) {
    const menu = await this.menu(title);
    await this.saved(() => menu.getByRole("menuitem", { name: "Delete" }).click());
  }

  async export(title: string, format: "Markdown" | "JSON"): Promise<Download> {
    const menu = await this.menu(title);
    const download = this.page.waitForEvent("download");
    await menu.getByRole("menuitem", { name: `Export as ${format}` }).click();
    return download;
  }
}
