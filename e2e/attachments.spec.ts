import { expect, test } from "@playwright/test";
import { pdfBytes, pngBytes } from "../test/attachment-fixtures";
import { Attachments } from "./pages/attachments";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

const png = (name: string, width = 64, height = 48) => ({
  name,
  mimeType: "image/png",
  buffer: pngBytes(width, height),
});
const pdf = {
  name: "minutes.pdf",
  mimeType: "application/pdf",
  buffer: pdfBytes(["Minutes of the Tuesday meeting", "Actions"]),
};

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("files"));
});

test("files chosen with Attach files are sent, described by the model, shown on the message and kept after a reload", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.choose([png("chart.png"), pdf]);
  await expect(files.chips).toHaveCount(2);
  await expect(files.chip("chart.png")).toContainText("PNG");
  await expect(files.chip("minutes.pdf")).toContainText("PDF");
  await files.waitUntilUploaded();
  await chat.send("What are these?");
  await chat.waitForReply();
  await expect(files.chips).toHaveCount(0);
  const reply = chat.lastAssistant();
  await expect(reply).toContainText("You attached 2 files");
  await expect(reply).toContainText("64×48 pixels");
  await expect(reply).toContainText("2 pages; it begins: “Minutes of the Tuesday meeting");

  const sent = files.sentFiles(chat.lastUser());
  await expect(sent).toHaveCount(2);
  const image = chat.lastUser().getByRole("img", { name: "chart.png" });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expect(chat.lastUser().getByRole("link", { name: /Open chart\.png full size/ })).toHaveAttribute(
    "target",
    "_blank",
  );
  const download = page.waitForEvent("download");
  await chat
    .lastUser()
    .getByRole("link", { name: /minutes\.pdf/ })
    .click();
  expect((await download).suggestedFilename()).toBe("minutes.pdf");

  await page.reload();
  await expect(files.sentFiles(chat.lastUser())).toHaveCount(2);
  await expect(chat.lastUser().getByRole("img", { name: "chart.png" })).toBeVisible();
});

test("a send the server refuses puts the text and the file chips back, and they can be sent again", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.choose([png("refused.png", 12, 8), pdf]);
  await files.waitUntilUploaded();
  // What the rate limit answers; nothing is stored.
  await page.route(
    "**/api/chat",
    (route) =>
      route.fulfill({
        status: 429,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "rate_limited", message: "Slow down a little." } }),
      }),
    { times: 1 },
  );
  await chat.send("Two files, refused");
  await expect(page.getByText("Slow down a little.")).toBeVisible();
  await expect(chat.messageBox).toHaveValue("Two files, refused");
  await expect(files.chips).toHaveCount(2);
  await expect(files.chip("refused.png")).toContainText("PNG");
  await expect(files.chip("minutes.pdf")).toContainText("PDF");
  await expect(chat.messages("user")).toHaveCount(0);

  await chat.sendButton.click();
  await chat.waitForReply();
  await expect(files.chips).toHaveCount(0);
  await expect(chat.lastAssistant()).toContainText("You attached 2 files");
  await expect(chat.lastAssistant()).toContainText("12×8 pixels");
});

test("a file dropped on the chat is attached; a chip can be removed before sending", async ({ page }) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.drop(png("dropped.png", 10, 20));
  await expect(files.chip("dropped.png")).toBeVisible();
  await files.choose([{ name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\nBuy milk") }]);
  await expect(files.chips).toHaveCount(2);
  await files.waitUntilUploaded();
  await files.chip("notes.md").getByRole("button", { name: "Remove notes.md" }).click();
  await expect(files.chips).toHaveCount(1);
  // A message with only a file can be sent.
  await chat.sendButton.click();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("You attached 1 file");
  await expect(chat.lastAssistant()).toContainText("10×20 pixels");
  await expect(chat.lastAssistant()).not.toContainText("notes.md");
});

test("a pasted image and a long pasted text become attachments", async ({ page }) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.paste(chat.messageBox, png("clipboard.png", 5, 5));
  await expect(files.chip("clipboard.png")).toBeVisible();
  const long = `Pasted report begins here. ${"lorem ipsum ".repeat(600)}`;
  await files.paste(chat.messageBox, { text: long });
  await expect(files.chip("pasted-text.txt")).toBeVisible();
  await expect(chat.messageBox).toHaveValue("");
  await files.paste(chat.messageBox, { text: "short" });
  await expect(files.chips).toHaveCount(2);
  await files.waitUntilUploaded();
  await chat.send("Two pastes");
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("clipboard.png");
  await expect(chat.lastAssistant()).toContainText("it begins: “Pasted report begins here.");
});

test("a file of a refused type or over the limit says why on its chip and blocks sending", async ({ page }) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.choose([
    { name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
  ]);
  await expect(files.chip("logo.svg").getByRole("alert")).toContainText("SVG images are not accepted");
  await chat.messageBox.fill("hello");
  await expect(chat.sendButton).toBeDisabled();
  await files.chip("logo.svg").getByRole("button", { name: "Remove logo.svg" }).click();
  await expect(chat.sendButton).toBeEnabled();
});
