import { expect, type Page, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { Sidebar } from "./pages/sidebar";

/** Presses Tab `times` times and reports, for each stop, whether focus was inside the conversations sidebar. */
async function tabStopsInsideSidebar(page: Page, times: number): Promise<boolean[]> {
  const inside: boolean[] = [];
  for (let i = 0; i < times; i++) {
    await page.keyboard.press("Tab");
    inside.push(await page.evaluate(() => Boolean(document.activeElement?.closest('nav[aria-label="Conversations"]'))));
  }
  return inside;
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the closed drawer has no Tab stops; open, it holds focus until Escape returns it to the toggle", async ({
    page,
  }) => {
    await new AuthPage(page).signUp(newAccount("drawer"));
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.messageBox.focus();
    await page.keyboard.press("Shift+Tab");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await tabStopsInsideSidebar(page, 12)).not.toContain(true);

    const toggle = page.getByRole("banner").getByRole("button", { name: "Toggle sidebar" });
    await toggle.click();
    const drawer = page.getByRole("dialog", { name: "Sidebar" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("link", { name: "Parley" })).toBeFocused();
    // More Tab presses than there are controls in the drawer: focus wraps around inside it.
    expect(await tabStopsInsideSidebar(page, 14)).not.toContain(false);
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);

    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(await tabStopsInsideSidebar(page, 6)).not.toContain(true);
  });
});

test.describe("with a keyboard", () => {
  test.beforeEach(async ({ page }) => {
    await new AuthPage(page).signUp(newAccount("keys"));
  });

  test("the account menu: focus moves in, arrows move, Escape returns to the button, Tab closes it", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    const banner = page.getByRole("banner");
    const button = banner.getByRole("button", { name: /^Account menu/ });
    await button.focus();
    await page.keyboard.press("Enter");
    const menu = banner.getByRole("menu");
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: "Settings" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Direct messages" })).toBeFocused();
    await page.keyboard.press("End");
    await expect(menu.getByRole("menuitem", { name: "Log out" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Settings" })).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(menu.getByRole("menuitem", { name: "Log out" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();

    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitemradio", { name: "System" })).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("Tab");
    await expect(menu).toBeHidden();
  });

  test("the search box: arrow keys move through the results and Enter opens one", async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    await chat.createConversation("Walking routes in Lisbon");
    await chat.createConversation("Baking sourdough bread");
    await page.reload();
    const sidebar = new Sidebar(page);
    await expect(sidebar.entries()).toHaveCount(2);

    await page.keyboard.press("Control+k");
    await sidebar.search.fill("o");
    await expect(sidebar.entries()).toHaveCount(2);
    await page.keyboard.press("ArrowDown");
    await expect(sidebar.entries().nth(0)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(sidebar.entries().nth(1)).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(sidebar.search).toBeFocused();
    await sidebar.search.fill("lisbon");
    await expect(sidebar.entries()).toHaveCount(1);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await expect(chat.lastUser()).toContainText("Walking routes in Lisbon");
  });

  test("the history is one Tab stop: arrows move between rows, → reaches a row's options, Shift+F10 opens them", async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await chat.goto();
    for (const text of ["Tides at Nazaré", "Fado in Alfama", "Trams of Lisbon"]) await chat.createConversation(text);
    await page.reload();
    const sidebar = new Sidebar(page);
    await expect(sidebar.entries()).toHaveCount(3);
    const [newest, middle, oldest] = [sidebar.entries().first(), sidebar.entries().nth(1), sidebar.entries().last()];
    const inList = () =>
      page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="conversation-list"]')));

    // Search, then the projects above the history ("New project"), then the history's one stop.
    const newProject = page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("link", { name: "New project" });
    await sidebar.search.focus();
    await page.keyboard.press("Tab");
    await expect(newProject).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(newest).toBeFocused();
    await page.keyboard.press("Tab");
    expect(await inList()).toBe(false);
    await page.keyboard.press("Shift+Tab");
    await expect(newest).toBeFocused();

    await page.keyboard.press("ArrowDown");
    await expect(middle).toBeFocused();
    await expect(sidebar.list.locator('[tabindex="0"]')).toHaveCount(1);
    // Leaving and coming back lands on the row last visited.
    await page.keyboard.press("Shift+Tab");
    await expect(newProject).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(middle).toBeFocused();
    await page.keyboard.press("End");
    await expect(oldest).toBeFocused();
    await page.keyboard.press("Home");
    await expect(newest).toBeFocused();
    await page.keyboard.press("ArrowDown");

    const options = sidebar.list.getByRole("button", { name: /^Options for Fado/ });
    await page.keyboard.press("ArrowRight");
    await expect(options).toBeFocused();
    await expect(options).toHaveCSS("opacity", "1");
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: /^Options for Fado/ });
    await expect(menu.getByRole("menuitem", { name: "Rename" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(options).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(middle).toBeFocused();
    await page.keyboard.press("Shift+F10");
    await expect(menu.getByRole("menuitem", { name: "Rename" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
  });

  test("a skip link leads to the message box, which shows its focus; a finished reply is announced", async ({
    page,
  }) => {
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

    const chat = new ChatPage(page);
    await chat.goto();
    const skip = page.getByRole("link", { name: "Skip to message box" });
    // The first Tab stop of the page (the chat itself focuses the message box on load with a mouse).
    const first = await page.evaluate(
      () => document.querySelector<HTMLElement>("a[href], button, input, textarea, select, [tabindex]")?.textContent,
    );
    expect(first).toBe("Skip to message box");
    await skip.focus();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(chat.messageBox).toBeFocused();
    const form = chat.messageBox.locator("xpath=ancestor::form[1]");
    await expect(form).toHaveCSS("outline-style", "solid");

    await chat.send("Tell me about live regions");
    const announcer = page.getByRole("status").filter({ hasText: /Thinking|Reply/ });
    await chat.waitForReply();
    await expect(announcer).toHaveText(/^Reply: You said: “Tell me about live regions”/);
  });
});
