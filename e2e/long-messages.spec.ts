import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("long"));
});

test("a 20,000-character message is collapsed with Show more", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const paste = Array.from({ length: 400 }, (_, i) => `Line ${i + 1} of a long pasted log file, padded out.`)
    .join("\n")
    .padEnd(20_000, ".");
  await chat.messageBox.fill(paste);
  await chat.messageBox.press("Enter");
  const message = chat.lastUser();
  await expect(message).toContainText("Line 1 of");
  await chat.waitForReply();

  const toggle = message.getByRole("button", { name: /^Show more/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  const collapsed = (await message.boundingBox())?.height ?? 0;
  expect(collapsed).toBeLessThan(450);
  await toggle.click();
  await expect(message.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  const expanded = (await message.boundingBox())?.height ?? 0;
  expect(expanded).toBeGreaterThan(collapsed * 5);

  // A short message is not collapsed.
  await chat.sendAndWait("short one");
  await expect(chat.lastUser().getByRole("button", { name: /^Show more/ })).toHaveCount(0);
});

test("over the limit, the message box says how much to cut and does not send", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.messageBox.fill("x".repeat(32_000 + 1_234));
  await expect(chat.main.getByText("1,234 characters too long")).toBeVisible();
  await expect(chat.messageBox).toHaveAccessibleDescription(/1,234 characters too long/);
  await expect(chat.sendButton).toBeDisabled();
  await chat.messageBox.press("Enter");
  await expect(chat.messages()).toHaveCount(0);

  await chat.messageBox.press("End");
  for (let i = 0; i < 3; i++) await chat.messageBox.press("Backspace");
  await expect(chat.main.getByText("1,231 characters too long")).toBeVisible();
});
