import { expect, type Locator, type Page } from "@playwright/test";

/** The composer's attachments: the "Attach files" input, the chips, and a sent message's files. */
export class Attachments {
  readonly input: Locator;
  readonly chips: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByLabel("Attach files");
    this.chips = page.getByRole("list", { name: "Attachments" }).getByRole("listitem");
  }

  chip(name: string): Locator {
    return this.chips.filter({ hasText: name });
  }

  async choose(files: { name: string; mimeType: string; buffer: Buffer }[]) {
    await this.input.setInputFiles(files);
  }

  /** Drops files on the chat, as a person dragging them from the desktop does. */
  async drop(file: { name: string; mimeType: string; buffer: Buffer }) {
    const transfer = await this.page.evaluateHandle(
      ({ name, mimeType, base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: mimeType }));
        return data;
      },
      { name: file.name, mimeType: file.mimeType, base64: file.buffer.toString("base64") },
    );
    const main = this.page.getByRole("main");
    await main.dispatchEvent("dragover", { dataTransfer: transfer });
    await expect(this.page.getByText("Drop files to attach them")).toBeVisible();
    await main.dispatchEvent("drop", { dataTransfer: transfer });
  }

  /** Pastes into the message box: an image file, or text. */
  async paste(target: Locator, content: { text: string } | { name: string; mimeType: string; buffer: Buffer }) {
    const payload =
      "text" in content
        ? { text: content.text }
        : { ...content, base64: content.buffer.toString("base64"), buffer: undefined };
    await target.evaluate((box, data) => {
      const transfer = new DataTransfer();
      if ("text" in data && data.text !== undefined) transfer.setData("text/plain", data.text);
      else {
        const file = data as unknown as { name: string; mimeType: string; base64: string };
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.mimeType }));
      }
      box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, payload);
  }

  async waitUntilUploaded() {
    await expect(this.page.getByRole("progressbar")).toHaveCount(0, { timeout: 20_000 });
  }

  sentFiles(message: Locator): Locator {
    return message.getByRole("list", { name: "Attached files" }).getByRole("listitem");
  }
}
