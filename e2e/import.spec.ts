import path from "node:path";
import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { ImportPage } from "./pages/import-page";
import { Sidebar } from "./pages/sidebar";

const fixtures = path.resolve(import.meta.dirname, "../test/fixtures/import");

// Two sign-ups, several uploads and a download.
test.beforeEach(() => test.slow());

test("a ChatGPT export imports once, shows in the sidebar with its branches, and a Parley export comes back whole", async ({
  page,
  browser,
}) => {
  await new AuthPage(page).signUp(newAccount("import"));
  const importing = new ImportPage(page);
  await importing.goto();

  // A malformed file: nothing imported, and the person is told which conversation and where.
  await importing.importFile(path.join(fixtures, "chatgpt-malformed.json"));
  await expect(importing.error()).toContainText("Nothing was imported.");
  await expect(importing.error()).toContainText('Conversation 2 ("Sales chart")');
  const sidebar = new Sidebar(page);
  await expect(sidebar.entry("Lisbon in three days")).toHaveCount(0);

  await importing.importFile(path.join(fixtures, "chatgpt-conversations.json"));
  await expect(importing.summary()).toHaveText("Imported 3 conversations from ChatGPT.");
  await expect(sidebar.entry("Lisbon in three days")).toBeVisible();
  await expect(sidebar.entry("Sales chart")).toBeVisible();

  // The same file again adds nothing.
  await importing.importFile(path.join(fixtures, "chatgpt-conversations.json"));
  await expect(importing.summary()).toHaveText("Imported 0 conversations from ChatGPT, skipped 3.");
  await expect(sidebar.entry("Lisbon in three days")).toHaveCount(1);

  // The branch ChatGPT showed is the one on screen; the edited question is the other version.
  await sidebar.open("Lisbon in three days");
  const chat = new ChatPage(page);
  await expect(chat.messages("user")).toHaveCount(2);
  await expect(chat.messages("user").first()).toContainText("Plan three days in Lisbon for me.");
  await expect(chat.messages("user").last()).toContainText("Where should I eat in Belém?");
  await expect(chat.messages("user").last()).toContainText("1 / 2");
  await chat.messages("user").last().getByRole("button", { name: "Next version" }).click();
  await expect(chat.messages("user").last()).toContainText("Is Sintra worth a whole day?");
  await expect(chat.messages("assistant").last()).toContainText("Pena Palace");
  // The chosen version is stored with the conversation (so the export below carries it).
  await page.reload();
  await expect(chat.messages("user").last()).toContainText("Is Sintra worth a whole day?");

  // Round trip: Parley's JSON export, imported by someone else, is the same conversation.
  const download = await sidebar.export("Lisbon in three days", "JSON");
  const exported = path.join(test.info().outputDir, "lisbon.json");
  await download.saveAs(exported);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPage(otherPage).signUp(newAccount("import2"));
  const otherImport = new ImportPage(otherPage);
  await otherImport.goto();
  await otherImport.importFile(exported);
  await expect(otherImport.summary()).toHaveText("Imported 1 conversation from Parley.");
  await new Sidebar(otherPage).open("Lisbon in three days");
  const otherChat = new ChatPage(otherPage);
  await expect(otherChat.messages("user").last()).toContainText("Is Sintra worth a whole day?");
  await expect(otherChat.messages("user").last()).toContainText("2 / 2");
  await expect(otherChat.messages("assistant").first()).toContainText("Day 1: Alfama");
  await other.close();
});
