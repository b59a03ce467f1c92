import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { pdfBomb } from "../test/attachment-fixtures";
import { zipBytes } from "../test/zip-fixtures";
import { Attachments } from "./pages/attachments";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { ImportPage } from "./pages/import-page";

// What a person sees when a hostile file is bounded: the chip's note on a PDF whose text could not be read
// completely, and the import summary saying messages were cut; screenshots at desktop and phone, light and dark.

async function shoot(page: Page, name: string) {
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: test.info().outputPath(`${name}-${size}-${scheme}.png`), fullPage: true });
    }
  }
}

test("the chip says a PDF's text could not be read completely; the import summary says messages were cut", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await new AuthPage(page).signUp(newAccount("screens"));
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.choose([{ name: "bomb.pdf", mimeType: "application/pdf", buffer: await pdfBomb(1_000_000_000) }]);
  // Which bound stops the reader depends on the machine's speed (as in decoder-bombs): the deadline, and the chip
  // says the text could not be read completely; or the character budget, and it says only the start is read.
  await expect(files.chip("bomb.pdf")).toContainText(
    /Text could not be read completely|Long: the model reads only its start/,
    { timeout: 30_000 },
  );
  await shoot(page, "pdf-chip");

  const question = "x".repeat(40_000);
  const conversation = {
    id: "screens-long",
    title: "A very long question",
    create_time: 1_714_560_000,
    mapping: {
      root: { message: null, parent: null, children: ["q"] },
      q: {
        parent: "root",
        children: [],
        message: { author: { role: "user" }, content: { content_type: "text", parts: [question] }, create_time: 1 },
      },
    },
  };
  const file = test.info().outputPath("chatgpt-export.zip");
  writeFileSync(file, zipBytes([{ name: "conversations.json", data: Buffer.from(JSON.stringify([conversation])) }]));
  const importing = new ImportPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await importing.goto();
  await importing.importFile(path.resolve(file));
  await expect(importing.summary()).toContainText(
    "Imported 1 conversation from ChatGPT. 1 message was longer than a send allows and cut",
  );
  await shoot(page, "import-cut");
});
