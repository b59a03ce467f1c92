import { expect, type Page, test } from "@playwright/test";
import { pdfBytes } from "../test/attachment-fixtures";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

// A project from the sidebar: instructions, a PDF indexed with progress shown, a chat in it whose reply cites
// the page the answer is on (the citation opens the passage), moving a chat out, and deleting the project
// after choosing what happens to its chats. Screenshots (desktop and phone, light and dark) for a person.

const SHOTS = process.env.SCREENSHOT_DIR ?? "screenshots";
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SHOTS}/${name}-${size.name}-${scheme}.png`, fullPage: true });
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: "light" });
}

test("a project's file answers a question in its chat, cited by page", async ({ page }) => {
  // Eight full-page screenshots on a shared machine take longer than the default 30 s.
  test.setTimeout(120_000);
  await new AuthPage(page).signUp(newAccount("projects"));
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: "New project" }).click();
  await page.getByLabel("Name").fill("Site handbook");
  await page.getByLabel("Instructions").fill("Answer from the handbook.");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Site handbook", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: "Site handbook" }),
  ).toHaveAttribute("aria-current", "page");

  await page.getByLabel("Upload files").setInputFiles({
    name: "handbook.pdf",
    mimeType: "application/pdf",
    buffer: pdfBytes([
      "Welcome to the site. Parking is behind the canteen.",
      "Site access: the north warehouse gate code is 4417.",
    ]),
  });
  await expect(page.getByText(/Ready · \d+ passages/)).toBeVisible({ timeout: 20_000 });
  await shoot(page, "project-page");

  await page.getByRole("button", { name: "New chat in this project" }).click();
  const chat = new ChatPage(page);
  await expect(chat.messageBox).toBeVisible();
  await chat.sendAndWait("What is the north warehouse gate code?");
  const sources = chat.lastAssistant().getByRole("region", { name: "Sources" });
  const citation = sources.getByRole("link", { name: /handbook\.pdf, page 2/ });
  await expect(citation).toBeVisible();
  await shoot(page, "project-reply-citations");

  await citation.click();
  await expect(page.getByRole("heading", { name: "handbook.pdf", level: 1 })).toBeVisible();
  await expect(page.locator('[aria-current="location"]')).toContainText("gate code is 4417");

  // Out of the project and back in, then the project is deleted with its chats kept.
  await page.getByRole("link", { name: "Site handbook" }).first().click();
  const chats = page.getByRole("region", { name: "Chats" });
  await chats.getByRole("button", { name: /out of the project/ }).click();
  await expect(chats.getByText("No chats in it yet.")).toBeVisible();
  await page.getByRole("button", { name: "Move here" }).click();
  await expect(chats.getByRole("button", { name: /out of the project/ })).toHaveCount(1);
  await expect(page.getByRole("group", { name: /What should happen to its 1 chats/ })).toBeVisible();
  await page.getByRole("radio", { name: /Keep them/ }).check();
  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(/\/$/);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar.getByRole("link", { name: "Site handbook" })).toHaveCount(0);
  await expect(sidebar.getByTestId("conversation-list").getByRole("link", { name: /north warehouse/i })).toBeVisible();
});
